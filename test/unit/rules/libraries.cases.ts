/** One or more invalid cases for every catalogue library and import form, plus user samplers. */
import type { Case } from './case';

export const LIBRARY_CASES: Case[] = [
  {
    name: 'stdlib: default import of @stdlib/random-base-normal, direct call',
    code: `import normal from '@stdlib/random-base-normal';
export function loss(mu: number, sigma: number) {
  return normal(mu, sigma) ** 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['mu', 'sigma'], sampler: '@stdlib/random/base/normal', site: 'stdlib' }],
  },
  {
    name: 'stdlib: require @stdlib/random/base/normal, .factory(mu, sigma)()',
    file: 'case.js',
    code: `const normal = require('@stdlib/random/base/normal');
function loss(mu, sigma) {
  const z = normal.factory(mu, sigma)();
  return z * z;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['mu', 'sigma'], sampler: '@stdlib/random/base/normal.factory', site: 'stdlib' }],
  },
  {
    name: 'stdlib: namespace @stdlib/random/base, gumbel',
    code: `import * as base from '@stdlib/random/base';
export const objective = (mu: number, beta: number) => base.gumbel(mu, beta) - mu;`,
    findings: [{ ruleId: 'opaque-sampler', line: 2, column: 56, severed: ['mu', 'beta'], sampler: '@stdlib/random/base/gumbel' }],
  },
  {
    name: 'stdlib: hyphenated package @stdlib/random-base-pareto-type1',
    code: `import pareto from '@stdlib/random-base-pareto-type1';
export function loss(alpha: number) {
  return pareto(alpha, 1);
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['alpha'], sampler: '@stdlib/random/base/paretoType1' }],
  },
  {
    name: 'jstat: named import, jStat.normal.sample(mean, std)',
    code: `import { jStat } from 'jstat';
export function loss(mean: number, std: number) {
  return Math.abs(jStat.normal.sample(mean, std));
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 19, severed: ['mean', 'std'], sampler: 'jStat.normal.sample', site: 'jstat' }],
  },
  {
    name: 'jstat: require, exponential.sample(rate)',
    file: 'case.cjs',
    code: `const { jStat } = require('jstat');
function nll(rate) {
  return jStat.exponential.sample(rate) * 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['rate'], sampler: 'jStat.exponential.sample' }],
  },
  {
    name: 'jstat: browser global jStat, distribution object .sample()',
    file: 'case.js',
    code: `function loss(a, b) {
  return jStat.beta(a, b).sample();
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 2, column: 10, severed: ['a', 'b'], site: 'jstat' }],
  },
  {
    name: 'random: default import, random.normal(mu, sigma)()',
    code: `import random from 'random';
export function loss(mu: number, sigma: number) {
  const x = random.normal(mu, sigma)();
  return (x - 1) ** 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['mu', 'sigma'], sampler: 'random.normal', site: 'random' }],
  },
  {
    name: 'random: seeded instance new Random(), float(lo, hi) direct',
    code: `import { Random } from 'random';
const rng = new Random('seed');
export function loss(lo: number, hi: number) {
  return rng.float(lo, hi);
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 10, severed: ['lo', 'hi'], sampler: 'random.float' }],
  },
  {
    name: 'gaussian: gaussian(mean, variance).ppf(Math.random())',
    file: 'case.js',
    code: `const gaussian = require('gaussian');
function loss(mean, variance) {
  const x = gaussian(mean, variance).ppf(Math.random());
  return x * x;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 13, severed: ['mean', 'variance'], sampler: 'gaussian', site: 'gaussian' }],
  },
  {
    name: 'gaussian: default import, .random(n)[0]',
    code: `import gaussian from 'gaussian';
export function loss(m: number, v: number) {
  return gaussian(m, v).random(1)[0] - m;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['m', 'v'], site: 'gaussian' }],
  },
  {
    name: 'random-normal: options object { mean, dev }',
    code: `import randomNormal from 'random-normal';
export function loss(mu: number, sigma: number) {
  return randomNormal({ mean: mu, dev: sigma }) ** 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['mu', 'sigma'], sampler: 'randomNormal', site: 'random-normal' }],
  },
  {
    name: 'probability-distributions: PD.rnorm(n, mean, sd)[0]',
    file: 'case.js',
    code: `const PD = require('probability-distributions');
function loss(mean, sd) {
  return PD.rnorm(1, mean, sd)[0] ** 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['mean', 'sd'], sampler: 'PD.rnorm', site: 'probability-distributions' }],
  },
  {
    name: 'probability-distributions: named rgamma',
    code: `import { rgamma } from 'probability-distributions';
export function loss(alpha: number) {
  return rgamma(4, alpha, 1).reduce((a, b) => a + b, 0);
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['alpha'], sampler: 'PD.rgamma' }],
  },
  {
    name: 'chance: new Chance(), chance.normal({ mean, dev })',
    code: `import Chance from 'chance';
const chance = new Chance(7);
export function loss(mu: number, sigma: number) {
  return chance.normal({ mean: mu, dev: sigma }) - 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 4, column: 10, severed: ['mu', 'sigma'], sampler: 'chance.normal', site: 'chance' }],
  },
  {
    name: 'user sampler from settings (dotted name), direct form',
    code: `declare const rng: { gauss(m: number, s: number): number };
export function loss(mu: number, s: number) {
  return rng.gauss(mu, s) ** 2;
}`,
    options: { samplers: [{ name: 'rng.gauss', family: 'normal', params: [0, 1] }] },
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['mu', 's'], sampler: 'rng.gauss', site: 'user' }],
  },
  {
    name: 'user sampler, factory form',
    code: `declare function makeLaplace(m: number, b: number): () => number;
export function loss(m: number, b: number) {
  return makeLaplace(m, b)() ** 2;
}`,
    options: { samplers: [{ name: 'makeLaplace', family: 'laplace', params: [0, 1], form: 'factory' }] },
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['m', 'b'], sampler: 'makeLaplace', site: 'user' }],
  },
  {
    name: 'd3: aliased named import (randomNormal as gauss)',
    code: `import { randomNormal as gauss } from 'd3-random';
export function loss(mu: number) {
  return gauss(mu, 0.5)() ** 2;
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['mu'], sampler: 'd3.randomNormal', site: 'd3-random' }],
  },
  {
    name: 'd3: member of a require call, require(\'d3-random\').randomWeibull',
    file: 'case.js',
    code: `const weibull = require('d3-random').randomWeibull;
function loss(k) {
  return weibull(k, 0, 1)();
}`,
    findings: [{ ruleId: 'opaque-sampler', line: 3, column: 10, severed: ['k'], sampler: 'd3.randomWeibull' }],
  },
];
