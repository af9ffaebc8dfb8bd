/**
 * Table of tfjs rewrite cases (exact expected output of the chosen fix). Host round trips in the
 * parameters are lifted into tensor ops; the preferred fix keeps the first-element meaning
 * (`flatten().gather(0)`), the whole-tensor variant says it changes semantics.
 */
import type { RewriteCase } from './plain-cases';

const tfSite = (entry: string, family: 'normal' | 'uniform', snippet: string) => ({ library: 'tfjs', entry, family, snippet });

const VAE = `import * as tf from '@tensorflow/tfjs';

export function sampleZ(zMean: tf.Tensor, zLogVar: tf.Tensor): tf.Tensor {
  const z = tf.randomNormal([1, 2], zMean.dataSync()[0], Math.exp(0.5 * zLogVar.dataSync()[0]));
  return z;
}

export const g = tf.grads((m: tf.Tensor, lv: tf.Tensor) => tf.sum(sampleZ(m, lv)));
`;
const VAE_SITE = tfSite('randomNormal', 'normal', 'tf.randomNormal([1, 2], zMean.dataSync()[0], Math.exp(0.5 * zLogVar.dataSync()[0]))');

const METHOD_STYLE = `import * as tf from '@tensorflow/tfjs';

function encode(x: tf.Tensor, w: tf.Tensor) {
  const h = x.matMul(w).relu();
  const mean = h.mean();
  const logStd = h.sum().mul(0.1);
  return h.add(tf.randomNormal(h.shape, mean.dataSync()[0], Math.exp(logStd.dataSync()[0])));
}

export const g = tf.grads((x: tf.Tensor, w: tf.Tensor) => encode(x, w).sum());
`;

export const TFJS_CASES: RewriteCase[] = [
  { name: 'VAE dataSync round trip, function style: exact element fix', code: VAE, site: VAE_SITE, expected: `import * as tf from '@tensorflow/tfjs';

export function sampleZ(zMean: tf.Tensor, zLogVar: tf.Tensor): tf.Tensor {
  const eps = tf.randomNormal([1, 2]);
  const z = tf.add(zMean.flatten().gather(0), tf.mul(tf.exp(tf.mul(0.5, zLogVar.flatten().gather(0))), eps));
  return z;
}

export const g = tf.grads((m: tf.Tensor, lv: tf.Tensor) => tf.sum(sampleZ(m, lv)));
` },
  { name: 'VAE dataSync round trip: whole-tensor variant', code: VAE, site: VAE_SITE, which: 1, expected: `import * as tf from '@tensorflow/tfjs';

export function sampleZ(zMean: tf.Tensor, zLogVar: tf.Tensor): tf.Tensor {
  const eps = tf.randomNormal([1, 2]);
  const z = tf.add(zMean, tf.mul(tf.exp(tf.mul(0.5, zLogVar)), eps));
  return z;
}

export const g = tf.grads((m: tf.Tensor, lv: tf.Tensor) => tf.sum(sampleZ(m, lv)));
` },
  {
    name: 'host-round-trip finding without a site gets the sampler rewrite',
    code: VAE,
    site: { ruleId: 'host-round-trip', family: 'normal', snippet: 'zMean.dataSync()' },
    expected: `import * as tf from '@tensorflow/tfjs';

export function sampleZ(zMean: tf.Tensor, zLogVar: tf.Tensor): tf.Tensor {
  const eps = tf.randomNormal([1, 2]);
  const z = tf.add(zMean.flatten().gather(0), tf.mul(tf.exp(tf.mul(0.5, zLogVar.flatten().gather(0))), eps));
  return z;
}

export const g = tf.grads((m: tf.Tensor, lv: tf.Tensor) => tf.sum(sampleZ(m, lv)));
`,
  },
  {
    name: 'method-style file',
    code: METHOD_STYLE,
    site: tfSite('randomNormal', 'normal', 'tf.randomNormal(h.shape, mean.dataSync()[0], Math.exp(logStd.dataSync()[0]))'),
    expected: `import * as tf from '@tensorflow/tfjs';

function encode(x: tf.Tensor, w: tf.Tensor) {
  const h = x.matMul(w).relu();
  const mean = h.mean();
  const logStd = h.sum().mul(0.1);
  const eps = tf.randomNormal(h.shape);
  return h.add(mean.flatten().gather(0).add(logStd.flatten().gather(0).exp().mul(eps)));
}

export const g = tf.grads((x: tf.Tensor, w: tf.Tensor) => encode(x, w).sum());
`,
  },
  {
    name: 'method-style file: whole-tensor variant',
    code: METHOD_STYLE,
    site: tfSite('randomNormal', 'normal', 'tf.randomNormal(h.shape, mean.dataSync()[0], Math.exp(logStd.dataSync()[0]))'),
    which: 1,
    expected: `import * as tf from '@tensorflow/tfjs';

function encode(x: tf.Tensor, w: tf.Tensor) {
  const h = x.matMul(w).relu();
  const mean = h.mean();
  const logStd = h.sum().mul(0.1);
  const eps = tf.randomNormal(h.shape);
  return h.add(mean.add(logStd.exp().mul(eps)));
}

export const g = tf.grads((x: tf.Tensor, w: tf.Tensor) => encode(x, w).sum());
`,
  },
  {
    name: 'uniform with arraySync scalars: exact, only one fix',
    code: `import * as tf from '@tensorflow/tfjs';
const lo = tf.variable(tf.scalar(0));
const hi = tf.variable(tf.scalar(2));
const loss = () => tf.randomUniform([8], lo.arraySync() as number, hi.arraySync() as number).square().mean();
`,
    site: tfSite('randomUniform', 'uniform', 'tf.randomUniform([8], lo.arraySync() as number, hi.arraySync() as number)'),
    expected: `import * as tf from '@tensorflow/tfjs';
const lo = tf.variable(tf.scalar(0));
const hi = tf.variable(tf.scalar(2));
const loss = () => {
  const u = tf.randomUniform([8]);
  return lo.add(hi.sub(lo).mul(u)).square().mean();
};
`,
  },
  {
    name: 'named imports: method style, noise from the same import',
    code: `import { randomNormal, variable, scalar } from '@tensorflow/tfjs';
const mu = variable(scalar(1));
export function loss() {
  const z = randomNormal([4], mu.dataSync()[0], 0.5);
  return z.square().mean();
}
`,
    site: tfSite('randomNormal', 'normal', 'randomNormal([4], mu.dataSync()[0], 0.5)'),
    expected: `import { randomNormal, variable, scalar } from '@tensorflow/tfjs';
const mu = variable(scalar(1));
export function loss() {
  const eps = randomNormal([4]);
  const z = mu.flatten().gather(0).add(eps.mul(0.5));
  return z.square().mean();
}
`,
  },
  {
    name: 'truncatedNormal with a seed and dtype keeps them on the noise',
    code: `import * as tf from '@tensorflow/tfjs';
function loss(m: tf.Tensor) {
  return tf.truncatedNormal([3], m.dataSync()[0], 2, 'float32', 7).sum();
}
export const g = tf.grad(loss);
`,
    site: tfSite('truncatedNormal', 'normal', "tf.truncatedNormal([3], m.dataSync()[0], 2, 'float32', 7)"),
    expected: `import * as tf from '@tensorflow/tfjs';
function loss(m: tf.Tensor) {
  const eps = tf.truncatedNormal([3], 0, 1, 'float32', 7);
  return m.flatten().gather(0).add(eps.mul(2)).sum();
}
export const g = tf.grad(loss);
`,
  },
  {
    name: 'round trip inside a helper that cannot be lifted: no fix',
    code: `import * as tf from '@tensorflow/tfjs';
declare function clamp(x: number): number;
function loss(m: tf.Tensor) {
  return tf.randomNormal([3], clamp(m.dataSync()[0]), 1).sum();
}
export const g = tf.grad(loss);
`,
    site: tfSite('randomNormal', 'normal', 'tf.randomNormal([3], clamp(m.dataSync()[0]), 1)'),
    expected: null,
  },
  {
    name: 'round trip through a const: the initializer is lifted',
    code: `import * as tf from '@tensorflow/tfjs';
const zMean = tf.variable(tf.zeros([1, 2]));
export function loss() {
  const m = zMean.dataSync()[0];
  const z = tf.randomNormal([1, 2], m, 1);
  return z.square().sum();
}
`,
    site: tfSite('randomNormal', 'normal', 'tf.randomNormal([1, 2], m, 1)'),
    expected: `import * as tf from '@tensorflow/tfjs';
const zMean = tf.variable(tf.zeros([1, 2]));
export function loss() {
  const m = zMean.dataSync()[0];
  const eps = tf.randomNormal([1, 2]);
  const z = zMean.flatten().gather(0).add(eps);
  return z.square().sum();
}
`,
  },
  {
    name: 'number parameters without a round trip: no tfjs rewrite (it would stay severed)',
    code: `import * as tf from '@tensorflow/tfjs';
declare function readMean(): number;
export function loss() {
  const z = tf.randomNormal([1, 2], readMean(), 1);
  return z.square().sum();
}
`,
    site: tfSite('randomNormal', 'normal', 'tf.randomNormal([1, 2], readMean(), 1)'),
    expected: null,
  },
  {
    name: 'await t.data() round trip',
    code: `import * as tf from '@tensorflow/tfjs';
const zMean = tf.variable(tf.zeros([1, 2]));
export async function loss() {
  const z = tf.randomNormal([1, 2], (await zMean.data())[0], 1);
  return z.square().sum();
}
`,
    site: tfSite('randomNormal', 'normal', 'tf.randomNormal([1, 2], (await zMean.data())[0], 1)'),
    expected: `import * as tf from '@tensorflow/tfjs';
const zMean = tf.variable(tf.zeros([1, 2]));
export async function loss() {
  const eps = tf.randomNormal([1, 2]);
  const z = zMean.flatten().gather(0).add(eps);
  return z.square().sum();
}
`,
  },
  {
    name: 'nested arraySync index and a negated round trip',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.ones([2, 2]));
export function loss(): tf.Scalar {
  const z = tf.randomUniform([3], -w.arraySync()[0][1], 2 * (w.dataSync()[3] as number));
  return tf.sum(tf.square(z)) as tf.Scalar;
}
export const g = () => tf.variableGrads(loss);
`,
    site: tfSite('randomUniform', 'uniform', 'tf.randomUniform([3], -w.arraySync()[0][1], 2 * (w.dataSync()[3] as number))'),
    expected: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.ones([2, 2]));
export function loss(): tf.Scalar {
  const u = tf.randomUniform([3]);
  const z = tf.add(tf.neg(w.gather(0).gather(1)), tf.mul(tf.sub(tf.mul(2, w.flatten().gather(3)), tf.neg(w.gather(0).gather(1))), u));
  return tf.sum(tf.square(z)) as tf.Scalar;
}
export const g = () => tf.variableGrads(loss);
`,
  },
  {
    name: 'shape from a variable declared in the same statement: the noise stays inline',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.ones([2, 2]));
export function loss(): tf.Scalar {
  const h = tf.relu(w), z = tf.randomNormal(h.shape, w.dataSync()[0], 1);
  return tf.sum(tf.mul(h, z)) as tf.Scalar;
}
export const g = () => tf.variableGrads(loss);
`,
    site: tfSite('randomNormal', 'normal', 'tf.randomNormal(h.shape, w.dataSync()[0], 1)'),
    expected: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.ones([2, 2]));
export function loss(): tf.Scalar {
  const h = tf.relu(w), z = tf.add(w.flatten().gather(0), tf.randomNormal(h.shape));
  return tf.sum(tf.mul(h, z)) as tf.Scalar;
}
export const g = () => tf.variableGrads(loss);
`,
  },
];
