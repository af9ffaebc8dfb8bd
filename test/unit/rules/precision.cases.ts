/**
 * Precision: code that samples but does not sever a gradient (noise, inference, initialisation,
 * pathwise helpers, values that never reach the loss), settings, and bad input.
 */
import type { Case } from './case';

export const PRECISION_CASES: Case[] = [
  {
    name: 'valid: constant-parameter tfjs noise, reparameterized by hand',
    code: `import * as tf from '@tensorflow/tfjs';
const mu = tf.variable(tf.scalar(0));
const logSigma = tf.variable(tf.scalar(0));
const optimizer = tf.train.adam();
optimizer.minimize(() => {
  const eps = tf.randomNormal([16]);
  const z = mu.add(tf.exp(logSigma).mul(eps));
  return z.sub(3).square().mean() as tf.Scalar;
});`,
    findings: [],
  },
  {
    name: 'valid: constant-parameter d3 noise randomNormal(0, 1)()',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number, sigma: number) {
  const eps = randomNormal(0, 1)();
  return (mu + sigma * eps - 3) ** 2;
}`,
    findings: [],
  },
  {
    name: 'valid: inference-time sampling outside any gradient context',
    code: `import * as tf from '@tensorflow/tfjs';
const decoder = tf.sequential();
const zMean = tf.variable(tf.zeros([2]));
export function generate() {
  const z = tf.randomNormal([1, 2], zMean.dataSync()[0], 1);
  return decoder.predict(z);
}`,
    findings: [],
  },
  {
    name: 'valid: data generation with trainable-looking parameters in a non-objective function',
    code: `import { randomNormal } from 'd3-random';
export function simulate(mu: number, sigma: number, n: number) {
  return Array.from({ length: n }, () => randomNormal(mu, sigma)());
}`,
    findings: [],
  },
  {
    name: 'valid: initialisation of variables with random values',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.randomNormal([3, 3], 0, 0.1));
const b = tf.variable(tf.truncatedNormal([3], 0, 0.01));
const optimizer = tf.train.sgd(0.1);
optimizer.minimize(() => w.matMul(b.reshape([3, 1])).sum() as tf.Scalar);`,
    findings: [],
  },
  {
    name: 'valid: pathwise local helper gaussian(m, s) = m + s * randn()',
    code: `import { randomNormal } from 'd3-random';
const randn = randomNormal(0, 1);
function gaussian(m: number, s: number) {
  return m + s * randn();
}
export function loss(mu: number, sigma: number) {
  return (gaussian(mu, sigma) - 1) ** 2;
}`,
    findings: [],
  },
  {
    name: 'valid: Box-Muller helper on Math.random is pathwise',
    code: `function randn() {
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
export function elbo(mu: number, logSigma: number) {
  const z = mu + Math.exp(logSigma) * randn();
  return -(z * z) / 2 + logSigma;
}`,
    findings: [],
  },
  {
    name: 'valid: non-trainable tf.variable(x, false) feeding a sampler',
    code: `import * as tf from '@tensorflow/tfjs';
const temp = tf.variable(tf.scalar(1), false);
const w = tf.variable(tf.scalar(0));
const optimizer = tf.train.sgd(0.1);
optimizer.minimize(() => tf.randomNormal([1], 0, temp.dataSync()[0]).add(w).sum() as tf.Scalar);`,
    findings: [],
  },
  {
    name: 'valid: dataSync only for logging inside the loss',
    code: `import * as tf from '@tensorflow/tfjs';
const w = tf.variable(tf.scalar(2));
const optimizer = tf.train.sgd(0.1);
optimizer.minimize(() => {
  const loss = w.square();
  console.log('loss', loss.dataSync()[0]);
  return loss as tf.Scalar;
});`,
    findings: [],
  },
  {
    name: 'valid: severed sample computed but never reaches the returned loss',
    code: `import { randomNormal } from 'd3-random';
const log: number[] = [];
export function loss(mu: number) {
  const z = randomNormal(mu, 1)();
  log.push(z);
  return mu * mu;
}`,
    findings: [],
  },
  {
    name: 'valid: Math.floor on a loop index, not a trainable',
    code: `export function loss(theta: number[]) {
  let s = 0;
  for (let i = 0; i < 10; i++) s += theta[Math.floor(i / 2) % theta.length] ** 2;
  return s;
}`,
    findings: [],
  },
  {
    name: 'valid: tfjs objective-named function whose parameters are tensors (not numeric in a tfjs file)',
    code: `import * as tf from '@tensorflow/tfjs';
export function computeLoss(pred: tf.Tensor, labels: tf.Tensor) {
  const k = Math.round(pred.dataSync()[0]);
  return tf.losses.meanSquaredError(labels, pred).mul(k);
}`,
    findings: [],
  },
  {
    name: 'valid: a local function shadows a catalogue name',
    code: `function randomNormal(m: number, s: number) {
  return () => m + s * Math.sqrt(-2 * Math.log(Math.random())) * Math.cos(6.283 * Math.random());
}
export function loss(mu: number, sigma: number) {
  return randomNormal(mu, sigma)() ** 2;
}`,
    findings: [],
  },
  {
    name: 'severity setting off silences a rule',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number) {
  return randomNormal(mu, 1)() ** 2;
}`,
    options: { severity: { 'opaque-sampler': 'off' } },
    findings: [],
  },
  {
    name: 'severity setting error raises a rule',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number) {
  return randomNormal(mu, 1)() ** 2;
}`,
    options: { severity: { 'opaque-sampler': 'error' } },
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['mu'], severity: 'error' }],
  },
  {
    name: 'syntax error after the objective: still analysed up to the error',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number) {
  return randomNormal(mu, 1)() ** 2;
}
function broken( {
  const = ;
`,
    syntaxErrors: 1,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['mu'] }],
  },
  {
    name: 'syntax error inside the objective body: the parsed part is analysed',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number) {
  const z = randomNormal(mu, 2)();
  const broken = (z + ;
  return z * z;
}`,
    syntaxErrors: 1,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['mu'] }],
  },
  {
    name: 'any-heavy dynamic code does not crash and reports nothing',
    code: `const g: any = globalThis as any;
export function loss(this: any, ...args: any[]): any {
  const f = g[args[0]] ?? new Function('return 1');
  const o: any = { [Symbol.iterator]: null, ...args };
  eval('o.x = 1');
  return f.apply(this, args)?.call?.(o)?.[0] ?? (o as any).x;
}
loss.call(null, 'x');`,
    findings: [],
  },
  {
    name: 'recursion and mutual recursion terminate',
    code: `import { randomNormal } from 'd3-random';
function a(x: number): number { return x > 0 ? b(x - 1) : randomNormal(x, 1)(); }
function b(x: number): number { return a(x) + a(x / 2); }
export function loss(mu: number) {
  return a(mu);
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 2, column: 59, severed: ['x'] }],
  },
  {
    name: 'JSX file: objective inside a React component module',
    file: 'case.jsx',
    code: `import { randomNormal } from 'd3-random';
export const View = () => <div>{String(1)}</div>;
export function loss(mu) {
  return randomNormal(mu, 1)();
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 10, severed: ['mu'] }],
  },
  {
    name: 'TSX file with generics and JSX',
    file: 'case.tsx',
    code: `import random from 'random';
export function Box<T,>(p: { v: T }) { return <span>{String(p.v)}</span>; }
export function loss(mu: number): number {
  return random.normal(mu, 1)();
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 10, severed: ['mu'] }],
  },
  {
    name: '.cts file with import = require()',
    file: 'case.cts',
    code: `import tf = require('@tensorflow/tfjs-node');
const w = tf.variable(tf.scalar(1));
const optimizer = tf.train.adam();
optimizer.minimize(() => tf.randomUniform([1], 0, w.dataSync()[0]).sum() as tf.Scalar);`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 26, severed: ['w'] }],
  },
  {
    name: 'valid: double DQN picks the next action with argMax inside the target of meanSquaredError (a bootstrapped target)',
    code: `import * as tf from '@tensorflow/tfjs';
const online = tf.sequential();
const target = tf.sequential();
const optimizer = tf.train.adam();
export function trainStep(states: tf.Tensor, actions: tf.Tensor1D, rewards: tf.Tensor1D, next: tf.Tensor, gamma = 0.99) {
  optimizer.minimize(() => {
    const qs = (online.apply(states, { training: true }) as tf.Tensor).mul(tf.oneHot(actions, 4)).sum(-1);
    const best = (online.predict(next) as tf.Tensor).argMax(-1);
    const nextQ = (target.predict(next) as tf.Tensor).mul(tf.oneHot(best as tf.Tensor1D, 4)).sum(-1);
    const targets = rewards.add(nextQ.mul(gamma));
    return tf.losses.huberLoss(targets, qs) as tf.Scalar;
  });
}`,
    findings: [],
  },
];
