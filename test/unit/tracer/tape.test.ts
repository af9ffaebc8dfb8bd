import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { E_GRAD, E_SEVERED, E_ZERO, K_OP, K_PARAM, Tape } from '../../../src/tracer/plain/tape';
import { traceInProcess } from '../../../src/tracer/plain/inprocess';

const require = createRequire(import.meta.url);

/** Builds a tape from [inputs as (from, partial, kind)] per node; nodes without inputs are parameters. */
function build(nodes: [number, number, number][][]): Tape {
  const t = new Tape();
  for (const inputs of nodes) {
    t.reserve();
    t.push(0, inputs.length ? K_OP : K_PARAM, -1, 0);
    for (const [from, partial, kind] of inputs) t.edge(from, partial, kind);
  }
  return t;
}

/** Reference reverse pass: explicit edge list, gradients accumulated from zero in node order. */
function reference(t: Tape, out: number): { grad: number[]; reached: boolean[] } {
  const grad = new Array<number>(t.n).fill(0);
  const reached = new Array<boolean>(t.n).fill(false);
  grad[out] = 1;
  reached[out] = true;
  for (let i = out; i >= 0; i--) {
    if (!reached[i]) continue;
    for (let k = 0; k < t.edgeCount(i); k++) {
      const kind = t.edgeKind(i, k);
      if (kind === E_SEVERED) continue;
      const f = t.edgeFrom(i, k);
      reached[f] = true;
      if (kind === E_GRAD) grad[f] += grad[i] * t.edgePartial(i, k);
    }
  }
  return { grad, reached };
}

// [what, nodes, output node]
const CASES: [string, [number, number, number][][], number][] = [
  ['chain with a shared input', [[], [[0, 3, E_GRAD]], [[1, 2, E_GRAD], [0, -1, E_GRAD]]], 2],
  ['four inputs (side table), severed and repeated', [[], [], [], [[0, 2, E_GRAD], [1, 3, E_GRAD], [2, 5, E_SEVERED], [0, 7, E_GRAD]]], 3],
  ['zero edge reaches with an exact zero, even from an infinite gradient', [[], [[0, Infinity, E_GRAD]], [[1, 0, E_ZERO], [0, 2, E_GRAD]]], 2],
  ['nodes after the output and unused parameters get no path', [[], [], [[0, 4, E_GRAD]], [[2, 1, E_GRAD]]], 2],
  ['negative zero accumulates like a sum from zero', [[], [[0, -0, E_GRAD]], [[1, 1, E_GRAD]]], 2],
];

describe('tape reverse pass', () => {
  it.each(CASES)('%s', (_what, nodes, out) => {
    const t = build(nodes);
    const ref = reference(t, out);
    const { grad, reached } = t.reverse(out);
    expect(grad.length).toBe(t.n);
    expect([...reached].map(Boolean)).toEqual(ref.reached);
    for (let i = 0; i < t.n; i++) expect(Object.is(grad[i], ref.grad[i]), `grad[${i}] ${grad[i]} vs ${ref.grad[i]}`).toBe(true);
  });

  it('reuses its buffers without leaking gradients between calls', () => {
    const t = build(CASES[1][1]);
    t.reverse(3);
    const again = t.reverse(0);
    expect([...again.grad]).toEqual([1, 0, 0, 0]);
    expect([...again.reached]).toEqual([1, 0, 0, 0]);
  });

  it('keeps edge kinds of a reset tape at their defaults', () => {
    const t = build([[], [[0, 1, E_ZERO], [0, 1, E_SEVERED], [0, 1, E_ZERO]]]);
    t.reset();
    t.reserve();
    t.push(0, K_PARAM, -1, 1);
    t.reserve();
    t.push(0, K_OP, -1, 1);
    t.edge(0, 2, E_GRAD);
    t.edge(0, 3, E_GRAD);
    expect([t.edgeKind(1, 0), t.edgeKind(1, 1), t.edgeCount(1)]).toEqual([E_GRAD, E_GRAD, 2]);
    expect(t.reverse(1).grad[0]).toBe(5);
  });
});

describe('a sampler with three traced parameters', () => {
  it('draws a severed edge from each (inputs beyond two slots)', () => {
    const src = `export function f(a: number, b: number, c: number): number {\n  const z = tri(a, b * 2, c);\n  return z * a;\n}\nfunction tri(x: number, y: number, w: number): number { return x + y + w; }\n`;
    const g = traceInProcess(src, { entry: 'f', args: { a: 0.5, b: 1, c: 2 }, require, samplers: [{ name: 'tri', family: 'other', params: [0, 1, 2] }] });
    expect(g.error).toBeNull();
    const sample = g.nodes.find((n) => n.kind === 'sample')!;
    expect(sample.value).toBe(4.5);
    const severed = g.edges.filter((e) => e.to === sample.id && e.kind === 'severed');
    expect(severed).toHaveLength(3);
    // Gradient only through `z * a`: ∂/∂a = z = 4.5; b and c reach the loss only through the sampler.
    expect(g.params.map((p) => p.grad)).toEqual([4.5, null, null]);
  });
});
