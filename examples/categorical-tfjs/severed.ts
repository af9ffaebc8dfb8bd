/**
 * A categorical choice in TensorFlow.js — SEVERED form (`tf.multinomial` sample into the loss).
 *
 * Shows: a model picks one of K learned prototypes with a categorical distribution over choice
 * logits, and the loss is the squared distance of the chosen prototype to a target. The choice is
 * drawn with `tf.multinomial` — a discrete step with no derivative — and its index selects the
 * prototype, so the prototypes train but the choice logits never get a gradient: the model cannot
 * learn which prototype to pick. (tfjs has no gradient for Multinomial, so the index has to be read
 * back with `dataSync`; either way the path from the logits to the loss is cut.)
 *
 * Pathwise reports: `discrete-step` (warning) on the `tf.multinomial` line, severed choiceLogits,
 * with a quick fix that is offered but not preferred: the Gumbel-softmax relaxation (see
 * gumbel-softmax.ts), which changes the estimator.
 */
import * as tf from '@tensorflow/tfjs';

void tf.setBackend('cpu');

const K = 4;
const DIM = 3;

/** The target the chosen prototype should match. */
const target = tf.tensor2d([[1, -1, 0.5]]);

/** Learned prototypes and the logits of the categorical choice between them. */
const prototypes = tf.variable(tf.randomNormal([K, DIM], 0, 1, 'float32', 11), true, 'prototypes');
const choiceLogits = tf.variable(tf.zeros<tf.Rank.R1>([K]), true, 'choiceLogits');

/** Squared distance between one sampled prototype and the target. */
export function choiceLoss(goal: tf.Tensor2D = target): tf.Scalar {
  const choice = tf.multinomial(choiceLogits, 1).dataSync()[0];
  const chosen = tf.gather(prototypes, [choice]);
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
