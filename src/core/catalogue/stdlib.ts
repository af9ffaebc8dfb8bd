/**
 * stdlib PRNGs: `@stdlib/random-base-<name>` / `@stdlib/random/base/<name>` export `name(params)`
 * (direct) and `name.factory(params)` (a generator: `name.factory(mu, s)()`). The namespaces
 * `@stdlib/random/base` and `@stdlib/random` are recognised too.
 */
import type { Family } from '../types';
import type { LibraryCatalogue, SamplerEntry } from './types';

type P = SamplerEntry['params'];

/** [name, family, parameters, discrete] — the family order of parameters follows stdlib's docs. */
const DISTRIBUTIONS: [string, Family, P, boolean?][] = [
  ['normal', 'normal', [{ name: 'mu', arg: 0 }, { name: 'sigma', arg: 1 }]],
  ['uniform', 'uniform', [{ name: 'a', arg: 0 }, { name: 'b', arg: 1 }]],
  ['exponential', 'exponential', [{ name: 'lambda', arg: 0 }]],
  ['gamma', 'gamma', [{ name: 'alpha', arg: 0 }, { name: 'beta', arg: 1 }]],
  ['beta', 'beta', [{ name: 'alpha', arg: 0 }, { name: 'beta', arg: 1 }]],
  ['lognormal', 'lognormal', [{ name: 'mu', arg: 0 }, { name: 'sigma', arg: 1 }]],
  ['laplace', 'laplace', [{ name: 'mu', arg: 0 }, { name: 'b', arg: 1 }]],
  ['cauchy', 'cauchy', [{ name: 'x0', arg: 0 }, { name: 'gamma', arg: 1 }]],
  ['logistic', 'logistic', [{ name: 'mu', arg: 0 }, { name: 's', arg: 1 }]],
  ['gumbel', 'gumbel', [{ name: 'mu', arg: 0 }, { name: 'beta', arg: 1 }]],
  ['weibull', 'weibull', [{ name: 'k', arg: 0 }, { name: 'lambda', arg: 1 }]],
  ['paretoType1', 'pareto', [{ name: 'alpha', arg: 0 }, { name: 'beta', arg: 1 }]],
  ['chisquare', 'chisquare', [{ name: 'k', arg: 0 }]],
  ['t', 'studentt', [{ name: 'v', arg: 0 }]],
  ['poisson', 'poisson', [{ name: 'lambda', arg: 0 }], true],
  ['bernoulli', 'bernoulli', [{ name: 'p', arg: 0 }], true],
  ['binomial', 'binomial', [{ name: 'n', arg: 0 }, { name: 'p', arg: 1 }], true],
  ['geometric', 'geometric', [{ name: 'p', arg: 0 }], true],
  ['randn', 'normal', []],
  ['randu', 'uniform', []],
];

const rows: SamplerEntry[] = DISTRIBUTIONS.flatMap(([name, family, params, discrete]) => {
  const extra = discrete ? { discrete } : {};
  return [
    { library: 'stdlib', entry: name, family, form: 'direct' as const, params, paths: [name, `base.${name}`], display: `@stdlib/random/base/${name}`, ...extra },
    {
      library: 'stdlib',
      entry: `${name}.factory`,
      family,
      form: 'factory' as const,
      params,
      paths: [`${name}.factory`, `base.${name}.factory`],
      display: `@stdlib/random/base/${name}.factory`,
      ...extra,
    },
  ];
});

/** `pareto-type1` → `paretoType1`: stdlib namespaces use camel case for hyphenated package names. */
function camel(s: string): string {
  return s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function stdlibModule(s: string): string[] | undefined {
  let m = /^@stdlib\/random-base-([a-z0-9-]+)$/.exec(s) ?? /^@stdlib\/random\/base\/([a-z0-9-]+)(\/lib)?$/.exec(s);
  if (m) return [camel(m[1])];
  if (s === '@stdlib/random-base' || s === '@stdlib/random/base') return [];
  if (s === '@stdlib/random') return [];
  m = /^@stdlib\/stdlib$/.exec(s);
  return m ? [] : undefined;
}

/** The stdlib random-base catalogue. */
export const STDLIB: LibraryCatalogue = {
  library: 'stdlib',
  module: stdlibModule,
  rootAliases: ['default', 'random'],
  displayPrefix: '@stdlib/random/base/',
  rows,
};
