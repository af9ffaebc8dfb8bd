// Whole-project benchmark: a generated 200-file project (about 50k lines; trainables, models and
// sampler wrappers exported from some modules and used inside gradient contexts of others). Measured
// side by side in one process, interleaved, medians: TypeScript parsing the 200 texts
// (`ts.createSourceFile`), a cold whole-project analysis with the project index, and the
// re-analysis after a one-line edit in a leaf module (update + re-analysing every file update()
// reports as possibly changed). Figures: medians over the repetitions, with the spread of the per-pair
// (same repetition) cold / parse ratios; the machine may be shared, so read the ratios, not the ms.
import esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, time } from './stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The project core bundled from `src` (this checkout's, or another commit's extracted with
 * `git archive` for side-by-side figures: PATHWISE_BENCH_BASELINE=<commit>).
 */
function loadProjectCore(commit) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-bench-project-'));
  let src = ROOT;
  if (commit) {
    src = path.join(dir, 'baseline');
    fs.mkdirSync(src);
    execFileSync('bash', ['-c', `git -C "${ROOT}" archive ${commit} src | tar -x -C "${src}"`]);
  }
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(
    entry,
    [
      `export { ProjectIndex, memoryHost } from ${JSON.stringify(path.join(src, 'src/core/project/index'))};`,
      `export { analyze } from ${JSON.stringify(path.join(src, 'src/core/api'))};`,
      `export { default as ts } from 'typescript';`,
    ].join('\n'),
  );
  const outfile = path.join(dir, 'core.cjs');
  esbuild.buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', nodePaths: [path.join(ROOT, 'node_modules')] });
  return createRequire(import.meta.url)(outfile);
}

/** Filler that every module has: plain numeric helpers (analysed, no gradient context). */
function helpers(tag, n) {
  let s = '';
  for (let k = 0; k < n; k++) {
    s += `
export function stat${tag}_${k}(xs: number[]): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += xs[i];
  mean /= Math.max(1, xs.length);
  let variance = 0;
  for (let i = 0; i < xs.length; i++) variance += (xs[i] - mean) ** 2;
  return { mean, variance: variance / Math.max(1, xs.length - 1) };
}
`;
  }
  return s;
}

/** 20 parameter modules (leaves), 40 sampler modules (leaves), 140 training modules importing both. */
export function generateProject(files = 200, linesPerFile = 250) {
  const out = new Map();
  const nParams = Math.round(files / 10);
  const nSamplers = Math.round(files / 5);
  const nTrain = files - nParams - nSamplers;
  const pad = (text) => {
    let t = text;
    for (let k = 0; t.split('\n').length < linesPerFile; k++) t += helpers(`p${k}`, 1).replaceAll('stat', `stat${k}x`);
    return t;
  };
  for (let i = 0; i < nParams; i++) {
    out.set(`/bench/src/params/params${i}.ts`, pad(`import * as tf from '@tensorflow/tfjs';

export const weights${i} = tf.variable(tf.randomNormal([8, 8], 0, 0.1));
export const bias${i} = tf.variable(tf.zeros([8]));
export const encoder${i} = tf.sequential();
export const SCALE${i} = 0.5;

/** The encoder's mean head. */
export function encode${i}(x: tf.Tensor): tf.Tensor {
  return tf.add(tf.matMul(encoder${i}.apply(x) as tf.Tensor, weights${i}), bias${i});
}
`));
  }
  for (let i = 0; i < nSamplers; i++) {
    out.set(`/bench/src/samplers/sampler${i}.ts`, pad(`import * as tf from '@tensorflow/tfjs';
import jStat from 'jstat';

/** Opaque: the sample is drawn by jStat from plain numbers. */
export function drawNormal${i}(mu: number, sd: number): number {
  const offset = 0;
  return jStat.normal.sample(mu + offset, sd);
}

/** Pathwise: mean + std * eps with parameter-free noise. */
export function reparam${i}(mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor {
  const eps = tf.randomNormal(mean.shape);
  return mean.add(tf.exp(logVar.mul(0.5)).mul(eps));
}

/** Host round trip inside a helper. */
export function firstValue${i}(t: tf.Tensor): number {
  return t.dataSync()[0];
}
`));
  }
  for (let i = 0; i < nTrain; i++) {
    const p = i % nParams;
    const s = i % nSamplers;
    const s2 = (i * 7 + 3) % nSamplers;
    out.set(`/bench/src/train/train${i}.ts`, pad(`import * as tf from '@tensorflow/tfjs';
import { encode${p}, weights${p} } from '../params/params${p}';
import { drawNormal${s}, reparam${s}, firstValue${s} } from '../samplers/sampler${s}';
import * as other from '../samplers/sampler${s2}';

const optimizer = tf.train.adam(0.01);

export function trainStep${i}(x: tf.Tensor2D): void {
  optimizer.minimize(() => {
    const h = encode${p}(x);
    const z = tf.randomNormal([1, 1], h.dataSync()[0], 1);
    const good = reparam${s}(h, weights${p});
    return tf.losses.meanSquaredError(x, tf.add(z, good)) as tf.Scalar;
  });
}

export function negLogLik${i}(theta: number[]): number {
  const a = drawNormal${s}(theta[0], 1);
  const b = other.drawNormal${s2}(0, 1);
  return (a + b - 3) ** 2;
}

export function objectiveOk${i}(mu: tf.Tensor): tf.Scalar {
  return tf.grad((m: tf.Tensor) => reparam${s}(m, m).sum())(mu) as tf.Scalar;
}

export function peek${i}(t: tf.Tensor): number {
  return firstValue${s}(t);
}
`));
  }
  return out;
}

/** Runs the project benchmark; returns flat figures. */
export function benchProject({ files: nFiles = 200, reps = 9 } = {}) {
  const { ProjectIndex, memoryHost, analyze, ts } = loadProjectCore();
  const files = generateProject(nFiles);
  const names = [...files.keys()];
  const lines = [...files.values()].reduce((n, t) => n + t.split('\n').length, 0);
  // The baseline: TypeScript's own parse with its defaults (no parent pointers, JSDoc parsed in
  // full, script kind from the extension), every tree dropped. The analyzer's parse differs only in
  // skipping JSDoc when the text has no `@differentiable` tag and in linking parents (analysis/analyze.ts).
  const parseAll = () => {
    for (const [f, t] of files) ts.createSourceFile(f, t, ts.ScriptTarget.Latest);
  };
  // Reference, not a goal: parsing with every tree kept alive (as any whole-project index keeps
  // them), i.e. what the garbage collector charges for holding 200 trees before any analysis.
  let kept;
  const parseKeep = () => {
    kept = [];
    for (const [f, t] of files) kept.push(ts.createSourceFile(f, t, ts.ScriptTarget.Latest));
  };
  let findings = 0;
  let index;
  const cold = () => {
    index = undefined;
    index = new ProjectIndex(memoryHost(files, '/bench'));
    findings = 0;
    // As the CLI and a language server drive it: each file's text handed over, then its findings.
    for (const f of names) index.update(f, files.get(f));
    for (const f of names) findings += index.analyze(f, { fixable: 'lazy' }).findings.length;
  };
  // The batch flow of `pathwise check`: each file's tree and findings are released once reported.
  const coldBatch = () => {
    const idx = new ProjectIndex(memoryHost(files, '/bench'));
    for (const f of names) idx.update(f, files.get(f));
    for (const f of names) {
      idx.analyze(f, { fixable: 'lazy' });
      idx.release(f);
    }
  };
  // Reference: every file analysed on its own (no project), what the per-file pipeline costs.
  const singleFiles = () => {
    for (const [f, t] of files) analyze(f, t, {}, { fixable: 'lazy' });
  };
  // Side by side: another commit's index timed in the same repetitions (PATHWISE_BENCH_BASELINE).
  const baselineCommit = process.env.PATHWISE_BENCH_BASELINE;
  const baseline = baselineCommit ? loadProjectCore(baselineCommit) : undefined;
  let baselineFindings = 0;
  const baselineCold = () => {
    index = undefined; // the current code's index is garbage while the baseline runs, as in cold()
    const idx = new baseline.ProjectIndex(baseline.memoryHost(files, '/bench'));
    baselineFindings = 0;
    for (const f of names) idx.update(f, files.get(f));
    for (const f of names) baselineFindings += idx.analyze(f, { fixable: 'lazy' }).findings.length;
  };
  const baselineMs = [];
  parseAll();
  cold();
  singleFiles();
  if (baseline) baselineCold();
  const parseMs = [];
  const coldMs = [];
  const singleMs = [];
  const batchMs = [];
  const keepMs = [];
  coldBatch();
  for (let i = 0; i < reps; i++) {
    parseMs.push(time(parseAll).ms);
    keepMs.push(time(parseKeep).ms);
    kept = undefined;
    index = undefined; // the previous cold index is garbage before the next measurement starts
    coldMs.push(time(cold).ms);
    if (baseline) baselineMs.push(time(baselineCold).ms);
    batchMs.push(time(coldBatch).ms);
    singleMs.push(time(singleFiles).ms);
  }
  if (baseline) cold(); // the edit figures below use the current code's index
  // A one-line edit in a leaf module (imports nothing from the project; imported by several files):
  // the wrapper's behaviour is unchanged, so only the edited file is re-analysed.
  const leaf = '/bench/src/samplers/sampler7.ts';
  const base = files.get(leaf);
  const editMs = [];
  const republished = [];
  for (let i = 0; i < reps * 2; i++) {
    const text = base.replace('const offset = 0;', `const offset = ${i % 2 ? 0 : 0.0};  // edit ${i}`);
    const t = time(() => {
      const changed = index.update(leaf, text);
      for (const f of changed) index.analyze(f, { fixable: 'lazy' });
      return changed;
    });
    editMs.push(t.ms);
    republished.push(t.r.length);
  }
  // An edit that changes what the leaf exports (the pathwise wrapper becomes opaque): its importers
  // are re-analysed too.
  const behaviourMs = [];
  let behaviourChanged = 0;
  for (let i = 0; i < reps; i++) {
    const opaque = base.replace('const eps = tf.randomNormal(mean.shape);', `const eps = tf.randomNormal(mean.shape, mean.dataSync()[0] * ${i + 1}, 1);`);
    for (const text of [opaque, base]) {
      const t = time(() => {
        const changed = index.update(leaf, text);
        for (const f of changed) index.analyze(f, { fixable: 'lazy' });
        return changed;
      });
      if (text === opaque) {
        behaviourMs.push(t.ms);
        behaviourChanged = t.r.length;
      }
    }
  }
  const p = median(parseMs);
  const c = median(coldMs);
  const pairs = coldMs.map((x, i) => x / parseMs[i]);
  const basePairs = baselineMs.map((x, i) => x / parseMs[i]);
  const baselineFigures = baseline
    ? {
        'project.baseline.commit': baselineCommit,
        'project.baseline.findings': baselineFindings,
        'project.baseline.coldAnalysisMs': round(median(baselineMs)),
        'project.baseline.coldRatioToParse': round(median(baselineMs) / p),
        'project.baseline.coldMedianPairRatio': round(median(basePairs)),
        'project.baseline.coldPairRatioMin': round(Math.min(...basePairs)),
        'project.baseline.coldPairRatioMax': round(Math.max(...basePairs)),
      }
    : {};
  return {
    'project.files': names.length,
    'project.lines': lines,
    'project.findings': findings,
    'project.repetitions': reps,
    'project.parseAllMs': round(p),
    'project.coldAnalysisMs': round(c),
    'project.coldRatioToParse': round(c / p),
    'project.coldMedianPairRatio': round(median(pairs)),
    'project.coldPairRatioMin': round(Math.min(...pairs)),
    'project.coldPairRatioMax': round(Math.max(...pairs)),
    'project.parseKeepTreesRatioToParse': round(median(keepMs) / p),
    'project.coldRatioGoal': 3,
    'project.coldBatchMs': round(median(batchMs)),
    'project.coldBatchRatioToParse': round(median(batchMs) / p),
    'project.singleFileAnalysisAllMs': round(median(singleMs)),
    'project.singleFileAnalysisRatioToParse': round(median(singleMs) / p),
    'project.leafEditReanalysisMs': round(median(editMs)),
    'project.leafEditFilesReanalysed': Math.max(...republished),
    'project.leafEditGoalMs': 50,
    'project.behaviourEditReanalysisMs': round(median(behaviourMs)),
    'project.behaviourEditFilesReanalysed': behaviourChanged,
    ...baselineFigures,
  };
}

function round(x) {
  return Math.round(x * 100) / 100;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(benchProject());
