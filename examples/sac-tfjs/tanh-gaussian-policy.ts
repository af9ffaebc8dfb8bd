/**
 * Soft actor-critic (SAC) actor update with a tanh-Gaussian policy in TensorFlow.js.
 *
 * Shows: the reparameterized action of SAC. The policy network gives (mu, logStd) per state; the
 * pre-squash action is u = mu + std · eps with external noise eps ~ N(0, I), the action is
 * a = tanh(u), and the log-probability gets the change-of-variables correction
 * log π(a|s) = Σ [log N(u; mu, std) − log(1 − a² + 1e-6)]. The actor loss
 * mean(alpha · log π(a|s) − Q(s, a)) is differentiated through the action into the policy
 * (∂a/∂mu = 1 − a², ∂a/∂std = (1 − a²) · eps), with `tf.variableGrads` on the policy weights only.
 *
 * Pathwise reports: nothing. `pathwise trace --entry actorLoss` shows eps as a noise input and
 * gradients on the policy variables.
 */
import * as tf from '@tensorflow/tfjs';

void tf.setBackend('cpu');

const BATCH = 8;
const STATE = 3;
const ACTION = 2;
const HIDDEN = 16;
const ALPHA = 0.2;
const LOG_STD_MIN = -5;
const LOG_STD_MAX = 2;

/** A batch of states from a replay buffer (fixed toy data). */
const states = tf.randomUniform([BATCH, STATE], -1, 1, 'float32', 3) as tf.Tensor2D;

/** Policy weights (trained here) and a fixed critic Q(s, a) (trained elsewhere in SAC). */
const policyW1 = tf.variable(tf.randomNormal([STATE, HIDDEN], 0, 0.3, 'float32', 1), true, 'policyW1');
const policyB1 = tf.variable(tf.zeros([HIDDEN]), true, 'policyB1');
const policyW2 = tf.variable(tf.randomNormal([HIDDEN, 2 * ACTION], 0, 0.3, 'float32', 2), true, 'policyW2');
const policyB2 = tf.variable(tf.zeros([2 * ACTION]), true, 'policyB2');
const criticW = tf.variable(tf.randomNormal([STATE + ACTION, 1], 0, 0.5, 'float32', 4), false, 'criticW');
const policyVars = [policyW1, policyB1, policyW2, policyB2];

/** Critic Q(s, a): a fixed linear function with a quadratic action penalty. */
function critic(s: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor1D {
  const linear = tf.concat([s, a], 1).matMul(criticW).squeeze([1]);
  return linear.sub(tf.sum(a.square(), 1)) as tf.Tensor1D;
}

/** SAC actor loss: mean(alpha · log π(a|s) − Q(s, a)) with a reparameterized tanh-Gaussian action. */
export function actorLoss(s: tf.Tensor2D = states): tf.Scalar {
  const hidden = tf.relu(s.matMul(policyW1).add(policyB1));
  const [mu, rawLogStd] = tf.split(hidden.matMul(policyW2).add(policyB2), 2, 1);
  const logStd = tf.clipByValue(rawLogStd, LOG_STD_MIN, LOG_STD_MAX);
  const std = tf.exp(logStd);
  // External noise; the action is deterministic given eps.
  const eps = tf.randomNormal([BATCH, ACTION]);
  const u = mu.add(std.mul(eps));
  const action = tf.tanh(u) as tf.Tensor2D;
  const gaussianLogProb = eps.square().mul(-0.5).sub(logStd).sub(0.5 * Math.log(2 * Math.PI));
  const squashCorrection = tf.log(tf.scalar(1).sub(action.square()).add(1e-6));
  const logProb = tf.sum(gaussianLogProb.sub(squashCorrection), 1);
  return tf.mean(logProb.mul(ALPHA).sub(critic(s, action))) as tf.Scalar;
}

/** A few actor updates; prints the loss of each step and returns the last one. */
export async function main(steps = 6): Promise<number> {
  await tf.setBackend('cpu');
  const optimizer: tf.Optimizer = tf.train.adam(0.01);
  let last = NaN;
  for (let step = 0; step < steps; step++) {
    const { value, grads } = tf.variableGrads(() => actorLoss(states), policyVars);
    optimizer.applyGradients(grads);
    last = value.dataSync()[0];
    tf.dispose([value, grads]);
    console.log(`step ${step} loss ${last.toFixed(5)}`);
  }
  console.log(`final loss ${last}`);
  return last;
}

if (require.main === module) void main();
