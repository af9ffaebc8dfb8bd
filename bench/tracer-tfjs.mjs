// Benchmark of the TensorFlow.js recorder: wall time of an MLP training loop (50 steps of
// optimizer.minimize on the real tfjs CPU backend) with the recorder installed (every-node
// gradients, graph built at the end) versus without, measured side by side in one run.
// Goal: tracerTfjsRatio ≤ 1.5. The recorder is bundled from source with esbuild to a temp file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function loadRecorder() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-bench-tfjs-')), 'tfjs-recorder.cjs');
  esbuild.buildSync({
    entryPoints: [path.join(HERE, '..', 'src', 'tracer', 'tfjs', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: out,
    logLevel: 'warning',
  });
  try {
    return require(out);
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

/** One training run: fresh seeded MLP, `steps` minimize calls reading the loss like a user loop. */
function trainMlp(tf, steps) {
  const X = tf.randomNormal([64, 16], 0, 1, 'float32', 1);
  const Y = tf.randomNormal([64, 1], 0, 1, 'float32', 2);
  const W1 = tf.variable(tf.randomNormal([16, 32], 0, 0.3, 'float32', 3));
  const b1 = tf.variable(tf.zeros([32]));
  const W2 = tf.variable(tf.randomNormal([32, 1], 0, 0.3, 'float32', 4));
  const b2 = tf.variable(tf.zeros([1]));
  const opt = tf.train.adam(0.01);
  const loss = () => tf.losses.meanSquaredError(Y, tf.relu(X.matMul(W1).add(b1)).matMul(W2).add(b2));
  let last = 0;
  for (let i = 0; i < steps; i++) {
    const l = opt.minimize(loss, true, [W1, b1, W2, b2]);
    last = l.dataSync()[0];
    l.dispose();
  }
  opt.dispose();
  tf.dispose([X, Y, W1, b1, W2, b2]);
  return last;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchTracerTfjs() {
  const tf = require('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  const { installTfjsRecorder } = loadRecorder();
  const steps = 50;
  const sourceMapper = () => null;

  const cpuMs = (c) => (c.user + c.system) / 1000;
  const plainRun = () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const loss = trainMlp(tf, steps);
    return { ms: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)), loss };
  };
  const recordedRun = () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const rec = installTfjsRecorder(tf, { file: 'bench.ts', sourceMapper });
    const loss = trainMlp(tf, steps);
    const t1 = performance.now();
    const graph = rec.finish();
    const t2 = performance.now();
    rec.uninstall();
    const cpu = cpuMs(process.cpuUsage(c0));
    return { ms: t2 - t0, cpu, finishMs: t2 - t1, loss, nodes: graph?.nodes?.length ?? 0 };
  };

  plainRun();
  recordedRun();
  const plain = [];
  const recorded = [];
  let last = null;
  // Interleaved pairs; the minimum of each side is the least disturbed by other load on the machine.
  for (let i = 0; i < 9; i++) {
    plain.push(plainRun());
    last = recordedRun();
    recorded.push(last);
  }
  const plainMs = Math.min(...plain.map((r) => r.ms));
  const recordedMs = Math.min(...recorded.map((r) => r.ms));
  return {
    tracerTfjsRatio: Number((recordedMs / plainMs).toFixed(3)),
    tracerTfjsPlainMs: Number(plainMs.toFixed(1)),
    tracerTfjsRecordedMs: Number(recordedMs.toFixed(1)),
    tracerTfjsCpuRatio: Number((Math.min(...recorded.map((r) => r.cpu)) / Math.min(...plain.map((r) => r.cpu))).toFixed(3)),
    tracerTfjsMedianPairRatio: Number(median(plain.map((p, i) => recorded[i].ms / p.ms)).toFixed(3)),
    tracerTfjsFinishMs: Number(median(recorded.map((r) => r.finishMs)).toFixed(2)),
    tracerTfjsSteps: steps,
    tracerTfjsGraphNodes: last.nodes,
    tracerTfjsSameLoss: plain.every((p, i) => p.loss === recorded[i].loss),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchTracerTfjs().then((r) => console.log(r));
}
