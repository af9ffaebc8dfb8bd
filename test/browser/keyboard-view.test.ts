/**
 * Moving around the drawing from the keyboard, in real headless Chromium at the default split (500
 * px): the pane is the drawing's one tab stop (Tab goes on to the zoom buttons, not through thousands
 * of boxes); on it the arrow keys pan by a step of the pane (Shift: half a pane) and Enter goes into
 * the drawing; there the arrow keys go from box to box, each brought into view clear of the zoom
 * buttons and the map, and Escape goes back to the pane; a mouse click on a box does not move the
 * view (it may be the start of a drag).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWebview, openAtSplit, postAndRender, startHarness, type Harness } from './harness';
// @ts-expect-error plain ESM fixture without types
import { modelGraph } from '../../bench/model-graphs.mjs';

let h: Harness;
beforeAll(async () => {
  await buildWebview();
  h = await startHarness();
});
afterAll(async () => h?.close());

const graph = { type: 'graph', file: '/w/model.ts', graph: modelGraph(2000), fixes: [] };

/** A panel at 500 px showing the 2,000-node model, keyboard focus on the graph pane. */
async function openFocused(): Promise<Page> {
  const page = await openAtSplit(h);
  await postAndRender(page, graph);
  await page.locator('#pw-graph').focus();
  return page;
}

/** The scene's translation (screen px) and scale. */
async function view(page: Page): Promise<{ x: number; y: number; k: number }> {
  const t = await page.locator('#pw-graph g.pw-scene').getAttribute('transform');
  const m = /translate\(([-\d.]+),([-\d.]+)\) scale\(([-\d.]+)\)/.exec(t ?? '')!;
  return { x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) };
}

/** The focused box, and whether its rectangle lies wholly in the pane and under none of the overlays (zoom buttons, map). */
async function focused(page: Page): Promise<{ id: string | null; shown: boolean }> {
  return page.evaluate(() => {
    const a = document.activeElement as Element;
    const pane = document.getElementById('pw-graph')!.getBoundingClientRect();
    const covers = ['.pw-zoombar', '.pw-minimap', '.pw-map-show'].map((q) => document.querySelector<HTMLElement>(q)!)
      .filter((o) => !o.hidden && getComputedStyle(o).visibility !== 'hidden').map((o) => o.getBoundingClientRect()).filter((c) => c.width > 0);
    const r = a.querySelector('rect')?.getBoundingClientRect();
    const under = (c: DOMRect) => r!.right > c.left && r!.left < c.right && r!.bottom > c.top && r!.top < c.bottom;
    const shown = Boolean(r) && r!.left >= pane.left && r!.right <= pane.right && r!.top >= pane.top && r!.bottom <= pane.bottom && !covers.some(under);
    return { id: a.getAttribute('data-id'), shown };
  });
}

describe('keyboard in the drawing', () => {
  it('the pane is one tab stop: Tab from it, or from a box in it, goes on to the zoom buttons', async () => {
    const page = await openFocused();
    expect(await page.evaluate(() => document.querySelectorAll('#pw-graph g.node[tabindex="0"]').length)).toBe(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.pw-zoombar') !== null)).toBe(true);
    await page.locator('#pw-graph').focus();
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).not.toBeNull();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.pw-zoombar') !== null)).toBe(true);
    await page.close();
  }, 60_000);

  it('Enter goes into the drawing; the arrow keys go from box to box the way they point, each brought into view; Escape goes back', async () => {
    const page = await openFocused();
    await page.keyboard.press('Enter');
    const start = await focused(page);
    expect(start.id).not.toBeNull();
    expect(start.shown).toBe(true);
    /** The focused box's centre in drawing coordinates (its transform and size). */
    const centre = () => page.evaluate(() => {
      const g = document.activeElement as SVGGElement;
      const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(g.getAttribute('transform') ?? '')!;
      const r = g.querySelector('rect')!;
      return { x: Number(m[1]) + Number(r.getAttribute('width')) / 2, y: Number(m[2]) + Number(r.getAttribute('height')) / 2 };
    });
    // Down the layers far enough to leave the first screen: every step goes down, and every box
    // reached is shown whole, clear of the zoom buttons and the map.
    let at = await centre();
    const ids = new Set<string>([start.id!]);
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('ArrowDown');
      const f = await focused(page);
      const c = await centre();
      if (f.id === [...ids].at(-1)) break; // nothing further down
      expect(c.y).toBeGreaterThan(at.y);
      expect(f.shown).toBe(true);
      ids.add(f.id!);
      at = c;
    }
    expect(ids.size).toBeGreaterThan(8);
    // The view followed: it moved down from where the drawing opened.
    expect((await view(page)).y).toBeLessThan(-200);
    await page.keyboard.press('ArrowUp');
    expect((await centre()).y).toBeLessThan(at.y);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pw-graph');
    await page.close();
  }, 60_000);

  it('the arrow keys pan by a step of the pane, Shift by half a pane; the scale stays', async () => {
    const page = await openFocused();
    const size = await page.evaluate(() => ({ w: document.getElementById('pw-graph')!.clientWidth, h: document.getElementById('pw-graph')!.clientHeight }));
    const v0 = await view(page);
    await page.keyboard.press('ArrowRight');
    const v1 = await view(page);
    expect(v1.x).toBeCloseTo(v0.x - 0.15 * size.w, 0);
    expect(v1.y).toBeCloseTo(v0.y, 1);
    await page.keyboard.press('Shift+ArrowDown');
    const v2 = await view(page);
    expect(v2.y).toBeCloseTo(v1.y - 0.5 * size.h, 0);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    const v3 = await view(page);
    expect(v3.x).toBeCloseTo(v0.x, 0);
    expect(v3.y).toBeCloseTo(v2.y + 0.15 * size.h, 0);
    expect(v3.k).toBe(v0.k);
    // On a box, Shift+arrow still pans (plain arrows go from box to box).
    await page.keyboard.press('Enter');
    const v4 = await view(page);
    await page.keyboard.press('Shift+ArrowRight');
    expect((await view(page)).x).toBeCloseTo(v4.x - 0.5 * size.w, 0);
    await page.close();
  }, 60_000);

  it('a mouse click on a box partly off screen selects it without moving the view', async () => {
    const page = await openAtSplit(h);
    await postAndRender(page, graph);
    // The first view shows whole boxes: pan (arrow keys) until some box is cut by the pane's edge,
    // then click its visible part.
    const cutBox = () => page.evaluate(() => {
      const pane = document.getElementById('pw-graph')!.getBoundingClientRect();
      const covers = ['.pw-zoombar', '.pw-minimap'].map((q) => document.querySelector(q)!.getBoundingClientRect());
      for (const g of document.querySelectorAll('#pw-graph g.node:not(.pw-group)')) {
        const r = g.querySelector('rect')!.getBoundingClientRect();
        const inside = r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= pane.bottom;
        const x0 = Math.max(r.left, pane.left), x1 = Math.min(r.right, pane.right);
        const y0 = Math.max(r.top, pane.top), y1 = Math.min(r.bottom, pane.bottom);
        if (inside || x1 - x0 < 16 || y1 - y0 < 16) continue;
        const p = { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
        if (covers.some((c) => p.x >= c.left && p.x <= c.right && p.y >= c.top && p.y <= c.bottom)) continue;
        return p;
      }
      return null;
    });
    await page.locator('#pw-graph').focus();
    let at = await cutBox();
    for (let i = 0; i < 6 && !at; i++) {
      await page.keyboard.press('ArrowDown');
      at = await cutBox();
    }
    expect(at).not.toBeNull();
    const before = await view(page);
    await page.mouse.click(at!.x, at!.y);
    await page.waitForTimeout(300);
    expect(await view(page)).toEqual(before);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).not.toBeNull();
    await page.close();
  }, 60_000);
});
