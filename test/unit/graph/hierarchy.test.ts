import { describe, expect, it } from 'vitest';
import { buildHierarchy, CHUNK } from '../../../src/core/graph/hierarchy';
import { allKeys, firstOpen, openView, toggled } from '../../../src/core/graph/open-view';
import { displayText } from '../../../src/core/graph/text';
import type { GraphNode, TraceGraph } from '../../../src/core/graph/model';

function g(nodes: Partial<GraphNode>[], edges: TraceGraph['edges'] = []): TraceGraph {
  return {
    version: 1, file: 'f.ts', entry: null, seed: 1, runtime: 'plain', output: null, params: [], gradcheck: [], error: null, edges,
    nodes: nodes.map((n, i) => ({ id: `v${i}`, label: `v${i}`, op: 'add', kind: 'op', value: null, grad: null, shape: null, loc: null, ...n })),
  };
}
const loc = (line: number, fn?: string, file?: string) => ({ line, column: 1, fn, file });

describe('buildHierarchy', () => {
  it.each([
    ['node.group, outermost first', [{ group: ['model:m', 'layer:dense_1'] }], ['m', 'dense_1']],
    ['fallback: loc.file then loc.fn', [{ loc: loc(1, 'loss', '/w/src/vae.ts') }], ['vae.ts', 'loss']],
    ['no group and no location: top level', [{}], []],
  ] as const)('%s', (_t, nodes, names) => {
    const h = buildHierarchy(g(nodes as unknown as Partial<GraphNode>[]));
    const path: string[] = [];
    for (let x = h.nodes[0].parent; x.parent; x = x.parent) path.unshift(x.name);
    expect(path).toEqual(names);
  });

  it('folds loop iterations (same position, op, name, group) with a count, but not the same line in two layers', () => {
    const h = buildHierarchy(g([
      { label: 'acc', loc: loc(5, 'f') }, { label: 'acc', loc: loc(5, 'f') }, { label: 'acc', loc: loc(5, 'f'), repeat: 3 },
      { label: 'mm', op: 'fusedMatMul', loc: loc(9), group: ['layer:a'] }, { label: 'mm', op: 'fusedMatMul', loc: loc(9), group: ['layer:b'] },
    ]));
    expect(h.nodes.map((n) => [n.label, n.repeat])).toEqual([['acc', 5], ['mm', 1], ['mm', 1]]);
  });

  it('cuts a flat 100,000-node chain into chunks of at most CHUNK members per level, without recursion limits', () => {
    const nodes: Partial<GraphNode>[] = [];
    const edges: TraceGraph['edges'] = [];
    for (let i = 0; i < 100_000; i++) {
      nodes.push({ kind: i === 99_999 ? 'output' : 'op' });
      if (i) edges.push({ from: `v${i - 1}`, to: `v${i}`, kind: 'grad' });
    }
    const h = buildHierarchy(g(nodes, edges));
    for (const grp of h.groups.values()) expect(grp.groups.length + grp.nodes.length).toBeLessThanOrEqual(CHUNK);
    expect(h.root.size).toBe(100_000);
    // The loss stays a direct member of the top level (never hidden in a chunk).
    expect(h.root.nodes.map((n) => n.kind)).toContain('output');
    const v = openView(h, firstOpen(h));
    expect(v.boxes).toBeLessThanOrEqual(100);
    expect(openView(h, new Set(allKeys(h.root))).boxes).toBe(100_000);
  });
});

describe('openView', () => {
  const graph = g([
    { kind: 'param', label: 'mu', group: ['fn:loss'] }, { label: 'a', group: ['layer:enc'] }, { label: 'b', group: ['layer:enc'] },
    { kind: 'sample', label: 'z', group: ['fn:loss'] }, { kind: 'output', label: 'loss', group: ['fn:loss'] },
  ], [
    { from: 'v0', to: 'v1', kind: 'grad' }, { from: 'v1', to: 'v2', kind: 'grad' }, { from: 'v1', to: 'v3', kind: 'grad' },
    { from: 'v2', to: 'v3', kind: 'severed' }, { from: 'v3', to: 'v4', kind: 'grad' }, { from: 'v3', to: 'v3', kind: 'grad' }, { from: 'v3', to: 'gone', kind: 'grad' },
  ]);

  it('a closed group is one box; merged edges keep the severed kind and count', () => {
    const h = buildHierarchy(graph);
    const v = openView(h, new Set(['\u0000fn:loss']));
    expect(v.boxes).toBe(4);
    const enc = v.items.find((x) => x.type === 'group' && x.group.name === 'enc')!;
    const z = v.items.find((x) => x.type === 'node' && x.node.label === 'z')!;
    expect(v.edges.find((e) => e.from === enc.id && e.to === z.id)).toMatchObject({ kind: 'severed', count: 2 });
  });

  it('the first view opens every group on the path of a severed edge', () => {
    const h = buildHierarchy(graph);
    expect([...firstOpen(h, 1)].sort()).toEqual(['\u0000fn:loss', '\u0000layer:enc']);
  });

  // A layer inside a function, and a sibling function.
  const nested = g([{ label: 'a', group: ['fn:loss', 'layer:enc'] }, { label: 'b', group: ['fn:other'] }]);
  const [LOSS, ENC, OTHER] = ['\u0000fn:loss', '\u0000fn:loss\u0000layer:enc', '\u0000fn:other'];
  it.each([
    { name: 'a closed inner group opens with the groups around it', open: [], click: 'enc', after: [ENC, LOSS] },
    { name: 'an open group closes with the groups inside it', open: [LOSS, ENC, OTHER], click: 'loss', after: [OTHER] },
    { name: 'closing an inner group leaves the outer one open', open: [LOSS, ENC], click: 'enc', after: [LOSS] },
  ])('toggled: $name', ({ open, click, after }) => {
    const h = buildHierarchy(nested);
    const find = (x: typeof h.root): typeof h.root | null => (x.name === click ? x : x.groups.map(find).find(Boolean) ?? null);
    expect([...toggled(new Set(open), find(h.root)!)].sort()).toEqual([...after].sort());
  });
});

describe('displayText', () => {
  it.each([
    ['a\u202eb\u2066c', 9, 'a\ufffdb\ufffdc'],
    ['x'.repeat(5000), 10, `${'x'.repeat(9)}…`],
    ['line\nbreak\u0000', 20, 'line break '],
    ['μσε∂', 4, 'μσε∂'],
  ])('%j → %j', (input, max, out) => expect(displayText(input, max)).toBe(out));
});
