/**
 * Where the first view of a graph looks, at 100 %: the severed path and its neighbours. Centring the
 * path's bounding box is right when it fits the pane; at the default split (about 500 px) it often
 * does not, and centring then cuts boxes in half on both sides, so their text cannot be read and
 * nothing says what is beyond. Instead the window is slid so that whole boxes are shown: it tries
 * every placement that puts some box of interest flush with the window's edge (with or without a
 * margin, just out of view, or clear of an overlay) and keeps the best by `rateWindow`: the finding
 * in view, no box of the path cut, the most whole boxes of the path, then of its neighbours. The
 * zoom buttons and the overview lie on the pane, so a box under them is not whole, and group titles
 * are kept out from under them. Pure geometry (drawing coordinates), so it is tested without a browser.
 */
import type { OpenView } from '../src/core/graph/open-view';
import type { Box } from './layout-groups';
import { FRAME_MARGIN, bounds, compare, overlap, rateWindow, seen, titleCovered, type FrameScene } from './frame-score';

export { FRAME_MARGIN, overlap } from './frame-score';

/** Boxes of interest (nearest the anchor first) the window is slid against. */
const INTEREST = 40;
/** Of those, the nearest also tried without the margin, just out of view and clear of the overlays. */
const TRIED_CLOSELY = 12;

export interface FrameInput {
  /** The window's size in drawing units (the pane at 100 %). */
  size: { w: number; h: number };
  /**
   * Parts of the window hidden under overlays (the zoom buttons, the overview), relative to its
   * top-left corner: a box that meets one is not whole.
   */
  cover?: Box[];
  /** Boxes of the finding (ends of severed and discrete edges, or the loss): shown whole first. */
  path: Box[];
  /** Boxes one edge away from the path: shown whole where there is room. */
  near: Box[];
  /** Every other drawn box: cut as little as possible. */
  others: Box[];
  /** Titles of open groups' frames: kept out from under the overlays where possible. */
  titles?: Box[];
  /** The point that must be in view (the first `?`); the path's centre when absent. */
  anchor?: { x: number; y: number } | null;
}

/** The window (drawing coordinates, `size` large) to show at 100 %. */
export function frameFinding(input: FrameInput): Box {
  const { w, h } = input.size;
  const m = FRAME_MARGIN;
  const cover = input.cover ?? [];
  const path = input.path;
  const all = bounds([...path, ...input.near]);
  // Everything of interest fits above the overlays: centre it there, unless that puts a group's
  // title under one (then the search below also tries this window).
  const free = Math.min(h, ...cover.map((c) => c.y));
  const fits = all.w <= w - 2 * m && all.h <= free - 2 * m ? { ...centred(all, w, free), h } : null;
  if (fits && !titleCovered(fits, cover, input.titles ?? [])) return fits;
  const p = bounds(path);
  const anchor = input.anchor ?? { x: p.x + p.w / 2, y: p.y + p.h / 2 };
  // Nearest boxes of interest only: enough to choose from, bounded work on a large view.
  const byDistance = (b: Box) => Math.hypot(b.x + b.w / 2 - anchor.x, b.y + b.h / 2 - anchor.y);
  const interest = [...path, ...input.near].sort((a, b) => byDistance(a) - byDistance(b)).slice(0, INTEREST);
  const xs = new Set<number>([anchor.x - w / 2]);
  const ys = new Set<number>([anchor.y - h / 2]);
  interest.forEach((b, i) => {
    xs.add(b.x - m).add(b.x + b.w + m - w);
    ys.add(b.y - m).add(b.y + b.h + m - h);
    if (i >= TRIED_CLOSELY) return;
    // Flush without the margin, or just out of view: in a tall column the pane's height rarely
    // falls between two rows of boxes when it starts a margin above one of them, but it may so.
    xs.add(b.x).add(b.x + b.w - w).add(b.x + b.w).add(b.x - w);
    ys.add(b.y).add(b.y + b.h - h).add(b.y + b.h).add(b.y - h);
    // Beside or above an overlay rather than under it: the pane around the overlays is in view too.
    for (const c of cover) {
      xs.add(b.x + b.w + m - c.x).add(b.x - m - (c.x + c.w));
      ys.add(b.y + b.h + m - c.y);
    }
  });
  const reach = { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) + w - Math.min(...xs), h: Math.max(...ys) + h - Math.min(...ys) };
  const onPath = new Set(path);
  const scene: FrameScene = {
    cover,
    anchor,
    interest: [...interest.filter((b) => onPath.has(b)), ...interest.filter((b) => !onPath.has(b))],
    pathCount: interest.filter((b) => onPath.has(b)).length,
    others: input.others.filter((b) => overlap(b, reach) > 0),
    titles: (input.titles ?? []).filter((b) => overlap(b, reach) > 0),
  };
  let best: { win: Box; score: number[] } | null = null;
  const consider = (x: number, y: number) => {
    const win = { x, y, w, h };
    const score = rateWindow(win, scene, best?.score);
    if (score && (!best || compare(score, best.score) > 0)) best = { win, score };
  };
  if (fits) consider(fits.x, fits.y);
  for (const x of xs) for (const y of ys) consider(x, y);
  const chosen = best as { win: Box; score: number[] } | null;
  if (!chosen) return centred(p, w, h);
  // The whole boxes of interest centred in the pane, where that shows as much: a row of two boxes a
  // little narrower than the pane gets a margin on both sides instead of one box flush with an edge.
  const shown = interest.filter((b) => seen(b, chosen.win, cover) >= 1);
  if (shown.length > 0) {
    const s = bounds(shown);
    const cx = s.x + s.w / 2 - w / 2;
    const cy = s.y + s.h / 2 - h / 2;
    consider(cx, chosen.win.y);
    consider(chosen.win.x, cy);
    consider(cx, cy);
  }
  return (best as { win: Box } | null)?.win ?? chosen.win;
}

/** What lies on the pane besides the drawing. */
export interface FrameOptions {
  /** Overlays, relative to the pane's top-left corner. */
  cover?: Box[];
  /** Titles of open groups' frames (drawing coordinates). */
  titles?: Box[];
}

/**
 * The window for a drawn view: its path is the ends of the severed and discrete edges (or the loss
 * when there are none), its neighbours the boxes one edge away; null when the view has neither
 * (show it all).
 */
export function findingWindow(view: OpenView, positions: ReadonlyMap<string, Box>, size: { w: number; h: number }, anchor: { x: number; y: number } | null, options: FrameOptions = {}): Box | null {
  const ids = new Set<string>();
  for (const e of view.edges) if (e.kind === 'severed' || e.kind === 'zero') ids.add(e.from).add(e.to);
  if (ids.size === 0) for (const it of view.items) if (it.type === 'node' && it.node.kind === 'output') ids.add(it.id);
  // Boxes only: an open group's frame is not something to show whole.
  const leaves = new Map<string, Box>();
  for (const it of view.items) {
    const b = positions.get(it.id);
    if (b && (it.type === 'node' || !it.open)) leaves.set(it.id, b);
  }
  const nearIds = new Set<string>();
  for (const e of view.edges) {
    if (ids.has(e.from) && !ids.has(e.to)) nearIds.add(e.to);
    if (ids.has(e.to) && !ids.has(e.from)) nearIds.add(e.from);
  }
  const pick = (set: Set<string>) => [...set].map((id) => leaves.get(id)).filter((b): b is Box => Boolean(b));
  const path = pick(ids);
  if (path.length === 0) return null;
  const others = [...leaves].filter(([id]) => !ids.has(id) && !nearIds.has(id)).map(([, b]) => b);
  return frameFinding({ size, cover: options.cover, path, near: pick(nearIds), others, titles: options.titles, anchor });
}

function centred(b: Box, w: number, h: number): Box {
  return { x: b.x + b.w / 2 - w / 2, y: b.y + b.h / 2 - h / 2, w, h };
}
