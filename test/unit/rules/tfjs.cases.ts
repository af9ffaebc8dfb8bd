/** TensorFlow.js frontend: every import form, every gradient context kind, each rule. */
import type { Case } from './case';

export const TFJS_CASES: Case[] = [
  {
    name: 'VAE: tf.randomNormal fed by dataSync of encoder outputs (namespace import, minimize, helper)',
    code: `import * as tf from '@tensorflow/tfjs';
const encoder = tf.sequential();
const decoder = tf.sequential();
const optimizer = tf.train.adam(1e-3);
function sampleZ(zMean: tf.Tensor, zLogVar: tf.Tensor) {
  return tf.randomNormal(zMean.shape, zMean.dataSync()[0], Math.exp(0.5 * zLogVar.dataSync()[0]));
}
export function train(x: tf.Tensor) {
  optimizer.minimize(() => {
    const [zMean, zLogVar] = encoder.apply(x) as tf.Tensor[];
    const z = sampleZ(zMean, zLogVar);
    return tf.losses.meanSquaredError(x, decoder.apply(z) as tf.Tensor) as tf.Scalar;
  });
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 6, column: 10, severed: ['zMean', 'zLogVar'], sampler: 'tf.randomNormal', site: 'tfjs' }],
  },
  {
    name: 'named imports: variable + train.sgd, sampler on mu.dataSync()',
    code: `import { variable, scalar, randomNormal, train } from '@tensorflow/tfjs';
const mu = variable(scalar(0.5));
const opt = train.sgd(0.1);
opt.minimize(() => {
  const z = randomNormal([1], mu.dataSync()[0], 1);
  return z.square().sum();
});`,
    findings: [{ ruleId: 'opaque-sampler', line: 5, column: 13, severed: ['mu'], sampler: 'tf.randomNormal' }],
  },
  {
    name: 'default import of tfjs-node, truncatedNormal with arraySync std',
    code: `import tf from '@tensorflow/tfjs-node';
const logStd = tf.variable(tf.scalar(0));
const optimizer = tf.train.adam();
optimizer.minimize(() => tf.truncatedNormal([4], 0, tf.exp(logStd).arraySync() as number).mean());`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 26, severed: ['logStd'], sampler: 'tf.truncatedNormal' }],
  },
  {
    name: 'require of tfjs-node-gpu, grad of a function of its parameter',
    file: 'case.js',
    code: `const tf = require('@tensorflow/tfjs-node-gpu');
const g = tf.grad((m) => {
  const z = tf.randomUniform([3], 0, m.arraySync());
  return z.sum();
});`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['m'], sampler: 'tf.randomUniform' }],
  },
  {
    name: 'destructured require with alias from tfjs-core, variableGrads',
    file: 'case.cjs',
    code: `const { randomGamma: gammaDraw, variableGrads, variable, scalar } = require('@tensorflow/tfjs-core');
const alpha = variable(scalar(2));
variableGrads(() => {
  const a = alpha.dataSync()[0];
  return gammaDraw([8], a).mean();
});`,
    findings: [{ ruleId: 'opaque-sampler', line: 5, column: 10, severed: ['alpha'], sampler: 'tf.randomGamma' }],
  },
  {
    name: 'aliased namespace import of tfjs-core, valueAndGrads parameters',
    file: 'case.mts',
    code: `import * as tfc from '@tensorflow/tfjs-core';
export const vg = tfc.valueAndGrads((mean: tfc.Tensor, std: tfc.Tensor) =>
  tfc.randomNormal([2], mean.dataSync()[0], std.dataSync()[0]).sum());`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 3, severed: ['mean', 'std'], sampler: 'tf.randomNormal' }],
  },
  {
    name: 'host round trip alone: dataSync value re-enters the loss',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.scalar(1));
const optimizer = tf.train.sgd(0.1);
optimizer.minimize(() => {
  const s = w.dataSync()[0];
  return tf.scalar(s * 2).square();
});`,
    findings: [{ ruleId: 'host-round-trip', line: 5, column: 13, severed: ['w'], sampler: 'dataSync', site: null }],
  },
  {
    name: 'host round trip: Number() of an arraySync reports the copy once',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.scalar(1));
const f = tf.grad((x: tf.Tensor) => {
  const n = Number(w.mul(x).arraySync());
  return x.mul(n);
});`,
    findings: [{ ruleId: 'host-round-trip', line: 4, column: 20, severed: ['w', 'x'], sampler: 'arraySync' }],
  },
  {
    name: 'host round trip: parseFloat of a tensor string, awaited data()',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.scalar(1));
const optimizer = tf.train.sgd(0.1);
optimizer.minimize(() => {
  const p = parseFloat(w.toString());
  return tf.scalar(p).add(w).square().asScalar();
});`,
    findings: [{ ruleId: 'host-round-trip', line: 5, column: 13, severed: ['w'], sampler: 'parseFloat' }],
  },
  {
    name: 'discrete step: tf.round on a trainable variable',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.tensor1d([0.2, 0.7]));
const optimizer = tf.train.adam();
optimizer.minimize(() => tf.round(w).mul(2).sum());`,
    findings: [{ ruleId: 'discrete-step', line: 4, column: 26, severed: ['w'], sampler: 'tf.round' }],
  },
  {
    name: 'discrete step: argMax method and int cast on model output',
    code: `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
const optimizer = tf.train.adam();
export function step(x: tf.Tensor) {
  optimizer.minimize(() => {
    const logits = model.predict(x) as tf.Tensor;
    const k = logits.argMax(-1).cast('float32');
    return k.sum();
  });
}`,
    findings: [{ ruleId: 'discrete-step', line: 7, column: 15, severed: ['logits'], sampler: 'argMax' }],
  },
  {
    name: 'discrete step: argMax in the prediction of a tf.losses comparison still severs (only the target is a constant)',
    code: `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
const optimizer = tf.train.adam();
export function trainStep(x: tf.Tensor, y: tf.Tensor) {
  optimizer.minimize(() => tf.losses.meanSquaredError(y, (model.predict(x) as tf.Tensor).argMax(-1).toFloat()) as tf.Scalar);
}`,
    findings: [{ ruleId: 'discrete-step', line: 5, column: 58, severed: ['model'], sampler: 'argMax' }],
  },
  {
    name: 'discrete sampler: tf.multinomial with trainable logits reaching the loss by value',
    code: `import * as tf from '@tensorflow/tfjs';
const logits = tf.variable(tf.zeros([1, 4]));
const optimizer = tf.train.adam();
optimizer.minimize(() => {
  const a = tf.multinomial(logits as tf.Tensor2D, 1);
  return a.toFloat().sum();
});`,
    findings: [{ ruleId: 'discrete-step', line: 5, column: 13, severed: ['logits'], sampler: 'tf.multinomial', site: 'tfjs' }],
  },
  {
    name: 'REINFORCE: multinomial action as softmaxCrossEntropy label is info',
    code: `import * as tf from '@tensorflow/tfjs';
const policy = tf.sequential();
const optimizer = tf.train.adam();
export function update(obs: tf.Tensor, reward: tf.Tensor) {
  optimizer.minimize(() => {
    const logits = policy.predict(obs) as tf.Tensor2D;
    const action = tf.multinomial(logits, 1).squeeze();
    const nll = tf.losses.softmaxCrossEntropy(tf.oneHot(action as tf.Tensor1D, 4), logits);
    return nll.mul(reward).mean() as tf.Scalar;
  });
}`,
    findings: [{ ruleId: 'score-function', line: 7, column: 20, severed: ['logits'], severity: 'info' }],
  },
  {
    name: 'Layer subclass call(): weight read back with dataSync into the sampler',
    code: `import * as tf from '@tensorflow/tfjs';
class NoisyLayer extends tf.layers.Layer {
  mu!: tf.LayerVariable;
  build() {
    this.mu = this.addWeight('mu', [1], 'float32', tf.initializers.zeros());
  }
  call(inputs: tf.Tensor) {
    const eps = tf.randomNormal([1], this.mu.read().dataSync()[0], 1);
    return tf.add(inputs, eps);
  }
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 8, column: 17, severed: ['this.mu'] }],
  },
  {
    name: 'sub-layer apply inside Layer.call, tf.tidy inside minimize',
    code: `import * as tf from '@tensorflow/tfjs';
const net = tf.sequential();
const optimizer = tf.train.rmsprop(0.01);
export function fit(xs: tf.Tensor) {
  return optimizer.minimize(() =>
    tf.tidy(() => {
      const h = net.apply(xs) as tf.Tensor;
      const u = tf.randomUniform([1], 0, h.max().dataSync()[0]);
      return u.add(h).sum() as tf.Scalar;
    }),
  );
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 8, column: 17, severed: ['h'], sampler: 'tf.randomUniform' }],
  },
  {
    name: 'class-based trainer: this.optimizer.minimize, this.encoder from the constructor, this.method helper',
    code: `import * as tf from '@tensorflow/tfjs';
export class Trainer {
  private encoder = tf.sequential();
  private optimizer: tf.Optimizer;
  constructor() {
    this.optimizer = tf.train.adam(0.001);
  }
  private latent(x: tf.Tensor) {
    const h = this.encoder.apply(x) as tf.Tensor;
    return tf.randomNormal([2], h.mean().arraySync() as number, 1);
  }
  step(x: tf.Tensor) {
    this.optimizer.minimize(() => this.latent(x).square().sum() as tf.Scalar);
  }
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 10, column: 12, severed: ['h'], sampler: 'tf.randomNormal' }],
  },
  {
    name: 'valid: tfjs loss with Math.random only choosing between two pathwise branches on data',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.scalar(1));
const optimizer = tf.train.sgd(0.1);
const epsilon = 0.1;
optimizer.minimize(() => {
  const explore = Math.random() < epsilon;
  const y = explore ? w.mul(2) : w.mul(3);
  return y.square().asScalar();
});`,
    findings: [],
  },
  {
    name: 'REINFORCE: log-probability gathered at the sampled action — info',
    code: `import * as tf from '@tensorflow/tfjs';
const theta = tf.variable(tf.zeros([4]));
const optimizer = tf.train.adam();
export function update(returns: number) {
  optimizer.minimize(() => {
    const logp = tf.logSoftmax(theta);
    const a = tf.multinomial(theta.expandDims(0) as tf.Tensor2D, 1).reshape([1]);
    return logp.gather(a).mul(-returns).sum() as tf.Scalar;
  });
}`,
    findings: [{ ruleId: 'score-function', line: 7, column: 15, severed: ['theta'], severity: 'info' }],
  },
  {
    name: 'tf.grads over two parameters; computeGradients on an optimizer',
    code: `import * as tf from '@tensorflow/tfjs';
const v = tf.variable(tf.scalar(3));
const opt = tf.train.momentum(0.1, 0.9);
export const gs = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.floor(a).mul(b).sum());
export const cg = opt.computeGradients(() => tf.randomGamma([2], v.dataSync()[0]).sum() as tf.Scalar);`,
    findings: [
      { ruleId: 'discrete-step', line: 4, column: 60, severed: ['a'], sampler: 'tf.floor' },
      { ruleId: 'opaque-sampler', line: 5, column: 46, severed: ['v'], sampler: 'tf.randomGamma' },
    ],
  },
  {
    name: 'Layer subclass with add_weight spelling and a Math.round step in call()',
    file: 'case.js',
    code: `const tf = require('@tensorflow/tfjs');
class Quant extends tf.layers.Layer {
  build() {
    this.scale = this.add_weight('scale', [1], 'float32');
  }
  call(x) {
    const s = Math.round(this.scale.read().arraySync()[0]);
    return x.mul(s);
  }
}`,
    findings: [{ ruleId: 'host-round-trip', line: 7, column: 26, severed: ['this.scale'], sampler: 'arraySync' }],
  },
  // Score-function precision (tfjs).
  {
    name: 'REINFORCE: tf.log(tf.gather(probs, a)) weighted by an advantage — info',
    code: `import * as tf from '@tensorflow/tfjs';
const logits = tf.variable(tf.zeros([1, 4]));
const optimizer = tf.train.adam();
export function update(advantage: number) {
  optimizer.minimize(() => {
    const probs = tf.softmax(logits);
    const a = tf.multinomial(logits as tf.Tensor2D, 1).reshape([1]);
    const logp = tf.log(tf.gather(probs, a, 1));
    return tf.neg(logp.mul(advantage)).sum() as tf.Scalar;
  });
}`,
    findings: [{ ruleId: 'score-function', line: 7, column: 15, severed: ['logits'], severity: 'info' }],
  },
  {
    name: 'REINFORCE: tf.log(probs).mul(oneHot(taken)) weighted by rewards computed from the actions — info',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.zeros([4]));
const PAYOFF = [0, 1, 0.5, 0.2];
export const g = tf.grad((logits: tf.Tensor) => {
  const probs = tf.softmax(logits.add(w));
  const a = tf.multinomial(logits.add(w).expandDims(0) as tf.Tensor2D, 1);
  const taken = Array.from(a.dataSync());
  const rewards = tf.tensor1d(taken.map((i) => PAYOFF[i]));
  const logp = tf.log(probs).mul(tf.oneHot(tf.tensor1d(taken, 'int32'), 4)).sum(1);
  return logp.mul(rewards).neg().mean();
});`,
    findings: [{ ruleId: 'score-function', line: 6, column: 13, severed: ['logits', 'w'], severity: 'info' }],
  },
  {
    name: 'REINFORCE: written-out Gaussian log density in tensors, sample drawn from host copies — info',
    code: `import * as tf from '@tensorflow/tfjs';
const mu = tf.variable(tf.scalar(0));
const logStd = tf.variable(tf.scalar(0));
const opt = tf.train.adam();
declare function rewardOf(x: tf.Tensor): tf.Tensor;
opt.minimize(() => {
  const std = logStd.exp();
  const x = tf.randomNormal([1], mu.dataSync()[0], std.dataSync()[0]);
  const logp = tf.squaredDifference(x, mu).div(std.square().mul(2)).neg().sub(logStd);
  return logp.mul(rewardOf(x)).neg().sum() as tf.Scalar;
});`,
    findings: [{ ruleId: 'score-function', line: 8, column: 13, severed: ['mu', 'std'], severity: 'info', sampler: 'tf.randomNormal' }],
  },
  {
    name: 'not REINFORCE: softmaxCrossEntropy on the sampled action with no reward weight',
    code: `import * as tf from '@tensorflow/tfjs';
const logits = tf.variable(tf.zeros([1, 4]));
const optimizer = tf.train.adam();
export function update() {
  optimizer.minimize(() => {
    const a = tf.multinomial(logits as tf.Tensor2D, 1).reshape([1]);
    const nll = tf.losses.softmaxCrossEntropy(tf.oneHot(a as tf.Tensor1D, 4), logits);
    return nll.mean() as tf.Scalar;
  });
}`,
    findings: [{ ruleId: 'discrete-step', line: 6, column: 15, severed: ['logits'], sampler: 'tf.multinomial' }],
  },
  {
    name: 'not REINFORCE: squared error between a one-hot sample and trainable probabilities',
    code: `import * as tf from '@tensorflow/tfjs';
const logits = tf.variable(tf.zeros([1, 4]));
export const g = tf.grad((w: tf.Tensor) => {
  const a = tf.multinomial(logits.mul(w) as tf.Tensor2D, 1).reshape([1]);
  return tf.losses.meanSquaredError(tf.oneHot(a as tf.Tensor1D, 4), tf.softmax(logits.mul(w)));
});`,
    findings: [{ ruleId: 'discrete-step', line: 4, column: 13, severed: ['logits', 'w'] }],
  },
  {
    name: 'not REINFORCE: gathered log-probability weighted by a trainable-dependent factor',
    code: `import * as tf from '@tensorflow/tfjs';
const logits = tf.variable(tf.zeros([1, 4]));
const opt = tf.train.sgd(0.1);
opt.minimize(() => {
  const a = tf.multinomial(logits as tf.Tensor2D, 1).reshape([1]);
  const logp = tf.logSoftmax(logits).gather(a, 1);
  return logp.mul(tf.softmax(logits).sum()).neg().sum() as tf.Scalar;
});`,
    findings: [{ ruleId: 'discrete-step', line: 5, column: 13, severed: ['logits'] }],
  },
];
