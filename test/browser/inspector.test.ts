/**
 * The graph inspector webview in real headless Chromium: the built bundle inside the panel's page and
 * CSP, driven by the same messages the extension sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { TraceGraph } from '../../src/core/graph/model';
import { renderHtmlPage } from '../../src/core/graph/html';
import { runTrace } from '../../src/tracer/host';
import { runnerPath } from '../unit/tracer/runner-bundle';
import { BUNDLE, buildWebview, openAtSplit, postAndRender, posted, renderCount, startHarness, violations, type Harness } from './harness';

const fixture = (name: string): TraceGraph =>
  JSON.parse(readFileSync(resolve(__dirname, '../unit/graph/fixtures', name), 'utf8'));
const severed = fixture('vae-severed.json');
const reparam = fixture('vae-reparam.json');
const SHOTS = resolve(__dirname, '../../artifacts/screenshots');

let h: Harness;
beforeAll(async () => {
  await buildWebview();
  h = await startHarness();
});
afterAll(async () => h?.close());

/** Drawn edges (paths) with their inline style, and edge label texts. */
async function edges(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('#pw-graph svg')!;
    return {
      paths: [...svg.querySelectorAll('path.edge')].map((p) => ({ id: `${p.getAttribute('data-from')}>${p.getAttribute('data-to')}`, style: p.getAttribute('class') ?? '', dash: getComputedStyle(p).strokeDasharray, stroke: getComputedStyle(p).stroke })),
      labels: [...svg.querySelectorAll('g.edgeLabel')].map((l) => l.textContent?.trim() ?? '').filter(Boolean),
    };
  });
}

function graphWithLabel(label: string): TraceGraph {
  return {
    ...severed,
    nodes: severed.nodes.map((n) => (n.id === 'z' ? { ...n, label, op: label, loc: { ...n.loc!, fn: label } } : n)),
  };
}

describe('graph inspector webview (headless Chromium)', () => {
  it('draws the severed VAE: μ ──?──> z dashed red with a ? label, laid out by ELK in a blob: worker with no CSP violation', async () => {
    const page = await h.open();
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] });
    const { paths, labels } = await edges(page);
    const red = paths.filter((p) => p.stroke === 'rgb(229, 72, 77)');
    const name = (id: string) => page.locator(`#pw-graph g.node[data-id="${id}"] tspan.title`).textContent();
    const ends = await Promise.all(red.map(async (p) => `${await name(p.id.split('>')[0])}>${await name(p.id.split('>')[1])}`));
    expect(ends.sort()).toEqual(['mu>z', 'sigma>z']);
    for (const p of red) expect(p.dash).toMatch(/^7(px)?,? 5(px)?$/);
    expect(labels.filter((t) => t === '?')).toHaveLength(2);
    const solid = paths.filter((p) => p.stroke !== 'rgb(229, 72, 77)');
    expect(solid.length).toBe(13);
    for (const p of solid) expect(p.dash).toMatch(/^(none|0(px)?)$/);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('draws the reparameterized VAE with no severed edge and ε as an input', async () => {
    const page = await h.open();
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: reparam, fixes: [] });
    const { paths, labels } = await edges(page);
    expect(paths.filter((p) => p.style.includes('severed'))).toHaveLength(0);
    expect(labels).not.toContain('?');
    const eps = await page.locator('#pw-graph g.node.noise').textContent();
    expect(eps).toContain('eps');
    expect(eps).toContain('noise ε · input');
    await page.close();
  });

  it('renders an HTML-looking identifier as text: no element is created and no script runs', async () => {
    const page = await h.open();
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
    const evil = '<img src=x onerror=alert(1)>';
    const evil2 = '<img src=y onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await postAndRender(page, { type: 'graph', file: `/w/${evil}.ts`, graph: graphWithLabel(evil), fixes: [] });
    const z = page.locator('#pw-graph g.node.sample');
    expect(await z.textContent()).toContain(evil);
    expect(await page.locator('#pw-graph img, #pw-graph script').count()).toBe(0);
    expect(await page.locator('#pw-graph .cluster').filter({ hasText: evil }).count()).toBe(1);
    expect(await page.locator('.pw-file').textContent()).toBe(`${evil}.ts`);
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: graphWithLabel(evil2), fixes: [] });
    expect(await page.locator('#pw-graph g.node.sample').textContent()).toContain('<img src=y onerror="window.__pwned=1">');
    expect(await page.locator('#pw-graph .cluster').filter({ hasText: '<script>window.__pwned=2</script>' }).count()).toBe(1);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#pw-graph img, #pw-graph script').count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.close();
  });

  it('clicking a node posts reveal with its source range', async () => {
    const page = await h.open();
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] });
    await page.locator('#pw-graph g.node.sample').click();
    expect(await page.locator('#pw-detail').textContent()).toContain('randomNormal(mu, sigma)');
    // Off-screen nodes are clicked by event (the view shows the severed path, not every node).
    await page.locator('#pw-graph g.node', { hasText: /^xhat/ }).dispatchEvent('click');
    const reveals = (await posted(page)).filter((m) => m.type === 'reveal');
    expect(reveals).toEqual([
      { type: 'reveal', line: 5, column: 13, endLine: 5, endColumn: 42 },
      { type: 'reveal', line: 11, column: 10, endLine: 11, endColumn: 15 },
    ]);
    await page.close();
  });

  it('the CSP blocks an injected inline script and an injected external one', async () => {
    const page = await h.open();
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] });
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = 1';
      document.body.appendChild(s);
      const t = document.createElement('script');
      t.src = 'data:text/javascript,window.__injected=2';
      document.body.appendChild(t);
    });
    await page.waitForFunction(() => (window as unknown as { __violations: unknown[] }).__violations.length >= 2);
    expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    const v = await violations(page);
    expect(v.map((x) => x.directive)).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src/)]));
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toMatch(/^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}';/);
    expect(csp).not.toContain('unsafe-eval');
    await page.close();
  });

  it('highlights the nodes of the cursor line and marks search hits', async () => {
    const page = await h.open();
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] });
    await page.evaluate(() => window.postMessage({ type: 'highlight-line', line: 15 }, '*'));
    await expect.poll(() => page.locator('#pw-graph g.node.pw-hl').allTextContents()).toHaveLength(3);
    const hl = await page.locator('#pw-graph g.node.pw-hl').allTextContents();
    expect(hl.join(' ')).toMatch(/sigma².*mu².*kl/);
    await page.locator('#pw-search').locator('input').fill('xhat');
    await expect.poll(() => page.locator('#pw-graph g.node.pw-match').count()).toBe(2);
    await page.close();
  });

  it('ignores malformed messages', async () => {
    const page = await h.open();
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] });
    const n = await renderCount(page);
    await page.evaluate(() => {
      window.postMessage({ type: 'graph', file: 'x', graph: { version: 1, runtime: 'plain', nodes: [{ id: 1 }], edges: [] }, fixes: [] }, '*');
      window.postMessage({ type: 'run-code', code: 'alert(1)' }, '*');
      window.postMessage('graph', '*');
      window.postMessage({ type: 'graph-json', json: '{"type":"graph","file":"x",' }, '*');
      window.postMessage({ type: 'graph-json', json: JSON.stringify({ type: 'graph', file: 'x', graph: { version: 1, runtime: 'plain', nodes: [{ id: 1 }], edges: [] }, fixes: [] }) }, '*');
    });
    await page.waitForTimeout(300);
    expect(await renderCount(page)).toBe(n);
    await page.close();
  });

  it('draws a graph sent as JSON text (what the extension sends) exactly as the same graph sent as an object', async () => {
    const drawingOf = async (message: Record<string, unknown>) => {
      const page = await h.open();
      await postAndRender(page, message);
      const out = await page.evaluate(() => ({
        title: document.querySelector('.pw-file')?.textContent ?? '',
        boxes: [...document.querySelectorAll('#pw-graph g.node[data-id]')].map((g) => `${g.getAttribute('data-id')}@${g.getAttribute('transform')}:${g.textContent}`),
        edges: document.querySelectorAll('#pw-graph path.edge').length,
      }));
      await page.close();
      return out;
    };
    const object = await drawingOf({ type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] });
    const text = await drawingOf({ type: 'graph-json', json: JSON.stringify({ type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] }) });
    expect(object.boxes.length).toBeGreaterThan(5);
    expect(object.edges).toBeGreaterThan(5);
    expect(text).toEqual(object);
  });

  it('shows trace states, previews the graph after a fix and applies it', async () => {
    const page = await h.open();
    const fixes = [{ id: 'fix-1', title: 'Reparameterize: mu + sigma * eps', after: reparam }];
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: severed, fixes });
    // One status: the pill, and for "no values" the reason with the button that fixes it.
    for (const [trace, text, reason, action] of [
      [{ state: 'tracing', entry: 'loss' }, 'Tracing loss…', '', ''],
      [{ state: 'traced', ms: 42, entry: 'loss', stale: true }, 'Traced loss: stale, edited since', '', ''],
      [{ state: 'no-gradient', reason: 'the code threw: boom (line 3)', action: 'rerun' }, 'Traced: no gradient', 'the code threw: boom (line 3)', 'Re-run'],
      [{ state: 'static', reason: 'workspace is not trusted', action: 'trust' }, 'Static graph: no values', 'workspace is not trusted', 'Trust the workspace…'],
      [{ state: 'traced', ms: 42, entry: 'loss' }, 'Traced loss in 42 ms', '', ''],
      [{ state: 'no-gradient', ms: 7, reason: 'nothing called a gradient context', action: 'pick-entry' }, 'Traced: no gradient', 'nothing called a gradient context', 'Pick an entry…'],
    ] as const) {
      await page.evaluate((t) => window.postMessage({ type: 'trace-state', trace: t }, '*'), trace);
      await expect.poll(() => page.locator('.pw-status').textContent()).toBe(text);
      expect(await page.locator('.pw-reason').isVisible()).toBe(reason !== '');
      if (reason) expect(await page.locator('.pw-reason-text').textContent()).toBe(reason);
      expect(await page.locator('#pw-action').isVisible()).toBe(action !== '');
      if (action) expect(await page.locator('#pw-action').textContent()).toBe(action);
    }
    await page.locator('#pw-action').click(); // the last state's button: pick an entry
    const before = await renderCount(page);
    await page.locator('#pw-after').click();
    await page.waitForFunction((n) => Number(document.getElementById('pw-graph')!.dataset.rendered) > n, before);
    expect((await edges(page)).labels).not.toContain('?');
    expect(await page.locator('.pw-table').textContent()).toContain('✓');
    await page.locator('#pw-apply').click();
    await page.locator('#pw-rerun').click();
    // The exports are in the toolbar's overflow menu.
    await page.locator('#pw-more').click();
    await page.locator('#pw-export-mermaid').click();
    const msgs = await posted(page);
    expect(msgs.filter((m) => m.type === 'apply-fix')).toEqual([{ type: 'apply-fix', id: 'fix-1' }]);
    expect(msgs.filter((m) => m.type === 'action')).toEqual([{ type: 'action', action: 'pick-entry' }]);
    expect(msgs.filter((m) => m.type === 'preview-fix')).toEqual([{ type: 'preview-fix', id: 'fix-1' }]);
    // Both graphs traced: before and after side by side, number by number.
    const compare = await page.locator('.pw-compare tbody tr').allInnerTexts();
    expect(compare[0]).toMatch(/^loss\t/);
    expect(compare.length).toBe(1 + (severed.params?.length ?? 0));
    expect(msgs.filter((m) => m.type === 'rerun')).toHaveLength(1);
    const exp = msgs.find((m) => m.type === 'export')!;
    expect(exp.format).toBe('mermaid');
    expect(exp.content).toMatch(/^%% pathwise .*\nflowchart TB\n/);
    await page.close();
  });

  it('a click on a group title closes that function; a click on its box opens it', async () => {
    const page = await h.open();
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] });
    expect(await page.locator('#pw-graph g.node').count()).toBe(13);
    let n = await renderCount(page);
    await page.locator('#pw-graph g.cluster .cluster-label', { hasText: 'klNormal' }).dispatchEvent('click');
    await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n);
    expect(await page.locator('#pw-graph g.node').count()).toBe(11);
    const summary = page.locator('#pw-graph g.node.summary');
    expect(await summary.textContent()).toContain('klNormal');
    expect(await summary.textContent()).toContain('3 nodes');
    n = await renderCount(page);
    await summary.dispatchEvent('click');
    await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n);
    expect(await page.locator('#pw-graph g.node').count()).toBe(13);
    expect((await posted(page)).filter((m) => m.type === 'reveal')).toEqual([]);
    await page.close();
  });

  it('the traced graph that replaces the static one opens on its finding (its groups are not the static graph\'s)', async () => {
    const page = await h.open();
    // The static graph of a file: a few nodes of one function.
    const staticGraph: TraceGraph = { ...severed, runtime: 'static', nodes: severed.nodes.slice(0, 4), edges: [] };
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: staticGraph, fixes: [] });
    // Its trace: a 120-node layer whose host read cuts the path (a severed edge inside the layer).
    const nodes: TraceGraph['nodes'] = [];
    const tedges: TraceGraph['edges'] = [];
    const group = ['model:sequential_1', 'layer:dense_Dense1'];
    for (let i = 0; i < 120; i++) {
      nodes.push({ id: `t${i}`, label: `op${i}`, op: 'add', kind: i ? 'op' : 'param', value: i, grad: 1, shape: null, loc: { line: i + 1, column: 1, fn: 'loss' }, group });
      if (i) tedges.push({ from: `t${i - 1}`, to: `t${i}`, kind: 'grad' });
    }
    nodes.push({ id: 'h', label: 'zMean.dataSync()', op: 'dataSync', kind: 'host', value: 0.1, grad: null, shape: null, loc: { line: 200, column: 1, fn: 'loss' }, group });
    nodes.push({ id: 'zs', label: 'z', op: 'randomNormal', kind: 'sample', value: 0.2, grad: null, shape: null, loc: { line: 201, column: 1, fn: 'loss' }, group });
    tedges.push({ from: 't60', to: 'h', kind: 'grad' }, { from: 'h', to: 'zs', kind: 'severed' }, { from: 'zs', to: 't119', kind: 'grad' });
    const n = await renderCount(page);
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'graph', file: '/w/vae.ts', graph: { ...severed, runtime: 'tfjs', nodes, edges: tedges }, fixes: [] });
    await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n);
    const titles = await page.locator('#pw-graph g.node tspan.title').allTextContents();
    expect(titles).toContain('zMean.dataSync()');
    expect((await edges(page)).labels).toContain('?');
    await page.close();
  });

  it('the gradient table flags parameters whose reverse gradient disagrees with finite differences', async () => {
    const page = await h.open();
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] });
    const bad = await page.locator('.pw-table tr.pw-row-bad td:first-child').allTextContents();
    expect(bad).toEqual(['mu', 'logSigma']);
    await page.close();
  });

  it('opens every group of a 700-node graph on request, after saying how many boxes that draws', async () => {
    const page = await h.open();
    const nodes: TraceGraph['nodes'] = [];
    const gedges: TraceGraph['edges'] = [];
    for (let i = 0; i < 700; i++) {
      nodes.push({ id: `v${i}`, label: `t${i}`, op: 'add', kind: i ? 'op' : 'param', value: i, grad: 1, shape: null, loc: { line: i + 1, column: 1, fn: `f${i % 3}` } });
      if (i) gedges.push({ from: `v${i - 1}`, to: `v${i}`, kind: 'grad' });
    }
    const big: TraceGraph = { ...severed, nodes, edges: gedges };
    await postAndRender(page, { type: 'graph', file: '/w/big.ts', graph: big, fixes: [] });
    expect(await page.locator('#pw-graph g.node').count()).toBeLessThanOrEqual(150);
    const before = await renderCount(page);
    await page.locator('#pw-full').click();
    // An expansion of hundreds of boxes says so first; nothing is drawn until the person agrees.
    await expect.poll(() => page.locator('.pw-notice').textContent()).toMatch(/This shows \d+ boxes/);
    expect(await renderCount(page)).toBe(before);
    await page.locator('#pw-ask-yes').click();
    await page.waitForFunction((n) => Number(document.getElementById('pw-graph')!.dataset.rendered) > n, before, { timeout: 60_000 });
    expect(await page.locator('#pw-graph g.node:not(.pw-group)').count()).toBe(700);
    expect(await page.locator('#pw-graph .pw-bad').count()).toBe(0);
    await page.close();
  });

  it('re-renders with the new colours when the theme changes', async () => {
    const page = await h.open('light');
    await postAndRender(page, { type: 'graph', file: '/w/vae.ts', graph: severed, fixes: [] });
    const fill = () => page.evaluate(() => getComputedStyle(document.querySelector('#pw-graph g.node.default rect, #pw-graph g.node rect')!).fill);
    expect(await fill()).toBe('rgb(248, 248, 248)');
    const n = await renderCount(page);
    await page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-editorWidget-background', '#2b2b2b');
      document.body.className = 'vscode-dark';
    });
    await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n);
    expect(await fill()).toBe('rgb(43, 43, 43)');
    await page.close();
  });

  it('the standalone page of `pathwise trace --format html` renders in a plain browser tab', async () => {
    const page = await h.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(renderHtmlPage(graphWithLabel('<img src=x onerror=alert(1)>'), readFileSync(BUNDLE, 'utf8')));
    await page.waitForFunction(() => Number(document.getElementById('pw-graph')?.dataset.rendered ?? 0) >= 1);
    expect(await page.locator('#pw-graph g.node').count()).toBe(13);
    expect(await page.locator('#pw-graph img').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('screenshots of the VAE before and after the fix', () => {
  it.each(['light', 'dark', 'hc'] as const)('%s theme', async (theme) => {
    mkdirSync(SHOTS, { recursive: true });
    const page = await h.open(theme);
    await page.setViewportSize({ width: 1280, height: 980 });
    const fixes = [{ id: 'fix-1', title: 'Reparameterize: z = mu + sigma * eps', after: reparam }];
    await page.evaluate(() => window.postMessage({ type: 'trace-state', trace: { state: 'done', ms: 84 } }, '*'));
    await postAndRender(page, { type: 'graph', file: '/w/examples/vae.ts', graph: severed, fixes });
    await page.screenshot({ path: join(SHOTS, `vae-before-${theme}.png`) });
    const n = await renderCount(page);
    await page.locator('#pw-after').click();
    await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n);
    await page.screenshot({ path: join(SHOTS, `vae-after-${theme}.png`) });
    expect(readFileSync(join(SHOTS, `vae-after-${theme}.png`)).subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  });

  it.each(['light', 'dark'] as const)('standalone HTML page, %s colour scheme', async (scheme) => {
    const page = await h.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.setContent(renderHtmlPage(severed, readFileSync(BUNDLE, 'utf8')));
    await page.waitForFunction(() => Number(document.getElementById('pw-graph')?.dataset.rendered ?? 0) >= 1);
    expect(await page.locator('.pw-status').textContent()).toBe(`Traced ${severed.entry}`);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe(scheme === 'dark' ? 'rgb(30, 30, 30)' : 'rgb(255, 255, 255)');
    await page.screenshot({ path: join(SHOTS, `standalone-${scheme}.png`) });
    await page.close();
  });
});

const RUNNER = resolve(__dirname, '../../dist/tracer-runner.js');
describe.skipIf(!existsSync(RUNNER))('real traces from the tracer (examples/scalar-vi)', () => {
  it.each([
    ['severed', 2, '✗ differ'],
    ['fixed', 0, '✓'],
  ] as const)('%s.ts: %i severed edges drawn, gradient check %s', async (name, severedEdges, mark) => {
    const file = resolve(__dirname, `../../examples/scalar-vi/${name}.ts`);
    const graph = await runTrace({ file, entry: 'elbo', seed: 7, runnerPath: RUNNER, timeoutMs: 30_000 });
    expect(graph.error).toBeNull();
    const page = await h.open('dark');
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.evaluate(() => window.postMessage({ type: 'trace-state', trace: { state: 'done', ms: 120 } }, '*'));
    await postAndRender(page, { type: 'graph', file, graph, fixes: [] });
    const { paths, labels } = await edges(page);
    expect(paths.filter((p) => p.stroke === 'rgb(229, 72, 77)')).toHaveLength(severedEdges);
    expect(labels.filter((t) => t === '?')).toHaveLength(severedEdges);
    const marks = await page.locator('.pw-table tbody td:last-child').allTextContents();
    expect(marks).toEqual(['mu', 'logSigma'].map(() => mark));
    // The panel says the check called the function again (side effects repeat) and how to turn it off.
    const notes = (await page.locator('.pw-side .pw-note').allTextContents()).join(' ');
    expect(notes).toMatch(/gradient check ran elbo \d+ more times/);
    expect(notes).toContain('pathwise.trace.gradientCheck');
    await page.screenshot({ path: join(SHOTS, `scalar-vi-${name}-dark.png`) });
    await page.close();
  });
});

describe('the real traced tfjs VAE step (test/integration/fixtures/vae-step.ts): first view', () => {
  let traced: TraceGraph;
  beforeAll(async () => {
    const file = resolve(__dirname, '../integration/fixtures/vae-step.ts');
    traced = await runTrace({ file, seed: 7, runnerPath: runnerPath(), timeoutMs: 60_000 });
    expect(traced.error).toBeNull();
  }, 90_000);

  /** Node names as drawn, the view's scale, and whether each `?` is inside the pane. */
  async function view(page: Page) {
    return page.evaluate(() => {
      const pane = document.getElementById('pw-graph')!;
      const svg = pane.querySelector('svg')!;
      const pb = pane.getBoundingClientRect();
      const inPane = (r: DOMRect) => r.left >= pb.left - 1 && r.right <= pb.right + 1 && r.top >= pb.top - 1 && r.bottom <= pb.bottom + 1;
      const qs = [...svg.querySelectorAll('g.edgeLabel.pw-q')].map((l) => l.getBoundingClientRect());
      const title = svg.querySelector('g.node tspan.title');
      return {
        labels: [...svg.querySelectorAll('g.node tspan.title')].map((l) => l.textContent!.trim()),
        scale: Number(svg.dataset.scale),
        /** On-screen height of a node's name in px (font size × zoom). */
        textPx: title ? title.getBoundingClientRect().height : 0,
        questions: qs.length,
        questionsVisible: qs.filter(inPane).length,
      };
    });
  }

  it('wide panel: user names on the nodes, the severed edges in view at 100 %', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const page = await h.open('light');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.evaluate(() => window.postMessage({ type: 'trace-state', trace: { state: 'done', ms: 1825 } }, '*'));
    await postAndRender(page, { type: 'graph', file: '/w/vae-step.ts', graph: traced, fixes: [] });
    const v = await view(page);
    expect(v.labels).toEqual(expect.arrayContaining(['zMean', 'zLogVar', 'z', 'zMean.dataSync()', 'zLogVar.dataSync()']));
    expect(v.questions).toBe(4);
    expect(v.questionsVisible).toBe(4);
    expect(v.scale).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'vae-tfjs-traced.png') });
    await page.close();
  });

  it.each(['light', 'dark'] as const)('default split (500 px), %s: legible text around the finding; Fit, +/−, wheel and drag', async (theme) => {
    const page = await openAtSplit(h, theme);
    await postAndRender(page, { type: 'graph', file: '/w/vae-step.ts', graph: traced, fixes: [] });
    // The cursor on another line does not move the first view away from the severed edges.
    await page.evaluate(() => window.postMessage({ type: 'highlight-line', line: 6 }, '*'));
    const first = await view(page);
    await page.screenshot({ path: join(SHOTS, `vae-tfjs-traced-500-${theme}.png`) });
    expect(first.scale).toBe(1);
    expect(first.textPx).toBeGreaterThanOrEqual(11);
    expect(first.questionsVisible).toBeGreaterThan(0);
    await page.locator('#pw-zoom-fit').click();
    expect((await view(page)).scale).toBeLessThan(1);
    await page.locator('#pw-zoom-100').click();
    expect((await view(page)).scale).toBe(1);
    await page.locator('#pw-zoom-in').click();
    await expect.poll(async () => (await view(page)).scale).toBeCloseTo(1.25, 2);
    const box = (await page.locator('#pw-graph').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 300);
    await expect.poll(async () => (await view(page)).scale).toBeLessThan(1.25);
    const before = await page.evaluate(() => document.querySelector('#pw-graph .pw-scene')!.getAttribute('transform'));
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    const after = await page.evaluate(() => document.querySelector('#pw-graph .pw-scene')!.getAttribute('transform'));
    expect(after).not.toBe(before);
    await page.close();
  });
});
