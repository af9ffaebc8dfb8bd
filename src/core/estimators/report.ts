/**
 * The estimator lab's report: per trainable parameter, each gradient estimator's mean, standard
 * error, variance, running mean and histogram of per-draw values, the variance ratio
 * score-function / pathwise and the draws each needs for a relative error. Built in the tracer
 * child from per-draw series (common random numbers: draw i used the same noise for all).
 */
import type { TraceError } from '../graph/model';
import { histogram, quantile, runningMean, samplesForRelativeError, summarize, varianceRatio } from './stats';

/** The estimators, in display order. */
export type EstimatorId = 'as-written' | 'pathwise' | 'score' | 'score-baseline' | 'relaxed';

/** Display names of the estimators. */
export const ESTIMATOR_LABELS: Record<EstimatorId, string> = {
  'as-written': 'as written',
  pathwise: 'pathwise (after the fix)',
  score: 'score function',
  'score-baseline': 'score function + baseline',
  relaxed: 'relaxed (Concrete / Gumbel-softmax)',
};

/** One estimator of one parameter over the draws. */
export interface EstimatorResult {
  id: EstimatorId;
  /** False when the estimator does not apply (see `note`); the numbers are then absent. */
  available: boolean;
  note?: string;
  n: number;
  mean: number;
  se: number;
  variance: number;
  /** As written only: the code computes no gradient for this parameter (a severed path). */
  none?: boolean;
  /** Running mean after n draws (log-spaced points). */
  running: { n: number; mean: number; se: number }[];
  /** Per-draw values in BINS equal bins over [lo, hi]; `outside` draws fell beyond the range. */
  histogram: { lo: number; hi: number; counts: number[]; outside?: number };
}

/** All estimators of one trainable parameter. */
export interface ParamEstimates {
  name: string;
  value: number;
  estimators: EstimatorResult[];
  /** Variance of the score-function estimator (with baseline when available) over the pathwise one. */
  varianceRatio: number | null;
  /** Draws each estimator needs for a standard error of `relError` × |gradient|. */
  samplesNeeded: Partial<Record<EstimatorId, number | null>>;
  /** Discrete samplers: the relaxed estimator's bias against the score function (unbiased), at `temperature`. */
  relaxation?: { temperature: number; bias: number; se: number };
  /**
   * A tensor variable (TensorFlow.js): its shape, and the unit direction u its estimates are taken
   * along (each number is the directional derivative ⟨∂E[loss]/∂θ, u⟩; `value` is the mean element).
   * `pilot-mean`: the mean gradient of pilot draws made before the counted ones; `ones`: all elements equally.
   */
  shape?: number[];
  along?: 'pilot-mean' | 'ones';
  /** The unit direction u itself, flattened row-major (variables of at most {@link DIRECTION_MAX} elements). */
  direction?: number[];
}

/** Largest tensor variable whose direction u the report lists. */
export const DIRECTION_MAX = 1024;

/** A sampler call the score-function estimator used (or could not use). */
export interface EstimateSampler {
  label: string;
  family: string;
  line: number | null;
  /** Why it has no score-function term, when it has none. */
  note?: string;
}

/** Result of `pathwise estimate` / the panel's Estimators tab. */
export interface EstimateReport {
  version: 1;
  file: string;
  entry: string | null;
  seed: number;
  /** Draws requested and done (fewer when cancelled or stopped). */
  samples: number;
  draws: number;
  /** Relative error used for `samplesNeeded`. */
  relError: number;
  /** Mean of the loss over the draws (the baseline). */
  lossMean: number | null;
  /** True when the preferred fix changed the text (the pathwise column ran the rewritten code). */
  fixed: boolean;
  /** Temperature of the relaxed estimator, when discrete samplers were relaxed. */
  temperature?: number;
  params: ParamEstimates[];
  samplers: EstimateSampler[];
  /** Wall time of the whole run in the child (bundling both forms included) and of the draws alone. */
  ms: number;
  drawsMs?: number;
  error: TraceError | null;
  notes?: string[];
}

/** Per-draw series of one parameter (null: the estimator is not available, with its reason). */
export type ParamSeries = Partial<Record<EstimatorId, Float64Array | { unavailable: string }>>;

const BINS = 30;

function outside(xs: Float64Array, lo: number, hi: number): number {
  let n = 0;
  for (const x of xs) if (!(x >= lo && x <= hi)) n++;
  return n;
}

/** Turns per-draw series into the parameter's report entry. */
export function summarizeParam(name: string, value: number, series: ParamSeries, relError: number, none: boolean, temperature: number | null = null): ParamEstimates {
  // Histogram range: the central 99% of the best unbiased estimator (pathwise, else the baseline
  // score function) and the as-written values, so REINFORCE's long tails do not squash the picture;
  // draws outside are counted in `outside`.
  const ref = [series.pathwise, series['score-baseline'], series.score].find((s): s is Float64Array => s instanceof Float64Array && s.length > 0);
  const aw = series['as-written'] instanceof Float64Array ? series['as-written'] : null;
  let lo = ref ? quantile(ref, 0.005) : NaN;
  let hi = ref ? quantile(ref, 0.995) : NaN;
  if (aw && aw.length) (lo = Math.min(lo, quantile(aw, 0.005))), (hi = Math.max(hi, quantile(aw, 0.995)));
  if (Number.isFinite(lo) && hi > lo) {
    const pad = (hi - lo) * 0.1;
    (lo -= pad), (hi += pad);
  } else (lo = (Number.isFinite(lo) ? lo : 0) - 0.5), (hi = lo + 1);
  const estimators: EstimatorResult[] = [];
  for (const id of Object.keys(ESTIMATOR_LABELS) as EstimatorId[]) {
    const s = series[id];
    if (s === undefined) continue;
    if (!(s instanceof Float64Array)) {
      estimators.push({ id, available: false, note: s.unavailable, n: 0, mean: NaN, se: NaN, variance: NaN, running: [], histogram: { lo, hi, counts: [] } });
      continue;
    }
    const sum = summarize(s);
    estimators.push({
      id,
      available: true,
      ...sum,
      ...(id === 'as-written' && none ? { none: true } : {}),
      running: runningMean(s),
      histogram: { lo, hi, counts: histogram(s, lo, hi, BINS), outside: outside(s, lo, hi) },
    });
  }
  const get = (id: EstimatorId) => estimators.find((e) => e.id === id && e.available);
  const pw = get('pathwise');
  const sf = get('score-baseline') ?? get('score');
  const samplesNeeded: ParamEstimates['samplesNeeded'] = {};
  for (const e of estimators) if (e.available && e.id !== 'as-written') samplesNeeded[e.id] = samplesForRelativeError(e.variance, (pw ?? e).mean, relError);
  const relaxed = get('relaxed');
  const relaxation = relaxed && sf && temperature !== null ? { temperature, bias: relaxed.mean - sf.mean, se: Math.hypot(relaxed.se, sf.se) } : undefined;
  return { name, value, estimators, varianceRatio: pw && sf ? varianceRatio(sf.variance, pw.variance) : null, samplesNeeded, ...(relaxation ? { relaxation } : {}) };
}
