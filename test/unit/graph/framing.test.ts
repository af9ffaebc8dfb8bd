// The first view's window at 100 % (webview/framing.ts): centred when the finding and its neighbours
// fit; otherwise slid so whole boxes are shown instead of halves on both sides.
import { describe, expect, it } from 'vitest';
import { frameFinding, overlap, FRAME_MARGIN, type FrameInput } from '../../../webview/framing';
import { seen } from '../../../webview/frame-score';

const box = (x: number, y: number, w = 245, h = 100) => ({ x, y, w, h });
const whole = (b: ReturnType<typeof box>, win: ReturnType<typeof box>) => overlap(b, win) >= 1;

describe('frameFinding', () => {
  it('centres the path and its neighbours when they fit the pane', () => {
    const path = [box(100, 100, 120, 60), box(100, 200, 120, 60)];
    const near = [box(260, 200, 120, 60)];
    const win = frameFinding({ size: { w: 500, h: 400 }, path, near, others: [], anchor: null });
    expect(win.w).toBe(500);
    expect(win.x + win.w / 2).toBeCloseTo((100 + 380) / 2);
    expect(win.y + win.h / 2).toBeCloseTo((100 + 260) / 2);
    for (const b of [...path, ...near]) expect(whole(b, win)).toBe(true);
  });

  it('too wide for the pane: no box of the path cut in half, the `?` and the sample in view', () => {
    // Two sources side by side (18 px apart, 508 px together) severed into one sample below.
    const a = box(0, 0);
    const b = box(263, 0);
    const z = box(130, 140);
    const anchor = { x: 120, y: 120 };
    const size = { w: 500, h: 400 };
    const win = frameFinding({ size, path: [a, b, z], near: [], others: [], anchor });
    // Each box of the path is whole or out of view: a half box cannot be read.
    for (const x of [a, b, z]) expect([0, 1]).toContain(overlap(x, win));
    expect(whole(z, win)).toBe(true);
    expect(anchor.x >= win.x && anchor.x <= win.x + win.w && anchor.y >= win.y && anchor.y <= win.y + win.h).toBe(true);
    // Centring the bounding box (the old framing) cuts both sources.
    const centred = { x: 254 - 250, y: 120 - 200, ...size };
    expect([a, b].filter((x) => overlap(x, centred) > 0 && overlap(x, centred) < 1)).toHaveLength(2);
  });

  it('prefers cutting another box by a sliver (or not at all) over cutting it in half', () => {
    // A column of path boxes taller than the pane, another box beside it.
    const path = [0, 120, 240, 360, 480].map((y) => box(0, y, 300, 80));
    const other = box(340, 150, 300, 80);
    const size = { w: 500, h: 400 };
    const anchor = { x: 150, y: 300 };
    const win = frameFinding({ size, path, near: [], others: [other], anchor });
    const centred = { x: anchor.x - size.w / 2, y: anchor.y - size.h / 2, ...size };
    expect(overlap(other, centred)).toBeGreaterThan(0);
    expect(overlap(other, win)).toBeLessThan(overlap(other, centred));
    // Every path box in view is whole.
    for (const b of path) expect([0, 1]).toContain(Math.min(1, Math.round(overlap(b, win) * 100) / 100));
  });

  it.each([
    // The categorical example at 500 px: the path is a narrow column at ELK's fractional x positions.
    { name: 'box flush with the window at x = 123.83333333333333 + 121', b: box(123.83333333333333, 720, 121, 92), win: box(123.83333333333333 - FRAME_MARGIN, 582, 500, 425) },
    { name: 'box flush with the right edge', b: box(94.66666666666666, 972, 269, 92), win: box(94.66666666666666 + 269 + FRAME_MARGIN - 500, 900, 500, 425) },
  ])('a whole box at fractional coordinates counts as whole: $name', ({ b, win }) => {
    expect(overlap(b, win)).toBe(1);
  });

  it('the categorical example\'s tall narrow path beside a wide group: every path box whole, the `?` in view', () => {
    // Positions ELK gave examples/categorical-tfjs/severed.ts at 500 px (pane less the overlays: 500 × 425).
    const b = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });
    const path = [b(146.33333333333331, 594, 76, 92), b(123.83333333333333, 720, 121, 92), b(137.83333333333331, 846, 93, 92)];
    const near = [b(112.33333333333333, 468, 144, 92), b(94.66666666666666, 972, 269, 92)];
    const others = [b(288.5, 12, 225, 92), b(22, 177, 117, 92), b(157, 177, 234, 92), b(128.83333333333331, 342, 111, 92), b(151.5, 1098, 233, 92), b(220, 1224, 96, 76)];
    const anchor = { x: 184, y: 703 };
    const win = frameFinding({ size: { w: 500, h: 425 }, path, near, others, anchor });
    expect(path.filter((x) => whole(x, win))).toHaveLength(3);
    expect(anchor.x >= win.x && anchor.x <= win.x + win.w).toBe(true);
  });

  // The zoom buttons (bottom left) and the overview (bottom right) of a 500 × 400 pane.
  const OVERLAYS = [box(8, 356, 224, 36), box(372, 304, 120, 88)];
  const column = (x: number, w: number, rows = 3) => [0, 126, 252, 378, 504].slice(0, rows).map((y) => box(x, y, w, 92));
  it.each<{ name: string; input: FrameInput; whole: number }>([
    // Centred, its last box would sit on the zoom buttons.
    { name: 'a short column in the middle', whole: 3, input: { size: { w: 500, h: 400 }, cover: OVERLAYS, path: column(300, 160), near: [], others: [], anchor: { x: 380, y: 109 } } },
    { name: 'a column as wide as the pane, too tall to clear the overlays', whole: 1, input: { size: { w: 500, h: 400 }, cover: OVERLAYS, path: column(40, 420), near: [], others: [], anchor: { x: 250, y: 109 } } },
    { name: 'a column on the left, its neighbours on the right', whole: 3, input: { size: { w: 500, h: 400 }, cover: OVERLAYS, path: column(20, 200), near: column(260, 200), others: [], anchor: { x: 120, y: 109 } } },
  ])('no box of the path under an overlay or cut: $name', ({ input, whole: n }) => {
    const win = frameFinding(input);
    for (const b of input.path) expect([0, 1]).toContain(seen(b, win, input.cover ?? []));
    expect(input.path.filter((b) => seen(b, win, input.cover ?? []) === 1).length).toBeGreaterThanOrEqual(n);
  });

  it('keeps a group\'s title out from under the overview when that costs no box of the path', () => {
    // Two path boxes above a group frame whose title would sit under the overview when they are centred.
    const path = [box(300, 0, 160, 92), box(300, 160, 160, 92)];
    const title = box(330, 330, 150, 20);
    const input: FrameInput = { size: { w: 500, h: 400 }, cover: OVERLAYS, path, near: [], others: [], titles: [title], anchor: { x: 380, y: 126 } };
    const centredWin = { x: 380 - 250, y: 126 - 152, w: 500, h: 400 };
    expect(OVERLAYS.some((c) => overlap(title, box(centredWin.x + c.x, centredWin.y + c.y, c.w, c.h)) > 0)).toBe(true);
    const win = frameFinding(input);
    for (const b of path) expect(seen(b, win, OVERLAYS)).toBe(1);
    const under = OVERLAYS.map((c) => box(win.x + c.x, win.y + c.y, c.w, c.h));
    expect(under.filter((c) => overlap(title, c) > 0)).toEqual([]);
  });
});
