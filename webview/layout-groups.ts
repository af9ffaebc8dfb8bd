/**
 * Layout of a large open view group by group, the way ELK's `SEPARATE_CHILDREN` does it, but driven
 * from here so that it can be incremental and parallel: every open group's interior is one small flat
 * ELK graph (its members as fixed-size boxes, edges lifted to the group), laid out deepest first; an
 * open group's box size is the size of its laid-out interior. Each interior's result is cached by what
 * it depends on (member sizes, lifted edges by member position, options: not the ids), so opening one
 * group lays out only that group's interior and the groups around it, while every other open group
 * keeps its cached layout. Interiors of one depth with the same shape (member count and edges) are
 * laid out by one ELK call with the largest size of each slot: the unrolled steps of an LSTM, cut into
 * chunks, or a stack of alike dense layers cost one layout, not one each.
 * Interiors of the same depth run in parallel on the worker pool. Pure data in, data out: the ELK
 * call is passed in (a worker in the panel, elkjs itself in the tests).
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { OpenView } from '../src/core/graph/open-view';
import { wh } from './elk-graph';

export interface Box { x: number; y: number; w: number; h: number }

/** Lays out one flat ELK graph (children without children); `lane` is the parallel lane asking (its worker). */
export type RunElk = (graph: ElkNode, lane: number) => Promise<ElkNode>;

/**
 * A laid-out interior: its size, and the slot of each member (by position in the group's member
 * list) relative to the group's top-left corner.
 */
interface Interior { w: number; h: number; at: Box[] }

/**
 * Interiors by their dependency key; shared across layouts of one page. Also holds the interiors
 * being laid out right now (by any caller: the user's layout, the spare worker's warm-up, speculation),
 * so that a layout needing an interior another one is computing waits for that ELK call instead of
 * running ELK on the same graph again (the user's expansion picks up what speculation has in flight).
 */
export class InteriorCache {
  private readonly map = new Map<string, Interior>();
  private readonly pending = new Map<string, Promise<Interior>>();
  /** ELK runs that were not found in the cache (for tests and the benchmark). */
  misses = 0;
  /** Interiors taken from another layout's ELK call still in flight (for tests and the benchmark). */
  shared = 0;
  constructor(private readonly max = 4000) {}
  get(key: string): Interior | undefined { return this.map.get(key); }
  set(key: string, v: Interior): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, v);
  }
  /** The ELK call computing `key` now, if any. */
  inFlight(key: string): Promise<Interior> | undefined { return this.pending.get(key); }
  /** Registers `p` as computing `key` until it settles (a rejection leaves nothing behind). */
  track(key: string, p: Promise<Interior>): Promise<Interior> {
    this.pending.set(key, p);
    const clear = () => { if (this.pending.get(key) === p) this.pending.delete(key); };
    p.then(clear, clear);
    return p;
  }
}

interface Group { id: string; depth: number; members: string[]; edges: [string, string][] }

/**
 * Absolute boxes of every item of `view` (leaf boxes and open groups). `options` are ELK's layout
 * options for every interior; `padding` is the `elk.padding` of open groups (the root keeps ELK's
 * default). Rejects when `run` rejects (a newer layout superseded this one, the worker failed).
 */
export async function layoutByGroups(
  view: OpenView, size: (id: string) => { w: number; h: number }, options: Record<string, string>, padding: string,
  run: RunElk, cache: InteriorCache, parallel = 1,
): Promise<Map<string, Box>> {
  const groups = interiors(view);
  const opened = new Map<string, { w: number; h: number }>();
  const results = new Map<string, Interior>();
  const sizeOf = (id: string) => opened.get(id) ?? size(id);
  // Deepest first: a group's size is known once every open group inside it is laid out.
  const byDepth = [...groups.values()].sort((a, b) => b.depth - a.depth);
  for (let i = 0; i < byDepth.length;) {
    const depth = byDepth[i].depth;
    const level: Group[] = [];
    while (i < byDepth.length && byDepth[i].depth === depth) level.push(byDepth[i++]);
    // Interiors of one shape (the unrolled steps of a recurrent layer, a stack of alike layers) are
    // one ELK graph: laid out once, with each slot as large as its largest box in any of them.
    const alike = new Map<string, Group[]>();
    for (const g of level) {
      const k = shapeOf(g);
      const cls = alike.get(k);
      if (cls) cls.push(g);
      else alike.set(k, [g]);
    }
    const input = (cls: Group[]) => {
      const g0 = cls[0];
      const opts = g0.id === 'root' ? options : { ...options, 'elk.padding': padding };
      const children = g0.members.map((_, m) => {
        let w = 0;
        let h = 0;
        for (const g of cls) {
          const s = sizeOf(g.members[m]);
          w = Math.max(w, s.w);
          h = Math.max(h, s.h);
        }
        return { id: `m${m}`, ...wh({ w, h }) };
      });
      const index = memberIndex(g0);
      const edges = g0.edges.map(([a, b]): [string, string] => [`m${index.get(a)}`, `m${index.get(b)}`]);
      return { cls, opts, children, edges, key: cacheKey(children, edges, opts) };
    };
    // Interiors another layout is computing go last: this one's lanes do the rest meanwhile.
    const queue = [...alike.values()].map(input).map((x) => ({ x, b: cache.inFlight(x.key) ? 1 : 0 })).sort((p, q) => p.b - q.b).map((p) => p.x);
    const lanes = Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, async (_, lane) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { cls, opts, children, edges, key } = next;
        let r = cache.get(key);
        // Another layout's ELK call on this very graph: its answer is this one's (same input, same
        // options). If it fails (its worker was stopped), this layout runs ELK itself after all.
        const other = r ? undefined : cache.inFlight(key);
        if (other) r = await other.then((x) => { cache.shared++; return x; }, () => undefined);
        if (!r) {
          cache.misses++;
          const graph: ElkNode = { id: 'root', layoutOptions: opts, children, edges: edges.map(([a, b], k) => ({ id: `e${k}`, sources: [a], targets: [b] })) };
          r = await cache.track(key, run(graph, lane).then((out): Interior => {
            const at = new Map((out.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? 0, h: c.height ?? 0 }]));
            const done = { w: out.width ?? 0, h: out.height ?? 0, at: children.map((c) => at.get(c.id) ?? { x: 0, y: 0, w: c.width, h: c.height }) };
            cache.set(key, done);
            return done;
          }));
        }
        for (const g of cls) {
          results.set(g.id, r);
          if (g.id !== 'root') opened.set(g.id, { w: r.w, h: r.h });
        }
      }
    });
    await Promise.all(lanes);
  }
  // Top down: absolute boxes from the root's corner.
  const out = new Map<string, Box>();
  const slotOf = new Map<string, number>();
  for (const g of groups.values()) g.members.forEach((id, m) => slotOf.set(id, m));
  const origin = new Map<string, { x: number; y: number }>([['root', { x: 0, y: 0 }]]);
  for (const it of view.items) {
    const parent = it.parent ?? 'root';
    const o = origin.get(parent);
    const slot = results.get(parent)?.at[slotOf.get(it.id) ?? -1];
    if (!o || !slot) continue;
    const s = sizeOf(it.id);
    // A box smaller than its slot (an alike interior has a larger one there) sits in its middle.
    const b = { x: o.x + slot.x + (slot.w - s.w) / 2, y: o.y + slot.y + (slot.h - s.h) / 2, w: s.w, h: s.h };
    out.set(it.id, b);
    if (it.type === 'group' && it.open) origin.set(it.id, b);
  }
  return out;
}

/** Open groups (and the root) with their members and their edges lifted to the lowest common group. */
export function interiors(view: OpenView): Map<string, Group> {
  const groups = new Map<string, Group>([['root', { id: 'root', depth: 0, members: [], edges: [] }]]);
  const parent = new Map<string, string>();
  const depth = new Map<string, number>([['root', 0]]);
  for (const it of view.items) {
    const p = it.parent ?? 'root';
    parent.set(it.id, p);
    depth.set(it.id, depth.get(p)! + 1);
    if (it.type === 'group' && it.open) groups.set(it.id, { id: it.id, depth: depth.get(it.id)!, members: [], edges: [] });
  }
  for (const it of view.items) groups.get(it.parent ?? 'root')?.members.push(it.id);
  const seen = new Set<string>();
  for (const e of view.edges) {
    let a = e.from;
    let b = e.to;
    if (!depth.has(a) || !depth.has(b)) continue;
    while (depth.get(a)! > depth.get(b)!) a = parent.get(a)!;
    while (depth.get(b)! > depth.get(a)!) b = parent.get(b)!;
    while (parent.get(a) !== parent.get(b)) { a = parent.get(a)!; b = parent.get(b)!; }
    if (a === b) continue;
    const key = `${a}>${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    groups.get(parent.get(a)!)?.edges.push([a, b]);
  }
  return groups;
}

function memberIndex(g: Group): Map<string, number> {
  return new Map(g.members.map((id, m) => [id, m]));
}

/** What an interior's layout depends on besides sizes: member count and edges by member position. */
function shapeOf(g: Group): string {
  const index = memberIndex(g);
  return `${g.id === 'root' ? 'root' : 'group'}|${g.members.length}|${g.edges.map(([a, b]) => `${index.get(a)}>${index.get(b)}`).join(',')}`;
}

function cacheKey(children: { id: string; width: number; height: number }[], edges: [string, string][], opts: Record<string, string>): string {
  return `${JSON.stringify(opts)}|${children.map((c) => `${c.width}x${c.height}`).join(',')}|${edges.map(([a, b]) => `${a}>${b}`).join(',')}`;
}
