// The interior-by-interior layout (webview/layout-groups.ts) against ELK itself (elkjs in Node): the
// boxes it composes must be the ones ELK's own SEPARATE_CHILDREN layout of the whole view gives,
// alike interiors (same shape) must cost one ELK call, and opening one more group must lay out again
// only the interiors that changed.
import { describe, expect, it, vi } from 'vitest';
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { buildHierarchy } from '../../../src/core/graph/hierarchy';
import { allKeys, firstOpen, openView, type OpenView } from '../../../src/core/graph/open-view';
import { InteriorCache, interiors, layoutByGroups } from '../../../webview/layout-groups';
// @ts-expect-error plain ESM fixture without types
import { modelGraph } from '../../../bench/model-graphs.mjs';

vi.mock('pathwise:elk-worker', () => ({ default: '' }));
const { toElk, GROUP_TITLE } = await import('../../../webview/layout-worker');
const { laidOutWhole } = await import('../../../webview/elk-graph');

const elk = new ELK();
const OPTIONS = {
  'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.hierarchyHandling': 'SEPARATE_CHILDREN', 'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '34', 'elk.layered.spacing.edgeNodeBetweenLayers': '12', 'elk.layered.thoroughness': '3',
};
const PADDING = `[top=${GROUP_TITLE + 8},left=10,bottom=10,right=10]`;
/** Sizes that differ from box to box, also between the same member of alike interiors. */
const size = (id: string) => {
  const k = [...id].reduce((n, c) => n + c.charCodeAt(0), 0);
  return { w: 90 + (k * 7) % 60, h: 44 + (k % 3) * 16 };
};
/** Sizes by what a box is (its op, or its group's kind), as measured labels mostly are: alike interiors get alike sizes. */
function sizeByRole(v: OpenView): (id: string) => { w: number; h: number } {
  const role = new Map(v.items.map((it) => [it.id, it.type === 'node' ? it.node.op : it.group.kind]));
  return (id) => {
    const r = role.get(id) ?? '';
    return { w: 90 + (r.length * 7) % 60, h: 44 + (r.length % 3) * 16 };
  };
}

/** Shapes of a view's interiors as the test sees them: member count and edges by member position. */
function shapes(v: OpenView, ids: string[]): Set<string> {
  const all = interiors(v);
  return new Set(ids.map((id) => {
    const g = all.get(id)!;
    const at = new Map(g.members.map((m, k) => [m, k]));
    return `${g.members.length};${g.edges.map(([a, b]) => `${at.get(a)}-${at.get(b)}`).join(' ')}`;
  }));
}

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
    const sized = sizeByRole(v);
    const whole = elkBoxes(await elk.layout(toElk(v, sized)));
    const ours = await layoutByGroups(v, sized, OPTIONS, PADDING, (g) => elk.layout(g), new InteriorCache(), 2);
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
    const run = (g: ElkNode) => { calls.push(`${g.children?.length}`); return elk.layout(g); };
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
    // One ELK call per shape of chunk (the unrolled steps repeat), the layer, then each group above it.
    const chunkShapes = shapes(v2, lstm.groups.map((g) => g.id)).size;
    expect(chunkShapes).toBeGreaterThan(1);
    expect(chunkShapes).toBeLessThan(lstm.groups.length);
    let depth = 0;
    for (let g = lstm; g.parent; g = g.parent) depth++;
    expect(calls.length).toBe(chunkShapes + 1 + depth);
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
  it('lays out alike interiors once, each box in the middle of a slot as large as the largest there', async () => {
    const v = openView(h, after);
    const groups = interiors(v);
    const chunks = lstm.groups.map((g) => g.id);
    let calls = 0;
    const cache = new InteriorCache();
    const boxes = await layoutByGroups(v, size, OPTIONS, PADDING, (g) => { calls++; return elk.layout(g); }, cache);
    // Fewer ELK calls than interiors: every shape once.
    const byDepth = new Map<number, string[]>();
    for (const g of groups.values()) byDepth.set(g.depth, [...(byDepth.get(g.depth) ?? []), g.id]);
    const expected = [...byDepth.values()].reduce((n, ids) => n + shapes(v, ids).size, 0);
    expect(expected).toBeLessThan(groups.size);
    expect(calls).toBe(expected);
    // Alike chunks: the same layout relative to their corner, up to where each box sits in its slot.
    const rel = (id: string) => groups.get(id)!.members.map((m) => {
      const b = boxes.get(m)!;
      const o = boxes.get(id)!;
      return [b.x + b.w / 2 - o.x, b.y + b.h / 2 - o.y];
    });
    const apart = (a: number[][], b: number[][]) => Math.max(...a.map(([x, y], k) => Math.max(Math.abs(x - b[k][0]), Math.abs(y - b[k][1]))));
    const alike = chunks.filter((id) => groups.get(id)!.members.length === groups.get(chunks[1])!.members.length).slice(1, 4);
    expect(alike.length).toBe(3);
    expect(apart(rel(alike[1]), rel(alike[0]))).toBeLessThan(0.01);
    expect(apart(rel(alike[2]), rel(alike[0]))).toBeLessThan(0.01);
    // Every box keeps its own size, lies inside its group and overlaps no other member of it.
    for (const g of groups.values()) {
      const o = g.id === 'root' ? null : boxes.get(g.id)!;
      const ms = g.members.map((m) => ({ m, b: boxes.get(m)! }));
      for (const { m, b } of ms) {
        expect([b.w, b.h]).toEqual(groups.has(m) ? [b.w, b.h] : [size(m).w, size(m).h]);
        if (o) expect(b.x >= o.x && b.y >= o.y && b.x + b.w <= o.x + o.w + 0.01 && b.y + b.h <= o.y + o.h + 0.01).toBe(true);
      }
      for (let i = 0; i < ms.length; i++) for (let j = i + 1; j < ms.length; j++) {
        const [a, b] = [ms[i].b, ms[j].b];
        expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
      }
    }
  });

  it('lays out whole (ELK routes the edges) only small views with at most two edges per box', () => {
    const small = buildHierarchy(modelGraph(200, { layers: 3 }));
    const dense = buildHierarchy(modelGraph(2000));
    const first = openView(dense, firstOpen(dense));
    expect([first.boxes < 250, first.edges.length > 2 * first.boxes]).toEqual([true, true]);
    expect(laidOutWhole(first)).toBe(false);
    expect(toElk(first, size).layoutOptions?.['elk.hierarchyHandling']).toBe('SEPARATE_CHILDREN');
    const light = openView(small, firstOpen(small));
    expect(laidOutWhole(light)).toBe(true);
    expect(toElk(light, size).layoutOptions?.['elk.hierarchyHandling']).toBe('INCLUDE_CHILDREN');
    expect(laidOutWhole(openView(h, after))).toBe(false);
  });
});
