/**
 * Plain-text rendering of an estimate report (`pathwise estimate --format text`): per parameter a
 * table of the estimators (mean ± standard error, variance, draws needed for the relative error)
 * and the one-line verdict.
 */
import { ESTIMATOR_LABELS, type EstimateReport } from './report';
import { formatMean, formatRatio, formatSe, paramHeading, summaryLine } from './summary';

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(2) : x.toPrecision(3);
}

/** The report as text for a terminal. */
export function formatEstimateText(r: EstimateReport): string {
  const lines: string[] = [];
  const loss = r.entry ?? 'loss';
  lines.push(`${r.file} — ${loss}: ${r.draws} of ${r.samples} draws, seed ${r.seed}, ${(r.ms / 1000).toFixed(2)} s${r.fixed ? '; pathwise = the preferred fix applied in memory' : ''}`);
  if (r.lossMean !== null) lines.push(`E[${loss}] ≈ ${fmtNum(r.lossMean)}`);
  for (const s of r.samplers) lines.push(`sampler ${s.label} (${s.family})${s.line ? ` at line ${s.line}` : ''}${s.note ? `: ${s.note}` : ''}`);
  const pct = `${Math.round(r.relError * 100)}%`;
  // The label column fits the longest label shown (the relaxed estimator's is the longest).
  const width = Math.max(28, ...r.params.flatMap((p) => p.estimators.map((e) => ESTIMATOR_LABELS[e.id].length + 2)));
  for (const p of r.params) {
    lines.push('');
    lines.push(p.shape ? paramHeading(p) : `${p.name} = ${fmtNum(p.value)}`);
    lines.push(`  ${pad('estimator', width)}${pad('mean', 14)}${pad('± SE', 10)}${pad('variance', 11)}draws for ${pct}`);
    for (const e of p.estimators) {
      const label = pad(ESTIMATOR_LABELS[e.id], width);
      if (!e.available) {
        lines.push(`  ${label}n/a: ${e.note ?? ''}`);
        continue;
      }
      if (e.none) {
        lines.push(`  ${label}${pad('0 (no gradient: severed)', 35)}`);
        continue;
      }
      const need = p.samplesNeeded[e.id];
      lines.push(`  ${label}${pad(formatMean(e.mean, e.se), 14)}${pad(formatSe(e.se), 10)}${pad(fmtNum(e.variance), 11)}${need === undefined || need === null ? '' : need.toLocaleString('en-US')}`);
    }
    if (p.varianceRatio !== null) lines.push(`  variance ratio score function / pathwise: ${formatRatio(p.varianceRatio)}`);
    if (p.relaxation) lines.push(`  relaxation bias (temperature ${p.relaxation.temperature}): ${formatMean(p.relaxation.bias, p.relaxation.se)} ± ${formatSe(p.relaxation.se)}`);
    lines.push(`  ${summaryLine(p, loss)}`);
  }
  for (const n of r.notes ?? []) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}
