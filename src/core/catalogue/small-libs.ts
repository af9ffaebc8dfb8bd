/**
 * Smaller sampler libraries: `random` (factories: `random.normal(mu, sigma)()`), `gaussian`
 * (`gaussian(mean, variance)` — note the variance — drawn with `.ppf(u)` or `.random(n)`),
 * `random-normal` (`randomNormal({ mean, dev })`), `probability-distributions` (`rnorm(n, mean, sd)`)
 * and `chance` (`chance.normal({ mean, dev })`).
 */
import type { Family } from '../types';
import type { LibraryCatalogue, SamplerEntry } from './types';

type P = SamplerEntry['params'];

function row(library: string, entry: string, family: Family, form: SamplerEntry['form'], params: P, extra: Partial<SamplerEntry> = {}): SamplerEntry {
  return { library, entry, family, form, params, ...extra };
}

const randomRows: SamplerEntry[] = [
  row('random', 'normal', 'normal', 'factory', [{ name: 'mu', arg: 0, default: 0 }, { name: 'sigma', arg: 1, default: 1 }]),
  row('random', 'logNormal', 'lognormal', 'factory', [{ name: 'mu', arg: 0, default: 0 }, { name: 'sigma', arg: 1, default: 1 }]),
  row('random', 'uniform', 'uniform', 'factory', [{ name: 'min', arg: 0, default: 0 }, { name: 'max', arg: 1, default: 1 }]),
  row('random', 'float', 'uniform', 'direct', [{ name: 'min', arg: 0, default: 0 }, { name: 'max', arg: 1, default: 1 }]),
  row('random', 'exponential', 'exponential', 'factory', [{ name: 'lambda', arg: 0, default: 1 }]),
  row('random', 'pareto', 'pareto', 'factory', [{ name: 'alpha', arg: 0, default: 1 }]),
  row('random', 'bates', 'other', 'factory', [{ name: 'n', arg: 0 }]),
  row('random', 'irwinHall', 'other', 'factory', [{ name: 'n', arg: 0 }]),
  row('random', 'int', 'uniform', 'direct', [{ name: 'min', arg: 0 }, { name: 'max', arg: 1 }], { discrete: true }),
  row('random', 'uniformInt', 'uniform', 'factory', [{ name: 'min', arg: 0 }, { name: 'max', arg: 1 }], { discrete: true }),
  row('random', 'bernoulli', 'bernoulli', 'factory', [{ name: 'p', arg: 0, default: 0.5 }], { discrete: true }),
  row('random', 'binomial', 'binomial', 'factory', [{ name: 'n', arg: 0 }, { name: 'p', arg: 1 }], { discrete: true }),
  row('random', 'geometric', 'geometric', 'factory', [{ name: 'p', arg: 0 }], { discrete: true }),
  row('random', 'poisson', 'poisson', 'factory', [{ name: 'lambda', arg: 0 }], { discrete: true }),
];

/** `import random from 'random'` (a default instance), `new Random(seed)`, `random.clone(seed)`. */
export const RANDOM: LibraryCatalogue = {
  library: 'random',
  module: (s) => (s === 'random' ? [] : undefined),
  rootAliases: ['default', 'random'],
  constructors: ['Random', 'clone', 'use'],
  displayPrefix: 'random.',
  rows: randomRows,
};

/** `gaussian(mean, variance)`: a distribution object; `.ppf(u)` and `.random(n)` draw. */
export const GAUSSIAN: LibraryCatalogue = {
  library: 'gaussian',
  module: (s) => (s === 'gaussian' ? [] : undefined),
  rootAliases: ['default', 'gaussian'],
  displayPrefix: '',
  rows: [
    row('gaussian', 'gaussian', 'normal', 'factory', [{ name: 'mean', arg: 0 }, { name: 'variance', arg: 1 }], {
      scale: 'variance',
      paths: [''],
      draw: ['ppf', 'random'],
    }),
  ],
};

/** `randomNormal({ mean, dev })` from `random-normal`. */
export const RANDOM_NORMAL: LibraryCatalogue = {
  library: 'random-normal',
  module: (s) => (s === 'random-normal' ? [] : undefined),
  rootAliases: ['default'],
  displayPrefix: '',
  rows: [
    row('random-normal', 'randomNormal', 'normal', 'options-object', [{ name: 'mean', arg: 'mean', default: 0 }, { name: 'dev', arg: 'dev', default: 1 }], {
      paths: [''],
      display: 'randomNormal',
    }),
  ],
};

const pd = (entry: string, family: Family, params: P, discrete = false): SamplerEntry =>
  row('probability-distributions', entry, family, 'direct', params, { shapeArg: 0, ...(discrete ? { discrete } : {}) });

/** `probability-distributions`: R-style `rnorm(n, mean, sd)`; the first argument is the count. */
export const PROBABILITY_DISTRIBUTIONS: LibraryCatalogue = {
  library: 'probability-distributions',
  module: (s) => (s === 'probability-distributions' ? [] : undefined),
  rootAliases: ['default'],
  displayPrefix: 'PD.',
  rows: [
    pd('rnorm', 'normal', [{ name: 'mean', arg: 1, default: 0 }, { name: 'sd', arg: 2, default: 1 }]),
    pd('runif', 'uniform', [{ name: 'min', arg: 1, default: 0 }, { name: 'max', arg: 2, default: 1 }]),
    pd('rexp', 'exponential', [{ name: 'rate', arg: 1, default: 1 }]),
    pd('rgamma', 'gamma', [{ name: 'alpha', arg: 1 }, { name: 'rate', arg: 2, default: 1 }]),
    pd('rbeta', 'beta', [{ name: 'alpha', arg: 1 }, { name: 'beta', arg: 2 }]),
    pd('rlnorm', 'lognormal', [{ name: 'meanlog', arg: 1, default: 0 }, { name: 'sdlog', arg: 2, default: 1 }]),
    pd('rlaplace', 'laplace', [{ name: 'mean', arg: 1, default: 0 }, { name: 'scale', arg: 2, default: 1 }]),
    pd('rcauchy', 'cauchy', [{ name: 'location', arg: 1, default: 0 }, { name: 'scale', arg: 2, default: 1 }]),
    pd('rchisq', 'chisquare', [{ name: 'df', arg: 1 }]),
    pd('rdirichlet', 'dirichlet', [{ name: 'alpha', arg: 1 }]),
    pd('rpois', 'poisson', [{ name: 'lambda', arg: 1 }], true),
    pd('rbinom', 'binomial', [{ name: 'size', arg: 1 }, { name: 'prob', arg: 2 }], true),
    pd('rbern', 'bernoulli', [{ name: 'p', arg: 1 }], true),
    pd('rgeom', 'geometric', [{ name: 'p', arg: 1 }], true),
  ],
};

/** `chance.normal({ mean, dev })` on a `new Chance()` instance or the browser global `chance`. */
export const CHANCE: LibraryCatalogue = {
  library: 'chance',
  module: (s) => (s === 'chance' ? [] : undefined),
  rootAliases: ['default', 'Chance'],
  constructors: [''],
  globals: ['chance'],
  displayPrefix: 'chance.',
  rows: [row('chance', 'normal', 'normal', 'options-object', [{ name: 'mean', arg: 'mean', default: 0 }, { name: 'dev', arg: 'dev', default: 1 }])],
};
