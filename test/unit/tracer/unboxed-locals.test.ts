import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { traceInProcess } from '../../../src/tracer/plain/inprocess';
import { instrumentSource } from '../../../src/tracer/build/instrument';
import { addP, mulP, u } from '../../../src/tracer/plain/pair-ops';
import { R, rt, setActive, unwrap, Val, live } from '../../../src/tracer/plain/state';
import type { TraceGraph } from '../../../src/core/graph/model';
import { GRAD_CASES, SEVERED_CASES } from './gradient-cases';

const require = createRequire(import.meta.url);

/**
 * Functions that exercise what unboxing has to get right: locals captured by closures (they stay
 * boxed), locals that escape through calls, returns, arrays and objects, compound assignments,
 * shadowing, loops, and locals that hold strings, bigints or booleans at some point.
 */
const UNBOXING_CASES: [string, string, Record<string, number>][] = [
  ['closure captures a local', 'let y = w * 2; const g = () => y * 3; return g() + y;', { w: 0.7 }],
  ['closure writes a local', 'let y = w * 2; const bump = () => { y = y * w; }; bump(); return y + w;', { w: 1.3 }],
  ['local passed to a helper and returned', 'const y = w * w; const h = (a: number) => a * 3 + 1; const z = h(y); return z * y;', { w: 0.4 }],
  ['local stored in an array and an object', 'const y = w + 1; const a = [y, y * 2]; const o = { y, k: y * w }; return a[1] * o.k + o.y;', { w: 0.9 }],
  ['compound assignments', 'let s = w; s += w * 2; s -= 0.5; s *= w; s /= 3; return s;', { w: 1.7 }],
  ['loop accumulates', 'let s = 0; for (let i = 0; i < 5; i++) { const x = i * 0.1; const y = w * x + 1; s += y * y; } return s / 5;', { w: 0.3 }],
  ['shadowed names', 'let y = w * 2; { const y = w * 3; if (y > 100) return y; } return y * w;', { w: 0.6 }],
  ['conditional writes', 'let y = w; if (w > 0) y = y * 4; else y = y - 1; return y * y;', { w: 0.25 }],
  ['increments of an unboxed local', 'let x = w * 2; x++; const y = x++; ++x; x--; return x * y;', { w: 0.5 }],
  ['unary minus and Math of locals', 'const y = w * 3; const z = -y + Math.sin(y) * Math.exp(-y); return z * Math.sqrt(y);', { w: 0.45 }],
  ['a local that becomes a string', "let v = w * 2; v = v + ''; v = v + 1; return Number(v) * w;", { w: 0.5 }],
  ['a local that holds a bigint', 'let k = 2n; k = k * 3n; let y = w * Number(k); y = y * w; return y;', { w: 0.8 }],
  ['a local that holds a boolean', 'let b: any = w > 0; b = b + 1; const y = w * b; return y * y;', { w: 0.5 }],
  ['comparisons of locals', 'let y = w * 2; let z = w + 1; return y < z ? y * z : y - z;', { w: 0.3 }],
  ['parameters reassigned', 'w = w * 2; w += 1; return w * w;', { w: 0.35 }],
];

const fn = (body: string) => `export function f(w: number): number {\n  ${body}\n}\n`;

/** The graph without what legitimately differs between two runs (nothing, at present). */
function comparable(g: TraceGraph) {
  return { error: g.error, output: g.output, params: g.params, nodes: g.nodes, edges: g.edges, gradcheck: g.gradcheck, notes: g.notes };
}

function both(src: string, args: Record<string, unknown>, samplers?: never) {
  // The traced function returns traced values: compare the numbers behind them.
  const results: unknown[] = [];
  const graphs = [true, false].map((unboxedLocals) =>
    traceInProcess(src, { entry: 'f', args, seed: 11, require, samplers, unboxedLocals, onResult: (r) => results.push(unwrap(r)) }),
  );
  return { unboxed: graphs[0], boxed: graphs[1], results };
}

/** True when the instrumenter kept some local unboxed (the pair protocol appears in the code). */
function usesPairs(src: string): boolean {
  const { code } = instrumentSource(src, { file: '/virtual/model.ts', objectivePattern: /^f$/, entry: 'f', userSamplers: [], sites: [] });
  return code.includes('__pwi_');
}

describe('unboxed locals give the same graph as boxed values', () => {
  const all = [
    ...GRAD_CASES.map((c) => [c.name, c.src, c.args] as const),
    ...UNBOXING_CASES.map(([name, body, args]) => [name, fn(body), args] as const),
  ];

  it('most cases use the pair protocol (so the comparison tests something)', () => {
    const used = all.filter(([, src]) => usesPairs(src)).length;
    expect(used).toBeGreaterThanOrEqual(Math.ceil(all.length * 0.6));
  });

  it.each(all)('%s', (_name, src, args) => {
    const { unboxed, boxed, results } = both(src, args);
    expect(unboxed.error).toBeNull();
    expect(unboxed.nodes.length).toBeGreaterThan(1);
    expect(comparable(unboxed)).toEqual(comparable(boxed));
    expect(Object.is(results[0], results[1])).toBe(true);
  });

  it.each(SEVERED_CASES.map((c) => [c.name, c] as const))('severed: %s', (_name, c) => {
    const graphs = [true, false].map((unboxedLocals) => traceInProcess(c.src, { entry: 'f', args: c.args, seed: 11, require, samplers: c.samplers, unboxedLocals }));
    expect(graphs[0].edges.some((e) => e.kind === 'severed')).toBe(true);
    expect(comparable(graphs[0])).toEqual(comparable(graphs[1]));
  });

  it.each(UNBOXING_CASES)('%s: the traced function returns what plain JavaScript returns', (_name, body, args) => {
    const { results } = both(fn(body), args);
    const plain = new Function('w', body.replace(/: (number|any)\b/g, ''))(args.w);
    expect(Object.is(results[0], plain), `${String(results[0])} vs ${String(plain)}`).toBe(true);
  });
});

describe('pair operations', () => {
  it('an id from an earlier recording is a constant in the next one', () => {
    const t = rt.tape;
    t.reset();
    setActive(true);
    const x = mulP(2, -1, 3, -1, 0); // untracked operands: a native product, no node
    expect(x).toBe(6);
    expect(R.L).toBe(-1);
    t.push(0, 1, -1, 1.5); // a parameter node
    const param = R.off + 0;
    const y = addP(1.5, param, 2, -1, 0) as number;
    const stale = R.L;
    expect(stale).toBe(R.off + 1);
    setActive(false);
    t.reset();
    setActive(true);
    t.push(0, 1, -1, 4); // node 0 of the new recording
    const fresh = R.off + 0;
    expect(stale).toBeLessThan(R.off);
    mulP(y, stale, 4, fresh, 0);
    const i = R.L - R.off;
    expect(i).toBe(1);
    // Only the fresh parameter is an input; the stale id did not alias node 1 of this recording.
    expect(t.edgeCount(i)).toBe(1);
    expect(t.edgeFrom(i, 0)).toBe(0);
    expect(t.edgePartial(i, 0)).toBe(y);
    setActive(false);
  });

  it('u() reads a boxed value of the live recording as a pair, any other value as untracked', () => {
    const t = rt.tape;
    t.reset();
    setActive(true);
    t.push(0, 1, -1, 2);
    expect(u(new Val(2, 0, live))).toBe(2);
    expect(R.L).toBe(R.off);
    expect(u(new Val(2, 0, live - 1))).toBe(2);
    expect(R.L).toBe(-1);
    expect(u('s')).toBe('s');
    expect(R.L).toBe(-1);
    setActive(false);
  });
});
