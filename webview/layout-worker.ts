/**
 * Layout of what is open, off the main thread: ELK (layered, top to bottom) running in a Web Worker
 * started from a blob: URL of its worker build. Each open group is laid out on its own
 * (`SEPARATE_CHILDREN`); edges between members of different groups are lifted to the lowest common
 * group so ELK orders the groups, and the drawing routes them itself. A newer request cancels an older
 * one (the worker is terminated), so the panel never waits for a layout nobody wants any more.
 */
import ELK, { type ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerSource from 'pathwise:elk-worker';
import type { OpenView } from '../src/core/graph/open-view';

export interface Box { x: number; y: number; w: number; h: number }

/** Absolute boxes of every drawn item (leaf boxes and open groups), by item id; `routes` are ELK's edge paths by `from>to`. */
export type Positions = Map<string, Box> & { routes?: Map<string, { x: number; y: number }[]> };

/**
 * Up to this many boxes ELK lays out across group borders (`INCLUDE_CHILDREN`) and routes the edges
 * itself; above, each open group is laid out on its own (`SEPARATE_CHILDREN`, much faster on big
 * views) and the drawing routes edges between groups.
 */
export const WHOLE_LAYOUT_MAX = 250;

/** Space an open group keeps for its title bar. */
export const GROUP_TITLE = 26;

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '34',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  // 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.thoroughness': '3',
} as const;

let url: string | null = null;
let elk: InstanceType<typeof ELK> | null = null;
let generation = 0;

/** Thrown (as the rejection) when a newer layout replaced this one. */
export class Superseded extends Error {}

function worker(): InstanceType<typeof ELK> {
  if (!url) url = URL.createObjectURL(new Blob([elkWorkerSource], { type: 'text/javascript' }));
  if (!elk) elk = new ELK({ workerFactory: () => new Worker(url!) });
  return elk;
}

/** Starts the worker early so the first layout does not pay for parsing ELK. */
export function warmUpLayout(): void {
  try { void worker().knownLayoutAlgorithms().catch(() => undefined); } catch { /* reported on first layout */ }
}

/** Lays out `view` with the given leaf sizes; rejects with `Superseded` if another layout started since. */
export async function layout(view: OpenView, size: (id: string) => { w: number; h: number }, timeoutMs = 60_000): Promise<Positions> {
  const mine = ++generation;
  if (elk && mine > 1) {
    // A layout may still be running for an older request: drop that worker instead of queueing behind it.
    elk.terminateWorker();
    elk = null;
  }
  const graph = toElk(view, size);
  const engine = worker();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      engine.terminateWorker();
      if (elk === engine) elk = null;
      reject(new Error(`the layout took more than ${Math.round(timeoutMs / 1000)} s and was stopped; close some groups and try again`));
    }, timeoutMs);
  });
  try {
    const done = await Promise.race([engine.layout(graph), timeout]);
    if (mine !== generation) throw new Superseded('superseded');
    return positions(done);
  } finally {
    clearTimeout(timer);
    if (mine === generation && elk === engine) {
      // keep the worker for the next layout
    }
  }
}

/** ELK's input: open groups as compound nodes (padding for the title), closed groups and nodes as boxes. */
export function toElk(view: OpenView, size: (id: string) => { w: number; h: number }): ElkNode {
  const whole = view.boxes <= WHOLE_LAYOUT_MAX;
  const root: ElkNode = { id: 'root', layoutOptions: { ...OPTIONS, ...(whole ? { 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' } : {}) }, children: [], edges: [] };
  const byId = new Map<string, ElkNode>([['root', root]]);
  for (const it of view.items) {
    const n: ElkNode = it.type === 'group' && it.open
      ? { id: it.id, children: [], edges: [], layoutOptions: { ...root.layoutOptions, 'elk.padding': `[top=${GROUP_TITLE + 8},left=10,bottom=10,right=10]` } }
      : { id: it.id, ...wh(size(it.id)) };
    byId.set(it.id, n);
  }
  // Items come parents first, so a parent's ElkNode exists when its child is attached.
  for (const it of view.items) byId.get(it.parent ?? 'root')!.children!.push(byId.get(it.id)!);
  // Lift every edge to the lowest common open group; one ELK edge per lifted pair.
  const parent = new Map(view.items.map((it) => [it.id, it.parent ?? 'root']));
  const depth = new Map<string, number>([['root', 0]]);
  for (const it of view.items) depth.set(it.id, depth.get(it.parent ?? 'root')! + 1);
  const seen = new Set<string>();
  let k = 0;
  for (const e of view.edges) {
    let a = e.from;
    let b = e.to;
    while (depth.get(a)! > depth.get(b)!) a = parent.get(a)!;
    while (depth.get(b)! > depth.get(a)!) b = parent.get(b)!;
    while (parent.get(a) !== parent.get(b)) { a = parent.get(a)!; b = parent.get(b)!; }
    if (a === b) continue;
    if (whole) {
      // ELK routes the real edge; it lives in the lowest common group (coordinates relative to it).
      byId.get(parent.get(a)!)!.edges!.push({ id: `${e.from}>${e.to}`, sources: [e.from], targets: [e.to] });
      continue;
    }
    const key = `${a}>${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    byId.get(parent.get(a)!)!.edges!.push({ id: `e${k++}`, sources: [a], targets: [b] });
  }
  return root;
}

function wh(s: { w: number; h: number }): { width: number; height: number } {
  return { width: s.w, height: s.h };
}

function positions(root: ElkNode): Positions {
  const out: Positions = new Map();
  const routes = new Map<string, { x: number; y: number }[]>();
  out.routes = routes;
  const stack: [ElkNode, number, number][] = [[root, 0, 0]];
  while (stack.length) {
    const [n, ox, oy] = stack.pop()!;
    for (const e of n.edges ?? []) {
      const sec = (e as { sections?: { startPoint: { x: number; y: number }; endPoint: { x: number; y: number }; bendPoints?: { x: number; y: number }[] }[] }).sections?.[0];
      if (!sec || !e.id.includes('>')) continue;
      const pts = [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint].map((p) => ({ x: p.x + ox, y: p.y + oy }));
      routes.set(e.id, pts);
    }
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      out.set(c.id, { x, y, w: c.width ?? 0, h: c.height ?? 0 });
      if (c.children?.length) stack.push([c, x, y]);
    }
  }
  return out;
}

export function layoutBounds(p: Positions): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of p.values()) {
    x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : { x: 0, y: 0, w: 0, h: 0 };
}
