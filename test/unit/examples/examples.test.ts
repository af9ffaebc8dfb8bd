/**
 * The examples workspace must not rot: every example type-checks against the real @tensorflow/tfjs and
 * d3-random types, every example's standalone `main()` runs in a real Node child process (an
 * esbuild-bundled copy, tfjs resolved from the repository's node_modules) and prints a finite final
 * loss, and examples/expected.json describes exactly the example files. The comparison logic of
 * `npm run examples` (scripts/check-examples.mjs) is tested on hand-made CLI outputs, so it can fail.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const EXAMPLES = path.join(ROOT, 'examples');

interface ExpectedFinding {
  ruleId: string;
  line: number;
  column?: number;
  text?: string;
  severity?: string;
  severed?: string[];
}
interface ExpectedExample {
  file: string;
  findings: ExpectedFinding[];
  trace: Record<string, unknown>;
}

/** The checker's exported functions (an .mjs module, loaded at run time). */
interface CheckerLib {
  listExampleFiles(dir?: string): string[];
  checkExpectations(expected: { examples: ExpectedExample[] }, files: string[], read: (f: string) => string): string[];
  compareFindings(expected: ExpectedFinding[], actual: object[]): string[];
  compareTrace(exp: object, graph: object | null, exitCode: number): string[];
  comparePicked(exp: object, picked: object | null, exitCode: number, named: object | null): string[];
  typeCheckExamples(dir?: string): Promise<string[]>;
}

const expected = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'expected.json'), 'utf8')) as { examples: ExpectedExample[] };
let lib: CheckerLib;
let outDir: string;

beforeAll(async () => {
  const url = pathToFileURL(path.join(ROOT, 'scripts', 'check-examples.mjs')).href;
  lib = (await import(url)) as CheckerLib;
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-examples-'));
});

afterAll(() => {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

describe('examples workspace', () => {
  it('type-checks against the installed @tensorflow/tfjs and d3-random types', async () => {
    expect(await lib.typeCheckExamples(EXAMPLES)).toEqual([]);
  });

  it('catches a stale line or column in expected.json', () => {
    const stale = { examples: [{ file: 'a.ts', findings: [{ ruleId: 'opaque-sampler', line: 2, column: 3, text: 'f(mu)' }], trace: {} }] };
    expect(lib.checkExpectations(stale, ['a.ts'], () => 'x\n  f(mu)\n')).toEqual([]);
    expect(lib.checkExpectations(stale, ['a.ts'], () => 'x\n   f(mu)\n')).toHaveLength(1);
    expect(lib.checkExpectations(stale, ['a.ts'], () => 'f(mu)\nx\n')).toHaveLength(1);
    expect(lib.checkExpectations(stale, ['a.ts', 'b.ts'], () => 'x\n  f(mu)\n')).toHaveLength(1);
  });

  it('expected.json lists every example and its positions point at the sampler text', () => {
    const files = lib.listExampleFiles(EXAMPLES);
    expect(files.length).toBeGreaterThanOrEqual(11);
    expect(lib.checkExpectations(expected, files, (f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'))).toEqual([]);
    expect(expected.examples.map((e) => e.file).sort()).toEqual(files);
  });

  it('examples/package.json lists the pinned runtime dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ '@tensorflow/tfjs': '4.22.0', 'd3-random': '3.0.2' });
  });
});

describe('standalone main() of each example', () => {
  it.each(expected.examples.map((e) => e.file))('%s runs and prints a finite final loss', async (file) => {
    const outfile = path.join(outDir, file.replace(/[/.]/g, '_') + '.cjs');
    // Bundle d3-random (ESM) in; keep tfjs external so the child loads the one installed copy.
    await build({ entryPoints: [path.join(EXAMPLES, file)], bundle: true, platform: 'node', format: 'cjs', outfile, external: ['@tensorflow/*'], logLevel: 'silent' });
    const r = spawnSync(process.execPath, [outfile], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    });
    expect(r.stderr ?? '').not.toMatch(/Error|at .*\.cjs:\d+/);
    expect(r.status).toBe(0);
    const finals = [...r.stdout.matchAll(/^final loss (\S+)$/gm)];
    expect(finals).toHaveLength(1);
    expect(Number.isFinite(Number(finals[0][1]))).toBe(true);
    const steps = [...r.stdout.matchAll(/^step \d+ .*loss (\S+)$/gm)].map((m) => Number(m[1]));
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.every(Number.isFinite)).toBe(true);
  });
});

describe('check-examples comparison (hand-made CLI outputs)', () => {
  const vae: ExpectedFinding[] = [{ ruleId: 'opaque-sampler', line: 45, column: 13, severity: 'warning', severed: ['zMean', 'zLogVar'] }];
  const finding = (o: object) => ({ ruleId: 'opaque-sampler', line: 45, column: 13, severity: 'warning', severed: ['zLogVar', 'zMean'], message: 'm', ...o });

  it.each([
    ['exact match (severed as a set)', [finding({})], 0],
    ['missing finding', [], 1],
    ['wrong line', [finding({ line: 44 })], 2],
    ['wrong column', [finding({ column: 15 })], 1],
    ['wrong severity', [finding({ severity: 'info' })], 1],
    ['wrong severed names', [finding({ severed: ['zMean'] })], 1],
    ['extra finding', [finding({}), finding({ ruleId: 'host-round-trip' })], 1],
  ])('%s', (_name, actual, problems) => {
    expect(lib.compareFindings(vae, actual as object[])).toHaveLength(problems as number);
  });

  const graph = (o: object) => ({
    version: 1,
    runtime: 'plain',
    output: { value: 1.5 },
    params: [
      { name: 'mu', value: 0.5, grad: null },
      { name: 'logSigma', value: -1, grad: 1 },
    ],
    edges: [{ from: 'n1', to: 'n2', kind: 'severed' }],
    gradcheck: [
      { param: 'mu', reverse: null, finiteDiff: -2.1 },
      { param: 'logSigma', reverse: 1, finiteDiff: 0.4 },
    ],
    error: null,
    ...o,
  });
  const severedExp = { entry: 'elbo', ok: true, runtime: 'plain', severedEdges: 'some', paramsWithoutGrad: ['mu'], paramsWithGrad: ['logSigma'], gradcheckDisagree: ['mu', 'logSigma'] };

  it.each([
    ['matching severed trace', graph({}), 0, 0],
    ['user code threw', graph({ error: { message: 'boom', loc: null } }), 1, 1],
    ['non-finite output', graph({ output: { value: null } }), 0, 1],
    ['tensor summary output', graph({ output: { value: { shape: [], dtype: 'float32', first: [1], mean: 1, min: 1, max: 1 } } }), 0, 0],
    ['no severed edge', graph({ edges: [] }), 0, 1],
    ['mu has a gradient', graph({ params: [{ name: 'mu', value: 0.5, grad: 3 }, { name: 'logSigma', value: -1, grad: 1 }] }), 0, 1],
    ['gradcheck agrees for logSigma', graph({ gradcheck: [{ param: 'mu', reverse: null, finiteDiff: -2 }, { param: 'logSigma', reverse: 0.4, finiteDiff: 0.4 }] }), 0, 1],
    ['wrong runtime', graph({ runtime: 'tfjs' }), 0, 1],
  ])('%s', (_name, g, exit, problems) => {
    expect(lib.compareTrace(severedExp, g, exit as number)).toHaveLength(problems as number);
  });

  it('reports a missing graph', () => {
    expect(lib.compareTrace(severedExp, null, 2)).toHaveLength(1);
  });

  const picked = (o: object) => ({ ...graph({}), entry: 'elbo', nodes: [{ id: 'n1' }], ...o });
  it.each([
    ['picked the stated entry, same loss', picked({}), 0, 0],
    ['picked another entry', picked({ entry: 'logJoint' }), 0, 1],
    ['empty page with exit 0', picked({ nodes: [], params: [], output: null }), 0, 3],
    ['exit 1 with the hint', null, 1, 1],
    ['no gradient at all', picked({ params: [{ name: 'mu', value: 0.5, grad: null }] }), 0, 1],
    ['a different loss than with --entry', picked({ output: { value: 1.6 } }), 0, 1],
  ])('without --entry: %s', (_name, g, exit, problems) => {
    expect(lib.comparePicked(severedExp, g, exit as number, graph({}))).toHaveLength(problems as number);
  });
});
