/**
 * Spatial keyboard navigation between the boxes of a drawing: from the focused box, an arrow key
 * goes to the nearest box in that direction, the way a person reads the picture (down the layers,
 * across a layer), not in the order the boxes were drawn.
 */
import type { Box } from './layout-groups';

/** The four arrow keys as unit directions in drawing coordinates (y grows downwards). */
export const ARROWS: Record<string, readonly [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * The id of the box nearest to `from` in direction `dir` among `boxes`: its centre must lie ahead of
 * `from`'s centre (by more than a pixel); distance along the direction counts once and distance
 * across it twice, so the box straight ahead wins over a closer one far to the side. Null when no box
 * lies that way.
 */
export function nextBox(from: Box, dir: readonly [number, number], boxes: Iterable<readonly [string, Box]>): string | null {
  const fx = from.x + from.w / 2;
  const fy = from.y + from.h / 2;
  let best: string | null = null;
  let score = Infinity;
  for (const [id, b] of boxes) {
    const vx = b.x + b.w / 2 - fx;
    const vy = b.y + b.h / 2 - fy;
    const along = vx * dir[0] + vy * dir[1];
    if (along <= 1) continue;
    const across = Math.abs(vx * dir[1] - vy * dir[0]);
    const s = along + 2 * across;
    if (s < score) {
      score = s;
      best = id;
    }
  }
  return best;
}

/** The id of the box whose centre is nearest to the point (x, y); null when there is none. */
export function nearestBox(x: number, y: number, boxes: Iterable<readonly [string, Box]>): string | null {
  let best: string | null = null;
  let d = Infinity;
  for (const [id, b] of boxes) {
    const e = Math.hypot(b.x + b.w / 2 - x, b.y + b.h / 2 - y);
    if (e < d) {
      d = e;
      best = id;
    }
  }
  return best;
}
