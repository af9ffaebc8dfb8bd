/**
 * How TensorFlow.js differentiates the ops the rules reason about, as data. `discrete-step` reports
 * exactly the rows whose gradient is `zero`: the op has a registered gradient that is identically
 * zero, so autodiff runs and silently returns 0. `identity` rows pass the gradient straight through
 * (TF.js's Cast gradient is `dy`, whatever the dtype: `a.toInt()` does not sever). `none` rows have
 * no registered gradient: TF.js throws "gradient function not found" when one lies on the
 * differentiated path, so they are loud, not silent (the discrete samplers among them are reported
 * by the sampler catalogue, because a discrete draw has no pathwise derivative at all).
 *
 * `test/unit/rules/tfjs-gradients.test.ts` runs every row's `example` under `tf.grad` with the real
 * `@tensorflow/tfjs` and fails when the row's `gradient` disagrees with what TF.js does.
 */

/** What TF.js's registered gradient of an op does. */
export type TfjsGradient = 'identity' | 'zero' | 'none';

export interface TfjsOpGradient {
  /** Op name as called: `tf.<name>(x, …)` or `x.<name>(…)`. */
  name: string;
  gradient: TfjsGradient;
  /** An expression of `tf` and a float tensor `x` (1-D, length 4) that applies the op to `x`. */
  example: string;
}

export const TFJS_OP_GRADIENTS: readonly TfjsOpGradient[] = [
  { name: 'cast', gradient: 'identity', example: "tf.cast(x, 'int32')" },
  { name: 'cast', gradient: 'identity', example: "tf.cast(x, 'bool')" },
  { name: 'toInt', gradient: 'identity', example: 'x.toInt()' },
  { name: 'toBool', gradient: 'identity', example: 'x.toBool()' },
  { name: 'toFloat', gradient: 'identity', example: 'x.toInt().toFloat()' },
  { name: 'round', gradient: 'zero', example: 'tf.round(x)' },
  { name: 'floor', gradient: 'zero', example: 'tf.floor(x)' },
  { name: 'ceil', gradient: 'zero', example: 'tf.ceil(x)' },
  { name: 'sign', gradient: 'zero', example: 'tf.sign(x)' },
  { name: 'step', gradient: 'zero', example: 'tf.step(x)' },
  { name: 'argMax', gradient: 'zero', example: 'tf.argMax(x)' },
  { name: 'argMin', gradient: 'zero', example: 'tf.argMin(x)' },
  { name: 'multinomial', gradient: 'none', example: 'tf.multinomial(x.reshape([1, 4]), 2, 1, false)' },
  { name: 'topk', gradient: 'none', example: 'tf.topk(x, 2).indices' },
];

/** Names of the ops whose TF.js gradient is identically zero: the `discrete-step` sites. */
export const ZERO_GRADIENT_OPS: ReadonlySet<string> = new Set(TFJS_OP_GRADIENTS.filter((r) => r.gradient === 'zero').map((r) => r.name));

/** The gradient behaviour of an op name, when the table knows it (`cast` is `identity` for every dtype). */
export function tfjsGradientOf(name: string): TfjsGradient | undefined {
  return TFJS_OP_GRADIENTS.find((r) => r.name === name)?.gradient;
}
