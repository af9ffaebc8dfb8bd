// Relaxations through the real analyzer: offered, never preferred, titled as estimator changes;
// the relaxed Bernoulli keeps P(y > 1/2) = p; the tfjs Gumbel-softmax variants type-check against
// the real tfjs types and let gradients reach the logits' weights.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import ts from 'typescript';
import * as d3random from 'd3-random';
import * as tf from '@tensorflow/tfjs';
import { analyze, applyEdits, getFixes } from '../../../src/core/api';
import type { Fix } from '../../../src/core/types';
import { typeErrors } from './typecheck';

function fixesOfOnlyFinding(text: string, fileName = 'case.ts'): Fix[] {
  const findings = analyze(fileName, text).findings;
  expect(findings).toHaveLength(1);
  return getFixes(fileName, text, findings[0]);
}

function load(text: string): Record<string, unknown> {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mods: Record<string, unknown> = { 'd3-random': d3random, '@tensorflow/tfjs': tf };
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', js)((m: string) => mods[m], module, module.exports);
  return module.exports;
}

describe('relaxed Bernoulli', () => {
  const SEEDED = `import { randomBernoulli, randomLcg } from 'd3-random';
const rng = randomLcg(0.77);
export function sample(p: number): number {
  const b = randomBernoulli.source(rng)(p)();
  return b;
}
export function loss(p: number): number {
  return sample(p) ** 2;
}
`;
  const fixes = fixesOfOnlyFinding(SEEDED);

  it('is offered once, not preferred, as an estimator change', () => {
    expect(fixes.map((f) => [f.preferred, f.safety])).toEqual([[false, 'changes-estimator']]);
    expect(fixes[0].title).toMatch(/changes the estimator/);
  });

  it('draws from the same seeded source and keeps P(y > 1/2) = p', () => {
    const fixed = applyEdits(SEEDED, fixes[0].edits);
    expect(fixed).toContain('const u = randomUniform.source(rng)(0, 1)();');
    const sample = load(fixed).sample as (p: number) => number;
    const ys = Array.from({ length: 20000 }, () => sample(0.3));
    expect(ys.every((y) => y > 0 && y < 1)).toBe(true);
    const frac = ys.filter((y) => y > 0.5).length / ys.length;
    expect(Math.abs(frac - 0.3)).toBeLessThan(5 * Math.sqrt((0.3 * 0.7) / 20000));
  });

  it('Math.random() < p used as a number gets Math.random() noise and keeps the 1/0 mapping', () => {
    const text = `export function loss(p: number): number {
  return 2 * (Math.random() < p ? 1 : 0);
}
`;
    const [fix] = fixesOfOnlyFinding(text);
    expect(applyEdits(text, fix.edits)).toBe(`export function loss(p: number): number {
  const u = Math.random();
  const temperature = 0.5; // relaxation temperature: lower is closer to 0/1, higher gives lower-variance gradients
  return 2 * (1 / (1 + Math.exp(-((Math.log(p) - Math.log1p(-p) + (Math.log(u) - Math.log1p(-u))) / temperature))));
}
`);
  });

  it('a comparison used as a condition gets no fix', () => {
    const text = `export function loss(p: number, a: number): number {
  if (Math.random() < p) return a * p;
  return p;
}
`;
    for (const f of analyze('case.ts', text).findings) expect(getFixes('case.ts', text, f)).toEqual([]);
  });
});

describe('Gumbel-softmax for tf.multinomial', () => {
  const CASE = `import * as tf from '@tensorflow/tfjs';
export const w = tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 3));
const x = tf.ones([2, 4]);
export function loss(): tf.Scalar {
  const logits = tf.matMul(x, w);
  const choice = tf.oneHot(tf.multinomial(logits as tf.Tensor2D, 1).squeeze(), 3);
  return tf.sum(tf.mul(choice, tf.tensor1d([1, 2, 3]))) as tf.Scalar;
}
`;
  const fixes = fixesOfOnlyFinding(CASE);
  const file = path.resolve(__dirname, '../../fixtures/fixes/relax-virtual.ts');

  it('offers the relaxation and the straight-through variant, neither preferred', () => {
    expect(fixes.map((f) => [f.preferred, f.safety])).toEqual([
      [false, 'changes-estimator'],
      [false, 'changes-estimator'],
    ]);
    expect(fixes[0].title).toMatch(/Gumbel-softmax/);
    expect(fixes[1].title).toMatch(/Straight-through/);
  });

  it('the case and both rewrites type-check against the real tfjs types', () => {
    expect(typeErrors(file, CASE), 'the case').toEqual([]);
    for (const f of fixes) expect(typeErrors(file, applyEdits(CASE, f.edits))).toEqual([]);
  });

  it('gradients reach the weights; straight-through forwards hard one-hot rows', () => {
    for (const [i, f] of fixes.entries()) {
      const mod = load(applyEdits(CASE, f.edits)) as { loss: () => tf.Scalar; w: tf.Variable };
      const { grads } = tf.variableGrads(mod.loss, [mod.w]);
      const g = grads[mod.w.name].abs().sum().arraySync() as number;
      expect(g).toBeGreaterThan(0);
      if (i === 1) {
        // loss = Σ choice·[1,2,3] over 2 rows of exact one-hots: an integer between 2 and 6.
        const v = mod.loss().arraySync() as number;
        expect(Number.isInteger(v) && v >= 2 && v <= 6).toBe(true);
      }
    }
  });
});
