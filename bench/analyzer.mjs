// Analyzer benchmark: analysis time of a generated 10,000-line model file next to
// `ts.createSourceFile` on the same text (same bundled TypeScript, same process, interleaved
// repetitions, medians), and the re-analysis time after a one-line edit.
import esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { median, time } from './stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the core API and the TypeScript it uses into one temporary CommonJS module and loads it. */
export function loadCore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-bench-'));
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(
    entry,
    [
      `export { analyze } from ${JSON.stringify(path.join(ROOT, 'src/core/api'))};`,
      `export { runAnalysis } from ${JSON.stringify(path.join(ROOT, 'src/core/analysis/analyze'))};`,
      `export { resolveOptions } from ${JSON.stringify(path.join(ROOT, 'src/core/config'))};`,
      `export { default as ts } from 'typescript';`,
    ].join('\n'),
  );
  const outfile = path.join(dir, 'core.cjs');
  esbuild.buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', nodePaths: [path.join(ROOT, 'node_modules')] });
  return createRequire(import.meta.url)(outfile);
}

/** One block of a realistic model file: a tfjs training step, a plain objective, a helper. */
function block(i) {
  return `
// ─── block ${i} ───
const w${i} = tf.variable(tf.randomNormal([8, 8], 0, 0.1));
const b${i} = tf.variable(tf.zeros([8]));

/** Training step ${i}: an encoder whose latent sample leaves the graph. */
export function trainStep${i}(x: tf.Tensor2D): void {
  optimizer.minimize(() => {
    const h = tf.relu(tf.add(tf.matMul(x, w${i}), b${i}));
    const zMean = h.mean();
    const zLogVar = h.square().mean().log();
    const std = Math.exp(0.5 * zLogVar.dataSync()[0]);
    const z = tf.randomNormal([1], zMean.dataSync()[0], std);
    const recon = tf.mul(z, h);
    return tf.losses.meanSquaredError(x, recon) as tf.Scalar;
  });
}

export function loss${i}(mu: number, sigma: number, xs: number[]): number {
  const z = randomNormal(mu, sigma)();
  const eps = randomNormal(0, 1)();
  let acc = 0;
  for (let k = 0; k < xs.length; k++) {
    acc += Math.sin(mu * xs[k]) + sigma * eps;
  }
  return (z - acc / xs.length) ** 2;
}

export function mean${i}(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}
`;
}

/** A model file of at least `lines` lines. */
export function generateModel(lines = 10_000) {
  let text = `import * as tf from '@tensorflow/tfjs';\nimport { randomNormal } from 'd3-random';\n\nconst optimizer = tf.train.adam(0.01);\n`;
  for (let i = 0; text.split('\n').length < lines; i++) text += block(i);
  return text;
}

/** Runs the analyzer benchmark; returns flat figures. */
export function benchAnalyzer({ lines = 10_000, reps = 7 } = {}) {
  const { analyze, runAnalysis, resolveOptions, ts } = loadCore();
  const text = generateModel(lines);
  const file = 'bench-model.ts';
  const parse = () => ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  const parseWithParents = () => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  // What the editor runs on every edit: findings, with `fixable` left until a code action asks.
  const run = () => analyze(file, text, {}, { fixable: 'lazy' });
  // What `pathwise check` runs: every finding's fixes are built and re-parsed to report `fixable`.
  const check = () => analyze(file, text, {});
  // The rules alone, without the result's sorting and options (runAnalysis).
  const rules = () => runAnalysis(file, text, resolveOptions({}));
  for (let i = 0; i < 2; i++) {
    parse();
    run();
  }
  const parseMs = [];
  const parentsMs = [];
  const analyzeMs = [];
  const rulesMs = [];
  const checkMs = [];
  let findings = 0;
  let fixable = 0;
  for (let i = 0; i < reps; i++) {
    parseMs.push(time(parse).ms);
    parentsMs.push(time(parseWithParents).ms);
    const a = time(run);
    analyzeMs.push(a.ms);
    rulesMs.push(time(rules).ms);
    const c = time(check);
    checkMs.push(c.ms);
    findings = c.r.findings.length;
    fixable = c.r.findings.filter((f) => f.fixable).length;
  }
  // One-line edits in the middle of the file, a different one each time so nothing can be reused.
  const lineStarts = text.split('\n');
  const mid = lineStarts.findIndex((l, i) => i > lineStarts.length / 2 && l.includes('let acc = 0;'));
  const editMs = [];
  for (let i = 0; i < reps; i++) {
    const edited = [...lineStarts];
    edited[mid] = edited[mid].replace('let acc = 0;', `let acc = ${i + 1};`);
    const t = edited.join('\n');
    editMs.push(time(() => analyze(file, t, {}, { fixable: 'lazy' })).ms);
  }
  const p = median(parseMs);
  const a = median(analyzeMs);
  return {
    'analyzer.lines': text.split('\n').length,
    'analyzer.findings': findings,
    'analyzer.repetitions': reps,
    'analyzer.parseMs': round(p),
    'analyzer.parseWithParentsMs': round(median(parentsMs)),
    // The editor's analysis on every edit (the figure the goal is about).
    'analyzer.analyzeMs': round(a),
    'analyzer.ratioToParse': round(a / p),
    // Ratio of adjacent measurements, less sensitive to load changing during the run.
    'analyzer.medianPairRatio': round(median(analyzeMs.map((x, i) => x / parseMs[i]))),
    'analyzer.rulesOnlyMs': round(median(rulesMs)),
    'analyzer.rulesOnlyRatioToParse': round(median(rulesMs) / p),
    // `pathwise check`: analysis plus every finding's fixes built and re-parsed for `fixable`.
    'analyzer.fixableFindings': fixable,
    'analyzer.checkWithFixabilityMs': round(median(checkMs)),
    'analyzer.checkWithFixabilityRatioToParse': round(median(checkMs) / p),
    'analyzer.ratioGoal': 3,
    'analyzer.reanalyzeAfterEditMs': round(median(editMs)),
    'analyzer.linesPerSecond': Math.round(text.split('\n').length / (a / 1000)),
  };
}

function round(x) {
  return Math.round(x * 100) / 100;
}
