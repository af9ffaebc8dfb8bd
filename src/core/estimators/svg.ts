/**
 * The estimator lab's pictures as SVG text: per parameter, the running mean of each estimator
 * against the number of draws (log axis) with ±2 SE bands, and the histogram of per-draw
 * gradients. Colours are VS Code theme variables with fallbacks, so the same SVG follows the theme
 * in the panel and reads well standalone. Every user-derived string is escaped.
 */
import { ESTIMATOR_LABELS, type EstimatorId, type ParamEstimates } from './report';

/** Stroke colour of each estimator (theme variable, fallback). */
export const ESTIMATOR_COLORS: Record<EstimatorId, string> = {
  'as-written': 'var(--vscode-charts-red, #d9534f)',
  pathwise: 'var(--vscode-charts-green, #2e9e5b)',
  score: 'var(--vscode-charts-orange, #e08a1e)',
  'score-baseline': 'var(--vscode-charts-blue, #3b7dd8)',
  relaxed: 'var(--vscode-charts-purple, #8e5bd0)',
};

/** Escapes text for SVG/HTML content and attributes (the webview bundles this file: no node imports). */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const FG = 'var(--vscode-editor-foreground, #333)';
const GRID = 'var(--vscode-editorWidget-border, #bbb)';

const W = 420;
const H = 220;
const M = { l: 56, r: 12, t: 46, b: 34 };

function ticks(lo: number, hi: number, count = 4): number[] {
  const span = hi - lo || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

const f = (x: number) => (Math.round(x * 10) / 10).toString();
const label = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(Number(v.toPrecision(4))));

function frame(title: string, body: string, legend: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="pw-est-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="var(--vscode-font-family, sans-serif)" font-size="10">
<text x="${M.l}" y="14" fill="${FG}" font-size="11">${escapeXml(title)}</text>
${body}
${legend}
</svg>`;
}

function legendOf(ids: EstimatorId[]): string {
  return ids
    .map((id, k) => {
      const x = M.l + 6 + (k % 2) * 150;
      const y = 28 + Math.floor(k / 2) * 12;
      return `<rect x="${x}" y="${y - 7}" width="10" height="3" fill="${ESTIMATOR_COLORS[id]}"/><text x="${x + 14}" y="${y}" fill="${FG}">${escapeXml(ESTIMATOR_LABELS[id])}</text>`;
    })
    .join('\n');
}

/** Running mean of every available estimator against N (log x axis) with ±2 SE bands. */
export function runningMeanSvg(p: ParamEstimates): string {
  const ests = p.estimators.filter((e) => e.available && e.running.length);
  // The y range: every mean after 10 draws, the bands once a tenth of the draws are in (early
  // REINFORCE bands are wide enough to flatten everything else; they are clipped at the frame).
  const nAll = Math.max(1, ...ests.map((e) => e.n));
  const early = (r: { n: number }) => r.n >= Math.min(10, nAll);
  const late = (r: { n: number }) => r.n >= nAll / 10;
  const pts = ests.flatMap((e) => [
    ...e.running.filter(early).map((r) => ({ mean: r.mean, se: 0 })),
    ...e.running.filter(late),
  ]);
  const lo0 = Math.min(...pts.map((r) => r.mean - 2 * r.se));
  const hi0 = Math.max(...pts.map((r) => r.mean + 2 * r.se));
  const pad = (hi0 - lo0) * 0.08 || 1;
  const [ylo, yhi] = Number.isFinite(lo0) && Number.isFinite(hi0) ? [lo0 - pad, hi0 + pad] : [-1, 1];
  const nMax = Math.max(2, ...ests.map((e) => e.n));
  const x = (n: number) => M.l + ((W - M.l - M.r) * Math.log(Math.max(1, n))) / Math.log(nMax);
  const y = (v: number) => M.t + (H - M.t - M.b) * (1 - (Math.min(yhi, Math.max(ylo, v)) - ylo) / (yhi - ylo));
  const parts: string[] = [];
  for (const t of ticks(ylo, yhi)) parts.push(`<line x1="${M.l}" x2="${W - M.r}" y1="${f(y(t))}" y2="${f(y(t))}" stroke="${GRID}" stroke-width="0.5"/><text x="${M.l - 4}" y="${f(y(t) + 3)}" text-anchor="end" fill="${FG}">${label(t)}</text>`);
  for (let n = 1; n <= nMax; n *= 10) parts.push(`<text x="${f(x(n))}" y="${H - M.b + 12}" text-anchor="middle" fill="${FG}">${n.toLocaleString('en-US')}</text>`);
  parts.push(`<text x="${(M.l + W - M.r) / 2}" y="${H - 6}" text-anchor="middle" fill="${FG}">draws N (log scale)</text>`);
  for (const e of ests) {
    const rs = e.running.filter((r) => r.n >= 2);
    const c = ESTIMATOR_COLORS[e.id];
    if (rs.length > 1) {
      const upper = rs.map((r) => `${f(x(r.n))},${f(y(r.mean + 2 * r.se))}`);
      const lower = rs.map((r) => `${f(x(r.n))},${f(y(r.mean - 2 * r.se))}`).reverse();
      parts.push(`<polygon class="pw-band" data-estimator="${e.id}" points="${[...upper, ...lower].join(' ')}" fill="${c}" fill-opacity="0.15" stroke="none"/>`);
    }
    const line = e.running.map((r) => `${f(x(r.n))},${f(y(r.mean))}`).join(' ');
    parts.push(`<polyline class="pw-mean" data-estimator="${e.id}" points="${line}" fill="none" stroke="${c}" stroke-width="1.5"${e.id === 'as-written' ? ' stroke-dasharray="4 2"' : ''}/>`);
  }
  parts.push(`<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="${GRID}"/>`);
  return frame(`running mean of ∂/∂${p.name} (±2 SE)`, parts.join('\n'), legendOf(ests.map((e) => e.id)));
}

/** Histogram of the per-draw gradients of every available estimator (common bins, outlines). */
export function histogramSvg(p: ParamEstimates): string {
  const ests = p.estimators.filter((e) => e.available && e.histogram.counts.length);
  const { lo, hi } = ests[0]?.histogram ?? { lo: 0, hi: 1 };
  const maxFrac = Math.max(1e-9, ...ests.map((e) => Math.max(...e.histogram.counts) / Math.max(1, e.n)));
  const x = (v: number) => M.l + ((W - M.l - M.r) * (v - lo)) / (hi - lo || 1);
  const y = (fr: number) => M.t + (H - M.t - M.b) * (1 - fr / maxFrac);
  const parts: string[] = [];
  for (const t of ticks(lo, hi, 5)) parts.push(`<line x1="${f(x(t))}" x2="${f(x(t))}" y1="${H - M.b}" y2="${H - M.b + 3}" stroke="${GRID}"/><text x="${f(x(t))}" y="${H - M.b + 13}" text-anchor="middle" fill="${FG}">${label(t)}</text>`);
  parts.push(`<text x="${M.l}" y="${H - 6}" text-anchor="start" fill="${FG}">per-draw gradient</text>`);
  for (const e of ests) {
    const counts = e.histogram.counts;
    const w = (hi - lo) / counts.length;
    const d: string[] = [`M${f(x(lo))},${f(y(0))}`];
    counts.forEach((c, k) => {
      const fr = c / Math.max(1, e.n);
      d.push(`L${f(x(lo + k * w))},${f(y(fr))}`, `L${f(x(lo + (k + 1) * w))},${f(y(fr))}`);
    });
    d.push(`L${f(x(hi))},${f(y(0))}`);
    parts.push(`<path class="pw-hist" data-estimator="${e.id}" d="${d.join(' ')}" fill="${ESTIMATOR_COLORS[e.id]}" fill-opacity="0.12" stroke="${ESTIMATOR_COLORS[e.id]}" stroke-width="1.2"/>`);
  }
  parts.push(`<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="${GRID}"/>`);
  const short: Record<EstimatorId, string> = { 'as-written': 'as written', pathwise: 'pathwise', score: 'SF', 'score-baseline': 'SF+b', relaxed: 'relaxed' };
  const out = ests.filter((e) => (e.histogram.outside ?? 0) > 0).map((e) => `${short[e.id]} ${e.histogram.outside}`);
  if (out.length) parts.push(`<text x="${W - M.r - 4}" y="${M.t + 12}" text-anchor="end" fill="${FG}" font-size="9">off the scale: ${escapeXml(out.join(', '))}</text>`);
  return frame(`per-draw ∂/∂${p.name}`, parts.join('\n'), legendOf(ests.map((e) => e.id)));
}
