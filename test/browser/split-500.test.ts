/**
 * The inspector at the default editor split (a panel about 500 px wide), in real headless Chromium:
 * the toolbar stays within two rows with every action reachable by keyboard; the first view of the
 * shipped VAE example (traced for real) shows whole boxes around the finding, not halves; and the
 * speculative layout of likely expansions, done while the panel is idle, gives the same drawing as no
 * speculation, stops on a user action, leaves nothing for ELK to do when it had the time, and hands a
 * layout it has in flight to the click that asks for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { TraceGraph } from '../../src/core/graph/model';
import { runTrace } from '../../src/tracer/host';
import { runnerPath } from '../unit/tracer/runner-bundle';
import { buildWebview, openAtSplit, postAndRender, posted, renderCount, startHarness, type Harness } from './harness';
// @ts-expect-error plain ESM fixture without types
import { modelGraph } from '../../bench/model-graphs.mjs';

const SHOTS = resolve(__dirname, '../../artifacts/screenshots');
let h: Harness;
beforeAll(async () => {
  await buildWebview();
  h = await startHarness();
});
afterAll(async () => h?.close());

const open500 = () => openAtSplit(h);

describe('toolbar at 500 px', () => {
  it('fits in two rows and every action is reachable from the keyboard', async () => {
    const page = await open500();
    await page.evaluate(() => window.postMessage({ type: 'trace-state', trace: { state: 'traced', ms: 1240, entry: 'loss' } }, '*'));
    await postAndRender(page, { type: 'graph', file: '/w/examples/vae-tfjs/severed.ts', graph: modelGraph(300, { layers: 3 }), fixes: [] });
    // Rows: controls whose vertical extents overlap share a row.
    const rows = await page.evaluate(() => {
      const boxes = [...document.querySelector('.pw-toolbar')!.children].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
      const out: { top: number; bottom: number }[] = [];
      for (const r of boxes) {
        const row = out.find((x) => r.top < x.bottom && r.bottom > x.top);
        if (row) { row.top = Math.min(row.top, r.top); row.bottom = Math.max(row.bottom, r.bottom); } else out.push({ top: r.top, bottom: r.bottom });
      }
      return out.length;
    });
    expect(rows).toBeLessThanOrEqual(2);
    // Every control has a name a screen reader can say and a tooltip.
    const unnamed = await page.evaluate(() => ['pw-search', 'pw-full', 'pw-rerun', 'pw-more']
      .filter((id) => { const el = document.getElementById(id); return !el || !(el.getAttribute('aria-label') || el.textContent?.trim() || el.getAttribute('placeholder')); }));
    expect(unnamed).toEqual([]);
    // Tab through the toolbar from the top of the page.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.closest('[id]')?.id ?? ''));
    }
    expect(reached).toEqual(expect.arrayContaining(['pw-search', 'pw-full', 'pw-rerun', 'pw-more']));
    // The overflow menu: opened with Enter, walked with the arrows, an item run with Enter.
    await page.locator('#pw-more').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('pw-export-svg');
    expect(await page.locator('#pw-more').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pw-export-mermaid');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pw-export-json');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await posted(page)).filter((m) => m.type === 'export').map((m) => m.format)).toEqual(['json']);
    expect(await page.locator('#pw-more-menu').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pw-more');
    // Escape closes it without running anything; the re-run button works from the keyboard too.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    expect(await page.locator('#pw-more-menu').isHidden()).toBe(true);
    await page.locator('#pw-rerun').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await posted(page)).filter((m) => m.type === 'rerun').length).toBe(1);
    expect((await posted(page)).filter((m) => m.type === 'export')).toHaveLength(1);
    await page.close();
  });
});

describe('the shipped VAE example (examples/vae-tfjs/severed.ts, traced) at 500 px', () => {
  let traced: TraceGraph;
  beforeAll(async () => {
    traced = await runTrace({ file: resolve(__dirname, '../../examples/vae-tfjs/severed.ts'), entry: 'loss', seed: 7, runnerPath: runnerPath(), timeoutMs: 60_000 });
    expect(traced.error).toBeNull();
  }, 90_000);

  it.each(['light', 'dark'] as const)('%s: opens at 100 % on the finding with no box cut by the pane\'s edge', async (theme) => {
    mkdirSync(SHOTS, { recursive: true });
    const page = await h.open(theme);
    await page.setViewportSize({ width: 500, height: 820 });
    await page.evaluate(() => window.postMessage({ type: 'trace-state', trace: { state: 'traced', ms: 1240, entry: 'loss' } }, '*'));
    await postAndRender(page, { type: 'graph', file: '/w/examples/vae-tfjs/severed.ts', graph: traced, fixes: [] });
    const v = await page.evaluate(() => {
      const pane = document.getElementById('pw-graph')!.getBoundingClientRect();
      // The zoom buttons and the overview cover the bottom of the pane.
      const cover = Math.max(...['.pw-zoombar', '.pw-minimap', '.pw-map-show'].map((s) => document.querySelector(s)!.getBoundingClientRect().top));
      const seen = { left: pane.left, right: pane.right, top: pane.top, bottom: Math.min(pane.bottom, cover) };
      const boxes = [...document.querySelectorAll('#pw-graph g.node')].map((g) => ({ text: g.querySelector('tspan.title')?.textContent ?? '', r: g.querySelector('rect')!.getBoundingClientRect() }));
      const inter = (r: DOMRect) => r.right > seen.left && r.left < seen.right && r.bottom > seen.top && r.top < seen.bottom;
      const inside = (r: DOMRect) => r.left >= seen.left - 0.5 && r.right <= seen.right + 0.5 && r.top >= seen.top - 0.5 && r.bottom <= seen.bottom + 0.5;
      const qs = [...document.querySelectorAll('#pw-graph g.edgeLabel.pw-q')].map((q) => q.getBoundingClientRect());
      return {
        scale: Number(document.querySelector('#pw-graph svg')!.getAttribute('data-scale')),
        whole: boxes.filter((b) => inside(b.r)).map((b) => b.text),
        cut: boxes.filter((b) => inter(b.r) && !inside(b.r)).map((b) => b.text),
        questions: qs.filter((r) => inside(r)).length,
      };
    });
    await page.screenshot({ path: join(SHOTS, `vae-tfjs-severed-500-${theme}.png`) });
    expect(v.scale).toBe(1);
    expect(v.cut).toEqual([]);
    expect(v.whole).toEqual(expect.arrayContaining(['zMean.dataSync()', 'z']));
    expect(v.whole.length).toBeGreaterThanOrEqual(3);
    expect(v.questions).toBeGreaterThan(0);
    // The gradient table under the graph: every name, value and gradient is readable, none clipped by its column.
    const clipped = await page.evaluate(() => [...document.querySelectorAll('.pw-table tbody td')]
      .filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => td.textContent));
    expect(await page.locator('.pw-table tbody tr').count()).toBeGreaterThan(0);
    expect(clipped).toEqual([]);
    await page.close();
  });
});

describe('speculative layout of likely expansions while idle', () => {
  const g = modelGraph(2000, { layers: 15 });
  const LAYER = 'lstm_LSTM4';

  /** Double-clicks the layer's box and returns the drawing (every box's position) once it is on screen. */
  async function expand(page: Page): Promise<{ boxes: Record<string, string>; runs: number }> {
    const n = await renderCount(page);
    await page.locator('#pw-graph g.node.pw-group', { hasText: LAYER }).first().dispatchEvent('dblclick');
    await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n);
    return page.evaluate(() => ({
      boxes: Object.fromEntries([...document.querySelectorAll('#pw-graph [data-id]')].map((e) => [e.getAttribute('data-id'), e.getAttribute('transform') ?? ''])),
      runs: Number(document.getElementById('pw-graph')!.dataset.layoutRuns),
    }));
  }
  const spec = (page: Page) => page.evaluate(() => ({ ...document.getElementById('pw-graph')!.dataset }));

  it('gives the drawing of no speculation, is cancelled by a user action, and after idle leaves ELK nothing to do', async () => {
    // No speculation: the layer opened at once (speculation starts only after the panel is idle).
    const cold = await open500();
    await postAndRender(cold, { type: 'graph', file: '/w/model.ts', graph: g, fixes: [] });
    const reference = await expand(cold);
    expect(reference.runs).toBeGreaterThan(0);
    await cold.close();

    // Idle until speculation is done: the expansion is all from the caches, and the same drawing.
    const idle = await open500();
    await postAndRender(idle, { type: 'graph', file: '/w/model.ts', graph: g, fixes: [] });
    await expect.poll(async () => (await spec(idle)).spec, { timeout: 60_000, interval: 200 }).toBe('done');
    expect(Number((await spec(idle)).specViews)).toBeGreaterThan(0);
    const warm = await expand(idle);
    expect(warm.runs).toBe(0);
    expect(warm.boxes).toEqual(reference.boxes);
    await idle.close();

    // A user action while speculation runs stops it; the expansion that follows draws correctly.
    const busy = await open500();
    await postAndRender(busy, { type: 'graph', file: '/w/model.ts', graph: g, fixes: [] });
    await expect.poll(async () => (await spec(busy)).spec, { timeout: 30_000, interval: 20 }).toBe('running');
    await busy.keyboard.press('Shift');
    expect((await spec(busy)).specCancelled).toBe('1');
    const after = await expand(busy);
    expect(after.boxes).toEqual(reference.boxes);
    await busy.close();
  }, 120_000);

  it('a click on the group speculation is laying out right now takes its layout from the ELK call in flight: fewer runs, same drawing', async () => {
    /** Opens the page and returns the id of the group whose expansion speculation has started to lay out, once it has. */
    const specAt = async (page: Page) => {
      await expect.poll(async () => (await spec(page)).specAt ?? '', { timeout: 30_000, interval: 5 }).not.toBe('');
      return (await spec(page)).specAt!;
    };
    const drawing = (page: Page) => page.evaluate(() => ({
      boxes: Object.fromEntries([...document.querySelectorAll('#pw-graph [data-id]')].map((e) => [e.getAttribute('data-id'), e.getAttribute('transform') ?? ''])),
      runs: Number(document.getElementById('pw-graph')!.dataset.layoutRuns),
    }));
    const click = async (page: Page, id: string) => {
      const n = await renderCount(page);
      await page.locator(`#pw-graph g.node.pw-group[data-id="${id}"]`).first().dispatchEvent('click');
      await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c, n);
      return drawing(page);
    };
    /**
     * Posts the graph and clicks group `id` in the task its first drawing lands in, so speculation
     * (IDLE_MS after a drawing) cannot have started however slow the machine is.
     */
    const clickOnFirstPaint = async (page: Page, id: string) => {
      const n = await renderCount(page);
      await page.evaluate(([msg, gid]) => {
        const pane = document.getElementById('pw-graph')!;
        const before = Number(pane.dataset.rendered ?? 0);
        new MutationObserver((_, o) => {
          if (Number(pane.dataset.rendered) <= before) return;
          o.disconnect();
          pane.querySelector(`g.node.pw-group[data-id="${gid}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        }).observe(pane, { attributeFilter: ['data-rendered'] });
        window.postMessage(msg, '*');
      }, [{ type: 'graph', file: '/w/model.ts', graph: g, fixes: [] }, id] as const);
      await page.waitForFunction((c) => Number(document.getElementById('pw-graph')!.dataset.rendered) > c + 1, n);
      return drawing(page);
    };
    // Which group speculation lays out first (the nearest the finding), clicked while its interior is in flight.
    const shared = await open500();
    await postAndRender(shared, { type: 'graph', file: '/w/model.ts', graph: g, fixes: [] });
    const id = await specAt(shared);
    const reused = await click(shared, id);
    await shared.close();
    // The same click with no speculation.
    const plain = await open500();
    const reference = await clickOnFirstPaint(plain, id);
    expect(await plain.evaluate(() => document.getElementById('pw-graph')!.dataset.specAt)).toBeUndefined();
    await plain.close();
    expect(reference.runs).toBeGreaterThan(0);
    expect(reused.runs).toBeLessThan(reference.runs);
    expect(reused.boxes).toEqual(reference.boxes);
  }, 120_000);
});
