/**
 * The gradient table the rules rely on (`src/core/catalogue/tfjs-gradients.ts`) against TF.js
 * itself: every row's example runs under `tf.grad` with the real `@tensorflow/tfjs` (CPU backend)
 * and the observed behaviour (gradient equal to the upstream `dy`, identically zero, or "gradient
 * function not found") must be the row's. Also checks that `discrete-step` reports exactly the
 * zero-gradient ops and not the pass-through casts, on the analyzer's side.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TFJS_OP_GRADIENTS, ZERO_GRADIENT_OPS, type TfjsGradient } from '../../../src/core/catalogue/tfjs-gradients';
import { analyze } from '../../../src/core/api';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** What TF.js does with ∂/∂x of sum(3 · float(op(x))) at a point away from every kink. */
function observe(example: string): TfjsGradient | string {
  const op = new Function('tf', 'x', `return ${example};`) as (t: typeof tf, x: tf.Tensor) => tf.Tensor;
  const x = tf.tensor1d([0.3, 1.7, -2.2, 0.9]);
  try {
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.cast(op(tf, v), 'float32'), 3)))(x);
    const d = Array.from(g.dataSync());
    if (d.every((v) => v === 0)) return 'zero';
    if (d.every((v) => v === 3)) return 'identity';
    return `other: ${d.join(',')}`;
  } catch (e) {
    if (/gradient function not found/i.test((e as Error).message)) return 'none';
    return `threw: ${(e as Error).message}`;
  }
}

describe('the tfjs gradient table agrees with TF.js', () => {
  it.each(TFJS_OP_GRADIENTS.map((r) => [r.example, r.gradient] as const))('%s: %s', (example, gradient) => {
    expect(observe(example)).toBe(gradient);
  });

  it('covers the ops the rules name', () => {
    for (const name of ['cast', 'toInt', 'toBool', 'round', 'floor', 'ceil', 'sign', 'argMax', 'argMin', 'multinomial', 'topk']) {
      expect(TFJS_OP_GRADIENTS.some((r) => r.name === name)).toBe(true);
    }
  });
});

describe('discrete-step follows the table', () => {
  const inLoss = (expr: string) => `import * as tf from '@tensorflow/tfjs';
const a = tf.variable(tf.tensor1d([0.3, 1.7]));
const b = tf.tensor1d([2, 4]);
export const g = tf.variableGrads(() => tf.div(${expr}, b).sum() as tf.Scalar);
`;
  it.each(["a.toInt()", "tf.cast(a, 'int32')", "a.cast('bool')", 'a.toBool()', 'a.toInt().toFloat()'])('%s passes the gradient through: no finding', (expr) => {
    expect(analyze('case.ts', inLoss(expr)).findings).toEqual([]);
  });
  it.each([...ZERO_GRADIENT_OPS].map((op) => [op]))('tf.%s is a discrete step', (op) => {
    const f = analyze('case.ts', inLoss(`tf.${op}(a)`)).findings;
    expect(f.map((x) => [x.ruleId, x.sampler, x.line])).toEqual([['discrete-step', `tf.${op}`, 4]]);
  });
});
