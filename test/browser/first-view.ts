/**
 * What a person sees of the inspector's drawing, read from the page in screen pixels: which boxes of
 * the finding's path are whole or cut (by the pane's edges or by the overlays: the zoom buttons and
 * the overview), whether their text is legible, and which group titles sit under an overlay.
 */
import type { Page } from 'playwright-core';

export interface FirstView {
  /** The drawing's scale (1 at 100 %). */
  scale: number;
  /** Titles of the path's boxes shown whole. */
  pathWhole: string[];
  /** Titles of the path's boxes partly in view: cut by an edge or under an overlay. */
  pathCut: string[];
  /** `title: line` of text lines of whole path boxes smaller than 11 px on screen or wider than their box. */
  smallText: string[];
  /** Open groups' titles (partly) under the zoom buttons or the overview. */
  titlesUnderOverlay: string[];
}

/**
 * Reads the first view. The path is the ends of severed (`?`) and discrete-step edges; with neither,
 * the loss.
 */
export function readFirstView(page: Page): Promise<FirstView> {
  return page.evaluate(() => {
    type R = { left: number; right: number; top: number; bottom: number };
    const pane = document.getElementById('pw-graph')!.getBoundingClientRect();
    const overlays: R[] = ['.pw-zoombar', '.pw-minimap', '.pw-map-show']
      .map((s) => document.querySelector(s) as HTMLElement | null)
      .filter((e): e is HTMLElement => Boolean(e) && !e!.hidden && e!.getBoundingClientRect().width > 0)
      .map((e) => e.getBoundingClientRect());
    const meets = (a: R, b: R) => a.right > b.left + 0.5 && a.left < b.right - 0.5 && a.bottom > b.top + 0.5 && a.top < b.bottom - 0.5;
    const inPane = (r: R) => r.left >= pane.left - 0.5 && r.right <= pane.right + 0.5 && r.top >= pane.top - 0.5 && r.bottom <= pane.bottom + 0.5;
    const ids = new Set<string>();
    for (const e of document.querySelectorAll('#pw-graph path.edge.severed, #pw-graph path.edge.zero')) {
      ids.add(e.getAttribute('data-from')!).add(e.getAttribute('data-to')!);
    }
    if (ids.size === 0) for (const g of document.querySelectorAll('#pw-graph g.node.output')) ids.add(g.getAttribute('data-id')!);
    const boxes = [...document.querySelectorAll<SVGGElement>('#pw-graph g.node')].filter((g) => ids.has(g.getAttribute('data-id')!));
    const whole: string[] = [];
    const cut: string[] = [];
    const small: string[] = [];
    for (const g of boxes) {
      const rect = g.querySelector('rect')!;
      const r = rect.getBoundingClientRect();
      const title = g.querySelector('tspan.title')?.textContent ?? g.getAttribute('data-id')!;
      if (!meets(r, pane)) continue;
      if (!inPane(r) || overlays.some((o) => meets(r, o))) {
        cut.push(title);
        continue;
      }
      whole.push(title);
      for (const t of g.querySelectorAll<SVGTSpanElement>('tspan')) {
        const px = parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1);
        const tr = t.getBoundingClientRect();
        if (px < 11 || tr.right > r.right + 0.5) small.push(`${title}: ${t.textContent} (${px.toFixed(1)} px)`);
      }
    }
    const titles = [...document.querySelectorAll('#pw-graph .cluster-label')]
      .filter((t) => overlays.some((o) => meets(t.getBoundingClientRect(), o)))
      .map((t) => t.textContent ?? '');
    return {
      scale: Number(document.querySelector('#pw-graph svg')!.getAttribute('data-scale')),
      pathWhole: whole,
      pathCut: cut,
      smallText: small,
      titlesUnderOverlay: titles,
    };
  });
}
