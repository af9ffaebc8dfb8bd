/**
 * Layout of what is open, off the main thread: ELK (layered, top to bottom) running in Web Workers
 * started from a blob: URL of its worker build. A small view goes to ELK whole, across group borders
 * (ELK routes its edges). In a larger one each open group is laid out on its own (what ELK calls
 * `SEPARATE_CHILDREN`, done here interior by interior by `layoutByGroups`): edges between members of
 * different groups are lifted to the lowest common group so ELK orders the groups, and the drawing
 * routes them itself. Interiors are cached, so opening a group lays out only its interior and the
 * groups around it, and interiors of one depth run on two workers once both are warm. A newer request
 * cancels an older one (its workers are terminated), so the panel never waits for a layout nobody
 * wants any more.
 */
import ELK, { type ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerSource from 'pathwise:elk-worker';
import type { OpenView } from '../src/core/graph/open-view';
import { InteriorCache, layoutByGroups, type Box } from './layout-groups';

export type { Box };

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

const GROUP_PADDING = `[top=${GROUP_TITLE + 8},left=10,bottom=10,right=10]`;

const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '34',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  // 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.thoroughness': '3',
};

let url: string | null = null;
/** The worker pool: one ELK (one Web Worker) per slot, started on first use. */
const pool: (InstanceType<typeof ELK> | null)[] = [null, null];
let generation = 0;
/** Rejects the ELK calls still waiting (their answers belong to a superseded layout). */
let cancelPending: (() => void)[] = [];
/** Interiors laid out so far (SEPARATE_CHILDREN views): an expansion lays out only what changed. */
const interiorCache = new InteriorCache();

/**
 * Whole-view layouts (views of at most WHOLE_LAYOUT_MAX boxes, where ELK routes the edges and the
 * interior cache does not apply) by their exact ELK input: filled by `speculate`, read by `layout`.
 */
const wholeCache = new Map<string, Positions>();
/** Whole-view layouts in flight by the same key: a layout asking for one of them waits for that ELK call. */
const wholePending = new Map<string, Promise<Positions>>();
const WHOLE_CACHE_MAX = 64;

/** ELK runs the last `layout` call needed (0: everything came from the caches). For tests and the bench. */
export const layoutStats = { runs: 0 };

/** Thrown (as the rejection) when a newer layout replaced this one. */
export class Superseded extends Error {}

/** Workers used for the interiors of one depth; two at most (the panel shares the machine). */
const PARALLEL = Math.max(1, Math.min(pool.length, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1));

function worker(slot = 0): InstanceType<typeof ELK> {
  if (!url) url = URL.createObjectURL(new Blob([elkWorkerSource], { type: 'text/javascript' }));
  return (pool[slot] ??= new ELK({ workerFactory: () => new Worker(url!) }));
}

/**
 * Rejecters of the ELK calls in flight per slot: a terminated worker never answers, and a layout that
 * waits for another one's interior (the interior cache shares calls in flight) must not wait forever.
 */
const inFlight = pool.map(() => new Set<() => void>());

/** One ELK call on `slot`'s worker; rejects with `Superseded` if that worker is terminated first. */
function call(slot: number, engine: InstanceType<typeof ELK>, graph: ElkNode): Promise<ElkNode> {
  return new Promise<ElkNode>((resolve, reject) => {
    const abort = () => reject(new Superseded('stopped'));
    inFlight[slot].add(abort);
    engine.layout(graph).then(resolve, reject).finally(() => inFlight[slot].delete(abort));
  });
}

function terminate(slot: number): void {
  for (const abort of inFlight[slot]) abort();
  inFlight[slot].clear();
  pool[slot]?.terminateWorker();
  pool[slot] = null;
  warm[slot] = false;
  warming[slot] = false;
}

/**
 * Whether a slot's worker has laid out a graph: ELK is compiled JavaScript that the engine optimises
 * as it runs, and a cold worker is several times slower than a warm one, so a layout only spreads
 * over the warm workers (a cold spare would hold its share back).
 */
const warm = pool.map(() => false);
const warming = pool.map(() => false);

/**
 * After a whole layout, a spare worker lays out the same view interior by interior into the cache:
 * opening a group next then lays out only the new interiors and the groups that contain them. It
 * also warms the spare worker up, so a later big layout can spread over both.
 */
function prefill(view: OpenView, size: (id: string) => { w: number; h: number }): void {
  const slot = PARALLEL - 1;
  if (warming[slot]) return;
  warming[slot] = true;
  const engine = worker(slot);
  const run = (graph: ElkNode) => (pool[slot] === engine ? call(slot, engine, graph) : Promise.reject(new Superseded('stopped')));
  void layoutByGroups(view, size, OPTIONS, GROUP_PADDING, run, interiorCache, 1)
    .then(() => { if (pool[slot] === engine) warm[slot] = true; }, () => undefined)
    .finally(() => { if (pool[slot] === engine) warming[slot] = false; });
}

/** Starts the first worker early so the first layout does not pay for parsing ELK. */
export function warmUpLayout(): void {
  try {
    void worker(0).knownLayoutAlgorithms().catch(() => undefined);
  } catch { /* reported on first layout */ }
}

/**
 * Lays out `view` with the given leaf sizes; rejects with `Superseded` if another layout started since.
 * Small views go to ELK whole (it routes the edges); larger ones interior by interior
 * (`layoutByGroups`: cached, so an expansion re-lays out only the groups it changed).
 */
export async function layout(view: OpenView, size: (id: string) => { w: number; h: number }, timeoutMs = 60_000): Promise<Positions> {
  const mine = ++generation;
  // A layout may still be running for an older request: drop those workers instead of queueing behind them.
  if (cancelPending.length) {
    const pending = cancelPending;
    cancelPending = [];
    for (const c of pending) c();
    for (let i = 0; i < pool.length; i++) terminate(i);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      for (let i = 0; i < pool.length; i++) terminate(i);
      reject(new Error(`the layout took more than ${Math.round(timeoutMs / 1000)} s and was stopped; close some groups and try again`));
    }, timeoutMs);
  });
  layoutStats.runs = 0;
  const run = (graph: ElkNode, slot = 0): Promise<ElkNode> => new Promise<ElkNode>((resolve, reject) => {
    if (mine !== generation) return reject(new Superseded('superseded'));
    layoutStats.runs++;
    const cancel = () => reject(new Superseded('superseded'));
    cancelPending.push(cancel);
    call(slot % pool.length, worker(slot % pool.length), graph).then(resolve, reject).finally(() => { cancelPending = cancelPending.filter((c) => c !== cancel); });
  });
  const whole = view.boxes <= WHOLE_LAYOUT_MAX;
  try {
    const input = whole ? toElk(view, size) : null;
    const key = input ? JSON.stringify(input) : '';
    const cached = wholeCache.get(key);
    const work = input
      ? (cached ? Promise.resolve(cached) : wholeLayout(key, () => run(input)))
      : layoutByGroups(view, size, OPTIONS, GROUP_PADDING, run, interiorCache, 1 + warm.slice(1, PARALLEL).filter(Boolean).length).then((m): Positions => m);
    const done = await Promise.race([work, timeout]);
    if (mine !== generation) throw new Superseded('superseded');
    warm[0] = true;
    if (whole) prefill(view, size);
    return done;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The whole-view layout for `key`: the one in flight if another caller (speculation) is computing it,
 * else `elk()`'s. When the call waited for fails (its worker was stopped), ELK runs again here.
 */
function wholeLayout(key: string, elk: () => Promise<ElkNode>): Promise<Positions> {
  const own = () => {
    const p = elk().then((out) => remember(key, positions(out)));
    wholePending.set(key, p);
    const clear = () => { if (wholePending.get(key) === p) wholePending.delete(key); };
    p.then(clear, clear);
    return p;
  };
  const other = wholePending.get(key);
  return other ? other.catch(own) : own();
}

function remember(key: string, p: Positions): Positions {
  if (wholeCache.size >= WHOLE_CACHE_MAX) wholeCache.delete(wholeCache.keys().next().value!);
  wholeCache.set(key, p);
  return p;
}

/**
 * Lays out `view` on the spare worker only to fill the caches, so that opening those groups later
 * finds its layout ready (speculation while the panel is idle). Never touches the user's layouts:
 * it registers no cancellation and terminates nothing; `cancelled()` is asked before every ELK call,
 * so a user action stops it after at most the one interior in flight. Resolves false when it was
 * cancelled or failed.
 */
export async function speculate(view: OpenView, size: (id: string) => { w: number; h: number }, cancelled: () => boolean): Promise<boolean> {
  const slot = pool.length - 1;
  const engine = worker(slot);
  const run = (graph: ElkNode): Promise<ElkNode> =>
    cancelled() || pool[slot] !== engine ? Promise.reject(new Superseded('cancelled')) : call(slot, engine, graph);
  try {
    if (view.boxes <= WHOLE_LAYOUT_MAX) {
      const input = toElk(view, size);
      const key = JSON.stringify(input);
      if (!wholeCache.has(key)) await wholeLayout(key, () => run(input));
    } else await layoutByGroups(view, size, OPTIONS, GROUP_PADDING, run, interiorCache, 1);
    if (pool[slot] === engine) warm[slot] = true;
    return true;
  } catch {
    return false;
  }
}

/** ELK's input: open groups as compound nodes (padding for the title), closed groups and nodes as boxes. */
export function toElk(view: OpenView, size: (id: string) => { w: number; h: number }): ElkNode {
  const whole = view.boxes <= WHOLE_LAYOUT_MAX;
  const root: ElkNode = { id: 'root', layoutOptions: { ...OPTIONS, ...(whole ? { 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' } : {}) }, children: [], edges: [] };
  const byId = new Map<string, ElkNode>([['root', root]]);
  for (const it of view.items) {
    const n: ElkNode = it.type === 'group' && it.open
      ? { id: it.id, children: [], edges: [], layoutOptions: { ...root.layoutOptions, 'elk.padding': GROUP_PADDING } }
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
