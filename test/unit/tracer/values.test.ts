import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { traceInProcess } from '../../../src/tracer/plain/inprocess';

const require = createRequire(import.meta.url);

/**
 * Traced numbers must behave exactly like numbers wherever the user's code looks at them. Each
 * case's function returns a string built from its traced parameter `x` = 0 or 0.5; the traced
 * run must give the same string as plain JavaScript semantics (`expected`).
 */
const CASES: [string, string, number, string][] = [
  ['toFixed', 'return x.toFixed(2);', 0.5, '0.50'],
  ['template literal', 'return `x=${x * 2}`;', 0.5, 'x=1'],
  ['string concatenation', "return 'x' + x + 1;", 0.5, 'x0.51'],
  ['JSON.stringify', 'return JSON.stringify({ x, y: [x * 2] });', 0.5, '{"x":0.5,"y":[1]}'],
  ['typeof', 'return typeof x + typeof (x * 2);', 0.5, 'numbernumber'],
  ['strict equality', 'return String([x === 0.5, x * 2 === 1, x !== 0.5]);', 0.5, 'true,true,false'],
  ['loose equality', 'return String([x == 0.5, x != 0.5]);', 0.5, 'true,false'],
  ['falsy zero in if', "if (x) return 'truthy'; return 'falsy';", 0, 'falsy'],
  ['falsy zero with !', 'return String(!x);', 0, 'true'],
  ['|| default', 'const y = x || 7; return String(y);', 0, '7'],
  ['&& guard', 'const y = x && 7; return String(y);', 0.5, '7'],
  ['ternary on zero', "return x ? 'yes' : 'no';", 0, 'no'],
  ['Number.isFinite / isInteger', 'return String([Number.isFinite(x), Number.isInteger(x * 2), Number.isNaN(x)]);', 0.5, 'true,true,false'],
  ['Number() and parseFloat', 'return String(Number(x) + parseFloat(String(x)));', 0.5, '1'],
  ['comparisons and sort', 'const a = [x * 3, x, x * 2]; a.sort((p, q) => p - q); return a.join(",");', 0.5, '0.5,1,1.5'],
  ['relational operators', "return String([x < 1, x * 2 > x, x <= 0.5, 1 >= x * 2, x < '0.75', x > null]);", 0.5, 'true,true,true,true,true,true'],
  ['Math.max of spread', 'return String(Math.max(...[x, x * 4, 1]));', 0.5, '2'],
  ['typed array store', 'const t = new Float64Array(2); t[0] = x * 2; return String(t[0]);', 0.5, '1'],
  ['increment', 'let y = x; y++; return String(y);', 0.5, '1.5'],
  ['postfix and prefix values', 'let y = x; const a = y++; const b = ++y; const c = y--; return String([a, b, c, y]);', 0.5, '0.5,2.5,2.5,1.5'],
  ['increment of a string and of a bigint keeps JavaScript semantics', "let s = String(x * 10); let n = 1n; const p = s++; n++; return String([p, s, n, typeof p]);", 0.5, '5,6,2,number'],
  ['increment of a property and an element', 'const o = { k: x }; const a = [x]; o.k++; a[0]--; return String([o.k, a[0]]);', 0.5, '1.5,-0.5'],
  ['switch on value', "switch (x * 2) { case 1: return 'one'; default: return 'other'; }", 0.5, 'one'],
];

describe('traced values behave like numbers in user code', () => {
  it.each(CASES)('%s', (_name, body, x, expected) => {
    const src = `export function f(x: number): string {\n  ${body}\n}\n`;
    let traced: unknown;
    const g = traceInProcess(src, { entry: 'f', args: { x }, require, onResult: (r) => (traced = r) });
    expect(g.error).toBeNull();
    expect(traced).toBe(expected);
    // The expectation itself is plain JavaScript semantics: the same body run uninstrumented.
    expect(new Function('x', body)(x)).toBe(expected);
    const out = g.nodes.find((n) => n.kind === 'output');
    expect(out).toBeDefined();
    expect(g.params[0].name).toBe('x');
  });

  it('passes plain numbers to package functions (typeof-sensitive libraries)', () => {
    const src = `import { jStat } from 'jstat';\nexport function f(x: number): number {\n  const m = jStat.mean([x, x * 3]);\n  return typeof m === 'number' ? m * x : -1;\n}\n`;
    const g = traceInProcess(src, { entry: 'f', args: { x: 0.5 }, require });
    expect(g.error).toBeNull();
    expect(g.output?.value).toBeCloseTo(0.5, 12);
    // jStat.mean is opaque: x reaches the loss only through the direct factor `* x` (∂ = m = 1).
    expect(g.params[0].grad).toBeCloseTo(1, 12);
  });

  it('passes plain numbers to methods of package objects (tfjs tensors) and keeps local methods traced', () => {
    const src = `import * as tf from '@tensorflow/tfjs';
class Scale { constructor(public k: number) {} apply(v: number) { return v * this.k; } }
export function f(x: number): number {
  const t = tf.scalar(2).mul(x);
  const doubled = t.dataSync()[0];
  const s = new Scale(3);
  return doubled * x + s.apply(x);
}
`;
    const g = traceInProcess(src, { entry: 'f', args: { x: 0.5 }, require });
    expect(g.error).toBeNull();
    expect(g.output?.value).toBeCloseTo(2 * 0.25 + 1.5, 6);
    // The tensor round trip is opaque (its value 2x counts as a constant); the local method is traced:
    // ∂/∂x (doubled·x + 3x) = doubled + 3 = 4.
    expect(g.params[0].grad).toBeCloseTo(2 * 0.5 + 3, 6);
  });
});
