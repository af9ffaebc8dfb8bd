/**
 * Log-densities of the catalogue's families and their derivatives with respect to the
 * distribution parameters, in the catalogue's parameter order (e.g. normal: mean, std). The
 * score-function (REINFORCE) estimator multiplies f(z) by these derivatives, so a row is only
 * usable for it when the support does not move with the parameters (`score: false` otherwise:
 * the boundary term is missing and the estimator would be biased).
 */
import type { Family } from '../types';
import { VECTOR_FAMILIES } from './categorical';

/** One family: log p(z; θ) and ∇θ log p(z; θ) for θ in catalogue order. */
export interface DensityRow {
  /** Parameter names in catalogue order (for messages). */
  params: string[];
  logp(z: number, p: number[]): number;
  /** ∂ log p / ∂θ_k for every parameter k. */
  dlogp(z: number, p: number[]): number[];
  /** False when the score-function estimator is biased for this family (support depends on θ). */
  score: boolean;
  /** Discrete family: no pathwise gradient; compare with a relaxation instead. */
  discrete?: boolean;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** How a catalogue row gives its scale parameter (SamplerEntry.scale). */
export type ScaleConvention = 'std' | 'variance' | 'precision' | 'rate';

/** The density table, keyed by catalogue family. Families absent here have no score-function estimate. */
export const DENSITIES: Partial<Record<Family, DensityRow>> = {
  normal: {
    params: ['mean', 'std'],
    logp: (z, [m, s]) => -0.5 * ((z - m) / s) ** 2 - Math.log(s) - LOG_SQRT_2PI,
    dlogp: (z, [m, s]) => [(z - m) / (s * s), ((z - m) ** 2 - s * s) / (s * s * s)],
    score: true,
  },
  lognormal: {
    params: ['mu', 'sigma'],
    logp: (z, [m, s]) => (z > 0 ? -0.5 * ((Math.log(z) - m) / s) ** 2 - Math.log(s * z) - LOG_SQRT_2PI : -Infinity),
    dlogp: (z, [m, s]) => {
      const d = Math.log(z) - m;
      return [d / (s * s), (d * d - s * s) / (s * s * s)];
    },
    score: true,
  },
  uniform: {
    params: ['min', 'max'],
    logp: (z, [a, b]) => (z >= a && z <= b ? -Math.log(b - a) : -Infinity),
    dlogp: (_z, [a, b]) => [1 / (b - a), -1 / (b - a)],
    score: false,
  },
  exponential: {
    params: ['rate'],
    logp: (z, [l]) => (z >= 0 ? Math.log(l) - l * z : -Infinity),
    dlogp: (z, [l]) => [1 / l - z],
    score: true,
  },
  laplace: {
    params: ['mu', 'b'],
    logp: (z, [m, b]) => -Math.abs(z - m) / b - Math.log(2 * b),
    dlogp: (z, [m, b]) => [Math.sign(z - m) / b, (Math.abs(z - m) - b) / (b * b)],
    score: true,
  },
  logistic: {
    params: ['mu', 's'],
    logp: (z, [m, s]) => {
      const t = (z - m) / s;
      return -t - Math.log(s) - 2 * Math.log1p(Math.exp(-t));
    },
    dlogp: (z, [m, s]) => {
      const t = (z - m) / s;
      const th = Math.tanh(t / 2); // 1 - 2σ(-t)
      return [th / s, (t * th - 1) / s];
    },
    score: true,
  },
  cauchy: {
    params: ['x0', 'gamma'],
    logp: (z, [x0, g]) => -Math.log(Math.PI * g * (1 + ((z - x0) / g) ** 2)),
    dlogp: (z, [x0, g]) => {
      const d = z - x0;
      return [(2 * d) / (g * g + d * d), (d * d - g * g) / (g * (g * g + d * d))];
    },
    score: true,
  },
  gumbel: {
    params: ['mu', 'beta'],
    logp: (z, [m, b]) => {
      const t = (z - m) / b;
      return -Math.log(b) - t - Math.exp(-t);
    },
    dlogp: (z, [m, b]) => {
      const t = (z - m) / b;
      const e = Math.exp(-t);
      return [(1 - e) / b, (-1 + t - t * e) / b];
    },
    score: true,
  },
  bernoulli: {
    params: ['p'],
    logp: (z, [p]) => (z ? Math.log(p) : Math.log1p(-p)),
    dlogp: (z, [p]) => [z ? 1 / p : -1 / (1 - p)],
    score: true,
    discrete: true,
  },
};

/**
 * Converts parameters as a sampler takes them into the table's convention (normal std, exponential
 * rate), with the derivative of the conversion so the chain rule can map the score back.
 */
function convert(family: Family, scale: ScaleConvention | undefined, p: number[]): { p: number[]; jac: number[] } {
  const jac = p.map(() => 1);
  if (!scale || scale === 'std' || p.length < 1) return { p, jac };
  const out = p.slice();
  const k = family === 'exponential' ? 0 : 1; // the scale parameter's position in catalogue order
  const v = p[k];
  if (v === undefined) return { p, jac };
  if (scale === 'variance' && family === 'normal') (out[k] = Math.sqrt(v)), (jac[k] = 0.5 / Math.sqrt(v));
  else if (scale === 'precision' && family === 'normal') (out[k] = 1 / Math.sqrt(v)), (jac[k] = -0.5 * v ** -1.5);
  else if (scale === 'rate' && family !== 'exponential') (out[k] = 1 / v), (jac[k] = -1 / (v * v));
  return { p: out, jac };
}

/**
 * ∇θ log p(z; θ) for a sampler of `family` called with parameters `p` (in its own convention);
 * null when the table has no row or the score-function estimator does not apply.
 */
export function scoreOf(family: Family | string, z: number, p: number[], scale?: ScaleConvention): number[] | null {
  const row = DENSITIES[family as Family];
  if (!row || !row.score) return null;
  const { p: q, jac } = convert(family as Family, scale, p);
  const full = row.params.map((_, k) => q[k]);
  if (full.some((v) => v === undefined || !Number.isFinite(v))) return null;
  const d = row.dlogp(z, full);
  return p.map((_, k) => (k < d.length ? d[k] * jac[k] : 0));
}

/** Why the score-function estimator is unavailable for `family`, or null when it is available. */
export function scoreUnavailable(family: Family | string): string | null {
  if (VECTOR_FAMILIES[family as Family]) return null;
  const row = DENSITIES[family as Family];
  if (!row) return `no log-density for the ${family} family in the table`;
  if (!row.score) return `the support of a ${family} distribution moves with its parameters, so the score-function estimator is biased`;
  return null;
}

/** True for a discrete family (no pathwise derivative: the lab compares a relaxation instead). */
export function isDiscreteFamily(family: Family | string): boolean {
  return DENSITIES[family as Family]?.discrete === true || VECTOR_FAMILIES[family as Family] !== undefined;
}
