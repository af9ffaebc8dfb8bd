/**
 * A categorical choice in TensorFlow.js — FIXED with the Gumbel-softmax relaxation.
 *
 * Shows: the categorical sample is replaced by a relaxed one-hot vector
 * y = softmax((choiceLogits + g) / TEMPERATURE) with Gumbel noise g = −log(−log u), u ~ U(0, 1)
 * drawn externally with constant parameters. The chosen prototype becomes the y-weighted mix, so
 * the loss is differentiable in the choice logits too (Jang et al. 2017; Maddison et al. 2017).
 * This changes the estimator (it is biased for TEMPERATURE > 0), which is why Pathwise offers it
 * for severed.ts but never applies it in fix-all.
 *
 * Pathwise reports: nothing. `pathwise trace --entry choiceLoss` shows the Gumbel noise as an input
 * and a gradient on choiceLogits.
 */
import * as tf from '@tensorflow/tfjs';

void tf.setBackend('cpu');

const K = 4;
const DIM = 3;
/** Relaxation temperature: a constant, not a learned parameter. */
const TEMPERATURE = 0.5;

/** The target the chosen prototype should match. */
const target = tf.tensor2d([[1, -1, 0.5]]);

/** Learned prototypes and the logits of the categorical choice between them. */
const prototypes = tf.variable(tf.randomNormal([K, DIM], 0, 1, 'float32', 11), true, 'prototypes');
const choiceLogits = tf.variable(tf.zeros<tf.Rank.R1>([K]), true, 'choiceLogits');

/** Squared distance between the relaxed (Gumbel-softmax) choice of prototype and the target. */
export function choiceLoss(goal: tf.Tensor2D = target): tf.Scalar {
  const u = tf.randomUniform([K], 1e-6, 1 - 1e-6);
  const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
  const relaxedChoice = tf.softmax(choiceLogits.add(gumbel).div(TEMPERATURE));
  const chosen = relaxedChoice.reshape([1, K]).matMul(prototypes);
  return tf.sum(tf.squaredDifference(chosen, goal)) as tf.Scalar;
}

/** A few SGD steps; prints the loss and the choice probabilities. */
export async function main(steps = 20): Promise<number> {
  await tf.setBackend('cpu');
  const optimizer = tf.train.sgd(0.1);
  let last = NaN;
  for (let step = 0; step < steps; step++) {
    const cost = optimizer.minimize(() => choiceLoss(target), true);
    last = cost ? cost.dataSync()[0] : NaN;
    cost?.dispose();
    if (step % 5 === 0 || step === steps - 1) console.log(`step ${step} loss ${last.toFixed(5)}`);
  }
  console.log(`choice probabilities ${Array.from(tf.softmax(choiceLogits).dataSync(), (p) => p.toFixed(3)).join(' ')}`);
  console.log(`final loss ${last}`);
  return last;
}

if (require.main === module) void main();
