// Which expansions the idle panel lays out ahead (webview/speculate.ts): the closed groups nearest what
// the person looks at first, each opened one level (a click) and then with everything inside (a
// double-click), exactly the open sets the panel's click and double-click will ask for.
import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../../src/core/graph/hierarchy';
import { allKeys, firstOpen, openView } from '../../../src/core/graph/open-view';
import { likelyExpansions } from '../../../webview/speculate';
// @ts-expect-error plain ESM fixture without types
import { modelGraph } from '../../../bench/model-graphs.mjs';

describe('likelyExpansions', () => {
  const h = buildHierarchy(modelGraph(2000, { layers: 15 }));
  const open = firstOpen(h);
  const view = openView(h, open);
  // A made-up drawing: every item on one column, 100 units apart, in view order.
  const positions = new Map(view.items.map((it, i) => [it.id, { x: 0, y: i * 100, w: 80, h: 40 }]));
  const closed = view.items.filter((it) => it.type === 'group' && !it.open);

  it('nearest closed group first; a click, then a double-click on it', () => {
    const target = closed[Math.floor(closed.length / 2)];
    if (target.type !== 'group') throw new Error('not a group');
    const b = positions.get(target.id)!;
    const sets = likelyExpansions({ hierarchy: h, open, view, positions, centre: { x: 40, y: b.y + 20 } });
    expect([...sets[0]].sort()).toEqual([...open, target.group.key].sort());
    expect(target.group.groups.length).toBeGreaterThan(0);
    expect([...sets[1]].sort()).toEqual([...new Set([...open, ...allKeys(target.group)])].sort());
  });

  it('covers every closed group of the view, each set containing what is open now', () => {
    const sets = likelyExpansions({ hierarchy: h, open, view, positions, centre: { x: 0, y: 0 } });
    const added = new Set(sets.flatMap((s) => [...s].filter((k) => !open.has(k))));
    for (const it of closed) if (it.type === 'group') expect(added.has(it.group.key)).toBe(true);
    for (const s of sets) for (const k of open) expect(s.has(k)).toBe(true);
  });
});
