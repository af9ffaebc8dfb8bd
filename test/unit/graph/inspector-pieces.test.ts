import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { enclosingFunctionStarts } from '../../../src/extension/inspector/functions';
import { inspectorCsp, inspectorPage, jsonForHtml, renderHtmlPage } from '../../../src/core/graph/html';
import { isFromWebview, isToWebview } from '../../../src/core/protocol';
import type { TraceGraph } from '../../../src/core/graph/model';

const vae: TraceGraph = JSON.parse(readFileSync(new URL('./fixtures/vae-severed.json', import.meta.url), 'utf8'));

describe('CodeLens positions: outermost named function around each finding', () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";', // 1
    'export function elbo(mu: number, s: number) {', // 2
    '  const f = () => tf.randomNormal([1], mu, s);', // 3
    '  return f();', // 4
    '}', // 5
    'const loss = (x: number) => {', // 6
    '  return x * Math.random();', // 7
    '};', // 8
    'class M { step() { return sample(); } }', // 9
    'topLevel();', // 10
  ].join('\n');
  it.each([
    [['randomNormal'], [2]],
    [['randomNormal', 'return f()'], [2]],
    [['Math.random'], [6]],
    [['sample()'], [9]],
    [['topLevel'], []],
    [['randomNormal', 'Math.random', 'sample()'], [2, 6, 9]],
  ])('positions of %j → lens lines %j', (markers, expected) => {
    const starts = enclosingFunctionStarts('a.ts', src, markers.map((m) => src.indexOf(m)));
    const lensLines = starts.map((o) => src.slice(0, o).split('\n').length);
    expect(lensLines).toEqual(expected);
  });
});

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
    [{ type: 'trace-state', trace: { state: 'failed', reason: 'timeout' } }, true],
    [{ type: 'trace-state', trace: { state: 'failed' } }, false],
    [{ type: 'trace-state', trace: { state: 'done', ms: 3 } }, true],
    [{ type: 'trace-state', trace: { state: 'done', ms: 3, note: 'empty' } }, true],
    [{ type: 'trace-state', trace: { state: 'done', ms: 3, note: 4 } }, false],
    [{ type: 'trace-state', trace: { state: 'exploded' } }, false],
    [{ type: 'highlight-line', line: 4 }, true],
    [{ type: 'highlight-line', line: -1 }, false],
    [{ type: 'highlight-line', line: '4' }, false],
    [{ type: 'theme-changed' }, true],
    [{ type: 'run', code: 'alert(1)' }, false],
    [null, false],
  ])('isToWebview(%j) = %s', (msg, ok) => expect(isToWebview(msg)).toBe(ok));

  it.each([
    [{ type: 'reveal', line: 5, column: 13, endLine: 5, endColumn: 42 }, true],
    [{ type: 'reveal', line: 5, column: 1.5, endLine: 5, endColumn: 42 }, false],
    [{ type: 'export', format: 'svg', content: '<svg/>' }, true],
    [{ type: 'export', format: 'exe', content: '' }, false],
    [{ type: 'apply-fix', id: 'f' }, true],
    [{ type: 'apply-fix' }, false],
  ])('isFromWebview(%j) = %s', (msg, ok) => expect(isFromWebview(msg)).toBe(ok));
});
