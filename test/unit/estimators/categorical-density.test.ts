/**
 * The categorical rows of the density table (src/core/estimators/categorical.ts): each encoding's
 * probabilities sum to 1 over the K outcomes, and its score is the derivative of its log-density
 * (checked by central differences), row by row of a [rows, K] parameter.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORICAL, vectorScore, type CategoricalEncoding } from '../../../src/core/estimators/categorical';
import { isDiscreteFamily, scoreUnavailable } from '../../../src/core/estimators/densities';

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
    r.grad.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
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
