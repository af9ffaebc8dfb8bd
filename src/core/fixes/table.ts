/**
 * The reparameterization table: one row per distribution family. A row names the family's
 * parameters (in catalogue order, with the spellings libraries use), the standard noise it needs,
 * and the template `z = g(params, noise)`, written once in the {@link Expr} language and printed for
 * both frontends (plain numbers and tfjs).
 */
import type { Family } from '../types';
import { add, div, fn, mul, neg, num, sub, type Expr } from './expr';

/** Standard noise a template consumes: eps ~ N(0, 1) or u ~ U(0, 1). */
export type NoiseKind = 'normal' | 'uniform';

export interface ParamRole {
  /** Role name used in templates and titles. */
  role: string;
  /** Lower-case parameter names that mean this role in catalogue rows. */
  aliases: string[];
  /** Value when the sampler call leaves the argument out. */
  default?: number;
}

export interface RewriteRow {
  family: Family;
  roles: ParamRole[];
  noise: NoiseKind;
  /**
   * Parameter values that turn the user's own sampler into the standard noise of this row's
   * location-scale form (normal(0, 1), laplace(0, 1), exponential(1)…), so the noise comes from the
   * very sampler (and seeded source) the user called. Null when the noise is a different family.
   */
  standardize: number[] | null;
  /** The sample as a deterministic function of the parameters and the noise. */
  template(p: Expr[], noise: Expr): Expr;
  /** The formula for titles and hovers. */
  formula: string;
}

const loc: ParamRole = { role: 'loc', aliases: ['mu', 'mean', 'loc', 'location', 'a', 'm'], default: 0 };
const scale: ParamRole = { role: 'scale', aliases: ['sigma', 'std', 'stddev', 'sd', 'dev', 'scale', 'b', 's', 'beta'], default: 1 };

/** Location-scale families: z = loc + scale * eps with eps the same sampler at (0, 1). */
function locationScale(family: Family, noise: NoiseKind, name: string): RewriteRow {
  return {
    family,
    roles: [loc, scale],
    noise,
    standardize: [0, 1],
    template: ([m, s], n) => add(m, mul(s, n)),
    formula: `loc + scale * ${name}`,
  };
}

/** The rows with an automatic rewrite. */
export const REWRITES: readonly RewriteRow[] = [
  locationScale('normal', 'normal', 'eps'),
  {
    family: 'lognormal',
    roles: [loc, scale],
    noise: 'normal',
    standardize: null,
    template: ([m, s], n) => fn('exp', add(m, mul(s, n))),
    formula: 'exp(mu + sigma * eps)',
  },
  {
    family: 'uniform',
    roles: [
      { role: 'low', aliases: ['a', 'min', 'low', 'lower', 'minval'], default: 0 },
      { role: 'high', aliases: ['b', 'max', 'high', 'upper', 'maxval'], default: 1 },
    ],
    noise: 'uniform',
    standardize: [0, 1],
    template: ([a, b], u) => add(a, mul(sub(b, a), u)),
    formula: 'a + (b - a) * u',
  },
  {
    family: 'exponential',
    roles: [{ role: 'rate', aliases: ['lambda', 'rate', 'l'], default: 1 }],
    noise: 'uniform',
    standardize: null,
    template: ([rate], u) => div(neg(fn('log1p', neg(u))), rate),
    formula: '-log1p(-u) / lambda',
  },
  {
    family: 'laplace',
    roles: [loc, scale],
    noise: 'uniform',
    standardize: null,
    // Inverse CDF with v = u - 1/2: loc - scale * sign(v) * log1p(-2|v|).
    template: ([m, s], u) => sub(m, mul(mul(s, fn('sign', sub(u, num(0.5)))), fn('log1p', mul(num(-2), fn('abs', sub(u, num(0.5))))))),
    formula: 'loc - scale * sign(u - 0.5) * log1p(-2|u - 0.5|)',
  },
  {
    family: 'logistic',
    roles: [loc, scale],
    noise: 'uniform',
    standardize: null,
    template: ([m, s], u) => add(m, mul(s, sub(fn('log', u), fn('log1p', neg(u))))),
    formula: 'loc + scale * (log(u) - log1p(-u))',
  },
  {
    family: 'cauchy',
    roles: [loc, scale],
    noise: 'uniform',
    standardize: null,
    template: ([m, s], u) => add(m, mul(s, fn('tan', mul(raw_PI(), sub(u, num(0.5)))))),
    formula: 'loc + scale * tan(PI * (u - 0.5))',
  },
  {
    family: 'gumbel',
    roles: [loc, scale],
    noise: 'uniform',
    standardize: null,
    template: ([m, s], u) => sub(m, mul(s, fn('log', neg(fn('log', u))))),
    formula: 'loc - scale * log(-log(u))',
  },
  {
    family: 'weibull',
    roles: [
      { role: 'shape', aliases: ['k', 'shape', 'alpha'] },
      { role: 'scale', aliases: ['lambda', 'scale', 'b', 'beta'], default: 1 },
      { role: 'loc', aliases: ['a', 'loc', 'location'], default: 0 },
    ],
    noise: 'uniform',
    standardize: null,
    template: ([k, s, a], u) => add(a, mul(s, fn('pow', neg(fn('log1p', neg(u))), div(num(1), k)))),
    formula: 'loc + scale * (-log1p(-u))^(1/k)',
  },
  {
    family: 'pareto',
    roles: [
      { role: 'shape', aliases: ['alpha', 'shape', 'a', 'k'] },
      { role: 'scale', aliases: ['xm', 'scale', 'b', 'beta', 'min', 'm'], default: 1 },
    ],
    noise: 'uniform',
    standardize: null,
    template: ([alpha, xm], u) => mul(xm, fn('pow', sub(num(1), u), div(num(-1), alpha))),
    formula: 'xm * (1 - u)^(-1/alpha)',
  },
];

function raw_PI(): Expr {
  return { k: 'raw', text: 'Math.PI', prec: 20, tensor: false };
}

/** The rewrite row of a family, if it has one. */
export function rewriteFor(family: Family | null): RewriteRow | undefined {
  return REWRITES.find((r) => r.family === family);
}

/**
 * Families without a pathwise rewrite, with what the hover says instead. Gamma, Beta and Dirichlet
 * have implicit reparameterization gradients; the discrete ones need the score-function estimator
 * (or the relaxations offered separately for Bernoulli and categorical).
 */
export const NO_REWRITE: Partial<Record<Family, string>> = {
  gamma:
    'Gamma has no closed-form inverse CDF, so there is no `g(params, eps)` to rewrite into. Use implicit reparameterization gradients (Figurnov et al. 2018: differentiate the CDF, dz/dθ = -(∂F/∂θ)/p(z)) or the score-function estimator.',
  beta:
    'Beta has no closed-form inverse CDF. Write it as X/(X+Y) of two Gamma samples with implicit reparameterization gradients (Figurnov et al. 2018), or use the score-function estimator.',
  dirichlet:
    'Dirichlet is normalised Gamma samples; it needs implicit reparameterization gradients (Figurnov et al. 2018) for each Gamma, or the score-function estimator.',
  chisquare:
    'Chi-square is Gamma(k/2, 2): it needs implicit reparameterization gradients (Figurnov et al. 2018) or the score-function estimator.',
  studentt:
    'Student-t mixes a normal with a Gamma variance: the Gamma part needs implicit reparameterization gradients (Figurnov et al. 2018) or the score-function estimator.',
  poisson:
    'A Poisson sample is an integer: no path from the rate to the sample exists. Use the score-function estimator (REINFORCE: f(z)·∇log p(z; λ)), ideally with a baseline.',
  binomial:
    'A binomial sample is an integer: no path from p to the sample exists. Use the score-function estimator (REINFORCE), or relax each Bernoulli trial (Concrete / relaxed Bernoulli).',
  geometric:
    'A geometric sample is an integer: no path from p to the sample exists. Use the score-function estimator (REINFORCE).',
};
