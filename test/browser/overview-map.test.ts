/**
 * The overview map in real headless Chromium at the default split (500 px): it lies over the pane's
 * bottom-right corner, so it steps aside while the whole drawing is on screen (Fit) and comes back
 * when part of it is not; its × closes it and leaves a small Map button in its corner that brings it
 * back, the choice is saved with the panel's state, and a panel whose saved state says off opens
 * without it.
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

/** What a person sees of the map: 'shown', 'stepped aside' (invisible, keeps its place) or 'off'. */
async function map(page: Page): Promise<'shown' | 'aside' | 'off'> {
  return page.evaluate(() => {
    const m = document.querySelector<HTMLElement>('.pw-minimap')!;
    const cs = getComputedStyle(m);
    if (cs.display === 'none') return 'off';
    return cs.visibility === 'hidden' ? 'aside' : 'shown';
  });
}

/** Whether the Map button (brings a closed map back) is shown. */
const reopen = (page: Page) => page.locator('#pw-overview-show').isVisible();

describe('overview map', () => {
  it('shows while part of the drawing is off screen and steps aside while all of it is on screen', async () => {
    const page = await openAtSplit(h);
    await postAndRender(page, graph);
    // The first view: at 100 % on the finding, the model does not fit the pane.
    expect(await map(page)).toBe('shown');
    expect(await reopen(page)).toBe(false);
    await page.locator('#pw-zoom-fit').click();
    await expect.poll(() => map(page), { timeout: 5_000 }).toBe('aside');
    // Its place is kept (the first view's framing keeps the finding out of it): only its visibility changed.
    const box = await page.locator('.pw-minimap').boundingBox();
    expect(box?.width).toBeGreaterThan(50);
    await page.locator('#pw-zoom-in').click();
    await page.locator('#pw-zoom-in').click();
    await expect.poll(() => map(page), { timeout: 5_000 }).toBe('shown');
    await page.close();
  }, 60_000);

  it('× closes it, leaving the Map button in its corner that brings it back; the choice is saved with the panel state', async () => {
    const page = await openAtSplit(h);
    await postAndRender(page, graph);
    const mapBox = (await page.locator('.pw-minimap').boundingBox())!;
    await page.locator('#pw-overview-hide').click();
    expect(await map(page)).toBe('off');
    expect(await reopen(page)).toBe(true);
    // The button sits in the map's bottom-right corner and is much smaller than the map.
    const btn = (await page.locator('#pw-overview-show').boundingBox())!;
    expect(Math.abs(btn.x + btn.width - (mapBox.x + mapBox.width))).toBeLessThan(2);
    expect(Math.abs(btn.y + btn.height - (mapBox.y + mapBox.height))).toBeLessThan(2);
    expect(btn.width * btn.height).toBeLessThan((mapBox.width * mapBox.height) / 3);
    // Keyboard focus follows: the button that brings the map back has it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pw-overview-show');
    const state = await page.evaluate(() => (window as unknown as { __state: Record<string, unknown> }).__state);
    expect(state).toMatchObject({ overview: false, file: '/w/model.ts' });
    await page.locator('#pw-overview-show').click();
    expect(await map(page)).toBe('shown');
    expect(await reopen(page)).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __state: Record<string, unknown> }).__state.overview)).toBe(true);
    await page.close();
  }, 60_000);

  it('a panel whose saved state says off opens without the map', async () => {
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 500, height: 820 });
    // VS Code hands a re-created webview the state it saved: here, the map turned off.
    await page.addInitScript(() => {
      let state: unknown = { file: '/w/model.ts', overview: false };
      Object.defineProperty(window, '__state', { get: () => state, set: (s) => { if (s !== null) state = s; }, configurable: true });
    });
    await page.goto(`${h.url}?theme=light`);
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    await postAndRender(page, graph);
    expect(await map(page)).toBe('off');
    expect(await reopen(page)).toBe(true);
    await page.close();
  }, 60_000);
});
