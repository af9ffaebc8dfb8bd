/**
 * Where the first view of a graph looks, at 100 %: the severed path and its neighbours. Centring the
 * path's bounding box is right when it fits the pane; at the default split (about 500 px) it often
 * does not, and centring then cuts boxes in half on both sides, so their text cannot be read and
 * nothing says what is beyond. Instead the window is slid so that whole boxes are shown: it tries
 * every placement that puts some box of interest flush with the window's edge (plus a margin) and
 * keeps the one that shows the finding, the most whole boxes of the path, then of its neighbours,
 * and cuts the least of any box that it does cut. Pure geometry (drawing coordinates), so it is
 * tested without a browser.
 */
import type { OpenView } from '../src/core/graph/open-view';
import type { Box } from './layout-groups';

/** Space kept between the window's edge and a box flush with it. */
export const FRAME_MARGIN = 12;

export interface FrameInput {
  /** The window's size in drawing units (the pane at 100 %, less what overlays it). */
  size: { w: number; h: number };
  /** Boxes of the finding (ends of severed edges, or the loss): shown whole first. */
  path: Box[];
  /** Boxes one edge away from the path: shown whole where there is room. */
  near: Box[];
  /** Every other drawn box: cut as little as possible. */
  others: Box[];
  /** The point that must be in view (the first `?`); the path's centre when absent. */
  anchor?: { x: number; y: number } | null;
}

/** The window (drawing coordinates, `size` large) to show at 100 %. */
export function frameFinding(input: FrameInput): Box {
  const { w, h } = input.size;
  const m = FRAME_MARGIN;
  const path = input.path;
  const all = bounds([...path, ...input.near]);
  // Everything of interest fits: centre it, as before.
  if (all.w <= w - 2 * m && all.h <= h - 2 * m) return centred(all, w, h);
  const p = bounds(path);
  const anchor = input.anchor ?? { x: p.x + p.w / 2, y: p.y + p.h / 2 };
  // Nearest boxes of interest only: enough to choose from, bounded work on a large view.
  const byDistance = (b: Box) => Math.hypot(b.x + b.w / 2 - anchor.x, b.y + b.h / 2 - anchor.y);
  const interest = [...path, ...input.near].sort((a, b) => byDistance(a) - byDistance(b)).slice(0, 40);
  const xs = new Set<number>([anchor.x - w / 2]);
  const ys = new Set<number>([anchor.y - h / 2]);
  for (const b of interest) {
    xs.add(b.x - m).add(b.x + b.w + m - w);
    ys.add(b.y - m).add(b.y + b.h + m - h);
  }
  const reach = { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) + w - Math.min(...xs), h: Math.max(...ys) + h - Math.min(...ys) };
  const others = input.others.filter((b) => overlap(b, reach) > 0);
  const pathSet = new Set(path);
  let best: { win: Box; score: number[] } | null = null;
  for (const x of xs) {
    for (const y of ys) {
      const win = { x, y, w, h };
      const score = rate(win, anchor, interest, pathSet, others);
      if (!best || better(score, best.score)) best = { win, score };
    }
  }
  return best ? best.win : centred(p, w, h);
}

/**
 * The window for a drawn view: its path is the ends of the severed edges (or the loss when nothing is
 * severed), its neighbours the boxes one edge away; null when the view has neither (show it all).
 */
export function findingWindow(view: OpenView, positions: ReadonlyMap<string, Box>, size: { w: number; h: number }, anchor: { x: number; y: number } | null): Box | null {
  const ids = new Set<string>();
  for (const e of view.edges) if (e.kind === 'severed') ids.add(e.from).add(e.to);
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
  return frameFinding({ size, path, near: pick(nearIds), others, anchor });
}

/** Lexicographic score of a window: larger is better. */
function rate(win: Box, anchor: { x: number; y: number }, interest: Box[], path: Set<Box>, others: Box[]): number[] {
  const anchorIn = anchor.x >= win.x && anchor.x <= win.x + win.w && anchor.y >= win.y && anchor.y <= win.y + win.h ? 1 : 0;
  let wholePath = 0;
  let wholeNear = 0;
  let cutInterest = 0;
  let cutOthers = 0;
  for (const b of interest) {
    const f = overlap(b, win);
    if (f >= 1) {
      if (path.has(b)) wholePath++;
      else wholeNear++;
    } else cutInterest += f;
  }
  for (const b of others) {
    const f = overlap(b, win);
    if (f < 1) cutOthers += f;
  }
  const cx = win.x + win.w / 2 - anchor.x;
  const cy = win.y + win.h / 2 - anchor.y;
  return [anchorIn, wholePath, wholeNear, -round(cutInterest), -round(cutOthers), -Math.hypot(cx, cy)];
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/** Visible fraction of `b`'s area inside `win` (1: whole, 0: outside). */
export function overlap(b: Box, win: Box): number {
  const ix = Math.max(0, Math.min(b.x + b.w, win.x + win.w) - Math.max(b.x, win.x));
  const iy = Math.max(0, Math.min(b.y + b.h, win.y + win.h) - Math.max(b.y, win.y));
  const area = Math.max(1e-9, b.w * b.h);
  return Math.min(1, (ix * iy) / area);
}

/** Small differences in how much is cut do not outweigh being closer to the finding. */
function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function bounds(boxes: Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function centred(b: Box, w: number, h: number): Box {
  return { x: b.x + b.w / 2 - w / 2, y: b.y + b.h / 2 - h / 2, w, h };
}
