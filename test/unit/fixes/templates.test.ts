// The family table, for both frontends: every template is a valid reparameterization (its CDF at
// the sample gives back the uniform noise, or Φ(eps) for normal noise), and the tfjs printing of the
// same template computes the same numbers with real tfjs and carries the gradient (tf.grads against
// finite differences of the plain printing).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { printPlain, printTensor, raw, type Expr } from '../../../src/core/fixes/expr';
import { REWRITES, NO_REWRITE, rewriteFor } from '../../../src/core/fixes/table';
import type { Family } from '../../../src/core/types';

// jstat ships no type declarations: load it untyped and describe the one function used.
const { jStat } = createRequire(import.meta.url)('jstat') as { jStat: Record<string, { cdf: (...a: number[]) => number }> };
const phi = (x: number) => jStat.normal.cdf(x, 0, 1);

/** Per family: parameter values (role order) and the CDF of the distribution at those parameters. */
const TRUTH: Record<string, { params: number[]; cdf: (x: number, p: number[]) => number }> = {
  normal: { params: [0.4, 1.7], cdf: (x, [m, s]) => jStat.normal.cdf(x, m, s) },
  lognormal: { params: [0.2, 0.6], cdf: (x, [m, s]) => jStat.lognormal.cdf(x, m, s) },
  uniform: { params: [-2, 5], cdf: (x, [a, b]) => jStat.uniform.cdf(x, a, b) },
  exponential: { params: [2.5], cdf: (x, [r]) => jStat.exponential.cdf(x, r) },
  laplace: { params: [0.1, 2], cdf: (x, [m, b]) => jStat.laplace.cdf(x, m, b) },
  logistic: { params: [0.5, 1.3], cdf: (x, [m, s]) => 1 / (1 + Math.exp(-(x - m) / s)) },
  cauchy: { params: [-1, 0.8], cdf: (x, [m, s]) => jStat.cauchy.cdf(x, m, s) },
  gumbel: { params: [1, 2], cdf: (x, [m, b]) => Math.exp(-Math.exp(-(x - m) / b)) },
  weibull: { params: [1.5, 2, 0], cdf: (x, [k, s, a]) => jStat.weibull.cdf(x - a, s, k) },
  pareto: { params: [2, 1.5], cdf: (x, [alpha, xm]) => jStat.pareto.cdf(x, xm, alpha) },
};

const NOISE = { normal: [-1.7, -0.3, 0, 0.45, 2.1], uniform: [0.03, 0.25, 0.5, 0.77, 0.96] };
const names = ['p0', 'p1', 'p2'];

function evalPlain(e: Expr, p: number[], n: number): number {
  return new Function(...names, 'n', `return ${printPlain(e).text};`)(...p, ...Array(3 - p.length).fill(0), n) as number;
}

describe('family table', () => {
  it('has a row for each family with a rewrite and an explanation for the rest', () => {
    expect(REWRITES.map((r) => r.family).sort()).toEqual(Object.keys(TRUTH).sort());
    for (const f of ['gamma', 'beta', 'dirichlet', 'poisson', 'binomial'] as Family[]) {
      expect(rewriteFor(f)).toBeUndefined();
      expect(NO_REWRITE[f]).toMatch(/Figurnov|score-function/);
    }
  });

  describe.each(REWRITES.map((r) => [r.family, r] as const))('%s', (family, row) => {
    const { params, cdf } = TRUTH[family];
    const plainTemplate = row.template(params.map((_, i) => raw(names[i])), raw('n'));

    it('plain numbers: CDF(template(noise)) recovers the noise', () => {
      for (const n of NOISE[row.noise]) {
        const z = evalPlain(plainTemplate, params, n);
        expect(cdf(z, params)).toBeCloseTo(row.noise === 'uniform' ? n : phi(n), 6);
      }
    });

    it.each(['function', 'method'] as const)('tfjs (%s style): same values, and tf.grads match finite differences', (style) => {
      const tensorTemplate = row.template(params.map((_, i) => raw(names[i], 20, true)), raw('n', 20, true));
      const text = printTensor(tensorTemplate, { style, ns: 'tf' }).text;
      if (style === 'method') expect(text).not.toMatch(/^tf\.(add|sub|mul)\(/);
      const f = new Function('tf', ...names, 'n', `return ${text};`) as (...a: unknown[]) => tf.Tensor;
      const noise = tf.tensor1d(NOISE[row.noise]);
      const ps = params.map((p) => tf.scalar(p));
      const pad = Array(3 - ps.length).fill(tf.scalar(0));
      const z = f(tf, ...ps, ...pad, noise).arraySync() as number[];
      NOISE[row.noise].forEach((n, i) => expect(z[i]).toBeCloseTo(evalPlain(plainTemplate, params, n), 3));
      // Gradient of Σz w.r.t. each parameter: autodiff on the tensor form vs central differences.
      const grads = tf.grads((...p: tf.Tensor[]) => f(tf, ...p, ...pad, noise).sum())(ps);
      params.forEach((_, j) => {
        const h = 1e-4;
        const at = (d: number) => NOISE[row.noise].reduce((s, n) => s + evalPlain(plainTemplate, params.map((p, i) => (i === j ? p + d : p)), n), 0);
        const fd = (at(h) - at(-h)) / (2 * h);
        expect(grads[j].arraySync() as number).toBeCloseTo(fd, 1);
        expect(Math.abs((grads[j].arraySync() as number) - fd)).toBeLessThan(1e-2 * Math.max(1, Math.abs(fd)));
      });
    });
  });
});
