/**
 * Running statistics of Monte Carlo gradient estimates: Welford's mean and variance, standard
 * errors, the variance ratio between two estimators and the number of draws an estimator needs
 * for a given relative error. Pure functions and one small accumulator class.
 */

/** Welford's online mean and (unbiased) variance; numerically stable for long runs. */
export class Welford {
  n = 0;
  mean = 0;
  private m2 = 0;

  /** Adds one draw. Non-finite draws are ignored by the caller's choice, not here. */
  push(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }

  /** Unbiased sample variance (0 with fewer than two draws). */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : 0;
  }

  /** Standard error of the mean, √(variance / n). */
  get se(): number {
    return this.n > 0 ? Math.sqrt(this.variance / this.n) : 0;
  }
}

/** Mean, variance and standard error of a finished series. */
export interface Summary {
  n: number;
  mean: number;
  variance: number;
  se: number;
}

/** Summarises `xs` with {@link Welford}. */
export function summarize(xs: ArrayLike<number>): Summary {
  const w = new Welford();
  for (let i = 0; i < xs.length; i++) w.push(xs[i]);
  return { n: w.n, mean: w.mean, variance: w.variance, se: w.se };
}

/** Standard error of the mean of `n` draws with variance `variance`. */
export function standardError(variance: number, n: number): number {
  return n > 0 ? Math.sqrt(Math.max(0, variance) / n) : 0;
}

/**
 * Variance of estimator A over that of estimator B (how many times more draws A needs for the
 * same standard error). Infinity when B has zero variance and A has not; null when both are 0.
 */
export function varianceRatio(a: number, b: number): number | null {
  if (b > 0) return a / b;
  return a > 0 ? Infinity : null;
}

/**
 * Draws needed so that the standard error is at most `relError` × |mean|: n ≥ variance / (relError · mean)².
 * Null when the mean is 0 (no relative error is defined); 1 when the estimator has no variance.
 */
export function samplesForRelativeError(variance: number, mean: number, relError: number): number | null {
  if (!(relError > 0) || mean === 0 || !Number.isFinite(mean)) return null;
  if (variance <= 0) return 1;
  return Math.max(1, Math.ceil(variance / (relError * mean) ** 2));
}

/** Points of the running mean (n, mean, se) after draws n = 1…N, thinned to at most `maxPoints` on a log-spaced grid. */
export function runningMean(xs: ArrayLike<number>, maxPoints = 120): { n: number; mean: number; se: number }[] {
  const N = xs.length;
  const keep = new Set<number>();
  if (N <= maxPoints) for (let i = 1; i <= N; i++) keep.add(i);
  else for (let k = 0; k < maxPoints; k++) keep.add(Math.max(1, Math.round(Math.exp((Math.log(N) * k) / (maxPoints - 1)))));
  keep.add(N);
  const out: { n: number; mean: number; se: number }[] = [];
  const w = new Welford();
  for (let i = 0; i < N; i++) {
    w.push(xs[i]);
    if (keep.has(i + 1)) out.push({ n: w.n, mean: w.mean, se: w.se });
  }
  return out;
}

/** Histogram of `xs` over [lo, hi] with `bins` equal bins (values outside the range are not counted). */
export function histogram(xs: ArrayLike<number>, lo: number, hi: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = hi > lo ? (hi - lo) / bins : 1;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (!(x >= lo && x <= hi)) continue;
    const b = Math.min(bins - 1, Math.floor((x - lo) / width));
    counts[b]++;
  }
  return counts;
}

/** The q-quantile (0…1) of `xs` (copied and sorted; linear interpolation). */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const s = Array.from(xs).filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const i = Math.floor(pos);
  return i + 1 < s.length ? s[i] + (pos - i) * (s[i + 1] - s[i]) : s[i];
}
