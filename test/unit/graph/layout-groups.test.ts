// The interior-by-interior layout (webview/layout-groups.ts) against ELK itself (elkjs in Node): the
// boxes it composes must be the ones ELK's own SEPARATE_CHILDREN layout of the whole view gives, and
// opening one more group must lay out again only the interiors that changed.
import { describe, expect, it, vi } from 'vitest';
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { buildHierarchy } from '../../../src/core/graph/hierarchy';
import { allKeys, firstOpen, openView } from '../../../src/core/graph/open-view';
import { InteriorCache, layoutByGroups } from '../../../webview/layout-groups';
// @ts-expect-error plain ESM fixture without types
import { modelGraph } from '../../../bench/model-graphs.mjs';

vi.mock('pathwise:elk-worker', () => ({ default: '' }));
const { toElk, GROUP_TITLE } = await import('../../../webview/layout-worker');

const elk = new ELK();
const OPTIONS = {
  'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.hierarchyHandling': 'SEPARATE_CHILDREN', 'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '34', 'elk.layered.spacing.edgeNodeBetweenLayers': '12', 'elk.layered.thoroughness': '3',
};
const PADDING = `[top=${GROUP_TITLE + 8},left=10,bottom=10,right=10]`;
const size = (id: string) => ({ w: 90 + (id.length * 7) % 60, h: 44 + (id.length % 3) * 16 });

function elkBoxes(root: { children?: unknown[] }): Map<string, { x: number; y: number; w: number; h: number }> {
  const out = new Map();
  const stack: [any, number, number][] = [[root, 0, 0]];
  while (stack.length) {
    const [n, ox, oy] = stack.pop()!;
    for (const c of n.children ?? []) {
      const b = { x: ox + c.x, y: oy + c.y, w: c.width, h: c.height };
      out.set(c.id, b);
      if (c.children?.length) stack.push([c, b.x, b.y]);
    }
  }
  return out;
}

describe('layoutByGroups', () => {
  const h = buildHierarchy(modelGraph(3000, { layers: 12 }));
  const lstm = [...h.groups.values()].find((g) => g.name === 'lstm_LSTM4')!;
  const before = firstOpen(h);
  const after = new Set([...before, ...allKeys(lstm)]);

  it('gives the boxes of ELK\'s own SEPARATE_CHILDREN layout of the whole view', async () => {
    const v = openView(h, after);
    expect(v.boxes).toBeGreaterThan(250);
    const whole = elkBoxes(await elk.layout(toElk(v, size)));
    const ours = await layoutByGroups(v, size, OPTIONS, PADDING, (g) => elk.layout(g), new InteriorCache(), 2);
    expect(ours.size).toBe(v.items.length);
    expect(ours.size).toBe(whole.size);
    for (const [id, b] of whole) {
      const o = ours.get(id)!;
      expect([id, o.x, o.y, o.w, o.h]).toEqual([id, b.x, b.y, b.w, b.h]);
    }
  });

  it('lays out again only the interiors an expansion changed', async () => {
    const cache = new InteriorCache();
    const calls: string[] = [];
    const run = (g: ElkNode) => { calls.push((g.children ?? []).map((c) => c.id).join(',')); return elk.layout(g); };
    const open = new Set([...before, lstm.parent!.key]);
    const v1 = openView(h, open);
    await layoutByGroups(v1, size, OPTIONS, PADDING, run, cache);
    const first = calls.length;
    expect(first).toBeGreaterThan(2);
    calls.length = 0;
    // The same view again: everything from the cache.
    await layoutByGroups(v1, size, OPTIONS, PADDING, run, cache);
    expect(calls).toEqual([]);
    // Opening the LSTM layer: its interior (and its chunks), then the groups that contain it.
    const v2 = openView(h, new Set([...open, ...allKeys(lstm)]));
    const again = await layoutByGroups(v2, size, OPTIONS, PADDING, run, cache);
    const chunks = lstm.groups.length;
    let depth = 0;
    for (let g = lstm; g.parent; g = g.parent) depth++;
    expect(calls.length).toBe(chunks + 1 + depth);
    const fresh = await layoutByGroups(v2, size, OPTIONS, PADDING, (g) => elk.layout(g), new InteriorCache());
    expect([...again]).toEqual([...fresh]);
  });

  it('two layouts needing the same interiors at once run ELK once per interior and give the same boxes', async () => {
    const cache = new InteriorCache();
    let calls = 0;
    const run = (g: ElkNode) => { calls++; return elk.layout(g); };
    const v = openView(h, after);
    const [a, b] = await Promise.all([
      layoutByGroups(v, size, OPTIONS, PADDING, run, cache),
      layoutByGroups(v, size, OPTIONS, PADDING, run, cache),
    ]);
    expect(cache.shared).toBeGreaterThan(0);
    expect(calls).toBe(cache.misses);
    const alone = new InteriorCache();
    const fresh = await layoutByGroups(v, size, OPTIONS, PADDING, (g) => elk.layout(g), alone);
    expect(calls).toBe(alone.misses);
    expect([...a]).toEqual([...fresh]);
    expect([...b]).toEqual([...fresh]);
  });

  it('a layout waiting for an interior in flight runs ELK itself when that call fails (its worker was stopped)', async () => {
    const cache = new InteriorCache();
    const v = openView(h, after);
    let stop!: () => void;
    const stopped = new Promise<never>((_, reject) => { stop = () => reject(new Error('stopped')); });
    const first = layoutByGroups(v, size, OPTIONS, PADDING, () => stopped, cache).catch(() => 'failed');
    const second = layoutByGroups(v, size, OPTIONS, PADDING, (g) => elk.layout(g), cache);
    stop();
    expect(await first).toBe('failed');
    const fresh = await layoutByGroups(v, size, OPTIONS, PADDING, (g) => elk.layout(g), new InteriorCache());
    expect([...await second]).toEqual([...fresh]);
  });
});
