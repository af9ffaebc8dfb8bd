import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFromWebview, isToWebview, isFromTracer } from '../../../src/core/protocol';
import { summarizeParam, type EstimateReport } from '../../../src/core/estimators/report';
import { findingSummaries, paramSummaries, summariesFor } from '../../../src/core/estimators/summary';
import { isDidEstimateParams } from '../../../src/core/protocol';
import { relaxedText } from '../../../src/core/estimators/relaxed-text';
import { formatEstimateText } from '../../../src/core/estimators/format-text';
import { renderEstimateHtml } from '../../../src/core/estimators/html';
import { resolveOptions } from '../../../src/core/config';
import { runAnalysis } from '../../../src/core/analysis/analyze';
import { syntaxErrorCount } from '../../../src/core/fixes/compute';
import { listEntries, pickCallableEntry } from '../../../src/core/entries';
import { CATEGORICAL, isDiscreteFamily, scoreUnavailable, vectorScore, type CategoricalEncoding } from '../../../src/core/estimators/densities';

const ROOT = path.resolve(__dirname, '../../..');
const series = (m: number, d: number, n = 100) => Float64Array.from({ length: n }, (_, i) => m + (i % 2 ? d : -d));

function report(over: Partial<EstimateReport> = {}): EstimateReport {
  return {
    version: 1, file: 'm.ts', entry: 'loss', seed: 1, samples: 100, draws: 100, relError: 0.1, lossMean: 1, fixed: true,
    params: [
      summarizeParam('mu', 0.5, { 'as-written': new Float64Array(100), pathwise: series(2, 1), score: series(2, 4) }, 0.1, true),
      summarizeParam('w[0]', 1, { 'as-written': series(1, 1), pathwise: series(1, 1) }, 0.1, false),
    ],
    samplers: [{ label: 'd3.randomNormal', family: 'normal', line: 3 }], ms: 10, error: null, ...over,
  };
}

describe('estimate messages (protocol guards)', () => {
  it('accepts well-formed and rejects malformed messages both ways', () => {
    expect(isToWebview({ type: 'estimates', report: report() })).toBe(true);
    expect(isToWebview({ type: 'estimates', report: { ...report(), params: [{ name: 'mu', value: 1, estimators: [{ id: 'magic', available: true, running: [], histogram: { counts: [] } }] }] } })).toBe(false);
    expect(isToWebview({ type: 'estimates', report: { ...report(), draws: 1.5 } })).toBe(false);
    expect(isToWebview({ type: 'estimate-state', state: { state: 'running', done: 3, total: 10 } })).toBe(true);
    expect(isToWebview({ type: 'estimate-state', state: { state: 'running', done: '3', total: 10 } })).toBe(false);
    expect(isToWebview({ type: 'estimate-state', state: { state: 'idle', reason: 'untrusted' } })).toBe(true);
    expect(isFromWebview({ type: 'estimate', samples: 1000, entry: null })).toBe(true);
    expect(isFromWebview({ type: 'estimate', samples: 1000, entry: 'elbo' })).toBe(true);
    expect(isFromWebview({ type: 'estimate', samples: 1, entry: null })).toBe(false);
    expect(isFromWebview({ type: 'estimate', samples: 5e6, entry: null })).toBe(false);
    expect(isFromWebview({ type: 'estimate', samples: 100, entry: 'a; rm -rf' })).toBe(false);
    expect(isFromWebview({ type: 'estimate', samples: 100, entry: 'loss', args: { mu: 0.5 } })).toBe(true);
    expect(isFromWebview({ type: 'estimate', samples: 100, entry: 'loss', args: [0.5] })).toBe(false);
    expect(isFromWebview({ type: 'cancel-estimate' })).toBe(true);
    expect(isFromWebview({ type: 'export-chart', format: 'png', name: 'mu', content: 'data:image/png;base64,AAAA' })).toBe(true);
    expect(isFromWebview({ type: 'export-chart', format: 'png', name: 'mu', content: '<svg/>' })).toBe(false);
    expect(isFromWebview({ type: 'export-chart', format: 'gif', name: 'mu', content: '' })).toBe(false);
    expect(isFromTracer({ type: 'estimate-progress', done: 1, total: 2 })).toBe(true);
    expect(isFromTracer({ type: 'estimate-result', report: report() })).toBe(true);
  });
});

describe('summaries for the hover', () => {
  it('picks the finding\'s severed parameters (array elements included), nothing for a failed run', () => {
    expect(findingSummaries(report(), ['mu'])).toEqual(['∂E[loss]/∂mu ≈ 2.0 ± 0.1; your code computes 0. After the fix: pathwise, 16× lower variance than REINFORCE.']);
    expect(findingSummaries(report(), ['w'])).toHaveLength(1);
    expect(findingSummaries(report(), ['sigma'])).toEqual([]);
    expect(findingSummaries(report({ error: { message: 'x', loc: null, reason: 'threw' } }), ['mu'])).toEqual([]);
  });

  it('a tfjs finding (source names the report does not know) shows the variables the code gets wrong, three at most', () => {
    const tensor = (name: string, asWritten: Float64Array) => ({ ...summarizeParam(name, 0.1, { 'as-written': asWritten, pathwise: series(2, 1) }, 0.1, false), shape: [4, 8], along: 'pilot-mean' as const });
    const r = report({ params: [tensor('dense_Dense1/kernel', series(0.4, 0.1)), tensor('dense_Dense1/bias', series(2, 1))] });
    const sums = paramSummaries(r);
    expect(sums.map((x) => [x.name, x.tensor, x.off])).toEqual([['dense_Dense1/kernel', true, true], ['dense_Dense1/bias', true, undefined]]);
    expect(isDidEstimateParams({ uri: 'file:///a.ts', version: 1, summaries: sums })).toBe(true);
    expect(isDidEstimateParams({ uri: 'file:///a.ts', version: 1, summaries: [{ ...sums[0], off: 'yes' }] })).toBe(false);
    const lines = summariesFor(sums, ['zMean', 'zLogVar']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^∂E\[loss\]\/∂dense_Dense1\/kernel·u ≈ 2\.0 ± 0\.1; your code computes 0\.40 ± 0\.01 \(biased\)/);
    const many = Array.from({ length: 5 }, (_, i) => ({ name: `v${i}`, line: `line ${i}`, tensor: true, off: true }));
    expect(summariesFor(many, ['zMean'])).toEqual(['line 0', 'line 1', 'line 2', '… and 2 more variables (the Estimators tab lists them all).']);
    // Plain parameters keep matching by name only: another finding's parameters are not shown.
    expect(summariesFor(paramSummaries(report()), ['zMean'])).toEqual([]);
  });

  it('text and html renderings name every estimator and escape names', () => {
    const r = report();
    r.params[1].name = '<b>w</b>';
    const text = formatEstimateText(r);
    expect(text).toMatch(/as written\s+0 \(no gradient: severed\)/);
    expect(text).toMatch(/score function\s+n\/a|score function\s+2\.0/);
    const html = renderEstimateHtml(r);
    expect(html).toContain('&lt;b&gt;w&lt;/b&gt;');
    expect(html).not.toContain('<b>w</b>');
  });
});

describe('relaxed form and default entry', () => {
  const options = resolveOptions({});

  it('relaxes a Bernoulli sampler at the requested temperature, and parses', () => {
    const file = path.join(ROOT, 'test/fixtures/estimate/bernoulli.ts');
    const text = fs.readFileSync(file, 'utf8');
    const r = relaxedText(file, text, options, 0.25);
    expect(r.relaxed).toBe(1);
    expect(r.text).toMatch(/const temperature = 0\.25; \/\/ relaxation temperature/);
    expect(r.text).not.toContain('randomBernoulli(p)()');
    expect(syntaxErrorCount(runAnalysis(file, r.text, options).sourceFile)).toBe(0);
  });

  it('leaves a continuous-only file alone', () => {
    const file = path.join(ROOT, 'test/fixtures/estimate/normal-square.ts');
    expect(relaxedText(file, fs.readFileSync(file, 'utf8'), options)).toMatchObject({ relaxed: 0 });
  });

  it('the lab calls the entry a trace would call, never the module (the CLI and the Estimators tab share this)', () => {
    const pick = (text: string) => pickCallableEntry(listEntries('a.ts', text));
    expect(pick(fs.readFileSync(path.join(ROOT, 'examples/scalar-vi/severed.ts'), 'utf8'))).toMatchObject({ entry: 'elbo' });
    expect(pick('export function loss(mu = 0) { return Math.random() * mu; }\n')).toMatchObject({ entry: 'loss', args: {} });
    // A module that trains as it loads: a trace runs the module, the lab still calls the objective.
    expect(pick('export function loss(mu = 0) { return Math.random() * mu; }\nloss();\n')).toMatchObject({ entry: 'loss' });
    // Arguments the user gave make an entry that needs them callable (the tab's args box, `--args`).
    const needs = 'export function loss(mu: number, sigma: number) { return (mu + sigma * Math.random()) ** 2; }\n';
    expect(pick(needs)).toHaveProperty('problem');
    expect(pickCallableEntry(listEntries('a.ts', needs), { mu: 0.5, sigma: 1 })).toEqual({ entry: 'loss', args: { mu: 0.5, sigma: 1 } });
    expect(pickCallableEntry(listEntries('a.ts', needs), { mu: 0.5 })).toHaveProperty('problem');
    expect(pick('const x = 1;\n')).toEqual({ problem: 'no function to estimate was found by itself; pass --entry NAME (candidates: none)' });
  });
});

// The categorical rows of the density table: each encoding's probabilities sum to 1 over the K
// outcomes, and its score is the derivative of its log-density (central differences), row by row.
const CASES: [CategoricalEncoding, number[]][] = [
  ['logits', [0.5, -0.3, 0.1]],
  ['logits', [2, -1, 0, 4]],
  ['probabilities', [0.2, 0.5, 0.3]],
  // tfjs reads only the first K−1 probabilities (the last outcome takes the rest): still a distribution.
  ['probabilities', [0.1, 0.2, 0.3, 0.9]],
];

describe('categorical log-density', () => {
  it.each(CASES)('%s %j: Σ_k P(k) = 1 and ∂ log P/∂θ matches central differences', (enc, theta) => {
    const form = CATEGORICAL[enc];
    const K = theta.length;
    let total = 0;
    for (let k = 0; k < K; k++) total += Math.exp(form.logp(k, theta, 0, K));
    expect(total).toBeCloseTo(1, 12);
    for (let k = 0; k < K; k++) {
      const g = new Float32Array(K);
      form.addScore(k, theta, 0, K, g);
      for (let j = 0; j < K; j++) {
        const h = 1e-6;
        const up = theta.map((x, i) => (i === j ? x + h : x));
        const down = theta.map((x, i) => (i === j ? x - h : x));
        const fd = (form.logp(k, up, 0, K) - form.logp(k, down, 0, K)) / (2 * h);
        expect(g[j], `${enc} k=${k} j=${j}`).toBeCloseTo(fd, 4);
      }
    }
  });

  it('vectorScore sums the rows of a [rows, K] parameter and refuses a draw that is not an index of its row', () => {
    const theta = [0, 0, 0, 1, 2, 3];
    const r = vectorScore(CATEGORICAL.logits, [0, 2, 1, 1], theta, 3, 2)!;
    const one = (k: number, at: number) => {
      const g = new Float32Array(6);
      CATEGORICAL.logits.addScore(k, theta, at, 3, g);
      return g;
    };
    const expected = [one(0, 0), one(2, 0), one(1, 3), one(1, 3)].reduce((a, g) => a.map((x, i) => x + g[i]));
    r.grad.forEach((x: number, i: number) => expect(x).toBeCloseTo(expected[i], 6));
    expect(r.logp).toBeCloseTo(2 * Math.log(1 / 3) + 2 * (2 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))), 10);
    expect(vectorScore(CATEGORICAL.logits, [3, 0, 0, 0], theta, 3, 2)).toBeNull();
    expect(vectorScore(CATEGORICAL.logits, [0.5, 0, 0, 0], theta, 3, 2)).toBeNull();
    expect(vectorScore(CATEGORICAL.probabilities, [0], [0, 1], 2, 1)).toBeNull();
  });

  it('the categorical family has a score function and is discrete', () => {
    expect(scoreUnavailable('categorical')).toBeNull();
    expect(isDiscreteFamily('categorical')).toBe(true);
    expect(isDiscreteFamily('bernoulli')).toBe(true);
    expect(isDiscreteFamily('normal')).toBe(false);
  });
});
