/**
 * The one-line verdict for a parameter ("∂E[loss]/∂mu ≈ 0.43 ± 0.01; your code computes 0. After
 * the fix: pathwise, 40× lower variance than REINFORCE."), shared by the CLI, the panel and the
 * hover, and the number formatting they use.
 */
import type { EstimateReport, EstimatorResult, ParamEstimates } from './report';

/** `x` rounded to the decimal place of the first significant digit of `se` (at least 2 significant digits of x). */
export function formatMean(x: number, se: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (!(se > 0)) return String(Number(x.toPrecision(4)));
  const place = se > 0 && Number.isFinite(se) ? Math.floor(Math.log10(se)) : Math.floor(Math.log10(Math.abs(x) || 1)) - 3;
  const digits = Math.min(12, Math.max(0, -place));
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** `se` with one significant digit. */
export function formatSe(se: number): string {
  if (!Number.isFinite(se)) return String(se);
  if (se === 0) return '0';
  const place = Math.floor(Math.log10(se));
  const digits = Math.max(0, -place);
  return se.toFixed(Math.min(12, digits));
}

/** A ratio for people: 40×, 3.2×, 1.1×. */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return '∞×';
  return r >= 10 ? `${Math.round(r).toLocaleString('en-US')}×` : `${r.toFixed(1)}×`;
}

function est(p: ParamEstimates, id: EstimatorResult['id']): EstimatorResult | undefined {
  return p.estimators.find((e) => e.id === id && e.available);
}

/** The best unbiased estimate of the parameter's gradient: pathwise, else score function with baseline, else plain score function. */
export function referenceEstimate(p: ParamEstimates): EstimatorResult | undefined {
  return est(p, 'pathwise') ?? est(p, 'score-baseline') ?? est(p, 'score');
}

/**
 * The heading of a parameter: `mu = 0.5`, or for a tensor variable its shape, mean element and the
 * direction its estimates are taken along (`dense/kernel [4×8], mean 0.027; along u = pilot mean gradient`).
 */
export function paramHeading(p: ParamEstimates): string {
  const v = Number(p.value.toPrecision(4));
  if (!p.shape) return `${p.name} = ${v}`;
  return `${p.name} [${p.shape.join('×')}], mean element ${v}; estimates along u = ${p.along === 'ones' ? 'all elements equally' : 'the pilot draws’ mean gradient'}`;
}

/**
 * What the code's own gradient is against the best unbiased estimate: none at all (`zero`), the same
 * within 4 standard errors (`agrees`), or off (`biased`); null without both numbers.
 */
export function asWritten(p: ParamEstimates): 'zero' | 'agrees' | 'biased' | null {
  const ref = referenceEstimate(p);
  const aw = p.estimators.find((e) => e.id === 'as-written');
  if (!aw?.available || !ref) return null;
  if (aw.none) return 'zero';
  const tol = 4 * Math.hypot(aw.se, ref.se) + 1e-12 * Math.abs(ref.mean);
  return Math.abs(aw.mean - ref.mean) <= tol ? 'agrees' : 'biased';
}

/** One line about one parameter (see the module comment); `loss` names the objective. */
export function summaryLine(p: ParamEstimates, loss = 'loss'): string {
  const ref = referenceEstimate(p);
  // A tensor variable's numbers are directional derivatives along u (report.ts, `along`).
  const of = p.shape ? `${p.name}·u` : p.name;
  const head = ref ? `∂E[${loss}]/∂${of} ≈ ${formatMean(ref.mean, ref.se)} ± ${formatSe(ref.se)}` : `∂E[${loss}]/∂${of}: no unbiased estimate`;
  const aw = p.estimators.find((e) => e.id === 'as-written');
  const verdict = asWritten(p);
  let code = '';
  if (verdict === 'zero') code = '; your code computes 0';
  else if (verdict === 'agrees') code = '; your code computes it';
  // A gradient the noise does not reach is the same number on every draw: no ± to speak of.
  else if (verdict === 'biased' && aw) code = `; your code computes ${formatMean(aw.mean, aw.se)}${aw.se > 0 ? ` ± ${formatSe(aw.se)}` : ' on every draw'} (biased)`;
  const pw = est(p, 'pathwise');
  const sf = est(p, 'score-baseline') ?? est(p, 'score');
  let after = '';
  if (pw && sf && p.varianceRatio !== null) {
    const r = p.varianceRatio;
    const prefix = code === '; your code computes it' ? 'Pathwise' : 'After the fix: pathwise';
    after = r >= 1 ? `${prefix}, ${formatRatio(r)} lower variance than REINFORCE.` : `${prefix}; REINFORCE has ${formatRatio(1 / r)} lower variance here.`;
  } else if (!pw && sf) after = 'No pathwise form: REINFORCE only.';
  if (p.relaxation) {
    const { temperature, bias, se } = p.relaxation;
    after += ` The relaxation (temperature ${temperature}) is biased by ${formatMean(bias, se)} ± ${formatSe(se)}.`;
  }
  after = after.trim();
  return `${head}${code}.${after ? ` ${after}` : ''}`;
}

/**
 * The summary lines of a finding's severed parameters (matched by name, `mu` also matching
 * `mu[0]`/`mu.x`), for the hover; empty when the report has none of them or failed.
 */
export function findingSummaries(r: EstimateReport, severed: string[]): string[] {
  return summariesFor(paramSummaries(r), severed);
}

/** A parameter's summary line, as the extension hands it to the language server for hovers. */
export interface ParamSummary {
  name: string;
  line: string;
  /** A tensor variable: its name is the engine's (`dense_Dense1/kernel`), not a name in the source. */
  tensor?: boolean;
  /** The code's own gradient is 0 or biased against the unbiased estimate. */
  off?: boolean;
}

/** The summary line of every parameter of a report; empty when it failed or has no draws. */
export function paramSummaries(r: EstimateReport): ParamSummary[] {
  if (r.error || !r.draws) return [];
  return r.params.map((p) => {
    const v = asWritten(p);
    return { name: p.name, line: summaryLine(p, r.entry ?? 'loss'), ...(p.shape ? { tensor: true } : {}), ...(v === 'zero' || v === 'biased' ? { off: true } : {}) };
  });
}

/** How many tensor variables' lines a hover shows before "… and N more". */
const MAX_TENSOR_LINES = 3;

/**
 * The lines of the parameters a finding severs (`mu` also matching `mu[0]`/`mu.x`). A tfjs finding
 * severs source names (`zMean`) the report does not know: the variables whose gradient the code gets
 * wrong stand in for them (the severing is what makes them wrong), up to three and a count.
 */
export function summariesFor(summaries: readonly ParamSummary[], severed: readonly string[]): string[] {
  const hit = (name: string) => severed.some((s) => name === s || name.startsWith(`${s}[`) || name.startsWith(`${s}.`));
  const named = summaries.filter((p) => hit(p.name)).map((p) => p.line);
  if (named.length) return named;
  const off = summaries.filter((p) => p.tensor && p.off);
  const more = off.length - MAX_TENSOR_LINES;
  return [...off.slice(0, MAX_TENSOR_LINES).map((p) => p.line), ...(more > 0 ? [`… and ${more} more variable${more === 1 ? '' : 's'} (the Estimators tab lists them all).`] : [])];
}

/** The summary lines of a report, one per parameter (the entry's name stands for the loss). */
export function summaryLines(r: EstimateReport): string[] {
  return r.params.map((p) => summaryLine(p, r.entry ?? 'loss'));
}
