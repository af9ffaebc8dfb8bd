// The synthetic graphs that warm the ELK workers up (webview/elk-warmup.ts), laid out by ELK itself
// (elkjs in Node): layered DAGs of traced-code shape whose size spans 24–72 boxes while the panel
// waits for its graph, and stays small once real layouts run (a click must not wait long behind one).
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { OPTIONS } from '../../../webview/elk-graph';
import { WARM_UP_MAX_AFTER_LAYOUT, WARM_UP_RUNS, warmUpGraph } from '../../../webview/elk-warmup';

const runs = Array.from({ length: WARM_UP_RUNS }, (_, run) => run);

describe('warm-up graphs', () => {
  it('span 24–72 boxes over the warm-up, each box but the first fed by one of the eight before it', () => {
    const sizes = runs.map((run) => warmUpGraph(run, OPTIONS).children!.length);
    expect(Math.min(...sizes)).toBe(24);
    expect(Math.max(...sizes)).toBe(72);
    for (const run of runs) {
      const g = warmUpGraph(run, OPTIONS);
      const index = new Map(g.children!.map((c, i) => [c.id, i]));
      const fed = new Set<number>();
      for (const e of g.edges!) {
        const [a, b] = [index.get(e.sources[0])!, index.get(e.targets[0])!];
        expect(a).toBeLessThan(b);
        expect(b - a).toBeLessThanOrEqual(8);
        fed.add(b);
      }
      expect(fed.size).toBe(g.children!.length - 1);
    }
  });

  it('are deterministic', () => {
    expect(warmUpGraph(7, OPTIONS)).toEqual(warmUpGraph(7, OPTIONS));
    expect(warmUpGraph(7, OPTIONS)).not.toEqual(warmUpGraph(8, OPTIONS));
  });

  it('have at most WARM_UP_MAX_AFTER_LAYOUT boxes once a real layout was asked for, and ELK lays them out', async () => {
    const elk = new ELK();
    for (const run of runs) {
      const g = warmUpGraph(run, OPTIONS, WARM_UP_MAX_AFTER_LAYOUT);
      expect(g.children!.length).toBe(WARM_UP_MAX_AFTER_LAYOUT);
      expect(g.edges!.every((e) => g.children!.some((c) => c.id === e.targets[0]))).toBe(true);
    }
    const out = await elk.layout(warmUpGraph(3, OPTIONS, WARM_UP_MAX_AFTER_LAYOUT));
    expect(out.children!.every((c) => Number.isFinite(c.x) && Number.isFinite(c.y))).toBe(true);
    expect(new Set(out.children!.map((c) => c.y)).size).toBeGreaterThan(2);
  });
});
