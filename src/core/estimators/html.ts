/**
 * `pathwise estimate --format html`: one self-contained page (no script; CSP `default-src 'none'`)
 * with the summary lines, the table of each parameter's estimators and its two SVG charts.
 */
import { escapeHtml } from '../graph/html';
import type { EstimateReport } from './report';
import { paramHeading, summaryLine } from './summary';
import { histogramSvg, runningMeanSvg } from './svg';
import { estimatorTableHtml } from './table-html';

/** The standalone page. */
export function renderEstimateHtml(r: EstimateReport): string {
  const loss = r.entry ?? 'loss';
  const sections = r.params.map(
    (p, k) => `<section><h2>${escapeHtml(p.shape ? paramHeading(p) : `${p.name} = ${p.value}`)}</h2>
<p class="pw-summary">${escapeHtml(summaryLine(p, loss))}</p>
${estimatorTableHtml(r, k)}
<div class="pw-charts">${runningMeanSvg(p)}${histogramSvg(p)}</div></section>`,
  );
  const err = r.error ? `<p class="pw-error">${escapeHtml(r.error.reason ?? 'error')}: ${escapeHtml(r.error.message)}</p>` : '';
  const notes = (r.notes ?? []).map((n) => `<p class="pw-note">note: ${escapeHtml(n)}</p>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Pathwise estimators — ${escapeHtml(r.file)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #ddd; background: #1e1e1e; --vscode-editor-foreground: #ddd; --vscode-editorWidget-border: #555; } }
table { border-collapse: collapse; } td, th { padding: 2px 10px; text-align: left; border-bottom: 1px solid #8884; }
.pw-charts { display: flex; flex-wrap: wrap; gap: 12px; } .pw-error { color: #c33; }
</style>
</head>
<body>
<h1>Gradient estimators: ${escapeHtml(r.file)} — ${escapeHtml(loss)}</h1>
<p>${r.draws} of ${r.samples} draws, seed ${r.seed}, common random numbers between estimators${r.fixed ? '; pathwise = the preferred fix applied in memory' : ''}.</p>
${err}${sections.join('\n')}
${notes}
</body>
</html>
`;
}
