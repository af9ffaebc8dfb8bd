/**
 * ES-module-only packages in traced code: Node before 20.19 (and so the Node inside some editors)
 * cannot `require()` them, so the tracer bundles them; CommonJS packages stay external so a traced
 * tfjs is the user's own instance.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesPackage, bundleUserFile } from '../../../src/tracer/build/bundle';
import { runTrace } from '../../../src/tracer/host';
import { ROOT, runnerPath } from './runner-bundle';

let dir = '';
const MODEL = `import { gauss } from 'esm-only-gauss';
import { helper } from 'cjs-helper';
export function loss(mu: number, sigma: number): number {
  const z = mu + sigma * gauss();
  return z * z + helper(0);
}
`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-esm-'));
  const pkg = (name: string, json: object, files: Record<string, string>) => {
    const p = path.join(dir, 'node_modules', name);
    fs.mkdirSync(p, { recursive: true });
    fs.writeFileSync(path.join(p, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...json }));
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(p, f), text);
  };
  // ES modules only, with no `require` condition (the d3 packages' shape).
  pkg('esm-only-gauss', { type: 'module', exports: { import: './index.js' } }, {
    'index.js': 'export function gauss() { const u = Math.random(), v = Math.random(); return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v); }\n',
  });
  pkg('cjs-helper', { main: 'index.js' }, { 'index.js': 'exports.helper = (x) => x; exports.instance = Math.random();\n' });
  fs.writeFileSync(path.join(dir, 'model.ts'), MODEL);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('packages in traced code', () => {
  it.each([
    ['an ES-module-only package (exports without require)', 'esm-only-gauss', true],
    ['a CommonJS package', 'cjs-helper', false],
    ['a Node builtin', 'node:fs', false],
    ['a bare Node builtin', 'path', false],
    ['a package that is not installed (Node reports it at run time)', 'not-installed-anywhere', false],
  ])('%s: bundled = %s', (_what, spec, expected) => {
    expect(bundlesPackage(spec, dir)).toBe(expected);
  });

  it('the installed d3-random (ES modules) is bundled and tfjs (CommonJS) stays external', () => {
    expect(bundlesPackage('d3-random', ROOT)).toBe(true);
    expect(bundlesPackage('@tensorflow/tfjs', ROOT)).toBe(false);
  });

  it('bundles the ES module uninstrumented and leaves the CommonJS package to require()', async () => {
    const r = await bundleUserFile({ file: path.join(dir, 'model.ts'), entry: 'loss', objectivePattern: /^loss$/, userSamplers: [] });
    expect(r.code).toContain('Math.sqrt(-2 * Math.log(1 - u))');
    expect(r.code).not.toContain("require(\"esm-only-gauss\")");
    expect(r.code).toContain('require("cjs-helper")');
    // Only the user's file is instrumented: every site is in model.ts.
    expect(r.sites.length).toBeGreaterThan(0);
    expect(new Set(r.sites.map((s) => path.basename(s.file)))).toEqual(new Set(['model.ts']));
  });

  it('traces the model in a Node that cannot require() ES modules', async () => {
    const saved = process.env.NODE_OPTIONS;
    // The child inherits this: the Node 20.18-style loader of older editors.
    process.env.NODE_OPTIONS = `${saved ?? ''} --no-experimental-require-module`.trim();
    try {
      const g = await runTrace({ file: path.join(dir, 'model.ts'), entry: 'loss', args: { mu: 0.5, sigma: 2 }, seed: 3, runnerPath: runnerPath() });
      expect(g.error).toBeNull();
      // loss = z² with z = mu + sigma·ε: ∂/∂mu = 2z and ∂/∂sigma = 2zε, ε = (z - mu) / sigma.
      const z = g.nodes.find((n) => n.label === 'z')!.value as number;
      const eps = (z - 0.5) / 2;
      expect(g.output!.value).toBeCloseTo(z * z, 12);
      expect(g.params.map((p) => p.name)).toEqual(['mu', 'sigma']);
      expect(g.params[0].grad).toBeCloseTo(2 * z, 9);
      expect(g.params[1].grad).toBeCloseTo(2 * z * eps, 9);
      expect(Math.abs(eps)).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  });
});
