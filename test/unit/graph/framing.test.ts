// The first view's window at 100 % (webview/framing.ts): centred when the finding and its neighbours
// fit; otherwise slid so whole boxes are shown instead of halves on both sides.
import { describe, expect, it } from 'vitest';
import { frameFinding, overlap, FRAME_MARGIN } from '../../../webview/framing';

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

  it('too wide for the pane: whole boxes of the path and the `?` in view, not two halves', () => {
    // Two sources side by side (18 px apart) severed into one sample below, as in the VAE at 500 px.
    const a = box(0, 0);
    const b = box(263, 0);
    const z = box(130, 140);
    const anchor = { x: 120, y: 120 };
    const size = { w: 500, h: 400 };
    const win = frameFinding({ size, path: [a, b, z], near: [], others: [], anchor });
    const shown = [a, b, z].filter((x) => whole(x, win));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(anchor.x >= win.x && anchor.x <= win.x + win.w && anchor.y >= win.y && anchor.y <= win.y + win.h).toBe(true);
    // Centring the bounding box (the old framing) cuts both sources.
    const centred = { x: 254 - 250, y: 120 - 200, ...size };
    expect([a, b, z].filter((x) => whole(x, centred)).length).toBe(1);
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
});
