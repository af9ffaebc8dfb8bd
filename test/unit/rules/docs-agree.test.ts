/**
 * The rule docs promise only what the fix engine does: gamma and beta samplers get no fix, safe or
 * unsafe (docs/rules/opaque-sampler.md says why), while the location-scale families get a safe one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, getFixes } from '../../../src/core/api';
import { NO_REWRITE } from '../../../src/core/fixes/index';

const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/rules/opaque-sampler.md'), 'utf8');

const cases: [string, string, boolean][] = [
  ['tf.randomGamma', `import * as tf from '@tensorflow/tfjs';
const a = tf.variable(tf.scalar(2));
export const g = tf.variableGrads(() => tf.randomGamma([8], a.dataSync()[0]).mean() as tf.Scalar);`, false],
  ['d3 randomGamma', `import { randomGamma } from 'd3-random';
export function loss(k: number) { return randomGamma(k, 1)(); }`, false],
  ['d3 randomBeta', `import { randomBeta } from 'd3-random';
export function loss(a: number, b: number) { return randomBeta(a, b)(); }`, false],
  ['d3 randomNormal (control: has a safe fix)', `import { randomNormal } from 'd3-random';
export function loss(m: number) { return randomNormal(m, 1)(); }`, true],
];

describe('gamma/beta: the docs and the fix engine agree', () => {
  it.each(cases)('%s', (_name, code, fixable) => {
    const r = analyze('case.ts', code);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].ruleId).toBe('opaque-sampler');
    expect(r.findings[0].fixable).toBe(fixable);
    const fixes = getFixes('case.ts', code, r.findings[0]);
    if (fixable) expect(fixes.map((f) => f.safety)).toContain('safe');
    else expect(fixes).toEqual([]); // no changes-estimator fix either: nothing for --unsafe
  });

  it('the doc says there is no fix for gamma and beta and promises none with --unsafe', () => {
    expect(NO_REWRITE.gamma).toBeTruthy();
    expect(NO_REWRITE.beta).toBeTruthy();
    expect(doc).toMatch(/Gamma, beta[^.]*get \*\*no fix\*\*, not even with `--unsafe`/);
    expect(doc).not.toMatch(/\(gamma, beta\) are offered as `changes-estimator` fixes/);
  });
});
