import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTrace } from '../../../src/tracer/host';
import { FIXTURES, runnerPath } from './runner-bundle';

const fx = (f: string) => path.join(FIXTURES, f);

describe('tracer limits (real child processes)', () => {
  it('stops an endless loop at the time limit and reports reason timeout', async () => {
    const t0 = Date.now();
    const g = await runTrace({ file: fx('endless-loop.ts'), entry: 'loss', args: { x: 1 }, timeoutMs: 2500, runnerPath: runnerPath() });
    expect(g.error?.reason).toBe('timeout');
    expect(g.error?.message).toMatch(/time limit of 2500 ms/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('stops a never-ending asynchronous program at the time limit and still returns its last graph', async () => {
    const g = await runTrace({ file: fx('never-ends.ts'), timeoutMs: 3000, runnerPath: runnerPath() });
    expect(g.error?.reason).toBe('timeout');
    expect(g.params.map((p) => p.name)).toEqual(['w']);
    expect(g.earlierCalls).toBeGreaterThan(3);
    const w = g.params[0].value as number;
    expect(g.params[0].grad).toBeCloseTo(2 * (w - 3), 12);
  });

  it('stops a 2 GB typed array with the resident-memory watchdog (reason memory)', async () => {
    const g = await runTrace({ file: fx('big-typed-array.ts'), entry: 'loss', args: { x: 1 }, maxRssMb: 400, timeoutMs: 30_000, runnerPath: runnerPath() });
    expect(g.error?.reason).toBe('memory');
    expect(g.error?.message).toMatch(/resident memory .* exceeded the limit of 400 MB/);
  });

  it('stops a heap that grows without bound at the heap limit (reason memory)', async () => {
    const stderr: string[] = [];
    const g = await runTrace({
      file: fx('heap-hog.ts'), entry: 'loss', args: { x: 1 }, maxHeapMb: 96, maxRssMb: 4000, timeoutMs: 30_000,
      runnerPath: runnerPath(), onConsole: (_s, t) => stderr.push(t),
    });
    expect(g.error?.reason).toBe('memory');
    expect(g.error?.message).toMatch(/heap exceeded its limit of 96 MB/);
  });

  it('reports a throwing model with its source location and the partial graph', async () => {
    const g = await runTrace({ file: fx('throws.ts'), entry: 'loss', args: { mu: 0.5, sigma: 1 }, runnerPath: runnerPath() });
    expect(g.error?.reason).toBe('threw');
    expect(g.error?.message).toMatch(/model diverged at h=0\.76/);
    expect(g.error?.loc).toMatchObject({ line: 6, column: 11 });
    expect(g.nodes.map((n) => n.label)).toEqual(expect.arrayContaining(['mu', 'sigma', 'z', 'h']));
    expect(g.output).toBeNull();
  });

  it('cancels a running trace through its AbortSignal', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 800);
    const g = await runTrace({ file: fx('endless-loop.ts'), entry: 'loss', args: { x: 1 }, timeoutMs: 20_000, signal: ac.signal, runnerPath: runnerPath() });
    expect(g.error?.reason).toBe('cancelled');
  });

  it('survives a missing runner with a crashed reason instead of rejecting', async () => {
    const g = await runTrace({ file: fx('throws.ts'), entry: 'loss', runnerPath: path.join(FIXTURES, 'no-such-runner.js') });
    expect(g.error?.reason).toBe('crashed');
  });
});
