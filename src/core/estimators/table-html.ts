/**
 * The table of one parameter's estimators as HTML, shared by the standalone page and the panel's
 * Estimators tab (browser-safe: no node imports; every user-derived string escaped).
 */
import { ESTIMATOR_LABELS, type EstimateReport } from './report';
import { formatMean, formatRatio, formatSe } from './summary';
import { escapeXml } from './svg';

/** The report's table of estimators for one parameter, as HTML (shared with the panel). */
export function estimatorTableHtml(r: EstimateReport, k: number): string {
  const p = r.params[k];
  const rows = p.estimators.map((e) => {
    const name = escapeXml(ESTIMATOR_LABELS[e.id]);
    if (!e.available) return `<tr><td>${name}</td><td colspan="4">n/a: ${escapeXml(e.note ?? '')}</td></tr>`;
    if (e.none) return `<tr><td>${name}</td><td>0</td><td colspan="3">no gradient (severed)</td></tr>`;
    const need = p.samplesNeeded[e.id];
    return `<tr><td>${name}</td><td>${escapeXml(formatMean(e.mean, e.se))}</td><td>± ${escapeXml(formatSe(e.se))}</td><td>${escapeXml(e.variance.toPrecision(3))}</td><td>${need == null ? '' : need.toLocaleString('en-US')}</td></tr>`;
  });
  return `<table class="pw-est-table"><thead><tr><th>estimator</th><th>mean</th><th>SE</th><th>variance</th><th>draws for ${Math.round(r.relError * 100)}%</th></tr></thead><tbody>${rows.join('')}</tbody></table>${
    p.varianceRatio !== null ? `<p>variance ratio score function / pathwise: ${escapeXml(formatRatio(p.varianceRatio))}</p>` : ''
  }${
    p.relaxation
      ? `<p>relaxation bias (temperature ${escapeXml(String(p.relaxation.temperature))}): ${escapeXml(formatMean(p.relaxation.bias, p.relaxation.se))} ± ${escapeXml(formatSe(p.relaxation.se))}</p>`
      : ''
  }`;
}

