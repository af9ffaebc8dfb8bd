/**
 * REINFORCE policy gradient in TensorFlow.js (a contextual bandit) — the intentional severed path.
 *
 * Shows: the score-function (likelihood-ratio) estimator, ∇ E[R] = E[R · ∇ log π(a|s)]. The action
 * is sampled with `tf.multinomial(logits, 1)`, which has no pathwise derivative; the sample is used
 * only as the label of the policy's log-likelihood log π(a|s), weighted by the reward. As in the
 * tfjs-examples cart-pole agent, the sampled actions are read back (`dataSync`) and turned into
 * labels, so tfjs never tries to differentiate the sampler. Nothing needs fixing: the gradient
 * reaches the policy through log π, not through the sample.
 *
 * Pathwise reports: `score-function` at info severity (not a warning) on the `tf.multinomial` line,
 * severed logits, with no quick fix; `pathwise check` exits 0. `pathwise trace --entry policyLoss`
 * runs one update's loss.
 */
import * as tf from '@tensorflow/tfjs';

void tf.setBackend('cpu');

const CONTEXTS = 4;
const ACTIONS = 3;
const BATCH = 16;

/** Reward of each action in each context (the bandit the agent must learn). */
const PAYOFF = [
  [1, 0, 0.2],
  [0, 1, 0.2],
  [0.2, 0, 1],
  [0, 0.5, 1],
];

/** Contexts of one batch (context i % CONTEXTS), one-hot encoded. */
const contextIds = Array.from({ length: BATCH }, (_, i) => i % CONTEXTS);
const contexts = tf.oneHot(tf.tensor1d(contextIds, 'int32'), CONTEXTS).toFloat() as tf.Tensor2D;

/** A linear softmax policy. */
const policyWeights = tf.variable(tf.zeros([CONTEXTS, ACTIONS]), true, 'policyWeights');
const policyBias = tf.variable(tf.zeros([ACTIONS]), true, 'policyBias');

/** Policy logits for a batch of one-hot contexts. */
function policy(states: tf.Tensor2D): tf.Tensor2D {
  return states.matMul(policyWeights).add(policyBias);
}

/** REINFORCE loss: −mean(R(s, a) · log π(a|s)) with a ~ π(·|s) sampled inside the gradient context. */
export function policyLoss(states: tf.Tensor2D = contexts): tf.Scalar {
  const logits = policy(states);
  const actions = tf.multinomial(logits, 1) as tf.Tensor2D;
  const taken = Array.from(actions.dataSync());
  const labels = tf.oneHot(tf.tensor1d(taken, 'int32'), ACTIONS);
  const logProb = tf.sum(labels.mul(tf.logSoftmax(logits)), 1);
  const rewards = tf.tensor1d(taken.map((a, i) => PAYOFF[contextIds[i]][a]));
  return tf.neg(tf.mean(logProb.mul(rewards))) as tf.Scalar;
}

/** Policy-gradient updates; prints the loss and the average reward of the greedy policy. */
export async function main(steps = 30): Promise<number> {
  await tf.setBackend('cpu');
  const optimizer = tf.train.sgd(0.5);
  let last = NaN;
  for (let step = 0; step < steps; step++) {
    const cost = optimizer.minimize(() => policyLoss(contexts), true);
    last = cost ? cost.dataSync()[0] : NaN;
    cost?.dispose();
    if (step % 10 === 0 || step === steps - 1) console.log(`step ${step} loss ${last.toFixed(5)}`);
  }
  const greedy = Array.from(tf.argMax(policy(contexts), 1).dataSync());
  const reward = greedy.reduce((sum, a, i) => sum + PAYOFF[contextIds[i]][a], 0) / BATCH;
  console.log(`greedy policy reward ${reward.toFixed(3)} (best possible 1.000)`);
  console.log(`final loss ${last}`);
  return last;
}

if (require.main === module) void main();
