/**
 * Layout of what is open, off the main thread: ELK (layered, top to bottom) running in Web Workers
 * started from a blob: URL of its worker build. A small view goes to ELK whole, across group borders
 * (ELK routes its edges). In a larger one each open group is laid out on its own (what ELK calls
 * `SEPARATE_CHILDREN`, done here interior by interior by `layoutByGroups`): edges between members of
 * different groups are lifted to the lowest common group so ELK orders the groups, and the drawing
 * routes them itself. Interiors are cached, so opening a group lays out only its interior and the
 * groups around it, and interiors of one depth run on two workers once both are warm. A newer request
 * drops an older one before that one's next ELK call, so the panel never waits for a layout nobody
 * wants any more (beyond the one ELK call per worker in flight). The workers warm up while the panel
 * waits for its first graph (elk-warmup.ts) and are kept warm: only a layout over its time limit
 * stops them.
 */
import ELK, { type ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerSource from 'pathwise:elk-worker';
import type { OpenView } from '../src/core/graph/open-view';
import { InteriorCache, layoutByGroups, type Box } from './layout-groups';
import { GROUP_PADDING, GROUP_TITLE, OPTIONS, WHOLE_LAYOUT_MAX, laidOutWhole, layoutBounds, positions, toElk, type Positions } from './elk-graph';
import { WARM_AFTER, WARM_UP_MAX_AFTER_LAYOUT, WARM_UP_RUNS, warmUpGraph } from './elk-warmup';

export type { Box };

export { GROUP_TITLE, WHOLE_LAYOUT_MAX, layoutBounds, toElk, type Positions };

let url: string | null = null;
/** The worker pool: one ELK (one Web Worker) per slot, started on first use. */
const pool: (InstanceType<typeof ELK> | null)[] = [null, null];
let generation = 0;
/** Rejects the ELK calls still waiting (their answers belong to a superseded layout). */
let cancelPending: (() => void)[] = [];
/** Interiors laid out so far (SEPARATE_CHILDREN views): an expansion lays out only what changed. */
const interiorCache = new InteriorCache();

/**
 * Whole-view layouts (`laidOutWhole` views, where ELK routes the edges and the
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
  // The next worker on this slot starts cold: it warms up from the start.
  warmRuns[slot] = 0;
  onWarmUp?.(warmRuns.slice(0, PARALLEL));
  if (warmSlot < 0) warmUpLater(0);
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

/** Synthetic warm-up graphs laid out per slot since its worker started. */
const warmRuns = pool.map(() => 0);
/** The slot whose warm-up ELK call is in flight (-1: none; one at a time in the whole page). */
let warmSlot = -1;
let warmTimer: ReturnType<typeof setTimeout> | undefined;
/** Whether the panel has asked for a real layout: the warm-up graphs are small from then on. */
let layoutAsked = false;

/**
 * Starts the workers and warms them up (elk-warmup.ts) with small synthetic graphs until each has
 * done WARM_UP_RUNS. A real layout waits at most for the one warm-up graph in flight (tens of ms;
 * a few once a real layout was asked for); after WARM_AFTER graphs a worker takes a share of the
 * interiors of a layout. Called when the panel starts: the graph arrives seconds later (a trace), so
 * the first layouts already run at the workers' warm speed. `hold()` true (a drawing in progress)
 * pauses it.
 */
export function warmUpLayout(progress?: (runs: readonly number[]) => void, hold: () => boolean = () => false): void {
  onWarmUp = progress;
  holdWarmUp = hold;
  // Every worker starts now, though the warm-up graphs go one at a time: loading ELK into a worker
  // takes it a few hundred ms, and a graph that arrives at once (a static one) otherwise found the
  // spare worker still loading when its prefill began (opening a layer right after the first paint:
  // 545 -> 413 ms together with the small warm-up graphs after it, 11 runs side by side).
  for (let slot = 0; slot < PARALLEL; slot++) {
    try {
      worker(slot);
    } catch {
      break; // no worker here: the first real layout reports why
    }
  }
  warmUpNext();
}

/** Told the warm-up runs per worker after each (tests and the benchmark read them off the pane). */
let onWarmUp: ((runs: readonly number[]) => void) | undefined;
/** True while the page needs the CPU (a drawing in progress): the warm-up waits. */
let holdWarmUp: () => boolean = () => false;

function warmUpLater(ms: number): void {
  clearTimeout(warmTimer);
  warmTimer = setTimeout(warmUpNext, ms);
}

/**
 * The next warm-up graph, on the worker that has done fewest among those with nothing else queued.
 * One at a time in the whole page, so that on two cores one is always left to the page itself (two
 * at once made the same drawing's fill-in twice as slow), and never during a drawing.
 */
function warmUpNext(): void {
  if (warmSlot >= 0) return;
  const todo = pool.slice(0, PARALLEL).map((_, s) => s).filter((s) => warmRuns[s] < WARM_UP_RUNS);
  if (!todo.length) return;
  const free = todo.filter((s) => inFlight[s].size === 0).sort((a, b) => warmRuns[a] - warmRuns[b]);
  if (!free.length || holdWarmUp()) return warmUpLater(50);
  const slot = free[0];
  let engine: InstanceType<typeof ELK>;
  try {
    engine = worker(slot);
  } catch {
    return; // no worker here: the first real layout reports why
  }
  warmSlot = slot;
  call(slot, engine, warmUpGraph(warmRuns[slot], OPTIONS, layoutAsked ? WARM_UP_MAX_AFTER_LAYOUT : Infinity))
    .then(() => {
      if (pool[slot] !== engine) return;
      warmRuns[slot]++;
      if (warmRuns[slot] >= WARM_AFTER) warm[slot] = true;
      onWarmUp?.(warmRuns.slice(0, PARALLEL));
    }, () => undefined)
    .finally(() => {
      warmSlot = -1;
      warmUpLater(0);
    });
}

/**
 * Lays out `view` with the given leaf sizes; rejects with `Superseded` if another layout started since.
 * Small views go to ELK whole (it routes the edges); larger ones interior by interior
 * (`layoutByGroups`: cached, so an expansion re-lays out only the groups it changed).
 */
export async function layout(view: OpenView, size: (id: string) => { w: number; h: number }, timeoutMs = 60_000): Promise<Positions> {
  const mine = ++generation;
  layoutAsked = true;
  // A layout may still be running for an older request: it is dropped (its lanes stop before their
  // next ELK call). The workers are kept: stopping them would throw away their warm-up (a cold
  // worker is about 4x slower) for at most one interior's ELK call in flight per worker, its answer is dropped.
  if (cancelPending.length) {
    const pending = cancelPending;
    cancelPending = [];
    for (const c of pending) c();
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
  const whole = laidOutWhole(view);
  try {
    const input = whole ? toElk(view, size) : null;
    const key = input ? JSON.stringify(input) : '';
    const cached = wholeCache.get(key);
    const work = input
      ? (cached ? Promise.resolve(cached) : wholeLayout(key, () => run(input)))
      : layoutByGroups(view, size, OPTIONS, GROUP_PADDING, run, interiorCache, 1 + warm.slice(1, PARALLEL).filter(Boolean).length).then((m): Positions => m);
    // With a spare worker, the interior-by-interior layout of the same view fills the cache while ELK
    // lays the view out whole on the first: the second core is idle meanwhile (the page waits), and a
    // group opened right after the drawing appears then finds more of its surroundings laid out.
    if (whole && PARALLEL > 1) prefill(view, size);
    const done = await Promise.race([work, timeout]);
    if (mine !== generation) throw new Superseded('superseded');
    warm[0] = true;
    if (whole && PARALLEL === 1) prefill(view, size);
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
    if (laidOutWhole(view)) {
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
