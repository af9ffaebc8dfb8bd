/** The analyzer's contract with the fix engine, the CLI and the editor. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/api';
import { runAnalysis, scriptKindOf } from '../../../src/core/analysis/analyze';
import { resolveOptions } from '../../../src/core/config';
import { explainFinding } from '../../../src/core/explain';
import { applySeverity } from '../../../src/core/report';
import ts from 'typescript';

const VAE = `import * as tf from '@tensorflow/tfjs';
const encoder = tf.sequential();
const optimizer = tf.train.adam();
export function train(x: tf.Tensor, s: number[]) {
  optimizer.minimize(() => {
    const [zMean, zLogVar] = encoder.apply(x) as tf.Tensor[];
    const z = tf.randomNormal(s, zMean.dataSync()[0], Math.exp(0.5 * zLogVar.dataSync()[0]));
    return z.square().mean() as tf.Scalar;
  });
}`;

describe('analyzer contract', () => {
  it('puts the tfjs site on the whole sampler call and names the round trip in the message', () => {
    const [f] = analyze('vae.ts', VAE).findings;
    const call = 'tf.randomNormal(s, zMean.dataSync()[0], Math.exp(0.5 * zLogVar.dataSync()[0]))';
    expect(f.ruleId).toBe('opaque-sampler');
    expect(VAE.slice(f.site!.callStart, f.site!.callEnd)).toBe(call);
    expect(VAE.slice(f.start, f.end)).toBe(call);
    expect(f.site).toMatchObject({ library: 'tfjs', entry: 'randomNormal' });
    expect(f.family).toBe('normal');
    expect(f.severed).toEqual(['zMean', 'zLogVar']);
    expect(f.message).toContain('tf.randomNormal takes numbers: zMean.dataSync() and zLogVar.dataSync() leave the graph, so ∂loss/∂zMean');
    expect(f.endLine).toBe(7);
    expect(f.endColumn).toBe(f.column + call.length);
  });

  it('relates each severed name to its origin and the loss', () => {
    const [f] = analyze('vae.ts', VAE).findings;
    const texts = f.related.map((r) => `${r.message} @ ${VAE.slice(r.start, r.end)}`);
    expect(texts).toContain("'zMean' depends on trainable encoder @ zMean");
    expect(texts).toContain("'zLogVar' depends on trainable encoder @ zLogVar");
    expect(texts.some((t) => t.startsWith('the severed value reaches the loss here @ z.square().mean()'))).toBe(true);
  });

  it('covers the whole factory expression randomNormal(mu, s)() for d3', () => {
    const code = `import { randomNormal } from 'd3-random';\nexport function loss(mu: number, s: number) { return randomNormal(mu, s)() ** 2; }`;
    const [f] = analyze('a.ts', code).findings;
    expect(code.slice(f.site!.callStart, f.site!.callEnd)).toBe('randomNormal(mu, s)()');
    expect(f.site).toMatchObject({ library: 'd3-random', entry: 'randomNormal' });
  });

  it('covers jStat.normal.sample(...) and gaussian(m, v).ppf(u)', () => {
    const code = `import { jStat } from 'jstat';\nimport gaussian from 'gaussian';\nexport function loss(m: number, v: number) { return jStat.normal.sample(m, v) + gaussian(m, v).ppf(Math.random()); }`;
    const fs = analyze('a.ts', code).findings;
    expect(fs.map((f) => code.slice(f.site!.callStart, f.site!.callEnd))).toEqual(['jStat.normal.sample(m, v)', 'gaussian(m, v).ppf(Math.random())']);
  });

  it('reports syntax errors and picks the script kind from the extension', () => {
    expect(runAnalysis('x.ts', 'const = ;', resolveOptions({})).syntaxErrors).toBeGreaterThan(0);
    expect(runAnalysis('x.ts', 'const a = 1;', resolveOptions({})).syntaxErrors).toBe(0);
    expect(scriptKindOf('a.tsx')).toBe(ts.ScriptKind.TSX);
    expect(scriptKindOf('a.jsx')).toBe(ts.ScriptKind.JSX);
    expect(scriptKindOf('a.cjs')).toBe(ts.ScriptKind.JS);
    expect(scriptKindOf('a.mts')).toBe(ts.ScriptKind.TS);
    // JSX parses in .tsx but not as a type assertion error
    expect(runAnalysis('x.tsx', 'const a = <div>{1}</div>;', resolveOptions({})).syntaxErrors).toBe(0);
  });

  it('never throws on any prefix of a real file', () => {
    for (let i = 0; i <= VAE.length; i += 7) {
      expect(() => analyze('p.ts', VAE.slice(0, i))).not.toThrow();
    }
    expect(() => analyze('weird.js', '\u0000\uffff}{)(][`${`')).not.toThrow();
  });

  it('a lazy run (the editor) reports the same fixable as an eager one (the CLI), computed on first read', () => {
    // Two findings: a fixable tfjs sampler and a Gamma sampler, which has no pathwise rewrite.
    const text = `${VAE}\nimport { randomGamma } from 'd3-random';\nexport function loss(k: number) { return randomGamma(k)(); }`;
    const eager = analyze('vae.ts', text).findings;
    const lazy = analyze('vae.ts', text, {}, { fixable: 'lazy' }).findings;
    expect(eager.map((f) => f.fixable)).toEqual([true, false]);
    // Before any read the property is an accessor, i.e. nothing was computed yet.
    expect(typeof Object.getOwnPropertyDescriptor(lazy[0], 'fixable')!.get).toBe('function');
    // A severity override copies the finding without settling it; reading the copy settles the copy.
    const [copy] = applySeverity(lazy.slice(0, 1), { 'opaque-sampler': 'error' });
    expect(copy.severity).toBe('error');
    expect(typeof Object.getOwnPropertyDescriptor(copy, 'fixable')!.get).toBe('function');
    expect(lazy.map((f) => f.fixable)).toEqual([true, false]);
    expect(copy.fixable).toBe(true);
    expect(Object.getOwnPropertyDescriptor(lazy[0], 'fixable')).toMatchObject({ value: true, enumerable: true });
    expect(JSON.parse(JSON.stringify(lazy)).map((f: { fixable: boolean }) => f.fixable)).toEqual([true, false]);
  });

  it('sets parent pointers on every node, JSDoc included, like setParentNodes', () => {
    const text = `/** @differentiable */\nexport function f(x: number) { return [x, { a: x }].map((y) => y); }\nclass C { m() { return 1; } }`;
    const { sourceFile } = runAnalysis('p.ts', text, resolveOptions({}));
    const reference = ts.createSourceFile('p.ts', text, ts.ScriptTarget.Latest, true);
    const parents = (sf: ts.SourceFile): string[] => {
      const out: string[] = [];
      const visit = (n: ts.Node): void => {
        out.push(`${ts.SyntaxKind[n.kind]}<${n.parent ? ts.SyntaxKind[n.parent.kind] : '-'}`);
        for (const d of (n as { jsDoc?: ts.Node[] }).jsDoc ?? []) visit(d);
        n.forEachChild(visit);
      };
      visit(sf);
      return out;
    };
    expect(parents(sourceFile)).toEqual(parents(reference));
    expect(parents(sourceFile).some((p) => /^JSDoc\w*<FunctionDeclaration$/.test(p))).toBe(true);
  });

  it('handles pathological nesting: long operator chains are analysed, parser stack overflows degrade', () => {
    const chain = `import { randomNormal } from 'd3-random';\nexport function loss(mu: number) { const z = randomNormal(mu, 1)(); return ${'z+'.repeat(20000)}1; }`;
    expect(analyze('chain.ts', chain).findings.map((f) => f.ruleId)).toEqual(['opaque-sampler']);
    const parens = `export function loss(mu: number) { return ${'('.repeat(5000)}mu${')'.repeat(5000)}; }`;
    const r = analyze('parens.ts', parens);
    expect(r.findings).toEqual([]);
    expect(r.syntaxErrors).toBeGreaterThanOrEqual(0);
  });

  it('explains a finding in three or four markdown lines with the reparameterized form', () => {
    const [f] = analyze('vae.ts', VAE).findings;
    const text = explainFinding(f);
    const paras = text.split('\n\n');
    expect(paras.length).toBeGreaterThanOrEqual(3);
    expect(paras.length).toBeLessThanOrEqual(4);
    expect(text).toContain('`z = mu + sigma * eps`, eps ~ N(0, 1)');
    expect(text).toContain('`zMean`');
    const discrete = explainFinding({ ...f, ruleId: 'discrete-step', family: 'categorical', sampler: 'tf.multinomial' });
    expect(discrete).toContain('Gumbel-softmax');
    const score = explainFinding({ ...f, ruleId: 'score-function', severity: 'info' });
    expect(score).toContain('REINFORCE');
  });
});

describe('rule registry', () => {
  it('every rule has a docs page, message templates and a default severity', async () => {
    const { RULES } = await import('../../../src/core/rules/index');
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    expect(RULES.map((r) => r.id).sort()).toEqual(['discrete-step', 'host-round-trip', 'opaque-sampler', 'score-function']);
    for (const r of RULES) {
      expect(existsSync(join(__dirname, '..', '..', '..', r.meta.docs.url))).toBe(true);
      expect(Object.keys(r.meta.messages).length).toBeGreaterThan(0);
      expect(r.meta.defaultSeverity).toBe(r.id === 'score-function' ? 'info' : 'warning');
    }
  });
});
