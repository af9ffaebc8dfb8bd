/**
 * d3-random factories: `randomNormal(mu, sigma)` returns a generator and `randomNormal(mu, sigma)()`
 * draws. `randomNormal.source(rng)` returns the same factory with another uniform source, so the
 * analyzer strips `.source(...)` before matching. Also reachable through the `d3` bundle.
 */
import type { Family } from '../types';
import type { LibraryCatalogue, SamplerEntry } from './types';

type P = SamplerEntry['params'];

function factory(entry: string, family: Family, params: P, discrete = false): SamplerEntry {
  return { library: 'd3-random', entry, family, form: 'factory', params, ...(discrete ? { discrete } : {}) };
}

const rows: SamplerEntry[] = [
  factory('randomUniform', 'uniform', [
    { name: 'min', arg: 0, default: 0 },
    { name: 'max', arg: 1, default: 1 },
  ]),
  factory('randomInt', 'uniform', [{ name: 'min', arg: 0 }, { name: 'max', arg: 1 }], true),
  factory('randomNormal', 'normal', [
    { name: 'mu', arg: 0, default: 0 },
    { name: 'sigma', arg: 1, default: 1 },
  ]),
  factory('randomLogNormal', 'lognormal', [
    { name: 'mu', arg: 0, default: 0 },
    { name: 'sigma', arg: 1, default: 1 },
  ]),
  factory('randomBates', 'other', [{ name: 'n', arg: 0 }]),
  factory('randomIrwinHall', 'other', [{ name: 'n', arg: 0 }]),
  factory('randomExponential', 'exponential', [{ name: 'lambda', arg: 0 }]),
  factory('randomPareto', 'pareto', [{ name: 'alpha', arg: 0 }]),
  factory('randomBernoulli', 'bernoulli', [{ name: 'p', arg: 0 }], true),
  factory('randomGeometric', 'geometric', [{ name: 'p', arg: 0 }], true),
  factory('randomBinomial', 'binomial', [{ name: 'n', arg: 0 }, { name: 'p', arg: 1 }], true),
  factory('randomGamma', 'gamma', [
    { name: 'k', arg: 0 },
    { name: 'theta', arg: 1, default: 1 },
  ]),
  factory('randomBeta', 'beta', [{ name: 'alpha', arg: 0 }, { name: 'beta', arg: 1 }]),
  factory('randomWeibull', 'weibull', [
    { name: 'k', arg: 0 },
    { name: 'a', arg: 1, default: 0 },
    { name: 'b', arg: 2, default: 1 },
  ]),
  factory('randomCauchy', 'cauchy', [
    { name: 'a', arg: 0, default: 0 },
    { name: 'b', arg: 1, default: 1 },
  ]),
  factory('randomLogistic', 'logistic', [
    { name: 'a', arg: 0, default: 0 },
    { name: 'b', arg: 1, default: 1 },
  ]),
  factory('randomPoisson', 'poisson', [{ name: 'lambda', arg: 0 }], true),
];

/** d3-random and the d3 bundle (which re-exports every `random*` factory). */
export const D3_RANDOM: LibraryCatalogue = {
  library: 'd3-random',
  module: (s) => (s === 'd3-random' || s === 'd3' ? [] : undefined),
  rootAliases: ['default'],
  globals: ['d3'],
  displayPrefix: 'd3.',
  rows,
};
