/**
 * The HTML page of the graph inspector, shared by the VS Code panel (bundle loaded from a webview URI)
 * and `pathwise trace --format html` (bundle and data inlined: one self-contained file that opens in
 * any browser). Both get the same strict CSP: `default-src 'none'`, scripts only by nonce, no eval.
 */
import { randomBytes } from 'node:crypto';
import type { TraceGraph } from './model';
import type { PanelFix } from '../protocol';

/** A fresh CSP nonce (128 random bits, base64). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface PageOptions {
  nonce: string;
  /** `webview.cspSource` in VS Code; empty for the standalone page. */
  cspSource: string;
  /** Where the bundle is loaded from (VS Code panel), or... */
  scriptUri?: string;
  /** ...the bundle text itself (standalone page). */
  inlineScript?: string;
  /** Initial data for the standalone page (no extension to send it). */
  data?: { file: string; graph: TraceGraph; fixes: PanelFix[] };
  title?: string;
}

/**
 * The Content-Security-Policy of the inspector page. Scripts only by nonce, never eval. The layout
 * worker (ELK) starts from a blob: URL the page made itself (`worker-src blob:`): a VS Code webview
 * cannot start a worker from its resource URLs (another origin), and the standalone page has no
 * server. The drawing's own sheet is an inline <style>, hence 'unsafe-inline' for styles only.
 */
export function inspectorCsp(cspSource: string, nonce: string): string {
  const src = cspSource ? `${cspSource} ` : '';
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${src}'unsafe-inline'`,
    `img-src ${src}data:`,
    `font-src ${src}data:`.trim(),
    'worker-src blob:',
  ].join('; ');
}

/** The inspector page. The data block is JSON inside a non-executed script element, with `<` escaped. */
export function inspectorPage(o: PageOptions): string {
  const title = escapeHtml(o.title ?? 'Pathwise graph inspector');
  const nonce = escapeHtml(o.nonce);
  const data = o.data
    ? `<script type="application/json" id="pathwise-data">${jsonForHtml(o.data)}</script>\n`
    : '';
  const script = o.inlineScript !== undefined
    ? `<script nonce="${nonce}">${scriptForHtml(o.inlineScript)}</script>`
    : `<script nonce="${nonce}" src="${escapeHtml(o.scriptUri ?? '')}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(inspectorCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body>
<div id="app" data-standalone="${o.data ? 'true' : 'false'}"></div>
${data}${script}
</body>
</html>
`;
}

/**
 * A self-contained page for `pathwise trace --format html --out graph.html`: the webview bundle
 * (`dist/webview.js`) and the trace inlined, viewable in any browser without VS Code.
 */
export function renderHtmlPage(graph: TraceGraph, webviewBundle: string): string {
  return inspectorPage({
    nonce: makeNonce(),
    cspSource: '',
    inlineScript: webviewBundle,
    data: { file: graph.file, graph, fixes: [] },
    title: `Pathwise — ${graph.file}`,
  });
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end its script element or open a comment: `<`, `>`, `&` and line separators as \u escapes. */
export function jsonForHtml(x: unknown): string {
  return JSON.stringify(x).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Script text that cannot close its element early (`</script` → `<\/script`, same meaning in JS strings and regexps). */
function scriptForHtml(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
