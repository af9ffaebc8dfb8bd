/**
 * jStat: `jStat.<dist>.sample(params)` draws directly; `jStat.<dist>(params).sample()` draws from a
 * distribution object. The row's entry is the distribution name (the fix engine's key).
 */
import type { Family } from '../types';
import type { LibraryCatalogue, SamplerEntry } from './types';

type P = SamplerEntry['params'];

const DISTRIBUTIONS: [string, Family, P, boolean?][] = [
  ['normal', 'normal', [{ name: 'mean', arg: 0 }, { name: 'std', arg: 1 }]],
  ['uniform', 'uniform', [{ name: 'a', arg: 0 }, { name: 'b', arg: 1 }]],
  ['exponential', 'exponential', [{ name: 'rate', arg: 0 }]],
  ['gamma', 'gamma', [{ name: 'shape', arg: 0 }, { name: 'scale', arg: 1 }]],
  ['invgamma', 'other', [{ name: 'shape', arg: 0 }, { name: 'scale', arg: 1 }]],
  ['beta', 'beta', [{ name: 'alpha', arg: 0 }, { name: 'beta', arg: 1 }]],
  ['lognormal', 'lognormal', [{ name: 'mu', arg: 0 }, { name: 'sigma', arg: 1 }]],
  ['laplace', 'laplace', [{ name: 'mu', arg: 0 }, { name: 'b', arg: 1 }]],
  ['cauchy', 'cauchy', [{ name: 'local', arg: 0 }, { name: 'scale', arg: 1 }]],
  ['weibull', 'weibull', [{ name: 'scale', arg: 0 }, { name: 'shape', arg: 1 }]],
  ['pareto', 'pareto', [{ name: 'scale', arg: 0 }, { name: 'shape', arg: 1 }]],
  ['studentt', 'studentt', [{ name: 'dof', arg: 0 }]],
  ['chisquare', 'chisquare', [{ name: 'dof', arg: 0 }]],
  ['centralF', 'other', [{ name: 'df1', arg: 0 }, { name: 'df2', arg: 1 }]],
  ['kumaraswamy', 'other', [{ name: 'alpha', arg: 0 }, { name: 'beta', arg: 1 }]],
  ['triangular', 'other', [{ name: 'a', arg: 0 }, { name: 'b', arg: 1 }, { name: 'c', arg: 2 }]],
  ['arcsine', 'other', [{ name: 'a', arg: 0 }, { name: 'b', arg: 1 }]],
  ['poisson', 'poisson', [{ name: 'l', arg: 0 }], true],
];

const rows: SamplerEntry[] = DISTRIBUTIONS.flatMap(([name, family, params, discrete]) => [
  {
    library: 'jstat',
    entry: name,
    family,
    form: 'direct' as const,
    params,
    paths: [`${name}.sample`],
    display: `jStat.${name}.sample`,
    ...(discrete ? { discrete } : {}),
  },
  {
    library: 'jstat',
    entry: `${name}()`,
    family,
    form: 'factory' as const,
    params,
    paths: [name],
    draw: ['sample'],
    display: `jStat.${name}(…).sample`,
    ...(discrete ? { discrete } : {}),
  },
]);

/** jstat, as `import { jStat } from 'jstat'`, a default import, `require('jstat')` or the browser global. */
export const JSTAT: LibraryCatalogue = {
  library: 'jstat',
  module: (s) => (s === 'jstat' || s === 'jStat' ? [] : undefined),
  rootAliases: ['default', 'jStat'],
  globals: ['jStat'],
  displayPrefix: 'jStat.',
  rows,
};
