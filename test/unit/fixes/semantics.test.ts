// Semantics of the rewrites, with the real analyzer, real d3-random (seeded with randomLcg) and real
// tfjs: the fixed function draws the same distribution (mean/variance at a fixed seed), and its
// gradient with respect to the parameters is the pathwise one (finite differences with shared noise).
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import * as d3random from 'd3-random';
import * as tf from '@tensorflow/tfjs';
import { analyze, applyEdits, getFixes } from '../../../src/core/api';

/** Fixes the first finding of `text` with its preferred fix. */
function fixFirst(text: string): string {
  const [finding] = analyze('case.ts', text).findings;
  expect(finding, 'the analyzer finds the sampler').toBeDefined();
  const [fix] = getFixes('case.ts', text, finding);
  expect(fix.preferred && fix.safety === 'safe').toBe(true);
  return applyEdits(text, fix.edits);
}

/** Evaluates a module's text (TypeScript, ES imports) with the real packages; returns its exports. */
function load(text: string): Record<string, (...a: number[]) => number> {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mods: Record<string, unknown> = { 'd3-random': d3random, '@tensorflow/tfjs': tf };
  const module = { exports: {} as Record<string, (...a: number[]) => number> };
  new Function('require', 'module', 'exports', js)((m: string) => mods[m], module, module.exports);
  return module.exports;
}

const draws = (f: (...a: number[]) => number, args: number[], n: number) => Array.from({ length: n }, () => f(...args));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: number[]) => mean(xs.map((x) => (x - mean(xs)) ** 2));

/** The k-th draw (0-based) of a freshly seeded module: every call of this shares the noise. */
const kth = (text: string, args: number[], k: number) => draws(load(text).sample, args, k + 1)[k];

const NORMAL = `import { randomLcg, randomNormal } from 'd3-random';
const rng = randomLcg(0.1234);
export function sample(mu: number, sigma: number): number {
  const z = randomNormal.source(rng)(mu, sigma)();
  return z;
}
export function loss(mu: number, sigma: number): number {
  return sample(mu, sigma);
}
`;

const UNIFORM = `import { randomLcg, randomUniform } from 'd3-random';
const rng = randomLcg(0.4321);
export function sample(a: number, b: number): number {
  const x = randomUniform.source(rng)(a, b)();
  return x;
}
export function loss(a: number, b: number): number {
  return sample(a, b);
}
`;

describe('plain normal rewrite', () => {
  const fixed = fixFirst(NORMAL);
  it('is the reparameterized form with seeded noise from the same source', () => {
    expect(fixed).toContain('const eps = randomNormal.source(rng)(0, 1)();');
    expect(fixed).toContain('const z = mu + sigma * eps;');
  });

  it('draws N(mu, sigma²): mean and variance at a fixed seed', () => {
    const xs = draws(load(fixed).sample, [1.5, 0.7], 20000);
    // 5 standard errors: mean ± 5σ/√n, variance ± 5σ²√(2/n).
    expect(Math.abs(mean(xs) - 1.5)).toBeLessThan((5 * 0.7) / Math.sqrt(20000));
    expect(Math.abs(variance(xs) - 0.49)).toBeLessThan(5 * 0.49 * Math.sqrt(2 / 20000));
  });

  it('is sample for sample the original draw (same source, same eps)', () => {
    expect(draws(load(fixed).sample, [1.5, 0.7], 50)).toEqual(draws(load(NORMAL).sample, [1.5, 0.7], 50).map((x) => expect.closeTo(x, 12)));
  });

  it('has the pathwise gradient: dz/dmu = 1, dz/dsigma = eps (finite differences, shared noise)', () => {
    const h = 1e-5;
    for (let k = 0; k < 6; k++) {
      // Like the fixed code: one fresh standard-normal generator per call, on the shared seeded source.
      const lcg = d3random.randomLcg(0.1234);
      const eps = draws(() => d3random.randomNormal.source(lcg)(0, 1)(), [], k + 1)[k];
      const dMu = (kth(fixed, [1.5 + h, 0.7], k) - kth(fixed, [1.5 - h, 0.7], k)) / (2 * h);
      const dSigma = (kth(fixed, [1.5, 0.7 + h], k) - kth(fixed, [1.5, 0.7 - h], k)) / (2 * h);
      expect(dMu).toBeCloseTo(1, 6);
      expect(dSigma).toBeCloseTo(eps, 6);
      expect(kth(fixed, [1.5, 0.7], k)).toBeCloseTo(1.5 + 0.7 * eps, 12);
    }
  });
});

describe('plain uniform rewrite', () => {
  const fixed = fixFirst(UNIFORM);
  it('is the reparameterized form', () => {
    expect(fixed).toContain('const u = randomUniform.source(rng)(0, 1)();');
    expect(fixed).toContain('const x = a + (b - a) * u;');
  });

  it('draws U(a, b): mean and variance at a fixed seed', () => {
    const xs = draws(load(fixed).sample, [-1, 3], 20000);
    const v = 16 / 12;
    expect(Math.abs(mean(xs) - 1)).toBeLessThan((5 * Math.sqrt(v)) / Math.sqrt(20000));
    // Var of the sample variance of U is (μ4 - σ⁴)/n with μ4 = (b-a)^4/80.
    expect(Math.abs(variance(xs) - v)).toBeLessThan(5 * Math.sqrt((256 / 80 - v * v) / 20000));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...xs)).toBeLessThan(3);
  });

  it('is sample for sample the original draw (same source, same u)', () => {
    expect(draws(load(fixed).sample, [-1, 3], 50)).toEqual(draws(load(UNIFORM).sample, [-1, 3], 50).map((x) => expect.closeTo(x, 12)));
  });

  it('has the pathwise gradient: dz/da = 1 - u, dz/db = u', () => {
    const h = 1e-5;
    for (let k = 0; k < 6; k++) {
      const u = draws(d3random.randomUniform.source(d3random.randomLcg(0.4321))(0, 1), [], k + 1)[k];
      const dA = (kth(fixed, [-1 + h, 3], k) - kth(fixed, [-1 - h, 3], k)) / (2 * h);
      const dB = (kth(fixed, [-1, 3 + h], k) - kth(fixed, [-1, 3 - h], k)) / (2 * h);
      expect(dA).toBeCloseTo(1 - u, 6);
      expect(dB).toBeCloseTo(u, 6);
    }
  });
});

describe('tfjs round-trip rewrite', () => {
  const TFJS = `import * as tf from '@tensorflow/tfjs';
export const m = tf.variable(tf.scalar(0.3));
export const s = tf.variable(tf.scalar(-0.2));
export function loss(): tf.Scalar {
  const z = tf.randomNormal([4], m.dataSync()[0], Math.exp(s.dataSync()[0]), 'float32', 42);
  return tf.sum(tf.square(z)) as tf.Scalar;
}
`;
  it('autodiff now sees the path: grads equal the pathwise formula', () => {
    const fixed = fixFirst(TFJS);
    const mod = load(fixed) as unknown as { loss: () => tf.Scalar; m: tf.Variable; s: tf.Variable };
    const { grads } = tf.variableGrads(mod.loss, [mod.m, mod.s]);
    const eps = tf.randomNormal([4], 0, 1, 'float32', 42).arraySync() as number[];
    const sigma = Math.exp(-0.2);
    const z = eps.map((e) => 0.3 + sigma * e);
    // d/dm Σz² = Σ 2z; d/ds Σz² = Σ 2z · σ · eps (σ = e^s).
    expect(grads[mod.m.name].arraySync() as number).toBeCloseTo(z.reduce((a, x) => a + 2 * x, 0), 4);
    expect(grads[mod.s.name].arraySync() as number).toBeCloseTo(z.reduce((a, x, i) => a + 2 * x * sigma * eps[i], 0), 4);
    // The original has no path at all: tfjs reports no gradient for the variables.
    const orig = load(TFJS) as unknown as { loss: () => tf.Scalar; m: tf.Variable; s: tf.Variable };
    expect(() => tf.variableGrads(orig.loss, [orig.m, orig.s])).toThrow();
  });
});
