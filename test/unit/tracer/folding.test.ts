import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { traceInProcess } from '../../../src/tracer/plain/inprocess';
import { rt } from '../../../src/tracer/plain/state';

const require = createRequire(import.meta.url);
const LOOP = (n: number) => `export function f(w: number, b: number): number {
  let s = 0;
  for (let i = 0; i < ${n}; i++) {
    const d = w * i + b;
    s += d * d;
  }
  return s;
}
`;

describe('long loops', () => {
  it('folds values by source location above maxNodes and keeps exact parameter gradients', () => {
    const n = 3000;
    const g = traceInProcess(LOOP(n), { entry: 'f', args: { w: 0.001, b: 0.5 }, require, maxNodes: 500 });
    expect(g.error).toBeNull();
    expect(g.nodes.length).toBeLessThan(20);
    const d = g.nodes.find((x) => x.label === 'd')!;
    expect(d.repeat).toBe(n);
    // Σ 2(w·i + b)·i and Σ 2(w·i + b)
    let gw = 0, gb = 0;
    for (let i = 0; i < n; i++) {
      gw += 2 * (0.001 * i + 0.5) * i;
      gb += 2 * (0.001 * i + 0.5);
    }
    const grads = Object.fromEntries(g.params.map((p) => [p.name, p.grad as number]));
    expect(Math.abs(grads.w - gw) / gw).toBeLessThan(1e-9);
    expect(Math.abs(grads.b - gb) / gb).toBeLessThan(1e-9);
    // The folded loop-carried accumulator shows as a self-edge.
    const s = g.nodes.find((x) => x.label === 's')!;
    expect(g.edges).toContainEqual({ from: s.id, to: s.id, kind: 'grad' });
  });

  it('stops recording at the tape cap instead of exhausting memory, and says so', () => {
    const iterations = Math.ceil(rt.tape.cap / 3) + 1000;
    const g = traceInProcess(LOOP(iterations), { entry: 'f', args: { w: 0, b: 0.5 }, require });
    expect(g.error).toBeNull();
    expect(rt.tape.n).toBe(rt.tape.cap);
    expect(rt.tape.overflow).toBe(true);
    expect(g.notes?.join(' ')).toMatch(/reached its cap of 1000000 values/);
  });
});
