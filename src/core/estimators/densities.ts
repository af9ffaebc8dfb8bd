/**
 * Log-densities of the catalogue's families and their derivatives with respect to the
 * distribution parameters, in the catalogue's parameter order (e.g. normal: mean, std). The
 * score-function (REINFORCE) estimator multiplies f(z) by these derivatives, so a row is only
 * usable for it when the support does not move with the parameters (`score: false` otherwise:
 * the boundary term is missing and the estimator would be biased).
 *
 * The categorical family's parameter is one vector θ of K numbers per row, which the scalar table
 * cannot hold; it has its own rows at the end of the file. A sampler gives θ either as logits
 * (P(k) = softmax(θ)_k, tf.multinomial's default) or as probabilities (`normalized = true`).
 */
import type { Family } from '../types';

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

/** How a sampler gives the categorical row θ (the catalogue's `probabilitiesFlagArg` chooses). */
export type CategoricalEncoding = 'logits' | 'probabilities';

/** log P(z) and its gradient for one row θ = values[at .. at + K). */
export interface CategoricalForm {
  logp(z: number, values: ArrayLike<number>, at: number, K: number): number;
  /** Adds ∂ log P(z)/∂θ_j to out[at + j] for j < K. */
  addScore(z: number, values: ArrayLike<number>, at: number, K: number, out: Float32Array): void;
}

function logSumExp(v: ArrayLike<number>, at: number, K: number): number {
  let m = -Infinity;
  for (let j = 0; j < K; j++) m = Math.max(m, v[at + j]);
  let s = 0;
  for (let j = 0; j < K; j++) s += Math.exp(v[at + j] - m);
  return m + Math.log(s);
}

/** Σ_{j < K−1} θ_j: tfjs's sampler never reads the last probability (see `probabilities`). */
function headSum(v: ArrayLike<number>, at: number, K: number): number {
  let s = 0;
  for (let j = 0; j < K - 1; j++) s += v[at + j];
  return s;
}

/** The encodings, keyed as the catalogue names them. */
export const CATEGORICAL: Record<CategoricalEncoding, CategoricalForm> = {
  logits: {
    logp: (z, v, at, K) => v[at + z] - logSumExp(v, at, K),
    addScore(z, v, at, K, out) {
      // ∂/∂θ_j (θ_z − log Σ e^θ) = [j = z] − softmax(θ)_j.
      const lse = logSumExp(v, at, K);
      for (let j = 0; j < K; j++) out[at + j] += (j === z ? 1 : 0) - Math.exp(v[at + j] - lse);
    },
  },
  // tfjs draws k < K−1 when u < cdf_k and K−1 otherwise, so P(k) = θ_k for k < K−1 and
  // P(K−1) = 1 − Σ_{j<K−1} θ_j — exact for the sampler even when the row does not sum to 1.
  probabilities: {
    logp: (z, v, at, K) => (z < K - 1 ? Math.log(v[at + z]) : Math.log1p(-headSum(v, at, K))),
    addScore(z, v, at, K, out) {
      if (z < K - 1) {
        out[at + z] += 1 / v[at + z];
        return;
      }
      const last = 1 - headSum(v, at, K);
      for (let j = 0; j < K - 1; j++) out[at + j] -= 1 / last;
    },
  },
};

/** Families whose parameter is a vector per row, with their encodings. */
export const VECTOR_FAMILIES: Partial<Record<Family, Record<CategoricalEncoding, CategoricalForm>>> = { categorical: CATEGORICAL };

/** Σ log P and ∇θ Σ log P of a tensor draw. */
export interface VectorScore {
  logp: number;
  /** Same layout as θ ([rows, K] flattened). */
  grad: Float32Array;
}

/**
 * log P and its gradient for draws `z` (`perRow` draws per row, rows in order, as tf.multinomial
 * returns them: [rows, numSamples]) from the rows of θ (`theta`, [rows, K] flattened). Null when a
 * draw is not an index of its row or a log-probability is not finite (the score would be wrong).
 */
export function vectorScore(form: CategoricalForm, z: ArrayLike<number>, theta: ArrayLike<number>, K: number, perRow: number): VectorScore | null {
  const rows = theta.length / K;
  if (!(K >= 2) || !Number.isInteger(rows) || perRow < 1 || z.length !== rows * perRow) return null;
  const grad = new Float32Array(theta.length);
  let logp = 0;
  for (let i = 0; i < z.length; i++) {
    const k = z[i];
    const at = Math.floor(i / perRow) * K;
    if (!Number.isInteger(k) || k < 0 || k >= K) return null;
    logp += form.logp(k, theta, at, K);
    form.addScore(k, theta, at, K, grad);
  }
  return Number.isFinite(logp) ? { logp, grad } : null;
}

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
