// Fix-all, hover texts and the syntax safety net.
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { analyze, applyEdits } from '../../../src/core/api';
import { resolveOptions } from '../../../src/core/config';
import { explainNoFix, fixAll, fixAllText, minimalEdit, parsesCleanly, previewFix } from '../../../src/core/fixes';
import type { Family, Finding } from '../../../src/core/types';
import { findingAt, fixesAt } from './helpers';

const options = resolveOptions(undefined);

describe('fixAll', () => {
  it('applies only safe preferred fixes, in rounds, and leaves relaxations alone', () => {
    const text = `import { randomNormal, randomUniform } from 'd3-random';
export function loss(mu: number, s: number, a: number, p: number): number {
  const z = randomNormal(mu, s)() + randomNormal(mu, 2 * s)() + randomUniform(a, 2 * a)();
  const b = Math.random() < p ? 1 : 0;
  return z * b;
}
`;
    const result = fixAllText('case.ts', text, options);
    expect(result.text).toBe(`import { randomNormal, randomUniform } from 'd3-random';
export function loss(mu: number, s: number, a: number, p: number): number {
  const eps = randomNormal(0, 1)();
  const u = randomUniform(0, 1)();
  const eps2 = randomNormal(0, 1)();
  const z = mu + s * eps + (mu + 2 * s * eps2) + (a + (2 * a - a) * u);
  const b = Math.random() < p ? 1 : 0;
  return z * b;
}
`);
    expect(result.applied).toBe(3);
    expect(result.remaining.map((f) => f.ruleId)).toEqual(['discrete-step']);
    const sf = ts.createSourceFile('case.ts', text, ts.ScriptTarget.Latest, true);
    const edits = fixAll(sf, analyze('case.ts', text).findings, options);
    expect(edits).toHaveLength(1);
    expect(applyEdits(text, edits)).toBe(result.text);
  });

  it('leaves findings of a rule set to "off" alone', () => {
    const text = `import { randomNormal } from 'd3-random';
export function loss(mu: number, s: number): number {
  return randomNormal(mu, s)();
}
`;
    const off = resolveOptions({ severity: { 'opaque-sampler': 'off' } });
    expect(fixAllText('case.ts', text, off).text).toBe(text);
    expect(fixAllText('case.ts', text, options).text).not.toBe(text);
  });

  it('returns no edits when nothing is fixable', () => {
    const text = `import { randomGamma } from 'd3-random';
export function loss(k: number): number {
  return randomGamma(k)();
}
`;
    const sf = ts.createSourceFile('case.ts', text, ts.ScriptTarget.Latest, true);
    const findings = analyze('case.ts', text).findings;
    expect(findings).toHaveLength(1);
    expect(fixAll(sf, findings, options)).toEqual([]);
  });

  it('fixes JavaScript without adding type syntax', () => {
    const text = `const { randomLogistic } = require('d3-random');
function loss(m, s) {
  return randomLogistic(m, s)();
}
module.exports = { loss };
`;
    expect(fixAllText('case.js', text, options).text).toBe(`const { randomLogistic, randomUniform } = require('d3-random');
function loss(m, s) {
  const u = randomUniform(0, 1)();
  return m + s * (Math.log(u) - Math.log1p(-u));
}
module.exports = { loss };
`);
  });

  it('minimalEdit is the single edit between two texts', () => {
    for (const [a, b] of [
      ['abcdef', 'abXYef'],
      ['abc', 'abc'],
      ['', 'x'],
      ['aaa', 'aaaa'],
      ['x = 1;\n', 'y = 2;\nx = 1;\n'],
    ]) {
      expect(applyEdits(a, minimalEdit(a, b))).toBe(b);
    }
    expect(minimalEdit('abc', 'abc')).toEqual([]);
  });
});

describe('syntax safety net', () => {
  it('rejects edits that add syntax errors and accepts ones that do not', () => {
    const sf = ts.createSourceFile('case.ts', 'const a = 1;\n', ts.ScriptTarget.Latest, true);
    expect(parsesCleanly(sf, [{ start: 6, end: 7, text: '(' }])).toBe(false);
    expect(parsesCleanly(sf, [{ start: 10, end: 11, text: '2 + 3' }])).toBe(true);
  });

  it('still fixes a file that has syntax errors elsewhere', () => {
    const text = `import { randomNormal } from 'd3-random';
function loss(mu: number, sigma: number) {
  return randomNormal(mu, sigma)();
}
const broken = (;
`;
    const fixes = fixesAt(text, { library: 'd3-random', entry: 'randomNormal', family: 'normal', snippet: 'randomNormal(mu, sigma)()' });
    expect(fixes).toHaveLength(1);
    expect(applyEdits(text, fixes[0].edits)).toContain('  const eps = randomNormal(0, 1)();\n  return mu + sigma * eps;\n');
  });
});

describe('hover texts', () => {
  const finding = (family: Family, ruleId: Finding['ruleId'] = 'opaque-sampler'): Finding =>
    findingAt('x', { snippet: 'x', family, ruleId, library: 'd3-random', entry: 'e' });

  it('explains families without a rewrite and nothing for those with one', () => {
    expect(explainNoFix(finding('gamma'))).toMatch(/Figurnov et al\. 2018/);
    expect(explainNoFix(finding('beta'))).toMatch(/implicit reparameterization/);
    expect(explainNoFix(finding('dirichlet'))).toMatch(/Figurnov/);
    expect(explainNoFix(finding('poisson'))).toMatch(/score-function/);
    expect(explainNoFix(finding('binomial'))).toMatch(/score-function/);
    expect(explainNoFix(finding('categorical'))).toMatch(/Gumbel-softmax/);
    expect(explainNoFix(finding('bernoulli'))).toMatch(/relaxed Bernoulli/);
    expect(explainNoFix(finding('normal', 'score-function'))).toMatch(/REINFORCE/);
    expect(explainNoFix(finding('normal'))).toBeNull();
    expect(explainNoFix(finding('pareto'))).toBeNull();
    const int = findingAt('x', { snippet: 'x', family: 'uniform', library: 'd3-random', entry: 'randomInt' });
    expect(explainNoFix(int)).toMatch(/integers/);
  });

  it('previews a fix as removed and added lines', () => {
    const text = `import { randomNormal } from 'd3-random';
function loss(mu: number, sigma: number) {
  const z = randomNormal(mu, sigma)();
  return z;
}
`;
    const [fix] = fixesAt(text, { library: 'd3-random', entry: 'randomNormal', family: 'normal', snippet: 'randomNormal(mu, sigma)()' });
    expect(previewFix(fix, text)).toBe(['-  const z = randomNormal(mu, sigma)();', '+  const eps = randomNormal(0, 1)();', '+  const z = mu + sigma * eps;'].join('\n'));
  });
});
