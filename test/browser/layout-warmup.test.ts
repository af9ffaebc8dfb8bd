/**
 * The layout workers warm up while the panel waits for its graph, and a large drawing paints what is
 * on screen first, in real headless Chromium with the built panel: both workers lay out their
 * synthetic warm-up graphs while idle and stop at the limit; a layout asked for in the middle of the
 * warm-up is not held back and draws exactly what a layout after it draws (warmth changes speed,
 * never the drawing); a superseded layout leaves the workers warm; and when a 490-node layer opens,
 * every box on screen is already drawn at the moment the panel says it is readable, while the rest
 * is still to come.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWebview, openAtSplit, postAndRender, renderCount, startHarness, type Harness } from './harness';
import { WARM_UP_RUNS } from '../../webview/elk-warmup';
import { PAD_X } from '../../webview/labels';
// @ts-expect-error plain ESM fixture without types
import { modelGraph } from '../../bench/model-graphs.mjs';

let h: Harness;
beforeAll(async () => {
  await buildWebview();
  h = await startHarness();
});
afterAll(async () => h?.close());

const open500 = () => openAtSplit(h);

/** Warm-up graphs laid out so far per worker (the pane's `data-elk-warm-up`). */
async function warmUp(page: Page): Promise<number[]> {
  const s = await page.evaluate(() => document.getElementById('pw-graph')?.dataset.elkWarmUp ?? '');
  return s ? s.split(',').map(Number) : [];
}

/** Whether every worker (one per core, two at most) has laid out exactly WARM_UP_RUNS warm-up graphs. */
async function allWarm(page: Page): Promise<boolean> {
  const runs = await warmUp(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency || 1);
  return runs.length === Math.min(2, cores) && runs.every((r) => r === WARM_UP_RUNS);
}

/** Every drawn box's position, by item id. */
async function drawing(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#pw-graph [data-id]')].map((e) => [e.getAttribute('data-id'), e.getAttribute('transform') ?? ''])));
}

/** Double-clicks a closed group and resolves once the new drawing is complete. */
async function expand(page: Page, name: string): Promise<void> {
  const n = await renderCount(page);
  await page.locator('#pw-graph g.node.pw-group', { hasText: name }).first().dispatchEvent('dblclick');
  await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n, { timeout: 60_000 });
}

describe('ELK workers warm up while the panel waits', () => {
  const g = modelGraph(2000, { layers: 15 });

  it('both workers warm up while idle, up to the limit, and a layout during the warm-up draws what one after it draws', async () => {
    // A graph right away: its layouts share the workers with the warm-up that has just started.
    const early = await open500();
    expect(await allWarm(early)).toBe(false);
    await postAndRender(early, { type: 'graph', file: '/w/model.ts', graph: g, fixes: [] });
    await expand(early, 'lstm_LSTM4');
    const during = await drawing(early);
    await early.close();

    // The panel left waiting: each worker lays out exactly WARM_UP_RUNS warm-up graphs, then stops.
    const idle = await open500();
    await expect.poll(async () => allWarm(idle), { timeout: 60_000, interval: 100 }).toBe(true);
    await idle.waitForTimeout(300);
    expect(await allWarm(idle)).toBe(true);
    await postAndRender(idle, { type: 'graph', file: '/w/model.ts', graph: g, fixes: [] });
    await expand(idle, 'lstm_LSTM4');
    expect(await drawing(idle)).toEqual(during);
    await idle.close();
  }, 150_000);

  it('every worker starts with the panel, before the first warm-up graph is laid out', async () => {
    // Loading ELK into a worker takes it a few hundred ms: a spare worker started only when it is
    // first needed (its warm-up turn, or the first graph's prefill) is still loading when a graph
    // that arrived at once has been drawn.
    const page = await h.context.newPage();
    await page.goto(`${h.url}?theme=light`);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency || 1);
    await expect.poll(() => page.workers().length, { timeout: 30_000, interval: 5 }).toBe(Math.min(2, cores));
    expect((await warmUp(page)).reduce((a, b) => a + b, 0)).toBe(0);
    await page.close();
  }, 60_000);

  it('a layout superseded by a newer one leaves the workers warm and the newer drawing right', async () => {
    const page = await open500();
    await expect.poll(async () => allWarm(page), { timeout: 60_000, interval: 100 }).toBe(true);
    await postAndRender(page, { type: 'graph', file: '/w/model.ts', graph: g, fixes: [] });
    // Two expansions in a row: the second (a click opening LSTM7 one level) supersedes the first
    // (everything inside LSTM4) while the first's ELK calls are in flight.
    const n = await renderCount(page);
    const laying = await page.evaluate(() => performance.getEntriesByName('pw:sized').length);
    await page.locator('#pw-graph g.node.pw-group', { hasText: 'lstm_LSTM4' }).first().dispatchEvent('dblclick');
    // The first layout has started (its boxes are measured, its ELK calls go out) when the second click comes.
    await page.waitForFunction((k) => performance.getEntriesByName('pw:sized').length > k, laying);
    await page.locator('#pw-graph g.node.pw-group', { hasText: 'lstm_LSTM7' }).first().dispatchEvent('click');
    await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n, { timeout: 60_000 });
    await page.waitForTimeout(500); // the first layout, superseded, must not draw over the second
    const both = await drawing(page);
    // No worker was stopped: a stopped worker is replaced by a cold one, whose warm-up count starts again.
    expect(await allWarm(page)).toBe(true);
    await page.close();

    // The same two actions, each drawing complete before the next.
    const ref = await open500();
    await postAndRender(ref, { type: 'graph', file: '/w/model.ts', graph: g, fixes: [] });
    await expand(ref, 'lstm_LSTM4');
    const n2 = await renderCount(ref);
    await ref.locator('#pw-graph g.node.pw-group', { hasText: 'lstm_LSTM7' }).first().dispatchEvent('click');
    await ref.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n2, { timeout: 60_000 });
    const stepwise = await drawing(ref);
    await ref.close();
    expect(Object.keys(stepwise).length).toBeGreaterThan(400);
    expect(both).toEqual(stepwise);
  }, 150_000);
});

describe('a large drawing paints what is on screen first', () => {
  it('when the panel says readable, every box and edge on screen is drawn and others are still to come; every label fits its box', async () => {
    const page = await open500();
    await postAndRender(page, { type: 'graph', file: '/w/model.ts', graph: modelGraph(5000, { layers: 30 }), fixes: [] });
    // Zoomed out (− ten times): many boxes on screen, from several parts of the opened layer.
    for (let i = 0; i < 10; i++) {
      await page.locator('#pw-zoom-out').click();
      await page.waitForTimeout(200);
    }
    expect(Number(await page.locator('#pw-graph svg').getAttribute('data-scale'))).toBeLessThan(0.15);
    // Snapshot of the drawn boxes at the moment `data-readable` changes.
    await page.evaluate(() => {
      const pane = document.getElementById('pw-graph')!;
      const w = window as unknown as { __atReadable?: string[] };
      new MutationObserver((_, o) => {
        w.__atReadable = [...pane.querySelectorAll('g.node[data-id]')].map((e) => e.getAttribute('data-id')!);
        (w as { __edgesAtReadable?: string[] }).__edgesAtReadable = [...pane.querySelectorAll('path.edge')].map((e) => `${e.getAttribute('data-from')}>${e.getAttribute('data-to')}`);
        o.disconnect();
      }).observe(pane, { attributeFilter: ['data-readable'] });
    });
    await expand(page, 'lstm_LSTM4');
    const atReadable = new Set(await page.evaluate(() => (window as unknown as { __atReadable?: string[] }).__atReadable ?? []));
    const edgesAtReadable = new Set(await page.evaluate(() => (window as unknown as { __edgesAtReadable?: string[] }).__edgesAtReadable ?? []));
    const { onScreen, all, edgesOnScreen, edges, ends } = await page.evaluate(() => {
      const pane = document.getElementById('pw-graph')!.getBoundingClientRect();
      const inPane = (e: Element) => {
        const r = e.getBoundingClientRect();
        return r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom;
      };
      const boxes = [...document.querySelectorAll('#pw-graph g.node[data-id]')];
      const paths = [...document.querySelectorAll('#pw-graph path.edge')];
      const key = (e: Element) => `${e.getAttribute('data-from')}>${e.getAttribute('data-to')}`;
      const ids = new Set([...document.querySelectorAll('#pw-graph [data-id]')].map((e) => e.getAttribute('data-id')));
      return {
        onScreen: boxes.filter(inPane).map((e) => e.getAttribute('data-id')!), all: boxes.length,
        edgesOnScreen: paths.filter(inPane).map(key), edges: paths.map(key),
        ends: paths.every((e) => ids.has(e.getAttribute('data-from')) && ids.has(e.getAttribute('data-to'))),
      };
    });
    expect(onScreen.length).toBeGreaterThan(40);
    expect(onScreen.filter((id) => !atReadable.has(id))).toEqual([]);
    expect(atReadable.size).toBeLessThan(all);
    // Edges the same way: those on screen were there when the panel said readable, the rest came after.
    expect(edgesOnScreen.length).toBeGreaterThan(40);
    expect(edgesOnScreen.filter((k) => !edgesAtReadable.has(k))).toEqual([]);
    expect(edgesAtReadable.size).toBeLessThan(edges.length);
    expect([...edgesAtReadable].filter((k) => !edges.includes(k))).toEqual([]);
    expect(ends).toBe(true);
    // Widths come from summed character advances: every label line still fits inside its box, its
    // right padding (PAD_X) eaten by at most a pixel.
    const tooWide = await page.evaluate((padX) => [...document.querySelectorAll('#pw-graph g.node[data-id]')].flatMap((g) => {
      const w = Number(g.querySelector('rect')!.getAttribute('width'));
      return [...g.querySelectorAll('tspan')].map((t) => [g.getAttribute('data-id'), t.textContent, (t as SVGTextContentElement).getComputedTextLength(), w] as const)
        .filter(([, , len]) => padX + len > w - padX + 1);
    }), PAD_X);
    expect(tooWide).toEqual([]);
    await page.close();
  }, 120_000);
});
