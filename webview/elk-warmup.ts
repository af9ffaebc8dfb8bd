/**
 * Synthetic graphs that warm the ELK workers up. ELK is Java compiled to JavaScript (GWT), which V8
 * optimises only after it has run for a while: measured with elkjs in Node on the 20 interiors of an
 * opened 490-node LSTM layer, a fresh engine takes about 1,100 ms, the same engine 330 ms on the
 * fourth round. A worker that has laid out a few dozen small layered graphs while the panel was
 * waiting for its graph (a trace takes seconds) lays the real ones out at its warm speed.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';

/** Synthetic graphs each worker lays out at most (about 2 s of one core, spent only while it is idle). */
export const WARM_UP_RUNS = 40;
/** After this many, a worker counts as warm enough to take a share of a layout. */
export const WARM_AFTER = 6;
/**
 * Boxes of a warm-up graph at most once the panel has real layouts to run. A warm-up graph is one ELK
 * call: a layout asked for meanwhile (a click right after a drawing) waits for it, and a 41-box one on
 * a worker that is still cold held such a click back by 70–100 ms. Twelve boxes take a few ms.
 */
export const WARM_UP_MAX_AFTER_LAYOUT = 12;

/**
 * The `run`-th warm-up graph: a layered DAG of 24–72 boxes (at most `max`) of mixed sizes, each box fed
 * by one to three of the eight before it (the shape of traced tensor code: chains with fan-in),
 * deterministic.
 */
export function warmUpGraph(run: number, options: Record<string, string>, max = Infinity): ElkNode {
  let seed = (run + 1) * 2654435761;
  const rand = () => {
    seed = (seed ^ (seed << 13)) >>> 0;
    seed = (seed ^ (seed >>> 17)) >>> 0;
    seed = (seed ^ (seed << 5)) >>> 0;
    return seed / 4294967296;
  };
  const n = Math.min(max, 24 + ((run * 17) % 49));
  const children: ElkNode[] = [];
  const edges: { id: string; sources: string[]; targets: string[] }[] = [];
  for (let i = 0; i < n; i++) {
    children.push({ id: `w${i}`, width: 90 + Math.floor(rand() * 120), height: 28 + 16 * Math.floor(rand() * 4) });
    const fanIn = i === 0 ? 0 : 1 + Math.floor(rand() * 3);
    for (let k = 0; k < fanIn; k++) {
      const from = Math.max(0, i - 1 - Math.floor(rand() * 8));
      edges.push({ id: `e${edges.length}`, sources: [`w${from}`], targets: [`w${i}`] });
    }
  }
  return { id: 'root', layoutOptions: options, children, edges };
}
