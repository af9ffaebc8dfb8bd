/**
 * Where a drawing opens: the first view's window for a drawing on screen (reads what `findingWindow`
 * needs from the page: the first `?` label, where the overlays lie on the pane, and the drawn titles
 * of open groups), and the anchor that keeps a group a person opened or closed where it was.
 */
import type { Drawn } from './draw';
import type { Box } from './layout-groups';
import { findingWindow } from './framing';
import type { Viewport } from './viewport';

/** The item a person opened or closed, and where its top-left corner was on screen (null: off screen). */
export interface Anchor { id: string; at: { x: number; y: number } | null }

/** Where item `id` of `d` is on screen now, to keep it there in the next drawing (undefined: no item). */
export function anchorOf(d: Drawn | null, viewport: Viewport, id: string | undefined): Anchor | undefined {
  if (!id) return undefined;
  const b = d?.positions.get(id);
  return { id, at: b ? viewport.toScreen(b) : null };
}

/**
 * The window (drawing coordinates, the pane's size) that shows the finding of `d` at 100 % with
 * nothing of its path under `overlays`; null when the view has no finding (show it all).
 */
export function paneFindingWindow(d: Drawn, pane: HTMLElement, overlays: HTMLElement[]): Box | null {
  const q = d.svg.querySelector('g.edgeLabel.pw-q')?.getAttribute('transform');
  const m = q && /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(q);
  // The `?` label's transform is its top-left corner (18 × 20): its centre is the anchor.
  const anchor = m ? { x: Number(m[1]) + 9, y: Number(m[2]) + 10 } : null;
  const size = { w: pane.clientWidth, h: pane.clientHeight };
  return findingWindow(d.view, d.positions, size, anchor, { cover: coverOf(pane, overlays), titles: groupTitles(d) });
}

/** Where `overlays` lie on `pane`, relative to its top-left corner (hidden ones left out). */
function coverOf(pane: HTMLElement, overlays: HTMLElement[]): Box[] {
  const p = pane.getBoundingClientRect();
  return overlays.filter((o) => !o.hidden && o.offsetWidth > 0).map((o) => {
    const r = o.getBoundingClientRect();
    return { x: r.left - p.left, y: r.top - p.top, w: r.width, h: r.height };
  });
}

/** The drawn titles of open groups' frames, in drawing coordinates. */
function groupTitles(d: Drawn): Box[] {
  const out: Box[] = [];
  for (const it of d.view.items) {
    const frame = it.type === 'group' && it.open ? d.positions.get(it.id) : undefined;
    const label = frame && d.elements.get(it.id)?.querySelector<SVGTextElement>('.cluster-label');
    if (!frame || !label) continue;
    const t = label.getBBox();
    out.push({ x: frame.x + t.x, y: frame.y + t.y, w: t.width, h: t.height });
  }
  return out;
}
