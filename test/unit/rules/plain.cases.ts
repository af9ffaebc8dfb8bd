/** Plain numeric TypeScript frontend: objectives, d3-random, interprocedural flow, discrete steps. */
import type { Case } from './case';

export const PLAIN_CASES: Case[] = [
  {
    name: 'd3 randomNormal(mu, sigma)() in a plain objective',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number, sigma: number): number {
  const z = randomNormal(mu, sigma)();
  return (z - 3) ** 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['mu', 'sigma'], sampler: 'd3.randomNormal', site: 'd3-random' }],
  },
  {
    name: 'd3 .source(rng) chain, arrow objective named *Loss',
    code: `import { randomNormal, randomLcg } from 'd3-random';
const rng = randomLcg(42);
export const reconLoss = (mu: number, s: number) => {
  const draw = randomNormal.source(rng)(mu, s)();
  return draw * draw;
};`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 16, severed: ['mu', 's'], site: 'd3-random' }],
  },
  {
    name: 'd3 namespace import, randomExponential with a trainable rate',
    code: `import * as d3 from 'd3-random';
function elbo(rate: number) {
  return Math.log(d3.randomExponential(rate)() + 1);
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 19, severed: ['rate'], sampler: 'd3.randomExponential' }],
  },
  {
    name: 'd3 via destructured require in a .js objective (untyped parameters are numeric)',
    file: 'case.js',
    code: `const { randomLogNormal } = require('d3-random');
function objective(m, s) {
  const x = randomLogNormal(m, s)();
  return x - 1;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['m', 's'], sampler: 'd3.randomLogNormal' }],
  },
  {
    name: 'stored d3 generator: reported at the factory call, no site for the fix engine',
    code: `import { randomNormal } from 'd3-random';
export function nll(mu: number, s: number) {
  const gen = randomNormal(mu, s);
  let acc = 0;
  for (let i = 0; i < 10; i++) acc += gen() ** 2;
  return acc;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 15, severed: ['mu', 's'], site: null }],
  },
  {
    name: 'interprocedural: the objective calls a helper that samples',
    code: `import { randomNormal } from 'd3-random';
function draw(m: number, sd: number) {
  return randomNormal(m, sd)();
}
export function loss(mu: number, logSigma: number) {
  const sigma = Math.exp(logSigma);
  const z = draw(mu, sigma);
  return z * z;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['m', 'sd'] }],
  },
  {
    name: 'closure over trainables inside the objective',
    code: `import { randomUniform } from 'd3-random';
export function loss(lo: number, hi: number) {
  const sample = () => randomUniform(lo, hi)();
  const xs = [sample(), sample()];
  return xs[0] + xs[1];
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 24, severed: ['lo', 'hi'], sampler: 'd3.randomUniform' }],
  },
  {
    name: 'destructured parameter object in a JS objective, returned through an object',
    file: 'case.mjs',
    code: `import { randomGamma } from 'd3-random';
function sampleAll({ k, theta }) {
  return { g: randomGamma(k, theta)(), n: 1 };
}
export function negLogLikelihood(params) {
  const { k, theta } = params;
  const { g } = sampleAll({ k, theta });
  return -Math.log(g);
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 15, severed: ['k', 'theta'], sampler: 'd3.randomGamma' }],
  },
  {
    name: '@differentiable JSDoc marks an objective whose name does not match',
    code: `import { randomUniform } from 'd3-random';
/** @differentiable */
function spread(theta: number) {
  return randomUniform(0, theta)() * 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 10, severed: ['theta'] }],
  },
  {
    name: 'custom objectivePattern setting',
    code: `import { randomNormal } from 'd3-random';
function cost(mu: number) {
  return randomNormal(mu, 1)() ** 2;
}`,
    options: { objectivePattern: '^cost$' },
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['mu'] }],
  },
  {
    name: 'discrete: d3 randomBernoulli with a trainable probability',
    code: `import { randomBernoulli } from 'd3-random';
export function loss(p: number) {
  return 10 * randomBernoulli(p)();
}`,
    findings: [{ ruleId: 'discrete-step', line: 3, column: 15, severed: ['p'], sampler: 'd3.randomBernoulli', site: 'd3-random' }],
  },
  {
    name: 'discrete: Math.random() < p in a ternary',
    code: `export function loss(p: number) {
  const hit = Math.random() < p ? 1 : 0;
  return (hit - 0.3) ** 2;
}`,
    findings: [{ ruleId: 'discrete-step', line: 2, column: 15, severed: ['p'], sampler: 'Math.random' }],
  },
  {
    name: 'discrete: Math.random() < p as an if condition (control dependence)',
    code: `export function loss(p: number) {
  let x = 0;
  if (p > Math.random()) {
    x = 1;
  }
  return x * 5;
}`,
    findings: [{ ruleId: 'discrete-step', line: 3, column: 7, severed: ['p'] }],
  },
  {
    name: 'discrete: Math.round and Math.floor on trainables',
    code: `export function objective(theta: number, w: number) {
  const k = Math.round(theta * 3);
  return k + Math.floor(w) * theta;
}`,
    findings: [
      { ruleId: 'discrete-step', line: 2, column: 13, severed: ['theta'], sampler: 'Math.round' },
      { ruleId: 'discrete-step', line: 3, column: 14, severed: ['w'], sampler: 'Math.floor' },
    ],
  },
  {
    name: 'REINFORCE in plain TS: Bernoulli sample only weights log p — info',
    code: `declare function reward(a: number): number;
export function loss(p: number) {
  const a = Math.random() < p ? 1 : 0;
  const logp = a * Math.log(p) + (1 - a) * Math.log(1 - p);
  return -logp * reward(a);
}`,
    findings: [{ ruleId: 'score-function', line: 3, column: 13, severed: ['p'], severity: 'info' }],
  },
  {
    name: 'REINFORCE with a written-out Gaussian log density — info',
    code: `import { randomNormal } from 'd3-random';
declare function f(x: number): number;
export function surrogateLoss(mu: number, s: number) {
  const x = randomNormal(mu, s)();
  const logp = -((x - mu) ** 2) / (2 * s * s) - Math.log(s);
  return -logp * f(x);
}`,
    findings: [{ ruleId: 'score-function', line: 4, column: 13, severed: ['mu', 's'], severity: 'info', sampler: 'd3.randomNormal' }],
  },
  {
    name: 'REINFORCE through a user logProb(action, logits) helper — info',
    code: `import { randomNormal } from 'd3-random';
declare function logProb(x: number, mean: number): number;
export function pgLoss(mean: number) {
  const action = randomNormal(mean, 0.1)();
  return -logProb(action, mean) * (action > 0 ? 1 : 0);
}`,
    findings: [{ ruleId: 'score-function', line: 4, column: 18, severed: ['mean'], severity: 'info' }],
  },
  {
    name: 'CommonJS module.exports.loss = function (…) objective',
    file: 'case.cjs',
    code: `const d3 = require('d3-random');
module.exports.loss = function (mu, sigma) {
  return d3.randomCauchy(mu, sigma)() ** 2;
};`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['mu', 'sigma'], sampler: 'd3.randomCauchy' }],
  },
  {
    name: 'class property arrow objective using a sibling field sampler',
    code: `import { randomLogistic } from 'd3-random';
export class Model {
  scale = 2;
  elbo = (loc: number, s: number): number => randomLogistic(loc, s)() * this.scale;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 46, severed: ['loc', 's'], sampler: 'd3.randomLogistic' }],
  },
  {
    name: 'objective over a parameter object typed by a same-file interface of numbers',
    code: `import { randomNormal } from 'd3-random';
interface Params { mu: number; logSigma: number }
export function loss(p: Params, data: string[]) {
  const x = randomNormal(p.mu, Math.exp(p.logSigma))();
  return x * data.length;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['p.mu', 'p.logSigma'], sampler: 'd3.randomNormal' }],
  },
  {
    name: 'valid: objective parameters of non-numeric types are not trainable',
    code: `import { randomNormal } from 'd3-random';
type Config = { name: string; mu: number };
export function loss(cfg: Config, label: string, flag: boolean) {
  return randomNormal(cfg.mu, 1)() + label.length + (flag ? 1 : 0);
}`,
    findings: [],
  },
  // Score-function precision: only a reward-weighted log-likelihood with the sample as target is info.
  {
    name: 'not REINFORCE: softplus (log1p) of a trainable near a severed sample stays a warning (repro 1)',
    code: `import { randomNormal } from 'd3-random';
export function loss(muW = 0.5, rhoW = -2, muB = 0): number {
  const eps = randomNormal(0, 1)();
  const w = muW + Math.log1p(Math.exp(rhoW)) * eps;
  const b = randomNormal(muB, 0.1)();
  const r = 3 - (w * 2 + b);
  return r * r;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 5, column: 13, severed: ['muB'], sampler: 'd3.randomNormal' }],
  },
  {
    name: 'not REINFORCE: squared error between a trainable prediction and a severed sample (repro 2)',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number, sigma: number): number {
  const eps = randomNormal(0, 1)();
  const a = mu + sigma * eps;
  const b = randomNormal(mu * 2, sigma)();
  return (a - b) ** 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 5, column: 13, severed: ['mu', 'sigma'], sampler: 'd3.randomNormal' }],
  },
  {
    name: 'not REINFORCE: a Gaussian log-density shape with no reward weight (only a constant scale)',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number, s: number) {
  const x = randomNormal(mu, s)();
  return (x - mu) ** 2 * 0.5 + Math.log(s);
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['mu', 's'] }],
  },
  {
    name: 'not REINFORCE: unweighted -logProb(x, mean) of the model own sample',
    code: `import { randomNormal } from 'd3-random';
declare function logProb(x: number, mean: number): number;
export function nll(mean: number) {
  const x = randomNormal(mean, 1)();
  return -logProb(x, mean);
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['mean'] }],
  },
  {
    name: 'not REINFORCE: the sample also reaches the loss as a value (x * x) besides -logProb(x) * f(x)',
    code: `import { randomNormal } from 'd3-random';
declare function logProb(x: number, mean: number): number;
declare function f(x: number): number;
export function loss(mu: number) {
  const x = randomNormal(mu, 1)();
  return -logProb(x, mu) * f(x) + x * x;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 5, column: 13, severed: ['mu'] }],
  },
  {
    name: 'not REINFORCE: a continuous sample times a log of a trainable',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number, s: number) {
  const z = randomNormal(mu, 1)();
  return z * Math.log(s) * 3;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['mu'] }],
  },
  {
    name: 'not REINFORCE: a log density weighted by a function of trainables (mu * x)',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number, s: number) {
  const x = randomNormal(mu, s)();
  const logp = -((x - mu) ** 2) / (2 * s * s) - Math.log(s);
  return -logp * (mu * x);
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['mu', 's'] }],
  },
  {
    name: 'REINFORCE: Bernoulli outcome selects Math.log(p) or Math.log(1 - p) — info',
    code: `declare function reward(a: number): number;
export function loss(p: number) {
  const a = Math.random() < p ? 1 : 0;
  const logp = a ? Math.log(p) : Math.log(1 - p);
  return -logp * reward(a);
}`,
    findings: [{ ruleId: 'score-function', line: 3, column: 13, severed: ['p'], severity: 'info' }],
  },
  {
    name: 'REINFORCE: -log_prob(a, mu, s) * advantage — info',
    code: `import { randomNormal } from 'd3-random';
declare function log_prob(x: number, mu: number, s: number): number;
export function pgLoss(mu: number, s: number, advantage: number) {
  const a = randomNormal(mu, s)();
  return -log_prob(a, mu, s) * advantage;
}`,
    findings: [{ ruleId: 'score-function', line: 4, column: 13, severed: ['mu', 's'], severity: 'info', sampler: 'd3.randomNormal' }],
  },
  {
    name: 'REINFORCE: scaled Gaussian log density ((x - mu) / s) ** 2 weighted by R — info',
    code: `import { randomNormal } from 'd3-random';
export function surrogateLoss(mu: number, s: number, R: number) {
  const x = randomNormal(mu, s)();
  return (0.5 * ((x - mu) / s) ** 2 + Math.log(s)) * R;
}`,
    findings: [{ ruleId: 'score-function', line: 3, column: 13, severed: ['mu', 's'], severity: 'info' }],
  },
];
