// Benchmark of the estimator lab (`pathwise estimate`): N = 1,000 draws of a ~100-node plain model
// (severed sampler + loop) in one tracer child, wall time of the whole command (start, bundling of
// both forms, draws, report) and the child's own time, beside one `pathwise trace` of the same
// file measured in the same run (the ratio says what 1,000 draws cost against one trace). Also the
// variance ratios REINFORCE / pathwise on the shipped severed examples. The tfjs VAE example
// (examples/vae-tfjs/severed.ts) at N = 1,000 is measured beside the bare tfjs work it contains:
// 1,000 × (tf.variableGrads of the severed loss + of the fixed loss) in a plain node process
// (the example files bundled with esbuild, as examples/README.md runs them), so the ratio says what
// the lab adds (bundling, recording the host reads, the score-function pass, the report). The tfjs
// categorical example (examples/categorical-tfjs/severed.ts) at N = 1,000 runs two draws per draw
// (as written with the score function, and the in-memory Gumbel-softmax relaxation).
// `node bench/estimate.mjs` prints the figures; `bench/run.mjs` imports benchEstimate().
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

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
    Object.assign(figures, benchVaeTfjs(dir));
    Object.assign(figures, benchCategoricalTfjs());
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The bare tfjs work of 1,000 lab draws: a forward and backward pass of each form per draw.
const VAE_BASELINE = `const tf = require('@tensorflow/tfjs');
const sev = require('./severed.cjs');
const fix = require('./fixed.cjs');
const t0 = process.hrtime.bigint();
for (let i = 0; i < 1000; i++) tf.tidy(() => { tf.variableGrads(() => sev.loss()); tf.variableGrads(() => fix.loss()); });
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
`;

/** N = 1,000 on the tfjs VAE example, beside the bare tfjs work of the same draws (same run, alternated). */
function benchVaeTfjs(dir) {
  for (const form of ['severed', 'fixed']) {
    esbuild.buildSync({ entryPoints: [path.join(ROOT, `examples/vae-tfjs/${form}.ts`)], outfile: path.join(dir, `${form}.cjs`), bundle: true, platform: 'node', format: 'cjs', external: ['@tensorflow/*'], logLevel: 'error' });
  }
  fs.writeFileSync(path.join(dir, 'baseline.cjs'), VAE_BASELINE);
  const env = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') };
  const runs = [];
  let report = null;
  for (let round = 0; round < 3; round++) {
    const e = timed(['estimate', 'examples/vae-tfjs/severed.ts', '--entry', 'loss', '--samples', '1000', '--format', 'json']);
    report = JSON.parse(e.out);
    const bare = Number(execFileSync(process.execPath, [path.join(dir, 'baseline.cjs')], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    runs.push({ wall: e.ms, child: report.ms, draws: report.drawsMs, bare });
  }
  const wall = median(runs.map((x) => x.wall));
  const draws = median(runs.map((x) => x.draws));
  const bare = median(runs.map((x) => x.bare));
  const figures = {
    'estimate.vaeTfjs.n1000.wallMs': Math.round(wall),
    'estimate.vaeTfjs.n1000.childMs': Math.round(median(runs.map((x) => x.child))),
    'estimate.vaeTfjs.n1000.drawsMs': Math.round(draws),
    'estimate.vaeTfjs.n1000.bareTfjsMs': Math.round(bare),
    'estimate.vaeTfjs.n1000.drawsOverBareTfjsRatio': Number((draws / bare).toFixed(2)),
    'estimate.vaeTfjs.n1000.targetMs': 10000,
  };
  for (const p of report.params) if (p.varianceRatio !== null && Number.isFinite(p.varianceRatio)) figures[`estimate.vaeTfjs.${p.name}.sfOverPathwiseVariance`] = Number(p.varianceRatio.toFixed(2));
  return figures;
}

/** N = 1,000 on the tfjs categorical example: score function ± baseline and the relaxed estimator (τ = 0.5). */
export function benchCategoricalTfjs() {
  const runs = [];
  let report = null;
  for (let round = 0; round < 3; round++) {
    const e = timed(['estimate', 'examples/categorical-tfjs/severed.ts', '--entry', 'choiceLoss', '--samples', '1000', '--format', 'json']);
    report = JSON.parse(e.out);
    runs.push({ wall: e.ms, child: report.ms, draws: report.drawsMs });
  }
  const figures = {
    'estimate.categoricalTfjs.n1000.wallMs': Math.round(median(runs.map((x) => x.wall))),
    'estimate.categoricalTfjs.n1000.childMs': Math.round(median(runs.map((x) => x.child))),
    'estimate.categoricalTfjs.n1000.drawsMs': Math.round(median(runs.map((x) => x.draws))),
    'estimate.categoricalTfjs.n1000.targetMs': 10000,
  };
  const logits = report.params.find((p) => p.name === 'choiceLogits');
  const v = (id) => logits?.estimators.find((e) => e.id === id && e.available)?.variance;
  if (v('score-baseline') && v('relaxed')) figures['estimate.categoricalTfjs.choiceLogits.sfBaselineOverRelaxedVariance'] = Number((v('score-baseline') / v('relaxed')).toFixed(2));
  if (logits?.relaxation) figures['estimate.categoricalTfjs.choiceLogits.relaxationBias'] = Number(logits.relaxation.bias.toFixed(3));
  return figures;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchEstimate(), null, 2));
}
