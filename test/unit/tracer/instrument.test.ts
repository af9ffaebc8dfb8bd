import { describe, expect, it } from 'vitest';
import { instrumentSource } from '../../../src/tracer/build/instrument';
import type { FunctionInfo, Site } from '../../../src/tracer/build/sites';
import { DEFAULT_OBJECTIVE_PATTERN } from '../../../src/core/config';

function instrument(src: string, entry: string | null = null) {
  const sites: Site[] = [];
  const functions: FunctionInfo[] = [];
  const { code } = instrumentSource(src, {
    file: '/w/model.ts', objectivePattern: new RegExp(DEFAULT_OBJECTIVE_PATTERN), entry,
    userSamplers: [{ name: 'mySampler', family: 'normal', params: [0, 1], form: 'direct' }], sites, functions,
  });
  return { code: code.replace(/\s+/g, ' '), sites, functions };
}

/** [what, source, snippets the output must contain, snippets it must not contain] */
const CASES: [string, string, string[], string[]][] = [
  ['arithmetic', 'const z = a + b * c;', ['__pw.add(a, __pw.mul(b, c, 1), 0)'], []],
  ['string concatenation stays native', "const s = 'x' + a;", ["'x' + a"], ['__pw.add']],
  ['constant folding of two literals stays native', 'const k = 2 * 3;', ['2 * 3'], ['__pw.mul']],
  ['compound assignment', 'let s = 0; s += a;', ['s = __pw.add(s, a, 0)'], []],
  ['compound assignment on a property', 'o.v *= a;', ['o.v = __pw.mul(o.v, a, 0)'], []],
  ['unary minus; negative literals stay', 'const y = -a + -1;', ['__pw.neg(a, 1)', '-1'], []],
  ['power operator', 'const y = a ** 2;', ['__pw.pow(a, 2, 0)'], []],
  ['Math functions', 'const y = Math.exp(a) + Math.max(a, b);', ['__pw.M.exp(a,', '__pw.extreme(true,'], []],
  ['Math.random', 'const u = Math.random();', ['__pw.random(0)'], ['Math.random()']],
  ['typeof of an identifier stays safe for undeclared names', 'const t = typeof a;', ['typeof a === "object" ? __pw.typeOf(a) : typeof a'], []],
  ['strict equality', 'const e = a === 0;', ['__pw.seq(a, 0)'], []],
  ['strict equality with a string stays native', "const e = a === 'x';", ["a === 'x'"], ['__pw.seq']],
  ['truthiness of an if test', 'if (a) f();', ['if (__pw.truthy(a))'], []],
  ['comparisons compare numbers, with no truthiness wrapper', 'if (a < b) f();', ['if (__pw.lt(a, b))'], ['__pw.truthy']],
  ['comparisons with a string stay native', "if (a >= 'm') f();", ["a >= 'm'"], ['__pw.ge']],
  ['|| with a default', 'const y = a || 1;', ['(__pw.truthy(a) ? a : 1)'], []],
  ['d3-random factory sampler', "import { randomNormal } from 'd3-random';\nconst z = randomNormal(m, s)();", ['__pw.ext(0, randomNormal, undefined, [m, s])()'], []],
  ['jStat member sampler', "import { jStat } from 'jstat';\nconst z = jStat.normal.sample(m, s);", ['__pw.extm(0, jStat.normal, "sample", [m, s])'], []],
  ['require()d package', "const d3 = require('d3-random');\nconst z = d3.randomUniform(a, b)();", ['__pw.extm(0, d3, "randomUniform", [a, b])()'], []],
  ['user-declared sampler', 'const z = mySampler(m, s);', ['__pw.ext(0, mySampler, undefined, [m, s])'], []],
  ['local calls stay direct', 'const z = helper(m, s);', ['helper(m, s)'], ['__pw.ext']],
  ['objective function is wrapped', 'function loss(mu: number) { return mu * mu; }', ['const __pwc = __pw.enter("loss",', 'mu = __pw.param(__pwc, mu, "mu", 0,', 'return __pw.exit(__pwc, __pw.bx(__pw.mulP(mu, __pwi_mu, mu, __pwi_mu,', 'throw __pw.fail(__pwc, __pwe)', '__pw.leave(__pwc)'], []],
  ['objective arrow with a concise body', 'export const elbo = (mu: number) => mu * 2;', ['__pw.enter("elbo",', 'return __pw.exit(__pwc, __pw.mul(mu, 2,'], []],
  ['@differentiable marks a context', '/** @differentiable */\nfunction score(x: number) { return x; }', ['__pw.enter("score",'], []],
  ['other functions are not contexts', 'function helper(x: number) { return x; }', [], ['__pw.enter']],
  ['async objectives are not wrapped', 'async function loss(x: number) { return x; }', [], ['__pw.enter']],
  ['nested returns keep their own function', 'function loss(x: number) { const g = () => { return x; }; return g(); }', ['return x;', 'return __pw.exit(__pwc, g(),'], []],
  ['loop counters and what they derive stay native', 'for (let i = 0; i < 3; i++) { const x = i * 0.5; y = a * Math.sin(x) + -x; }', ['i < 3', 'const x = i * 0.5', 'Math.sin(x)', '-x', '__pw.mul(a,'], ['__pw.M.sin', '__pw.lt(i', '__pw.neg']],
  ['a let written other than by ++ may hold a traced value', 'let k = 0; k = a; const z = k * 2;', ['__pw.mul(k, 2,'], []],
  ['a name declared twice is not assumed plain', 'function g() { const k = 1; return k; }\nfunction h(k: number) { return k * 2; }', ['__pw.mulP(k, __pwi_k, 2, -1,'], []],
  ['outside its scope a name is not the plain binding', 'function g() { const q = 2; return q; }\nfunction h() { return q * 3; }', ['__pw.mul(q, 3,'], []],
  ['x++ on a value that may be traced steps through the runtime', 'let x = a; x++;', ['(x = __pw.inc(x, 1,'], ['x++']],
  ['a postfix value that is used is the value before the step', 'let x = a; const y = x--;', ['__pw.first(__pw.old(x), x = __pw.inc(x, -1,'], []],
  ['prefix ++ on a property', 'o.k = a; ++o.k;', ['(o.k = __pw.inc(o.k, 1,'], []],
  ['loop counters keep the native ++', 'for (let i = 0; i < 3; i++) { y = a * i; }', ['i++'], ['__pw.inc']],
  ['switch compares the number', 'switch (a) { case 1: break; }', ['switch (__pw.prim(a))'], []],
];

describe('instrumenter', () => {
  it.each(CASES)('%s', (_what, src, yes, no) => {
    const { code } = instrument(src);
    for (const s of yes) expect(code).toContain(s);
    for (const s of no) expect(code).not.toContain(s);
  });

  it('records original lines and columns, the enclosing function and the assigned variable', () => {
    const { sites } = instrument('function f(mu: number) {\n  const z = mu + 1;\n  return z;\n}\n');
    expect(sites[0]).toMatchObject({ line: 2, column: 13, endLine: 2, endColumn: 19, fn: 'f', label: 'z', file: '/w/model.ts' });
  });

  it('wraps the --entry function and lists top-level functions with their parameter names', () => {
    const { code, functions } = instrument('export function run(a: number, { b }: { b: number }, ...rest: number[]) { return a; }\nconst k = (x: number) => x;', 'run');
    expect(code).toContain('__pw.enter("run",');
    expect(code).toContain('__pw.top("run", run)');
    expect(functions).toEqual([
      { name: 'run', params: ['a', null, null], wrapped: true },
      { name: 'k', params: ['x'], wrapped: false },
    ]);
  });

  it('registers top-level classes and lists their methods as Class.method (a Layer entry), not ambient ones', () => {
    const src = 'class Z extends Base {\n  constructor(config: object) { super(config); }\n  call(inputs: number[], kwargs?: object) { return inputs; }\n}\ndeclare class Ambient { call(): void; }';
    const { code, functions } = instrument(src);
    expect(code).toContain('__pw.top("Z", Z)');
    expect(code).not.toContain('"Ambient"');
    expect(code).not.toContain('__pw.top("Z.call"');
    expect(functions).toEqual([
      { name: 'Z', params: ['config'], wrapped: false },
      { name: 'Z.call', params: ['inputs', 'kwargs'], wrapped: false },
    ]);
  });

  it('still emits code for a file with a syntax error (analysed as far as it parses)', () => {
    const { code } = instrument('const z = a + ;\nconst w = b * c;');
    expect(code).toContain('__pw.mul(b, c,');
  });
});
