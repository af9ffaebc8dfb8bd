/**
 * How good a window of the first view is (see framing.ts): what a person sees of each box once the
 * pane is slid to that window and the overlays (the zoom buttons, the overview) lie on top of it.
 * Pure geometry in drawing coordinates.
 */
import type { Box } from './layout-groups';

/** Space kept between the window's edge and a box flush with it. */
export const FRAME_MARGIN = 12;

/** Drawing units by which a box may stick out of a window and still count as whole (rounding of ELK's fractions). */
const WHOLE_EPS = 1e-6;

/** What a window is rated against. */
export interface FrameScene {
  /** Parts of the window hidden under overlays, relative to its top-left corner. */
  cover: Box[];
  /** The point that must be in view (the first `?`). */
  anchor: { x: number; y: number };
  /** The boxes of the path and its neighbours nearest the anchor, the path's first. */
  interest: Box[];
  /** How many of `interest` (the first ones) are on the path. */
  pathCount: number;
  /** Every other box near enough to be in some window. */
  others: Box[];
  /** Titles of open groups' frames. */
  titles: Box[];
}

/**
 * Lexicographic score of a window, larger is better: the `?` in view, then no box of the path cut
 * (a half box is worse than one left out), the most whole boxes of the path, then of its
 * neighbours, no group title under an overlay, the least cut of the neighbours, a margin round the
 * whole ones, the least cut of the rest, the nearest the anchor. Returns null as soon as the window
 * is known to score below `beat`, so most windows cost only their boxes of interest.
 */
export function rateWindow(win: Box, s: FrameScene, beat?: number[]): number[] | null {
  const { anchor } = s;
  const anchorIn = inside(anchor, win) && !s.cover.some((c) => inside({ x: anchor.x - win.x, y: anchor.y - win.y }, c)) ? 1 : 0;
  // Most windows lose here already: the finding is not in them.
  if (beat && anchorIn < beat[0]) return null;
  const m = FRAME_MARGIN;
  let cutPath = 0;
  let wholePath = 0;
  let wholeNear = 0;
  let cutInterest = 0;
  // How far whole boxes come closer to the pane's edge than the margin: readable, but a margin reads better.
  let tight = 0;
  // The path's boxes come first in `interest`: a window that cuts more of them, or shows fewer, stops there.
  for (let i = 0; i < s.interest.length; i++) {
    const b = s.interest[i];
    if (i === s.pathCount && beat && anchorIn === beat[0] && (-cutPath < beat[1] || (-cutPath === beat[1] && wholePath < beat[2]))) return null;
    const f = seen(b, win, s.cover);
    const onPath = i < s.pathCount;
    if (f >= 1) {
      if (onPath) wholePath++;
      else wholeNear++;
      tight += Math.max(0, m - (b.x - win.x)) + Math.max(0, m - (b.y - win.y)) + Math.max(0, m - (win.x + win.w - b.x - b.w)) + Math.max(0, m - (win.y + win.h - b.y - b.h));
    } else if (f > 0) {
      cutInterest += 1 - f;
      if (onPath) cutPath++;
    }
  }
  let hiddenTitles = 0;
  for (const t of s.titles) if (titleCovered(win, s.cover, [t])) hiddenTitles++;
  const head = [anchorIn, -cutPath, wholePath, wholeNear, -hiddenTitles, -round(cutInterest), -Math.round(tight)];
  if (beat && compare(head, beat) < 0) return null;
  let cutOthers = 0;
  for (const b of s.others) {
    const f = seen(b, win, s.cover);
    if (f > 0 && f < 1) cutOthers += 1 - f;
  }
  const cx = win.x + win.w / 2 - anchor.x;
  const cy = win.y + win.h / 2 - anchor.y;
  return [...head, -round(cutOthers), -Math.hypot(cx, cy)];
}

/** Whether one of `titles` is in `win` and (partly) under one of the overlays `cover` (relative to `win`). */
export function titleCovered(win: Box, cover: Box[], titles: Box[]): boolean {
  return titles.some((t) => overlap(t, win) > 0 && cover.some((c) => coveredPart(t, win, c) > 0));
}

/** How much of `b` is seen in `win` with the overlays `cover` (relative to the window) on top: 1 whole, 0 not at all. */
export function seen(b: Box, win: Box, cover: Box[]): number {
  const f = overlap(b, win);
  if (f === 0) return 0;
  let hidden = 0;
  for (const c of cover) hidden += coveredPart(b, win, c);
  if (hidden === 0) return f;
  // Partly under an overlay: never whole, and at least a sliver is seen (it is in the window).
  return Math.min(1 - 1e-3, Math.max(1e-3, f - hidden));
}

/** Fraction of `b`'s area under the overlay `c` (relative to `win`); no objects made, it runs per box and window. */
function coveredPart(b: Box, win: Box, c: Box): number {
  const x = win.x + c.x;
  const y = win.y + c.y;
  const ix = Math.max(0, Math.min(b.x + b.w, x + c.w) - Math.max(b.x, x));
  const iy = Math.max(0, Math.min(b.y + b.h, y + c.h) - Math.max(b.y, y));
  return (ix * iy) / Math.max(1e-9, b.w * b.h);
}

/** Visible fraction of `b`'s area inside `win` (1: whole, 0: outside). */
export function overlap(b: Box, win: Box): number {
  // Containment first: the area ratio of a box at ELK's fractional coordinates (123.83333333333333 + 121)
  // comes out a hair under 1, and a whole box must not count as cut.
  if (b.x >= win.x - WHOLE_EPS && b.y >= win.y - WHOLE_EPS && b.x + b.w <= win.x + win.w + WHOLE_EPS && b.y + b.h <= win.y + win.h + WHOLE_EPS) return 1;
  const ix = Math.max(0, Math.min(b.x + b.w, win.x + win.w) - Math.max(b.x, win.x));
  const iy = Math.max(0, Math.min(b.y + b.h, win.y + win.h) - Math.max(b.y, win.y));
  const area = Math.max(1e-9, b.w * b.h);
  return Math.min(1, (ix * iy) / area);
}

/** Lexicographic comparison of two scores over the length of the shorter: < 0 when `a` is worse. */
export function compare(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function bounds(boxes: Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function inside(p: { x: number; y: number }, c: Box): boolean {
  return p.x >= c.x && p.x <= c.x + c.w && p.y >= c.y && p.y <= c.y + c.h;
}

/** Small differences in how much is cut do not outweigh being closer to the finding. */
function round(x: number): number {
  return Math.round(x * 10) / 10;
}
