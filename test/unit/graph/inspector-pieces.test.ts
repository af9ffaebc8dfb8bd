import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { inspectorCsp, inspectorPage, jsonForHtml, renderHtmlPage } from '../../../src/core/graph/html';
import { graphFromJson, isFromWebview, isToWebview } from '../../../src/core/protocol';
import type { TraceGraph } from '../../../src/core/graph/model';

const vae: TraceGraph = JSON.parse(readFileSync(new URL('./fixtures/vae-severed.json', import.meta.url), 'utf8'));

describe('inspector page', () => {
  it('has the strict CSP: nonce scripts only, no eval, styles and resources from the webview source', () => {
    expect(inspectorCsp('https://x.vscode-cdn.net', 'abc')).toBe(
      "default-src 'none'; script-src 'nonce-abc'; style-src https://x.vscode-cdn.net 'unsafe-inline'; img-src https://x.vscode-cdn.net data:; font-src https://x.vscode-cdn.net data:; worker-src blob:",
    );
  });
  it('escapes the script URI and nonce', () => {
    const html = inspectorPage({ nonce: 'n"1', cspSource: 's', scriptUri: 'https://a/b.js?"><script>alert(1)</script>' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('nonce="n&#34;1"');
  });
  it('the standalone page inlines data that cannot close its script element', () => {
    const g = { ...vae, nodes: vae.nodes.map((n) => ({ ...n, label: '</script><script>alert(1)</script>' })) };
    const html = renderHtmlPage(g, 'console.log("</script>")');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the data block's and the bundle's own
    expect(html).toContain('console.log("<\\/script>")');
    const data = /<script type="application\/json" id="pathwise-data">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(data).graph.nodes[0].label).toBe('</script><script>alert(1)</script>');
    expect(html).toMatch(/script-src &#39;nonce-[A-Za-z0-9+/=]{24}&#39;/);
    expect(jsonForHtml('<!--')).toBe('"\\u003c!--"');
  });
  it('uses a fresh nonce per page', () => {
    const a = /nonce-([^']+)/.exec(renderHtmlPage(vae, ''))![1];
    const b = /nonce-([^']+)/.exec(renderHtmlPage(vae, ''))![1];
    expect(a).not.toBe(b);
  });
});

describe('extension ⇄ webview message guards', () => {
  it.each([
    [{ type: 'graph', file: 'a.ts', graph: vae, fixes: [] }, true],
    [{ type: 'graph', file: 'a.ts', graph: vae, fixes: [{ id: 'f', title: 't', after: vae }] }, true],
    [{ type: 'graph', file: 'a.ts', graph: { ...vae, nodes: [{ id: 1 }] }, fixes: [] }, false],
    [{ type: 'graph', file: 'a.ts', graph: { ...vae, edges: [{ from: 'a', to: 'b', kind: 'eval' }] }, fixes: [] }, false],
    [{ type: 'graph', file: 'a.ts', graph: vae, fixes: [{ id: 'f', after: vae }] }, false],
    [{ type: 'graph', file: 'a.ts', graph: vae }, false],
    [{ type: 'trace-state', trace: { state: 'static', reason: 'not traced yet' } }, true],
    [{ type: 'trace-state', trace: { state: 'static', reason: 'untrusted', action: 'trust' } }, true],
    [{ type: 'trace-state', trace: { state: 'static' } }, false],
    [{ type: 'trace-state', trace: { state: 'static', reason: 'x', action: 'format-disk' } }, false],
    [{ type: 'trace-state', trace: { state: 'tracing', entry: 'loss' } }, true],
    [{ type: 'trace-state', trace: { state: 'traced', ms: 3, entry: 'loss' } }, true],
    [{ type: 'trace-state', trace: { state: 'traced', ms: 3, stale: true } }, true],
    [{ type: 'trace-state', trace: { state: 'traced', ms: '3' } }, false],
    [{ type: 'trace-state', trace: { state: 'no-gradient', reason: 'nothing called', action: 'pick-entry' } }, true],
    [{ type: 'trace-state', trace: { state: 'no-gradient', reason: 'nothing called' } }, false],
    [{ type: 'trace-state', trace: { state: 'done', ms: 3 } }, false],
    [{ type: 'trace-state', trace: { state: 'exploded' } }, false],
    [{ type: 'highlight-line', line: 4 }, true],
    [{ type: 'highlight-line', line: -1 }, false],
    [{ type: 'highlight-line', line: '4' }, false],
    [{ type: 'theme-changed' }, true],
    [{ type: 'graph-json', json: '{}' }, true],
    [{ type: 'graph-json', json: { type: 'graph' } }, false],
    [{ type: 'run', code: 'alert(1)' }, false],
    [null, false],
  ])('isToWebview(%j) = %s', (msg, ok) => expect(isToWebview(msg)).toBe(ok));

  it.each([
    [JSON.stringify({ type: 'graph', file: 'a.ts', graph: vae, fixes: [] }), 'a.ts'],
    [JSON.stringify({ type: 'graph', file: 'a.ts', graph: { ...vae, nodes: [{ id: 1 }] }, fixes: [] }), null],
    [JSON.stringify({ type: 'highlight-line', line: 4 }), null],
    ['{"type":"graph",', null],
    ['', null],
  ])('graphFromJson: the graph message a text holds, checked as one (%#)', (json, file) => expect(graphFromJson(json)?.file ?? null).toBe(file));

  it.each([
    [{ type: 'reveal', line: 5, column: 13, endLine: 5, endColumn: 42 }, true],
    [{ type: 'reveal', line: 5, column: 1.5, endLine: 5, endColumn: 42 }, false],
    [{ type: 'export', format: 'svg', content: '<svg/>' }, true],
    [{ type: 'export', format: 'exe', content: '' }, false],
    [{ type: 'apply-fix', id: 'f' }, true],
    [{ type: 'apply-fix' }, false],
    [{ type: 'action', action: 'pick-entry' }, true],
    [{ type: 'action', action: 'rm -rf' }, false],
    [{ type: 'preview-fix', id: 'v3-f0-x0' }, true],
    [{ type: 'preview-fix', id: 3 }, false],
  ])('isFromWebview(%j) = %s', (msg, ok) => expect(isFromWebview(msg)).toBe(ok));
});
