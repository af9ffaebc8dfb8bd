// Benchmark of the estimator lab (`pathwise estimate`): N = 1,000 draws of a ~100-node plain model
// (severed sampler + loop) in one tracer child, wall time of the whole command (start, bundling of
// both forms, draws, report) and the child's own time, beside one `pathwise trace` of the same
// file measured in the same run (the ratio says what 1,000 draws cost against one trace). Also the
// variance ratios REINFORCE / pathwise on the shipped severed examples.
// `node bench/estimate.mjs` prints the figures; `bench/run.mjs` imports benchEstimate().
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin/pathwise.js');

// 1 sampler + 24 loop iterations of 4 traced operations: about 100 tape nodes per draw.
const MODEL = `import { randomNormal } from 'd3-random';

export function loss(mu = 0.5, logSigma = -1): number {
  const z = randomNormal(mu, Math.exp(logSigma))();
  let s = 0;
  for (let i = 0; i < 24; i++) {
    const x = i * 0.1;
    const d = z * x - Math.sin(x);
    s += d * d;
  }
  return s + logSigma;
}
`;

function timed(args) {
  const t0 = process.hrtime.bigint();
  const out = execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Figures for bench/results.json. */
export async function benchEstimate() {
  const dir = fs.mkdtempSync(path.join(ROOT, '.pw-bench-estimate-'));
  const file = path.join(dir, 'model.ts');
  fs.writeFileSync(file, MODEL);
  try {
    const trace = JSON.parse(timed(['trace', file, '--entry', 'loss', '--seed', '1']).out);
    const nodes = trace.nodes.length;
    const est = [];
    const one = [];
    let report = null;
    for (let round = 0; round < 3; round++) {
      const e = timed(['estimate', file, '--entry', 'loss', '--samples', '1000', '--format', 'json']);
      report = JSON.parse(e.out);
      est.push({ wall: e.ms, child: report.ms, draws: report.drawsMs });
      one.push(timed(['trace', file, '--entry', 'loss', '--seed', '1']).ms);
    }
    const wall = median(est.map((x) => x.wall));
    const child = median(est.map((x) => x.child));
    const draws = median(est.map((x) => x.draws));
    const traceMs = median(one);
    const figures = {
      'estimate.plain100.nodes': nodes,
      'estimate.plain100.n1000.wallMs': Math.round(wall),
      'estimate.plain100.n1000.childMs': Math.round(child),
      'estimate.plain100.n1000.drawsMs': Math.round(draws),
      'estimate.plain100.n1000.vsOneTraceRatio': Number((wall / traceMs).toFixed(2)),
      'estimate.plain100.n1000.targetMs': 2000,
    };
    for (const [name, rel, entry] of [
      ['scalarVi', 'examples/scalar-vi/severed.ts', 'elbo'],
      ['bayesByBackprop', 'examples/bayes-by-backprop/severed.ts', 'loss'],
    ]) {
      const r = JSON.parse(timed(['estimate', rel, '--entry', entry, '--samples', '1000', '--format', 'json']).out);
      for (const p of r.params) if (p.varianceRatio !== null) figures[`estimate.${name}.${p.name}.sfOverPathwiseVariance`] = Number(p.varianceRatio.toFixed(2));
      figures[`estimate.${name}.n1000.childMs`] = r.ms;
    }
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchEstimate(), null, 2));
}
