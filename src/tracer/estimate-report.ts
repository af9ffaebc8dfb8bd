/**
 * Turns the estimator lab's per-draw series into the report: the score-function estimates
 * f(z_i) ∇θ Σ log p(z_i; θ) + (as-written gradient), with and without a baseline, are formed here
 * from the stored loss values, so the baseline can be the leave-one-out mean of f (unbiased).
 */
import { summarizeParam, type EstimateReport, type ParamSeries } from '../core/estimators/report';
import type { ScoreRecorder } from './estimate-score';
import { isDiscreteFamily } from '../core/estimators/densities';

/** What the draw loop stores: per draw i, per parameter k (names of the severed call's parameters). */
export interface DrawSeries {
  names: string[];
  values: number[];
  loss: number[];
  asWritten: number[][];
  /** ∇θ Σ log p(z; θ) per draw. */
  score: number[][];
  /** Gradients of the fixed code per draw (absent without a fix). */
  pathwise: number[][];
  /** Gradients of the relaxed code per draw (discrete samplers relaxed; absent without one). */
  relaxed: number[][];
  /** Why the relaxed column is not available although samplers were relaxed (tfjs: a use without a one-hot form). */
  relaxedNote?: string;
  /** Whether the code as written reached the parameter from the loss in any draw. */
  reached: boolean[];
}

/** The report fields computed from `s` (the first `draws` draws). */
export function buildReport(
  s: DrawSeries,
  score: ScoreRecorder,
  draws: number,
  relError: number,
  hasFixed: boolean,
  temperature: number | null,
): Pick<EstimateReport, 'params' | 'samplers' | 'lossMean' | 'notes'> {
  const n = Math.min(draws, s.asWritten.length);
  const samplers = [...score.samplers.values()];
  const notes: string[] = [];
  let lossSum = 0;
  for (let i = 0; i < n; i++) lossSum += s.loss[i];
  const lossMean = n ? lossSum / n : null;
  const severed = samplers.length > 0;
  const scoreNote = !severed
    ? 'no sampler takes a traced parameter: there is no distribution to differentiate (the code is already pathwise)'
    : score.missing
      ? `no unbiased score function: ${samplers.find((x) => x.note)?.note ?? 'a sampler has no log-density in the table'}`
      : null;
  if (scoreNote && severed) notes.push(scoreNote);
  const discrete = samplers.filter((x) => isDiscreteFamily(x.family));
  const discreteNote = discrete.length ? `a discrete sample (${discrete.map((x) => x.label).join(', ')}) has no pathwise derivative; compare the relaxed estimator` : null;
  const params = s.names.map((name, k) => {
    const col = (rows: number[][]) => Float64Array.from({ length: n }, (_, i) => rows[i]?.[k] ?? 0);
    const aw = col(s.asWritten);
    const series: ParamSeries = { 'as-written': aw };
    if (discreteNote) series.pathwise = { unavailable: discreteNote };
    else if (hasFixed && s.pathwise.length >= n) series.pathwise = col(s.pathwise);
    else if (!severed) series.pathwise = aw;
    else series.pathwise = { unavailable: 'no safe reparameterizing fix for this sampler' };
    if (temperature !== null && s.relaxedNote) series.relaxed = { unavailable: s.relaxedNote };
    else if (temperature !== null && s.relaxed.length >= n) series.relaxed = col(s.relaxed);
    if (scoreNote) {
      series.score = { unavailable: scoreNote };
    } else {
      const sc = col(s.score);
      const plain = new Float64Array(n);
      const base = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const f = s.loss[i];
        // Leave-one-out mean of f: independent of draw i, so the baseline adds no bias.
        const b = n > 1 ? (lossSum - f) / (n - 1) : 0;
        plain[i] = f * sc[i] + aw[i];
        base[i] = (f - b) * sc[i] + aw[i];
      }
      series.score = plain;
      series['score-baseline'] = base;
    }
    return summarizeParam(name, s.values[k], series, relError, !s.reached[k], temperature);
  });
  return { params, samplers, lossMean, ...(notes.length ? { notes } : {}) };
}
