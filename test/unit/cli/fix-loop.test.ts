/**
 * The fix loop's guards, on real text: syntax-error counting (what keeps an unparsable rewrite from
 * being written), the minimal edit used by the editor's fix-all, and the no-finding fixpoint.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/core/api';
import { countSyntaxErrors, fixToFixpoint, minimalEdit } from '../../../src/core/fix-loop';

describe('countSyntaxErrors', () => {
  it.each([
    ['ok.ts', 'const z = mu + sigma * eps;', 0],
    ['broken.ts', 'const z = mu + * eps;', 1],
    ['broken2.ts', 'function f( { return 1; }', 1],
    ['ok.tsx', 'const a = <div>{x}</div>;', 0],
    ['typed.js', 'const a: number = 1;', 0], // type annotations in .js are a semantic, not a parse, error
  ])('%s: %s', (file, text, atLeast) => {
    const n = countSyntaxErrors(file, text);
    if (atLeast === 0) expect(n).toBe(0);
    else expect(n).toBeGreaterThanOrEqual(atLeast);
  });
});

describe('minimalEdit', () => {
  it.each([
    ['abc', 'abc'],
    ['const z = s();', 'const eps = n();\nconst z = m + s * eps;'],
    ['aXb', 'ab'],
    ['ab', 'aXYb'],
    ['', 'x'],
    ['aaaa', 'aa'],
  ])('%j → %j is one edit that reproduces the target', (before, after) => {
    const e = minimalEdit(before, after);
    if (before === after) expect(e).toBeNull();
    else {
      expect(applyEdits(before, [e!])).toBe(after);
      expect(e!.end - e!.start).toBeLessThanOrEqual(before.length);
    }
  });

  it('keeps common prefix and suffix out of the edit', () => {
    expect(minimalEdit('let x = a(1);\nreturn x;', 'let x = b(1);\nreturn x;')).toEqual({ start: 8, end: 9, text: 'b' });
  });
});

describe('fixToFixpoint', () => {
  it('returns the text unchanged when there is nothing to fix', () => {
    const text = 'export function f(a: number) { return a * 2; }\n';
    expect(fixToFixpoint('f.ts', text)).toEqual({ text, applied: [], rejected: [], remaining: [], skipped: null });
  });

  it('reports the skip reason for files over maxFileSize', () => {
    const r = fixToFixpoint('f.ts', 'x'.repeat(100), { maxFileSize: 10 });
    expect(r.skipped).toMatch(/maxFileSize/);
    expect(r.text).toBe('x'.repeat(100));
  });

  it('fixes the d3-random normal sampler of a plain objective and is idempotent', () => {
    const text = "import { randomNormal } from 'd3-random';\nexport function loss(mu: number, sigma: number): number {\n  const z = randomNormal(mu, sigma)();\n  return (z - 3) ** 2;\n}\n";
    const once = fixToFixpoint('n.ts', text);
    expect(once.applied).toHaveLength(1);
    expect(once.text).toMatch(/mu \+ sigma \* eps/);
    expect(countSyntaxErrors('n.ts', once.text)).toBe(0);
    const twice = fixToFixpoint('n.ts', once.text);
    expect(twice.text).toBe(once.text);
    expect(twice.applied).toEqual([]);
  });
});
