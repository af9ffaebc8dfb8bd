import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { traceInProcess } from '../../../src/tracer/plain/inprocess';
import type { TraceGraph } from '../../../src/core/graph/model';
import { GRAD_CASES, SEVERED_CASES } from './gradient-cases';

const require = createRequire(import.meta.url);

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-8);
}

function valueOf(g: TraceGraph, label: string): number {
  const n = g.nodes.find((x) => x.label === label);
  if (!n || typeof n.value !== 'number') throw new Error(`no node labelled ${label}`);
  return n.value;
}

describe('plain runtime: reverse mode matches analytic gradients and finite differences', () => {
  it('has at least 25 cases', () => expect(GRAD_CASES.length).toBeGreaterThanOrEqual(25));

  it.each(GRAD_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const g = traceInProcess(c.src, { entry: 'f', args: c.args, seed: 11, require });
    expect(g.error).toBeNull();
    const values = Object.fromEntries(g.params.map((p) => [p.name, p.value as number]));
    const expected = c.grads(values, (l) => valueOf(g, l));
    expect(g.params.map((p) => p.name).sort()).toEqual(Object.keys(expected).sort());
    for (const p of g.params) {
      expect(typeof p.grad, p.name).toBe('number');
      expect(rel(p.grad as number, expected[p.name]), `reverse ∂/∂${p.name}`).toBeLessThan(1e-6);
      const check = g.gradcheck.find((r) => r.param === p.name)!;
      expect(check.reverse).toBe(p.grad);
      expect(rel(check.finiteDiff, expected[p.name]), `finite difference ∂/∂${p.name}`).toBeLessThan(1e-6);
    }
    const out = g.nodes.find((n) => n.kind === 'output')!;
    expect(out.grad).toBe(1);
    expect(g.output?.value).toBe(out.value);
  });
});

describe('plain runtime: severed samplers', () => {
  it.each(SEVERED_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const g = traceInProcess(c.src, { entry: 'f', args: c.args, seed: 11, require, samplers: c.samplers });
    expect(g.error).toBeNull();
    const sample = g.nodes.find((n) => n.kind === 'sample');
    expect(sample, 'sample node').toBeDefined();
    // Labelled by the variable it is assigned to, or (inside a larger expression) by the sampler.
    expect(['z', sample!.op]).toContain(sample!.label);
    expect(sample!.op).toMatch(/^(d3\.random|jStat\.|gumbelSample)/);
    for (const name of c.cut) {
      const p = g.params.find((x) => x.name === name)!;
      expect(p.grad, `grad of cut ${name}`).toBeNull();
      const node = g.nodes.find((n) => n.kind === 'param' && n.label === name)!;
      expect(g.edges).toContainEqual({ from: node.id, to: sample!.id, kind: 'severed' });
      expect(g.gradcheck.find((r) => r.param === name)?.reverse).toBeNull();
    }
    // The sample itself still has its gradient: the path below the sampler is intact.
    expect(typeof sample!.grad).toBe('number');
    for (const p of g.params.filter((x) => !c.cut.includes(x.name))) expect(typeof p.grad).toBe('number');
  });

  it('finite differences disagree with reverse mode on a severed path (same seed)', () => {
    const c = SEVERED_CASES[0];
    const g = traceInProcess(c.src, { entry: 'f', args: c.args, seed: 11, require });
    const row = g.gradcheck.find((r) => r.param === 'mu')!;
    expect(row.reverse).toBeNull();
    expect(Math.abs(row.finiteDiff)).toBeGreaterThan(1e-3);
    expect((row as { agree?: boolean }).agree).toBe(false);
  });
});
