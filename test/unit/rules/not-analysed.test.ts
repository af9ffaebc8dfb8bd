/**
 * `analyze` never passes off what it could not analyse as clean: nesting deeper than the parser
 * takes makes the file `skipped`, nesting deeper than the analyzer takes (or a context over the
 * step budget) makes it `incomplete`, each with a reason; what could be analysed is still reported.
 * Long operator chains are analysed in full (linear time: the figures are in `npm run bench`).
 */
import { describe, expect, it } from 'vitest';
import { analyze, notAnalysedReason } from '../../../src/core/api';

const head = `import { randomNormal } from 'd3-random';\n`;
const severed = `export function loss(mu: number) { return randomNormal(mu, 1)(); }\n`;

describe('not analysed, with a reason', () => {
  it('parentheses 5,000 deep: the parser overflows; the file is skipped with the reason', () => {
    const r = analyze('case.ts', head + severed + `export const d = ${'('.repeat(5000)}1${')'.repeat(5000)};\n`);
    expect(r.findings).toEqual([]);
    expect(r.skipped).toMatch(/TypeScript parser could not read it: nesting too deep/);
    expect(notAnalysedReason(r)).toBe(r.skipped);
  });

  it.each([800, 1100, 1500, 2000, 3000])('if-statements %i deep inside a loss: found, or reported as not analysed — never silently clean', (n) => {
    // Where the parser or the analyzer runs out of stack depends on the thread's stack size; the
    // invariant does not: the deep sampler is reported, or the file/context is a notice.
    const deep = `export function deepLoss(mu: number) {\n  let z = 0;\n  ${'if (mu > 0) {'.repeat(n)} z = randomNormal(mu, 1)(); ${'}'.repeat(n)}\n  return z;\n}\n`;
    const r = analyze('case.ts', head + severed + deep);
    const lines = r.findings.map((f) => f.line);
    if (r.skipped) expect(r.skipped).toMatch(/nesting too deep/);
    else {
      expect(lines).toContain(2);
      if (!lines.includes(5)) expect(r.incomplete).toMatch(/gradient context at line 3 was not fully analysed: nesting too deep \(stack overflow\)/);
    }
  });

  it('a context over the step budget is reported as incomplete', () => {
    const r = analyze('case.ts', `export function bigLoss(a: number) {\n  return ${'a+'.repeat(250_000)}a;\n}\n`);
    expect(r.incomplete).toMatch(/line 1 was not fully analysed: analysis step budget exhausted/);
  });

  it('too large files are skipped with the maxFileSize reason', () => {
    const r = analyze('case.ts', head + severed, { maxFileSize: 10 });
    expect(notAnalysedReason(r)).toMatch(/maxFileSize/);
  });
});

describe('analysed in full', () => {
  it('a 100,000-term a + a + … chain inside a loss: no notice, and a sampler after it is still found', () => {
    const r = analyze('case.ts', `${head}export function loss(a: number, mu: number): number {\n  return ${Array(100_000).fill('a').join(' + ')} + randomNormal(mu, 1)();\n}\n`);
    expect(notAnalysedReason(r)).toBeNull();
    expect(r.findings.map((f) => [f.ruleId, f.severed])).toEqual([['opaque-sampler', ['mu']]]);
  });

  it('nesting the analyzer can take (if-statements 500 deep) is analysed', () => {
    const r = analyze('case.ts', `${head}export function loss(mu: number) {\n  let z = 0;\n  ${'if (mu > 0) {'.repeat(500)} z = randomNormal(mu, 1)(); ${'}'.repeat(500)}\n  return z;\n}\n`);
    expect(notAnalysedReason(r)).toBeNull();
    expect(r.findings).toHaveLength(1);
  });
});
