// Benchmark of the plain-TS tracer: wall time of a numeric loop traced (instrumented code that
// records every value on the tape, plus the reverse pass for ∂loss/∂node) against the same
// function uninstrumented, measured side by side in one run (interleaved rounds, median ratio).
// `node bench/tracer-plain.mjs` prints the result; `bench/run.mjs` imports benchTracerPlain().
// `--measure` is the child mode: one measurement in this process, printed as one JSON line.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const LOOP = `
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

// A longer loop body (13 traced nodes per iteration): a two-unit tanh network fitted to sin(x).
const NET = `
export function loss(w: number, b: number, n: number): number {
  const w2 = -0.3, b2 = 0.2, v1 = 0.7, v2 = -0.4, c = 0.05;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = i * 0.001;
    const t = Math.sin(x);
    const h1 = Math.tanh(w * x + b);
    const h2 = Math.tanh(w2 * x + b2);
    const y = v1 * h1 + v2 * h2 + c;
    const d = y - t;
    const r = 0.01 * (w * w + w2 * w2);
    s += d * d + r;
  }
  return s / n;
}
`;

// Weights in an array, as most models keep them: the array elements travel as boxed values.
const ARRAYS = `
export function loss(w: number, b: number, n: number): number {
  const ws = [w, w * 0.5, 0.3 - w, 0.25 * w];
  let s = 0;
  for (let i = 0; i < n; i++) {
    let y = b;
    for (let j = 0; j < 4; j++) y += ws[j] * Math.sin(i * 0.001 + j);
    const d = y - 1;
    s += d * d;
  }
  return s / n;
}
`;

/** Loads a module of src/ (by default the in-process tracer) through a throwaway esbuild bundle. */
function loadTracer(entry = 'src/tracer/plain/inprocess.ts') {
  const esbuild = require('esbuild');
  const out = path.join(ROOT, 'node_modules/.cache/pathwise-bench', `${path.basename(entry, '.ts')}-${process.pid}.cjs`);
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, entry)],
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

/**
 * The floor of the boxed-value design, for comparison: the same loop hand-written against the least
 * a boxed tracer can do per operation (a type test, one small object, seven typed-array stores; no
 * generations, sites, tape growth or reverse pass). Set beside tracerPlainRatioAllBoxed it shows
 * how close the boxed path is to what its design allows.
 */
function boxedFloor(cap) {
  class Box {
    constructor(v, i) {
      this.v = v;
      this.i = i;
    }
  }
  const f64 = new Float64Array(3 * cap);
  const i32 = new Int32Array(4 * cap);
  let n = 0;
  const rec = (op, s, v, a, pa, b, pb) => {
    const i = n++;
    f64[3 * i] = v;
    f64[3 * i + 1] = pa;
    f64[3 * i + 2] = pb;
    i32[4 * i] = a;
    i32[4 * i + 1] = b;
    i32[4 * i + 2] = s;
    i32[4 * i + 3] = op;
    return new Box(v, i);
  };
  const unbox = (a) => (a instanceof Box ? a.v : a);
  const id = (a) => (a instanceof Box ? a.i : -1);
  const mul = (a, b, s) => (typeof a === 'number' && typeof b === 'number' ? a * b : rec(2, s, unbox(a) * unbox(b), id(a), unbox(b), id(b), unbox(a)));
  const add = (a, b, s) => (typeof a === 'number' && typeof b === 'number' ? a + b : rec(0, s, unbox(a) + unbox(b), id(a), 1, id(b), 1));
  const sub = (a, b, s) => (typeof a === 'number' && typeof b === 'number' ? a - b : rec(1, s, unbox(a) - unbox(b), id(a), 1, id(b), -1));
  const W = new Box(0.5, 0);
  const B = new Box(0.1, 1);
  return (count) => {
    n = 2;
    let s = 0;
    for (let i = 0; i < count; i++) {
      const x = i * 0.001;
      const y = add(mul(W, x, 2), B, 1);
      const d = sub(y, Math.sin(x), 3);
      s = add(s, mul(d, d, 6), 5);
    }
    return s;
  };
}

/** Measures the instrumented/uninstrumented wall-time ratio in this process. */
function measure({ n = 20_000, rounds = 15, unboxedLocals = true, source = LOOP, withFloor = false } = {}) {
  const tracer = loadTracer();
  const plain = tracer.loadPlain(source, require).loss;
  const traced = tracer.loadInstrumented(source, { file: '/bench/loop.ts', require, unboxedLocals }).exports.loss;
  const run = tracer.runTracedCall;
  // The floor is written for LOOP only; the parent asks one child for it.
  const floor = withFloor ? boxedFloor(5 * n + 8) : () => {};
  // Warm both up so the comparison is between optimised code.
  for (let k = 0; k < 5; k++) {
    plain(0.5, 0.1, n);
    run(traced, [0.5, 0.1, n]);
    floor(n);
  }
  const floorMs = [];
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
    if (withFloor) floorMs.push(time(() => floor(n)));
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
    // The same loop against the floor of the boxed-value design (forward only): see boxedFloor().
    ...(withFloor ? { tracerPlainBoxedFloorRatio: median(floorMs) / median(plainMs) } : {}),
    tracerPlainTapeNodes: nodes,
    tracerPlainLoopIterations: n,
  };
}

/** Runs {@link measure} in a child Node process with `flags`; returns its figures. */
function measureInChild(flags, extra = []) {
  const out = execFileSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--measure', ...extra], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out);
}

/**
 * Measures the instrumented/uninstrumented wall-time ratio; returns `{ tracerPlainRatio, ... }`.
 * Both sides run in a child process with the V8 options of the tracer child (TRACER_V8_FLAGS), as
 * user code runs when traced; the same figures with V8's defaults are reported beside them.
 */
export async function benchTracerPlain() {
  const flags = [...loadTracer('src/tracer/v8-flags.ts').TRACER_V8_FLAGS];
  const tuned = measureInChild(flags, ['--floor']);
  const defaults = measureInChild([]);
  // Every traced value boxed (InstrumentOptions.unboxedLocals false): what unboxed locals buy.
  const boxed = measureInChild(flags, ['--boxed']);
  const net = measureInChild(flags, ['--net']);
  const arrays = measureInChild(flags, ['--arrays']);
  return {
    ...tuned,
    tracerPlainV8Flags: flags.join(' '),
    tracerPlainRatioDefaultV8: defaults.tracerPlainRatio,
    tracerPlainRatioBestDefaultV8: defaults.tracerPlainRatioBest,
    tracerPlainMsUninstrumentedDefaultV8: defaults.tracerPlainMsUninstrumented,
    tracerPlainRatioAllBoxed: boxed.tracerPlainRatio,
    // The longer loop body (NET): where the inlining budget matters most.
    tracerPlainNetRatio: net.tracerPlainRatio,
    tracerPlainNetTapeNodes: net.tracerPlainTapeNodes,
    // Weights read from an array (boxed values) in the inner loop.
    tracerPlainArraysRatio: arrays.tracerPlainRatio,
    tracerPlainArraysTapeNodes: arrays.tracerPlainTapeNodes,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--measure')) {
    const has = (flag) => process.argv.includes(flag);
    console.log(JSON.stringify(measure({ unboxedLocals: !has('--boxed'), source: has('--net') ? NET : has('--arrays') ? ARRAYS : LOOP, withFloor: has('--floor') })));
  }
  else benchTracerPlain().then((r) => console.log(JSON.stringify(r, null, 2)));
}
