/**
 * Renders an estimate report in the Estimators tab: per parameter the one-line verdict, the table
 * of estimators and the two charts (running mean with ±2 SE bands, histogram of per-draw
 * gradients), each with SVG and PNG export. The SVG and table markup come from the core, which
 * escapes every user-derived string; theme colours are CSS variables, resolved for exports.
 */
import type { EstimateReport } from '../src/core/estimators/report';
import { paramHeading, summaryLine } from '../src/core/estimators/summary';
import { histogramSvg, runningMeanSvg } from '../src/core/estimators/svg';
import { estimatorTableHtml } from '../src/core/estimators/table-html';
import { button } from './ui';

/** What the view asks of its host (the extension, or a download standalone). */
export interface ChartExport {
  (format: 'svg' | 'png', name: string, content: string): void;
}

/** Replaces `var(--x, fallback)` with the page's computed value so an exported SVG looks the same outside the panel. */
export function resolveThemeVars(svg: string, style: CSSStyleDeclaration = getComputedStyle(document.documentElement)): string {
  // Values go into double-quoted attributes (font families quote their names): single quotes only.
  return svg.replace(/var\((--[\w-]+),\s*([^)]+)\)/g, (_m, name: string, fallback: string) => (style.getPropertyValue(name).trim() || fallback.trim()).replace(/"/g, "'"));
}

/** Rasterises an SVG text to a PNG data URL (2× for sharpness). */
export function svgToPng(svg: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = img.width * 2;
      canvas.height = img.height * 2;
      const ctx = canvas.getContext('2d');
      if (!ctx) return reject(new Error('no 2d canvas'));
      ctx.fillStyle = getComputedStyle(document.body).backgroundColor || '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      resolve(canvas.toDataURL('image/png'));
    };
    img.onerror = () => reject(new Error('could not rasterise the chart'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function chart(svg: string, name: string, exportChart: ChartExport): HTMLElement {
  const fig = el('figure', 'pw-est-figure');
  const holder = el('div', 'pw-est-svg');
  holder.innerHTML = svg; // built by the core with every user string escaped
  const bar = el('figcaption', 'pw-est-export');
  const standalone = () => resolveThemeVars(holder.innerHTML);
  bar.append(
    button('SVG', () => exportChart('svg', name, standalone()), { secondary: true, title: 'Export this chart as SVG' }),
    button('PNG', () => void svgToPng(standalone()).then((png) => exportChart('png', name, png), () => undefined), { secondary: true, title: 'Export this chart as PNG' }),
  );
  fig.append(holder, bar);
  return fig;
}

/** The report as DOM (replaces `target`'s children). */
export function renderReport(target: HTMLElement, r: EstimateReport, exportChart: ChartExport): void {
  const parts: HTMLElement[] = [];
  const loss = r.entry ?? 'loss';
  parts.push(el('p', 'pw-muted', `${loss}: ${r.draws} of ${r.samples} draws, seed ${r.seed}, ${(r.ms / 1000).toFixed(2)} s, common random numbers between estimators${r.fixed ? '; pathwise = the preferred fix applied in memory' : ''}.`));
  if (r.error) parts.push(el('p', 'pw-message pw-error', `${r.error.reason === 'cancelled' ? 'Stopped' : 'The code threw'}: ${r.error.message}${r.error.loc ? ` (line ${r.error.loc.line})` : ''}`));
  r.params.forEach((p, k) => {
    const sec = el('section', 'pw-est-param');
    sec.dataset.param = p.name;
    sec.append(el('h2', '', paramHeading(p)), el('p', 'pw-est-summary', summaryLine(p, loss)));
    const table = el('div', 'pw-est-table-wrap');
    table.innerHTML = estimatorTableHtml(r, k); // escaped by the core
    const charts = el('div', 'pw-est-charts');
    charts.append(chart(runningMeanSvg(p), `${p.name}.running-mean`, exportChart), chart(histogramSvg(p), `${p.name}.histogram`, exportChart));
    sec.append(table, charts);
    parts.push(sec);
  });
  for (const n of r.notes ?? []) parts.push(el('p', 'pw-muted', `note: ${n}`));
  target.replaceChildren(...parts);
}
