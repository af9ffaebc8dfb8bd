/**
 * Table of plain-number rewrite cases: input, the finding's site (as the analyzer reports it) and
 * the exact expected output of the preferred fix (null: no fix is offered).
 */
import type { AnalyzeOptions } from '../../../src/core/config';
import type { SiteSpec } from './helpers';

export interface RewriteCase {
  name: string;
  code: string;
  site: SiteSpec;
  options?: AnalyzeOptions;
  expected: string | null;
  /** Which fix (index in the preferred-first list); default 0. */
  which?: number;
}

const d3 = (entry: string, family: SiteSpec['family'], snippet: string, nth?: number): SiteSpec => ({ library: 'd3-random', entry, family, snippet, nth });

export const PLAIN_CASES: RewriteCase[] = [
  {
    name: 'normal, d3 named import, comment kept',
    code: `import { randomNormal } from 'd3-random';
function loss(mu: number, sigma: number): number {
  // draw z
  const z = randomNormal(mu, sigma)();
  return z * z;
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal(mu, sigma)()'),
    expected: `import { randomNormal } from 'd3-random';
function loss(mu: number, sigma: number): number {
  const eps = randomNormal(0, 1)();
  // draw z
  const z = mu + sigma * eps;
  return z * z;
}
`,
  },
  {
    name: 'normal, d3 namespace import',
    code: `import * as d3 from 'd3-random';
export function elbo(mu: number, logSigma: number): number {
  const z = d3.randomNormal(mu, Math.exp(logSigma))();
  return -0.5 * z * z;
}
`,
    site: d3('randomNormal', 'normal', 'd3.randomNormal(mu, Math.exp(logSigma))()'),
    expected: `import * as d3 from 'd3-random';
export function elbo(mu: number, logSigma: number): number {
  const eps = d3.randomNormal(0, 1)();
  const z = mu + Math.exp(logSigma) * eps;
  return -0.5 * z * z;
}
`,
  },
  {
    name: 'normal, aliased import, nested in a call and a product',
    code: `import { randomNormal as rn } from 'd3-random';
function loss(mu: number, sigma: number, w: number) {
  return Math.tanh(2 * rn(mu, sigma)() * w);
}
`,
    site: d3('randomNormal', 'normal', 'rn(mu, sigma)()'),
    expected: `import { randomNormal as rn } from 'd3-random';
function loss(mu: number, sigma: number, w: number) {
  const eps = rn(0, 1)();
  return Math.tanh(2 * (mu + sigma * eps) * w);
}
`,
  },
  {
    name: 'normal, parameters that need parentheses',
    code: `import { randomNormal } from 'd3-random';
function loss(a: number, b: number, s1: number, s2: number) {
  const z = randomNormal(a + b, s1 + s2)();
  return z;
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal(a + b, s1 + s2)()'),
    expected: `import { randomNormal } from 'd3-random';
function loss(a: number, b: number, s1: number, s2: number) {
  const eps = randomNormal(0, 1)();
  const z = a + b + (s1 + s2) * eps;
  return z;
}
`,
  },
  {
    name: 'normal, name clash: eps and eps2 taken',
    code: `import { randomNormal } from 'd3-random';
const eps = 1e-8;
function loss(mu: number, sigma: number) {
  const eps2 = 0.1;
  const z = randomNormal(mu, sigma)();
  return z + eps + eps2;
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal(mu, sigma)()'),
    expected: `import { randomNormal } from 'd3-random';
const eps = 1e-8;
function loss(mu: number, sigma: number) {
  const eps2 = 0.1;
  const eps3 = randomNormal(0, 1)();
  const z = mu + sigma * eps3;
  return z + eps + eps2;
}
`,
  },
  {
    name: 'normal, seeded source kept',
    code: `import { randomLcg, randomNormal } from 'd3-random';
const rng = randomLcg(0.5);
export function loss(mu: number, sigma: number) {
  const z = randomNormal.source(rng)(mu, sigma)();
  return z * z;
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal.source(rng)(mu, sigma)()'),
    expected: `import { randomLcg, randomNormal } from 'd3-random';
const rng = randomLcg(0.5);
export function loss(mu: number, sigma: number) {
  const eps = randomNormal.source(rng)(0, 1)();
  const z = mu + sigma * eps;
  return z * z;
}
`,
  },
  {
    name: 'normal, arrow function with expression body',
    code: `import { randomNormal } from 'd3-random';
export const loss = (mu: number, sigma: number) => randomNormal(mu, sigma)() ** 2;
`,
    site: d3('randomNormal', 'normal', 'randomNormal(mu, sigma)()'),
    expected: `import { randomNormal } from 'd3-random';
export const loss = (mu: number, sigma: number) => {
  const eps = randomNormal(0, 1)();
  return (mu + sigma * eps) ** 2;
};
`,
  },
  {
    name: 'normal, class method',
    code: `import { randomNormal } from 'd3-random';
class Model {
  scale = 1;
  loss(mu: number, sigma: number): number {
    const z = randomNormal(mu, this.scale * sigma)();
    return z * z;
  }
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal(mu, this.scale * sigma)()'),
    expected: `import { randomNormal } from 'd3-random';
class Model {
  scale = 1;
  loss(mu: number, sigma: number): number {
    const eps = randomNormal(0, 1)();
    const z = mu + this.scale * sigma * eps;
    return z * z;
  }
}
`,
  },
  {
    name: 'normal, unbraced if body',
    code: `import { randomNormal } from 'd3-random';
function loss(mu: number, sigma: number, noisy: boolean) {
  let z = mu;
  if (noisy) z = randomNormal(mu, sigma)();
  return z * z;
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal(mu, sigma)()'),
    expected: `import { randomNormal } from 'd3-random';
function loss(mu: number, sigma: number, noisy: boolean) {
  let z = mu;
  if (noisy) {
    const eps = randomNormal(0, 1)();
    z = mu + sigma * eps;
  }
  return z * z;
}
`,
  },
  {
    name: 'normal, two samplers in one statement: the second one',
    code: `import { randomNormal } from 'd3-random';
function loss(m1: number, s1: number, m2: number, s2: number) {
  const z = randomNormal(m1, s1)() + randomNormal(m2, s2)();
  return z * z;
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal(m2, s2)()'),
    expected: `import { randomNormal } from 'd3-random';
function loss(m1: number, s1: number, m2: number, s2: number) {
  const eps = randomNormal(0, 1)();
  const z = randomNormal(m1, s1)() + (m2 + s2 * eps);
  return z * z;
}
`,
  },
  {
    name: 'normal, loop condition keeps the draw inline',
    code: `import { randomNormal } from 'd3-random';
function loss(mu: number, sigma: number) {
  let n = 0;
  for (let i = 0; i < randomNormal(mu, sigma)(); i++) n += i;
  return n;
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal(mu, sigma)()'),
    expected: `import { randomNormal } from 'd3-random';
function loss(mu: number, sigma: number) {
  let n = 0;
  for (let i = 0; i < mu + sigma * randomNormal(0, 1)(); i++) n += i;
  return n;
}
`,
  },
  {
    name: 'normal, CRLF line endings and tabs',
    code: "import { randomNormal } from 'd3-random';\r\nfunction loss(mu: number, sigma: number) {\r\n\tconst f = (s: number) => randomNormal(mu, s)();\r\n\treturn f(sigma);\r\n}\r\n",
    site: d3('randomNormal', 'normal', 'randomNormal(mu, s)()'),
    expected: "import { randomNormal } from 'd3-random';\r\nfunction loss(mu: number, sigma: number) {\r\n\tconst f = (s: number) => {\r\n\t\tconst eps = randomNormal(0, 1)();\r\n\t\treturn mu + s * eps;\r\n\t};\r\n\treturn f(sigma);\r\n}\r\n",
  },
  {
    name: 'lognormal, d3: normal noise from an added named import',
    code: `import { randomLogNormal } from 'd3-random';
function loss(mu: number, sigma: number) {
  const z = randomLogNormal(mu, sigma)();
  return z;
}
`,
    site: d3('randomLogNormal', 'lognormal', 'randomLogNormal(mu, sigma)()'),
    expected: `import { randomLogNormal, randomNormal } from 'd3-random';
function loss(mu: number, sigma: number) {
  const eps = randomNormal(0, 1)();
  const z = Math.exp(mu + sigma * eps);
  return z;
}
`,
  },
  {
    name: 'uniform, d3',
    code: `import { randomUniform } from 'd3-random';
function loss(a: number, b: number) {
  const x = randomUniform(a, b)();
  return x * x;
}
`,
    site: d3('randomUniform', 'uniform', 'randomUniform(a, b)()'),
    expected: `import { randomUniform } from 'd3-random';
function loss(a: number, b: number) {
  const u = randomUniform(0, 1)();
  const x = a + (b - a) * u;
  return x * x;
}
`,
  },
  {
    name: 'exponential, d3 seeded, arrow body, existing randomUniform import reused',
    code: `import { randomExponential, randomLcg, randomUniform } from 'd3-random';
const rng = randomLcg(42);
const objective = (lam: number) => randomExponential.source(rng)(lam)() * 2 + randomUniform()();
`,
    site: d3('randomExponential', 'exponential', 'randomExponential.source(rng)(lam)()'),
    expected: `import { randomExponential, randomLcg, randomUniform } from 'd3-random';
const rng = randomLcg(42);
const objective = (lam: number) => {
  const u = randomUniform.source(rng)(0, 1)();
  return -Math.log1p(-u) / lam * 2 + randomUniform()();
};
`,
  },
  {
    name: 'logistic, d3 namespace',
    code: `import * as d3 from 'd3-random';
function loss(loc: number, scale: number) {
  return d3.randomLogistic(loc, scale)();
}
`,
    site: d3('randomLogistic', 'logistic', 'd3.randomLogistic(loc, scale)()'),
    expected: `import * as d3 from 'd3-random';
function loss(loc: number, scale: number) {
  const u = d3.randomUniform(0, 1)();
  return loc + scale * (Math.log(u) - Math.log1p(-u));
}
`,
  },
  {
    name: 'cauchy, d3 with randomUniform taken by a local name',
    code: `import { randomCauchy } from 'd3-random';
const randomUniform = 3;
function loss(x0: number, gamma: number) {
  return randomCauchy(x0, gamma)() * randomUniform;
}
`,
    site: d3('randomCauchy', 'cauchy', 'randomCauchy(x0, gamma)()'),
    expected: `import { randomCauchy, randomUniform as randomUniform2 } from 'd3-random';
const randomUniform = 3;
function loss(x0: number, gamma: number) {
  const u = randomUniform2(0, 1)();
  return (x0 + gamma * Math.tan(Math.PI * (u - 0.5))) * randomUniform;
}
`,
  },
  {
    name: 'weibull, d3 (k, a, b)',
    code: `import { randomWeibull } from 'd3-random';
function loss(k: number, a: number, b: number) {
  return randomWeibull(k, a, b)();
}
`,
    site: d3('randomWeibull', 'weibull', 'randomWeibull(k, a, b)()'),
    expected: `import { randomWeibull, randomUniform } from 'd3-random';
function loss(k: number, a: number, b: number) {
  const u = randomUniform(0, 1)();
  return a + b * Math.pow(-Math.log1p(-u), 1 / k);
}
`,
  },
  {
    name: 'pareto, d3 (alpha)',
    code: `import { randomPareto } from 'd3-random';
function loss(alpha: number) {
  return randomPareto(alpha)();
}
`,
    site: d3('randomPareto', 'pareto', 'randomPareto(alpha)()'),
    expected: `import { randomPareto, randomUniform } from 'd3-random';
function loss(alpha: number) {
  const u = randomUniform(0, 1)();
  return Math.pow(1 - u, -1 / alpha);
}
`,
  },
  {
    name: 'laplace, jstat',
    code: `import { jStat } from 'jstat';
function loss(mu: number, b: number) {
  const z = jStat.laplace.sample(mu, b);
  return z * z;
}
`,
    site: { library: 'jstat', entry: 'laplace', family: 'laplace', snippet: 'jStat.laplace.sample(mu, b)' },
    expected: `import { jStat } from 'jstat';
function loss(mu: number, b: number) {
  const u = jStat.uniform.sample(0, 1);
  const z = mu - b * Math.sign(u - 0.5) * Math.log1p(-2 * Math.abs(u - 0.5));
  return z * z;
}
`,
  },
  {
    name: 'normal, jstat',
    code: `import { jStat } from 'jstat';
function loss(mu: number, sd: number) {
  return jStat.normal.sample(mu, sd) ** 2;
}
`,
    site: { library: 'jstat', entry: 'normal', family: 'normal', snippet: 'jStat.normal.sample(mu, sd)' },
    expected: `import { jStat } from 'jstat';
function loss(mu: number, sd: number) {
  const eps = jStat.normal.sample(0, 1);
  return (mu + sd * eps) ** 2;
}
`,
  },
  {
    name: 'exponential, jstat',
    code: `const { jStat } = require('jstat');
function loss(rate) {
  return jStat.exponential.sample(rate);
}
`,
    site: { library: 'jstat', entry: 'exponential', family: 'exponential', snippet: 'jStat.exponential.sample(rate)' },
    expected: `const { jStat } = require('jstat');
function loss(rate) {
  const u = jStat.uniform.sample(0, 1);
  return -Math.log1p(-u) / rate;
}
`,
  },
  {
    name: 'gumbel, stdlib: uniform from an added import',
    code: `import gumbel from '@stdlib/random-base-gumbel';
function loss(mu: number, beta: number) {
  return gumbel(mu, beta);
}
`,
    site: { library: 'stdlib', entry: 'gumbel', family: 'gumbel', snippet: 'gumbel(mu, beta)' },
    expected: `import gumbel from '@stdlib/random-base-gumbel';
import uniform from '@stdlib/random-base-uniform';
function loss(mu: number, beta: number) {
  const u = uniform(0, 1);
  return mu - beta * Math.log(-Math.log(u));
}
`,
  },
  {
    name: 'normal, stdlib require',
    code: `const normal = require('@stdlib/random/base/normal');
function loss(mu, sigma) {
  const z = normal(mu, sigma);
  return z * z;
}
`,
    site: { library: 'stdlib', entry: 'normal', family: 'normal', snippet: 'normal(mu, sigma)' },
    expected: `const normal = require('@stdlib/random/base/normal');
function loss(mu, sigma) {
  const eps = normal(0, 1);
  const z = mu + sigma * eps;
  return z * z;
}
`,
  },
  {
    name: 'uniform, stdlib',
    code: `import uniform from '@stdlib/random-base-uniform';
function loss(lo: number, hi: number) {
  return uniform(lo, hi);
}
`,
    site: { library: 'stdlib', entry: 'uniform', family: 'uniform', snippet: 'uniform(lo, hi)' },
    expected: `import uniform from '@stdlib/random-base-uniform';
function loss(lo: number, hi: number) {
  const u = uniform(0, 1);
  return lo + (hi - lo) * u;
}
`,
  },
  {
    name: 'normal, gaussian package takes the variance',
    code: `import gaussian from 'gaussian';
function loss(mean: number, variance: number) {
  return gaussian(mean, variance).ppf(Math.random());
}
`,
    site: { library: 'gaussian', entry: 'gaussian', family: 'normal', snippet: 'gaussian(mean, variance).ppf(Math.random())' },
    expected: `import gaussian from 'gaussian';
function loss(mean: number, variance: number) {
  const eps = gaussian(0, 1).ppf(Math.random());
  return mean + Math.sqrt(variance) * eps;
}
`,
  },
  {
    name: 'normal, chance options object',
    code: `import Chance from 'chance';
const chance = new Chance();
function loss(m: number, s: number) {
  return chance.normal({ mean: m, dev: s });
}
`,
    site: { library: 'chance', entry: 'normal', family: 'normal', snippet: 'chance.normal({ mean: m, dev: s })' },
    expected: `import Chance from 'chance';
const chance = new Chance();
function loss(m: number, s: number) {
  const eps = chance.normal({ mean: 0, dev: 1 });
  return m + s * eps;
}
`,
  },
  {
    name: 'normal, user sampler from the config',
    code: `import { sampleGauss } from './rng';
function loss(m: number, s: number) {
  return sampleGauss(m, s);
}
`,
    site: { library: 'user', entry: 'sampleGauss', family: 'normal', snippet: 'sampleGauss(m, s)' },
    options: { samplers: [{ name: 'sampleGauss', family: 'normal', params: [0, 1] }] },
    expected: `import { sampleGauss } from './rng';
function loss(m: number, s: number) {
  const eps = sampleGauss(0, 1);
  return m + s * eps;
}
`,
  },
  {
    name: 'uniform, user sampler: the noise from the same sampler at (0, 1)',
    code: `function myUniform(lo: number, hi: number) { return lo + (hi - lo) * Math.random(); }
function loss(lo: number, hi: number) {
  return myUniform(lo, hi);
}
`,
    site: { library: 'user', entry: 'myUniform', family: 'uniform', snippet: 'myUniform(lo, hi)' },
    options: { samplers: [{ name: 'myUniform', family: 'uniform', params: [0, 1] }] },
    expected: `function myUniform(lo: number, hi: number) { return lo + (hi - lo) * Math.random(); }
function loss(lo: number, hi: number) {
  const u = myUniform(0, 1);
  return lo + (hi - lo) * u;
}
`,
  },
  {
    name: 'bernoulli: Math.random() < p as a number gets the relaxed Bernoulli (not preferred)',
    code: `function loss(p: number) {
  const b = Math.random() < p ? 1 : 0;
  return b;
}
`,
    site: { ruleId: 'discrete-step', family: 'bernoulli', snippet: 'Math.random() < p' },
    expected: `function loss(p: number) {
  const u = Math.random();
  const temperature = 0.5; // relaxation temperature: lower is closer to 0/1, higher gives lower-variance gradients
  const b = 1 / (1 + Math.exp(-((Math.log(p) - Math.log1p(-p) + (Math.log(u) - Math.log1p(-u))) / temperature)));
  return b;
}
`,
  },
  {
    name: 'gamma: no rewrite',
    code: `import { randomGamma } from 'd3-random';
function loss(k: number) {
  return randomGamma(k)();
}
`,
    site: d3('randomGamma', 'gamma', 'randomGamma(k)()'),
    expected: null,
  },
  {
    name: 'score-function: never a fix',
    code: `import { randomNormal } from 'd3-random';
function logPdf(x: number, mu: number): number {
  return -0.5 * (x - mu) ** 2;
}
function loss(mu: number, reward: (x: number) => number) {
  const x = randomNormal(mu, 1)();
  return -reward(x) * logPdf(x, mu);
}
`,
    site: { ...d3('randomNormal', 'normal', 'randomNormal(mu, 1)()'), ruleId: 'score-function' },
    expected: null,
  },
  {
    name: 'normal, probability-distributions: the indexed element of rnorm',
    code: `import PD from 'probability-distributions';
export function loss(mu: number, sd: number): number {
  const z = PD.rnorm(1, mu, sd)[0];
  return z * z;
}
`,
    site: { library: 'probability-distributions', entry: 'rnorm', family: 'normal', snippet: 'PD.rnorm(1, mu, sd)' },
    expected: `import PD from 'probability-distributions';
export function loss(mu: number, sd: number): number {
  const eps = PD.rnorm(1)[0];
  const z = mu + sd * eps;
  return z * z;
}
`,
  },
  {
    name: 'normal, gaussian .random(1)[0]',
    code: `import gaussian from 'gaussian';
export function loss(m: number, v: number): number {
  const z = gaussian(m, v).random(1)[0];
  return z * z;
}
`,
    site: { library: 'gaussian', entry: 'gaussian', family: 'normal', snippet: 'gaussian(m, v).random(1)' },
    expected: `import gaussian from 'gaussian';
export function loss(m: number, v: number): number {
  const eps = gaussian(0, 1).random(1)[0];
  const z = m + Math.sqrt(v) * eps;
  return z * z;
}
`,
  },
  {
    name: 'normal, jstat distribution object',
    code: `import { jStat } from 'jstat';
export function loss(mu: number, sd: number): number {
  const z = jStat.normal(mu, sd).sample();
  return z * z;
}
`,
    site: { library: 'jstat', entry: 'normal()', family: 'normal', snippet: 'jStat.normal(mu, sd).sample()' },
    expected: `import { jStat } from 'jstat';
export function loss(mu: number, sd: number): number {
  const eps = jStat.normal(0, 1).sample();
  const z = mu + sd * eps;
  return z * z;
}
`,
  },
  {
    name: 'exponential, stdlib factory: uniform factory from an added import',
    code: `import exponential from '@stdlib/random-base-exponential';
export function loss(lambda: number): number {
  return exponential.factory(lambda)();
}
`,
    site: { library: 'stdlib', entry: 'exponential.factory', family: 'exponential', snippet: 'exponential.factory(lambda)()' },
    expected: `import exponential from '@stdlib/random-base-exponential';
import uniform from '@stdlib/random-base-uniform';
export function loss(lambda: number): number {
  const u = uniform.factory(0, 1)();
  return -Math.log1p(-u) / lambda;
}
`,
  },
  {
    name: 'exponential, random package',
    code: `import random from 'random';
export function loss(mu: number, sd: number, lam: number): number {
  const z = random.normal(mu, sd)() + random.exponential(lam)();
  return z * z;
}
`,
    site: { library: 'random', entry: 'exponential', family: 'exponential', snippet: 'random.exponential(lam)()' },
    expected: `import random from 'random';
export function loss(mu: number, sd: number, lam: number): number {
  const u = random.uniform(0, 1)();
  const z = random.normal(mu, sd)() + -Math.log1p(-u) / lam;
  return z * z;
}
`,
  },
  {
    name: 'normal, random-normal options object',
    code: `import randomNormal from 'random-normal';
export function loss(mu: number, sd: number): number {
  const z = randomNormal({ mean: mu, dev: sd });
  return z * z;
}
`,
    site: { library: 'random-normal', entry: 'randomNormal', family: 'normal', snippet: 'randomNormal({ mean: mu, dev: sd })' },
    expected: `import randomNormal from 'random-normal';
export function loss(mu: number, sd: number): number {
  const eps = randomNormal({ mean: 0, dev: 1 });
  const z = mu + sd * eps;
  return z * z;
}
`,
  },
  {
    name: 'uniform, d3 randomUniform(max) means [0, max)',
    code: `import { randomUniform } from 'd3-random';
export function loss(hi: number): number {
  const z = randomUniform(hi)();
  return z * z;
}
`,
    site: d3('randomUniform', 'uniform', 'randomUniform(hi)()'),
    expected: `import { randomUniform } from 'd3-random';
export function loss(hi: number): number {
  const u = randomUniform(0, 1)();
  const z = hi * u;
  return z * z;
}
`,
  },
  {
    name: 'normal, per-element draw inside a map callback stays per element',
    code: `import { randomNormal } from 'd3-random';
export function loss(xs: number[], s: number): number {
  return xs.map((x) => randomNormal(x, s)()).reduce((a, b) => a + b, 0);
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal(x, s)()'),
    expected: `import { randomNormal } from 'd3-random';
export function loss(xs: number[], s: number): number {
  return xs.map((x) => {
    const eps = randomNormal(0, 1)();
    return x + s * eps;
  }).reduce((a, b) => a + b, 0);
}
`,
  },
  {
    name: 'normal, unbraced loop body draws every iteration',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number, s: number): number {
  let acc = 0;
  for (let i = 0; i < 10; i++) acc += randomNormal(mu, s)() ** 2;
  return acc;
}
`,
    site: d3('randomNormal', 'normal', 'randomNormal(mu, s)()'),
    expected: `import { randomNormal } from 'd3-random';
export function loss(mu: number, s: number): number {
  let acc = 0;
  for (let i = 0; i < 10; i++) {
    const eps = randomNormal(0, 1)();
    acc += (mu + s * eps) ** 2;
  }
  return acc;
}
`,
  },
  {
    name: 'uniform integers (d3 randomInt): no continuous rewrite',
    code: `import { randomInt } from 'd3-random';
export function loss(lo: number, hi: number): number {
  const k = randomInt(lo, hi)();
  return k * lo;
}
`,
    site: d3('randomInt', 'uniform', 'randomInt(lo, hi)()'),
    expected: null,
  },
  {
    name: 'normal, comments inside the sampler call are kept',
    code: `import { randomNormal } from 'd3-random';
export function loss(mu: number, sigma: number): number {
  const z = randomNormal(
    mu, // prior mean
    sigma /* learned scale */,
  )();
  return z * z;
}
`,
    site: d3('randomNormal', 'normal', `randomNormal(
    mu, // prior mean
    sigma /* learned scale */,
  )()`),
    expected: `import { randomNormal } from 'd3-random';
export function loss(mu: number, sigma: number): number {
  const eps = randomNormal(0, 1)();
  const z = mu + sigma * eps /* prior mean */ /* learned scale */;
  return z * z;
}
`,
  },
];
