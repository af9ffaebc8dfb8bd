/**
 * Diffusion model training step in TensorFlow.js — reparameterization at scale.
 *
 * Shows: denoising training never differentiates through randomness. The noise eps and the time t
 * are drawn externally (constant parameters), the noisy input is a deterministic function of the
 * data and that noise, x_t = alpha_t · x0 + sigma_t · eps (a cosine schedule), a tiny network
 * predicts eps from (x_t, t), and the loss is the mean squared error. The forward SDE only makes
 * training data; gradients flow through the deterministic path into the network's weights.
 *
 * Pathwise reports: nothing (it is already pathwise). `pathwise trace --entry denoisingLoss` shows
 * eps and t as noise inputs and gradients at every network node.
 */
import * as tf from '@tensorflow/tfjs';

void tf.setBackend('cpu');

const BATCH = 16;
const DIM = 2;

/** Clean data x0: points on a circle of radius 1 (fixed, made outside any gradient context). */
const angles = tf.linspace(0, 2 * Math.PI, BATCH);
const data = tf.stack([tf.cos(angles), tf.sin(angles)], 1) as tf.Tensor2D;

/** The noise-prediction network ε_θ(x_t, t): input [x_t | t], output a noise estimate of shape [DIM]. */
const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 32, activation: 'relu', inputShape: [DIM + 1] }),
    tf.layers.dense({ units: 32, activation: 'relu' }),
    tf.layers.dense({ units: DIM }),
  ],
});

/** Denoising (noise-prediction) loss for one batch: ‖ε − ε_θ(alpha_t·x0 + sigma_t·ε, t)‖². */
export function denoisingLoss(x0: tf.Tensor2D = data): tf.Scalar {
  const t = tf.randomUniform([BATCH, 1], 0.02, 0.98);
  const alphaT = tf.cos(t.mul(Math.PI / 2));
  const sigmaT = tf.sin(t.mul(Math.PI / 2));
  const eps = tf.randomNormal([BATCH, DIM]);
  const xT = alphaT.mul(x0).add(sigmaT.mul(eps));
  const predicted = model.apply(tf.concat([xT, t], 1)) as tf.Tensor2D;
  return tf.losses.meanSquaredError(eps, predicted) as tf.Scalar;
}

/** A few Adam steps; prints the loss of each step and returns the last one. */
export async function main(steps = 8): Promise<number> {
  await tf.setBackend('cpu');
  const optimizer = tf.train.adam(0.01);
  let last = NaN;
  for (let step = 0; step < steps; step++) {
    const cost = optimizer.minimize(() => denoisingLoss(data), true);
    last = cost ? cost.dataSync()[0] : NaN;
    cost?.dispose();
    console.log(`step ${step} loss ${last.toFixed(5)}`);
  }
  console.log(`final loss ${last}`);
  return last;
}

if (require.main === module) void main();
