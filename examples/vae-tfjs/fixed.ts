/**
 * VAE training step in TensorFlow.js — FIXED (reparameterized) form.
 *
 * Shows: the reparameterization trick. The noise eps ~ N(0, I) is drawn as a separate,
 * parameter-free input and the sample is a deterministic function of the encoder outputs and that
 * noise: z = zMean + exp(0.5 · zLogVar) · eps. Clear paths: ∂z/∂zMean = 1, ∂z/∂σ = eps.
 * Compare with severed.ts, where the sample is drawn from numbers read back with `dataSync`.
 *
 * Pathwise reports: nothing. `pathwise trace --entry loss` shows eps as a noise input and a
 * gradient at every encoder node.
 */
import * as tf from '@tensorflow/tfjs';

void tf.setBackend('cpu');

const BATCH = 8;
const INPUT = 4;
const HIDDEN = 8;
const LATENT = 2;

/** A fixed toy data set (sampled once, outside any gradient context). */
const data = tf.randomNormal([BATCH, INPUT], 0, 1, 'float32', 7) as tf.Tensor2D;

/** Encoder x → [zMean | zLogVar]; decoder z → x̂. Built with input shapes so the weights exist before training. */
const encoder = tf.sequential({
  layers: [
    tf.layers.dense({ units: HIDDEN, activation: 'relu', inputShape: [INPUT] }),
    tf.layers.dense({ units: 2 * LATENT }),
  ],
});
const decoder = tf.sequential({
  layers: [
    tf.layers.dense({ units: HIDDEN, activation: 'relu', inputShape: [LATENT] }),
    tf.layers.dense({ units: INPUT }),
  ],
});

/** Negative ELBO of one batch: squared reconstruction error + KL(q(z|x) ‖ N(0, I)). */
export function loss(x: tf.Tensor2D = data): tf.Scalar {
  const [zMean, zLogVar] = tf.split(encoder.apply(x) as tf.Tensor2D, 2, 1);
  // External noise: no parameters, so it needs no gradient; z is deterministic given eps.
  const eps = tf.randomNormal([BATCH, LATENT]);
  const z = zMean.add(tf.exp(zLogVar.mul(0.5)).mul(eps));
  const xHat = decoder.apply(z) as tf.Tensor2D;
  const reconstruction = tf.sum(tf.squaredDifference(xHat, x)).div(BATCH);
  const kl = tf.sum(zLogVar.exp().add(zMean.square()).sub(1).sub(zLogVar)).mul(0.5).div(BATCH);
  return reconstruction.add(kl) as tf.Scalar;
}

/** A few Adam steps on the toy batch; prints the loss of each step and returns the last one. */
export async function main(steps = 5): Promise<number> {
  await tf.setBackend('cpu');
  const optimizer = tf.train.adam(0.01);
  let last = NaN;
  for (let step = 0; step < steps; step++) {
    const cost = optimizer.minimize(() => loss(data), true);
    last = cost ? cost.dataSync()[0] : NaN;
    cost?.dispose();
    console.log(`step ${step} loss ${last.toFixed(5)}`);
  }
  console.log(`final loss ${last}`);
  return last;
}

if (require.main === module) void main();
