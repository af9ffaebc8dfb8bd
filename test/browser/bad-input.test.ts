/**
 * Bad input in the graph inspector (real headless Chromium, the built bundle in the panel's CSP):
 * cycles, 100,000 nodes, missing locations, NaN/Infinity values, markup and bidi controls in names,
 * a 5,000-character name, and the discrete-step edge in both themes. Each is drawn or refused with
 * a clear message, never a frozen or blank panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TraceGraph } from '../../src/core/graph/model';
import { buildWebview, postAndRender, posted, startHarness, violations, type Harness } from './harness';
// @ts-expect-error plain ESM module without types (shared with the benchmark)
import { chainGraph, modelGraph } from '../../bench/model-graphs.mjs';

let h: Harness;
beforeAll(async () => {
  await buildWebview();
  h = await startHarness();
});
afterAll(async () => h?.close());

function graph(nodes: Partial<TraceGraph['nodes'][number]>[], edges: TraceGraph['edges']): TraceGraph {
  return {
    version: 1, file: 'bad.ts', entry: null, seed: 1, runtime: 'plain', output: null, params: [], gradcheck: [], error: null, edges,
    nodes: nodes.map((n, i) => ({ id: `v${i}`, label: `v${i}`, op: 'add', kind: 'op', value: 1, grad: 1, shape: null, loc: null, ...n })),
  };
}

async function show(page: Page, g: TraceGraph) {
  await postAndRender(page, { type: 'graph', file: `/w/${g.file}`, graph: g, fixes: [] });
}

const drawnNodes = (page: Page) => page.locator('#pw-graph g.node:not(.pw-group)').count();

describe('bad input', () => {
  it('draws a graph with cycles and self-loops (no stack overflow, no frozen panel)', async () => {
    const page = await h.open();
    const g = graph([{}, {}, {}, { kind: 'output' }], [
      { from: 'v0', to: 'v1', kind: 'grad' }, { from: 'v1', to: 'v2', kind: 'grad' }, { from: 'v2', to: 'v0', kind: 'grad' },
      { from: 'v2', to: 'v2', kind: 'grad' }, { from: 'v2', to: 'v3', kind: 'severed' }, { from: 'v3', to: 'nowhere', kind: 'grad' },
    ]);
    await show(page, g);
    expect(await drawnNodes(page)).toBe(4);
    expect(await page.locator('#pw-graph path.edge').count()).toBe(4);
    expect(await page.locator('#pw-graph .pw-bad').count()).toBe(0);
    await page.close();
  });

  it('draws 100,000 nodes without groups or locations collapsed into chunks, and refuses to open them all at once', async () => {
    const page = await h.open();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await show(page, chainGraph(100_000));
    const boxes = await page.locator('#pw-graph g.node').count();
    expect(boxes).toBeGreaterThan(0);
    expect(boxes).toBeLessThanOrEqual(100);
    expect(await page.locator('#pw-graph g.node.pw-group').count()).toBeGreaterThan(0);
    await page.locator('#pw-full').click();
    await expect.poll(() => page.locator('.pw-notice').textContent()).toMatch(/would draw 10\d,\d{3} boxes.*one by one/);
    // Still responsive, still the same drawing.
    expect(await page.locator('#pw-graph g.node').count()).toBe(boxes);
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000); // about 30 s alone; twice that beside another browser suite on two cores

  it('draws a 5,000-node chain opened in full (dagre overflowed its stack on such chains)', async () => {
    const page = await h.open();
    await show(page, chainGraph(5000));
    const n = Number(await page.locator('#pw-graph').getAttribute('data-rendered'));
    await page.locator('#pw-full').click();
    await page.locator('#pw-ask-yes').click();
    await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n, { timeout: 120_000 });
    expect(await drawnNodes(page)).toBe(5000);
    expect(await page.locator('#pw-graph .pw-bad').count()).toBe(0);
    await page.close();
  }, 180_000);

  it('missing locations: drawn, grouped at the top level; a click shows the detail and posts no reveal', async () => {
    const page = await h.open();
    await show(page, graph([{ kind: 'param', label: 'w' }, { label: 'h' }, { kind: 'output', label: 'loss' }], [
      { from: 'v0', to: 'v1', kind: 'grad' }, { from: 'v1', to: 'v2', kind: 'grad' },
    ]));
    expect(await drawnNodes(page)).toBe(3);
    await page.locator('#pw-graph g.node', { hasText: /^h/ }).dispatchEvent('click');
    expect(await page.locator('#pw-detail').textContent()).toContain('No source location');
    expect((await posted(page)).filter((m) => m.type === 'reveal')).toEqual([]);
    await page.close();
  });

  it('NaN and Infinity values are shown as such, in nodes and in the detail panel', async () => {
    const page = await h.open();
    const t = { shape: [2, 2], dtype: 'float32', first: [NaN, 1], mean: NaN, min: -Infinity, max: Infinity, norm: Infinity };
    await show(page, graph([{ label: 'a', value: NaN, grad: Infinity }, { label: 'b', value: t, grad: t, shape: [2, 2] }], [{ from: 'v0', to: 'v1', kind: 'grad' }]));
    const text = (await page.locator('#pw-graph').textContent()) ?? '';
    expect(text).toContain('= NaN');
    expect(text).toContain('∂L Infinity');
    expect(text).toContain('μ NaN [-Infinity, Infinity] ‖Infinity‖');
    await page.locator('#pw-graph g.node', { hasText: /^b/ }).dispatchEvent('click');
    expect(await page.locator('#pw-detail').textContent()).toContain('norm Infinity');
    await page.close();
  });

  it('markup, bidi controls and a 5,000-character name: text only, neutralised, clipped everywhere', async () => {
    const page = await h.open();
    await page.setViewportSize({ width: 500, height: 800 });
    const long = `w${'x'.repeat(4999)}`;
    const bidi = 'isAdmin\u202e\u2066 // nimda';
    const evil = '<img src=x onerror="window.__pwned=1">';
    const g = graph([
      { kind: 'param', label: long, group: [`fn:${long}`] },
      { label: bidi, group: [`layer:${evil}`] },
      { kind: 'output', label: evil },
    ], [{ from: 'v0', to: 'v1', kind: 'grad' }, { from: 'v1', to: 'v2', kind: 'severed' }]);
    g.params = [{ name: long, value: 1, grad: 2 }, { name: bidi, value: 3, grad: 4 }];
    await show(page, g);
    const texts = await page.locator('#pw-graph tspan.title, #pw-graph .cluster-label').allTextContents();
    expect(Math.max(...texts.map((t) => [...t].length))).toBeLessThanOrEqual(80);
    const all = (await page.locator('body').textContent()) ?? '';
    expect(all).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(all).toContain('isAdmin\ufffd\ufffd // nimda');
    expect(all).toContain(evil);
    expect(await page.locator('#pw-graph img, .pw-side img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The gradient table keeps its values on screen.
    const table = await page.evaluate(() => {
      const side = document.querySelector('.pw-side')!;
      const cell = document.querySelector('.pw-table tbody tr td:nth-child(3)')!.getBoundingClientRect();
      return { overflow: side.scrollWidth - side.clientWidth, right: cell.right, width: window.innerWidth };
    });
    expect(table.overflow).toBeLessThanOrEqual(1);
    expect(table.right).toBeLessThanOrEqual(table.width);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it.each(['light', 'dark'] as const)('the discrete-step edge is dotted and contrasts with the %s background', async (theme) => {
    const page = await h.open(theme);
    await show(page, graph([{ kind: 'param' }, { kind: 'output' }], [{ from: 'v0', to: 'v1', kind: 'zero' }]));
    const { stroke, dash, bg } = await page.evaluate(() => {
      const p = document.querySelector('#pw-graph path.edge.zero')!;
      return { stroke: getComputedStyle(p).stroke, dash: getComputedStyle(p).strokeDasharray, bg: getComputedStyle(document.body).backgroundColor };
    });
    expect(dash).toMatch(/^2(px)?,? 4(px)?$/);
    expect(contrast(stroke, bg)).toBeGreaterThanOrEqual(3);
    await page.close();
  });

  it('a 20,000-node layered model opens readable: the finding at 100 %, layers as closed groups', async () => {
    const page = await h.open();
    await page.setViewportSize({ width: 500, height: 800 });
    await show(page, modelGraph(20_000) as TraceGraph);
    expect(await page.locator('#pw-graph svg').getAttribute('data-scale')).toBe('1.000');
    expect(await page.locator('#pw-graph g.node').count()).toBeLessThanOrEqual(120);
    expect(await page.locator('#pw-graph g.node.pw-group', { hasText: /lstm_LSTM1layer/ }).count()).toBe(1);
    expect(await page.locator('#pw-graph g.edgeLabel.pw-q').count()).toBe(2);
    await page.close();
  });
});

function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+/g) ?? ['0', '0', '0']).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
