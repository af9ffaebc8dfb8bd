/**
 * Log-density of the categorical family, whose parameter is one vector θ of K numbers per row
 * (the scalar table in densities.ts takes one number per parameter, so it cannot hold it). A
 * sampler gives θ either as logits (P(k) = softmax(θ)_k, tf.multinomial's default) or as
 * probabilities (`normalized = true`). The score-function estimator needs ∂ log P(z)/∂θ_j for
 * every j; the rows below give it per encoding, so the tracer only looks the encoding up.
 */
import type { Family } from '../types';

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
