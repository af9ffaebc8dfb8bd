/**
 * Misses and false alarms found on real code (issue 14): a Layer's call() inputs are trainable
 * activations; the REINFORCE shape of tfjs-examples' cart-pole (sampled actions only as labels of a
 * log-likelihood, rewards scaling the gradients later) is a score-function info; casts keep the
 * gradient.
 */
import type { Case } from './case';

/** The cart-pole REINFORCE shape (tfjs-examples cart-pole/index.js), reduced: labels from the sampled actions, gradients returned. */
export const CART_POLE = `import * as tf from '@tensorflow/tfjs';
class PolicyNetwork {
  constructor() {
    this.model = tf.sequential();
  }
  getGradientsAndSaveActions(inputTensor) {
    const f = () => tf.tidy(() => {
      const [logits, actions] = this.getLogitsAndActions(inputTensor);
      this.currentActions_ = actions.dataSync();
      const labels = tf.sub(1, tf.tensor2d(this.currentActions_, actions.shape));
      return tf.losses.sigmoidCrossEntropy(labels, logits).asScalar();
    });
    return tf.variableGrads(f);
  }
  getLogitsAndActions(inputs) {
    return tf.tidy(() => {
      const logits = this.model.predict(inputs);
      const leftProb = tf.sigmoid(logits);
      const leftRightProbs = tf.concat([leftProb, tf.sub(1, leftProb)], 1);
      const actions = tf.multinomial(leftRightProbs, 1, null, true);
      return [logits, actions];
    });
  }
}
function scaleAndAverageGradients(allGradients, normalizedRewards) {
  return tf.tidy(() => {
    const gradients = {};
    for (const varName in allGradients) {
      gradients[varName] = allGradients[varName].map((g, i) => g.mul(normalizedRewards[i]));
    }
    return gradients;
  });
}
`;

export const DETECTION_CASES: Case[] = [
  {
    name: 'Layer call(): host copy of the inputs into tf.randomNormal (the VAE sampling-layer bug)',
    file: 'case.js',
    code: `const tf = require('@tensorflow/tfjs');
class ZLayer extends tf.layers.Layer {
  call(inputs, kwargs) {
    const [zMean, zLogVar] = inputs;
    const eps = tf.randomNormal(zMean.shape, zMean.dataSync()[0], Math.exp(0.5 * zLogVar.dataSync()[0]));
    return eps;
  }
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 5, column: 17, severed: ['zMean', 'zLogVar'], sampler: 'tf.randomNormal' }],
  },
  {
    name: 'Layer call() (TypeScript, single input): arraySync of the input as a sampler parameter',
    code: `import * as tf from '@tensorflow/tfjs';
export class Noisy extends tf.layers.Layer {
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const s = x.mean().arraySync() as number;
    return tf.add(x, tf.randomUniform(x.shape, -s, s));
  }
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 6, column: 22, severed: ['x'], sampler: 'tf.randomUniform' }],
  },
  {
    name: 'Layer call(): the reparameterized sampling layer (tfjs-examples fashion-mnist VAE) is clean',
    file: 'case.js',
    code: `const tf = require('@tensorflow/tfjs');
class ZLayer extends tf.layers.Layer {
  call(inputs, kwargs) {
    const [zMean, zLogVar] = inputs;
    const batch = zMean.shape[0];
    const dim = zMean.shape[1];
    const epsilon = tf.randomNormal([batch, dim], 0, 1.0);
    return zMean.add(zLogVar.mul(0.5).exp().mul(epsilon));
  }
}`,
    findings: [],
  },
  {
    name: 'Layer call(): a second parameter (kwargs) is not an activation',
    file: 'case.js',
    code: `const tf = require('@tensorflow/tfjs');
class Drop extends tf.layers.Layer {
  call(inputs, kwargs) {
    const rate = kwargs.rate;
    return tf.mul(inputs, tf.randomUniform([4], 0, rate));
  }
}`,
    findings: [],
  },

  {
    name: 'cart-pole REINFORCE: sampled actions only as labels of sigmoidCrossEntropy, gradients returned and scaled later: info',
    file: 'case.js',
    code: CART_POLE,
    findings: [{ ruleId: 'score-function', line: 20, column: 23, severed: ['leftRightProbs'], sampler: 'tf.multinomial', severity: 'info' }],
  },
  {
    name: 'tf.grad returning the gradient of an unweighted softmaxCrossEntropy on its own sample: info',
    code: `import * as tf from '@tensorflow/tfjs';
export const g = tf.grad((logits: tf.Tensor2D) => {
  const a = tf.multinomial(logits, 1).reshape([1]);
  return tf.losses.softmaxCrossEntropy(tf.oneHot(a as tf.Tensor1D, 4), logits).mean();
});`,
    findings: [{ ruleId: 'score-function', line: 3, column: 13, severed: ['logits'], severity: 'info' }],
  },
  {
    name: 'cart-pole shape, but the sampled action is also a value in the loss: still a discrete step',
    code: `import * as tf from '@tensorflow/tfjs';
const logits = tf.variable(tf.zeros([1, 2]));
export const g = tf.variableGrads(() => {
  const a = tf.multinomial(logits as tf.Tensor2D, 1);
  const labels = a.toFloat();
  return tf.losses.sigmoidCrossEntropy(labels, logits).add(labels.sum()).asScalar();
});`,
    findings: [{ ruleId: 'discrete-step', line: 4, column: 13, severed: ['logits'] }],
  },
  {
    name: 'casts keep the gradient: tf.div(a.toInt(), b) and cast(x, "int32") are not steps',
    code: `import * as tf from '@tensorflow/tfjs';
const a = tf.variable(tf.tensor1d([1.5, 2.5]));
const opt = tf.train.sgd(0.1);
opt.minimize(() => tf.div(a.toInt(), tf.cast(a, 'int32').add(1)).sum() as tf.Scalar);`,
    findings: [],
  },
];
