// Benchmark of the plain-TS tracer: wall time of a numeric loop traced (instrumented code that
// records every value on the tape, plus the reverse pass for ∂loss/∂node) against the same
// function uninstrumented, measured side by side in one run (interleaved rounds, median ratio).
// `node bench/tracer-plain.mjs` prints the result; `bench/run.mjs` imports benchTracerPlain().
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SOURCE = `
export function loss(w: number, b: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = i * 0.001;
    const y = w * x + b;
    const d = y - Math.sin(x);
    s += d * d;
  }
  return s / n;
}
`;

/** Loads the in-process tracer (src/tracer/plain/inprocess.ts) through a throwaway esbuild bundle. */
function loadTracer() {
  const esbuild = require('esbuild');
  const out = path.join(ROOT, 'node_modules/.cache/pathwise-bench', `inprocess-${process.pid}.cjs`);
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'src/tracer/plain/inprocess.ts')],
    outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error',
  });
  try {
    return require(out);
  } finally {
    fs.rmSync(out, { force: true });
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f) {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Measures the instrumented/uninstrumented wall-time ratio; returns `{ tracerPlainRatio, ... }`. */
export async function benchTracerPlain({ n = 20_000, rounds = 15 } = {}) {
  const tracer = loadTracer();
  const plain = tracer.loadPlain(SOURCE, require).loss;
  const traced = tracer.loadInstrumented(SOURCE, { file: '/bench/loop.ts', require }).exports.loss;
  const run = tracer.runTracedCall;
  // Warm both up so the comparison is between optimised code.
  for (let k = 0; k < 5; k++) {
    plain(0.5, 0.1, n);
    run(traced, [0.5, 0.1, n]);
  }
  const ratios = [];
  const plainMs = [];
  const tracedMs = [];
  let nodes = 0;
  for (let r = 0; r < rounds; r++) {
    // Several plain calls per round so both sides last long enough to time.
    const reps = 10;
    const a = time(() => {
      for (let k = 0; k < reps; k++) plain(0.5, 0.1, n);
    }) / reps;
    let info;
    const b = time(() => {
      info = run(traced, [0.5, 0.1, n]);
    });
    nodes = info.nodes;
    plainMs.push(a);
    tracedMs.push(b);
    ratios.push(b / a);
  }
  return {
    tracerPlainRatio: median(ratios),
    // Ratio of the fastest rounds: less sensitive to other processes on a shared machine.
    tracerPlainRatioBest: Math.min(...tracedMs) / Math.min(...plainMs),
    tracerPlainMsUninstrumented: median(plainMs),
    tracerPlainMsInstrumented: median(tracedMs),
    tracerPlainTapeNodes: nodes,
    tracerPlainLoopIterations: n,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchTracerPlain().then((r) => console.log(JSON.stringify(r, null, 2)));
}
