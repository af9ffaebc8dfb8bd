import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTrace } from '../../../src/tracer/host';
import { traceCommand } from '../../../src/cli/trace';
import { TRACER_V8_FLAGS } from '../../../src/tracer/v8-flags';
import { FIXTURES, ROOT, runnerPath } from './runner-bundle';

const fx = (f: string) => path.join(FIXTURES, f);

describe('runTrace end to end (real child process, esbuild bundle, source locations)', () => {
  it('traces a severed d3-random sampler: grad null, severed edges, finite differences disagree', async () => {
    const out: string[] = [];
    const g = await runTrace({
      file: fx('severed-normal.ts'), entry: 'loss', args: { mu: 0.5, sigma: 1.2 }, seed: 7,
      runnerPath: runnerPath(), onConsole: (s, t) => out.push(`${s}:${t}`),
    });
    expect(g.error).toBeNull();
    expect(g.runtime).toBe('plain');
    expect(g.seed).toBe(7);
    expect(g.params.map((p) => [p.name, p.grad])).toEqual([['mu', null], ['sigma', null], ['target', expect.any(Number)]]);
    const sample = g.nodes.find((n) => n.kind === 'sample')!;
    expect(sample.loc).toMatchObject({ line: 5, column: 13, fn: 'loss' });
    expect(g.edges).toContainEqual({ from: 'n0', to: sample.id, kind: 'severed' });
    expect(g.edges).toContainEqual({ from: 'n1', to: sample.id, kind: 'severed' });
    const mu = g.gradcheck.find((r) => r.param === 'mu')!;
    expect(mu.reverse).toBeNull();
    expect(Math.abs(mu.finiteDiff)).toBeGreaterThan(0.01);
    // The user's console output arrives once (gradient-check re-runs are silent), not in the protocol.
    expect(out.join('')).toMatch(/^stdout:sampled z=-?\d\.\d{4}\n$/);
  });

  it('runs the user code with the tracer V8 options (the benchmark measures the same)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-trace-'));
    const file = path.join(dir, 'flags.ts');
    fs.writeFileSync(file, 'export function loss(w: number): number {\n  console.log(JSON.stringify(process.execArgv));\n  return w * w;\n}\n');
    const out: string[] = [];
    const g = await runTrace({ file, entry: 'loss', args: { w: 2 }, runnerPath: runnerPath(), onConsole: (_s, t) => out.push(t) });
    fs.rmSync(dir, { recursive: true });
    expect(g.error).toBeNull();
    expect(g.params[0].grad).toBe(4);
    const argv = JSON.parse(out.join('').trim().split('\n')[0]) as string[];
    expect(TRACER_V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of TRACER_V8_FLAGS) expect(argv).toContain(flag);
  });

  it('is deterministic for a given seed and differs across seeds', async () => {
    const run = (seed: number) => runTrace({ file: fx('severed-normal.ts'), entry: 'loss', args: { mu: 0.5, sigma: 1.2 }, seed, runnerPath: runnerPath() });
    const [a, b, c] = await Promise.all([run(3), run(3), run(4)]);
    expect(a.output?.value).toBe(b.output?.value);
    expect(a.output?.value).not.toBe(c.output?.value);
  });

  it('bundles local imports; gradients agree with finite differences on the reparameterized form', async () => {
    const g = await runTrace({ file: fx('reparameterized.ts'), entry: 'loss', args: { mu: 0.5, sigma: 1.2 }, seed: 7, runnerPath: runnerPath() });
    expect(g.error).toBeNull();
    const eps = g.nodes.find((n) => n.label === 'eps')!;
    expect(eps.kind).toBe('noise');
    const z = 0.5 + 1.2 * (eps.value as number);
    const grads = Object.fromEntries(g.params.map((p) => [p.name, p.grad as number]));
    expect(grads.mu).toBeCloseTo(2 * (z - 1), 9);
    expect(grads.sigma).toBeCloseTo(2 * (z - 1) * (eps.value as number), 9);
    for (const row of g.gradcheck) expect((row as { agree?: boolean }).agree, row.param).toBe(true);
    // The helper's multiplication is located in helpers.ts.
    const sq = g.nodes.find((n) => n.loc?.fn === 'square')!;
    expect(sq.loc).toMatchObject({ line: 2, file: fx('helpers.ts') });
  });

  it('without --entry traces every objective call and keeps the last one', async () => {
    const out: string[] = [];
    const g = await runTrace({ file: fx('training-loop.ts'), seed: 1, runnerPath: runnerPath(), onConsole: (_s, t) => out.push(t) });
    expect(g.error).toBeNull();
    expect(g.earlierCalls).toBe(4);
    expect(g.params.map((p) => p.name)).toEqual(['mu', 'logSigma']);
    expect(g.params[0].value).toBeCloseTo(0.4, 12);
    expect(out.join('')).toContain('step 4: elbo=');
    expect(g.gradcheck.length).toBe(2);
  });

  it('treats process.exit(0) in the program as the end of the run, and other codes as an error', async () => {
    const text = (code: number) => `function loss(w: number) { return w * w; }\nloss(3);\nprocess.exit(${code});\nloss(100);\n`;
    const ok = await runTrace({ file: fx('throws.ts'), text: text(0), runnerPath: runnerPath() });
    expect(ok.error).toBeNull();
    expect(ok.params[0]).toMatchObject({ name: 'w', value: 3, grad: 6 });
    expect(ok.notes).toContain('the program called process.exit(0)');
    const bad = await runTrace({ file: fx('throws.ts'), text: text(2), runnerPath: runnerPath() });
    expect(bad.error).toMatchObject({ reason: 'threw', message: 'the program exited with code 2', loc: { line: 3 } });
  });

  it('traces unsaved editor text instead of the file on disk', async () => {
    const text = 'export function loss(x: number): number {\n  return x * x * x;\n}\n';
    const g = await runTrace({ file: fx('throws.ts'), text, entry: 'loss', args: { x: 2 }, runnerPath: runnerPath() });
    expect(g.error).toBeNull();
    expect(g.params[0].grad).toBe(12);
  });
});

describe('pathwise trace (traceCommand)', () => {
  const io = () => {
    const o = { out: '', err: '' };
    return { o, io: { stdout: (s: string) => void (o.out += s), stderr: (s: string) => void (o.err += s), cwd: ROOT } };
  };

  it('prints the JSON graph and exits 0', async () => {
    const { o, io: sink } = io();
    const code = await traceCommand(['test/fixtures/trace/severed-normal.ts', '--entry', 'loss', '--args', '{"mu":0.5,"sigma":1.2}', '--seed', '7'], sink, { runnerPath: runnerPath() });
    expect(code).toBe(0);
    const g = JSON.parse(o.out);
    expect(g).toMatchObject({ version: 1, file: 'test/fixtures/trace/severed-normal.ts', entry: 'loss', seed: 7, runtime: 'plain', error: null });
    expect(o.err).toContain('sampled z=');
  });

  it('exits 1 for a throwing model, still writing the partial graph with the error location', async () => {
    const { o, io: sink } = io();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-trace-'));
    const outFile = path.join(dir, 'g.json');
    const code = await traceCommand(['test/fixtures/trace/throws.ts', '--entry', 'loss', '--args', '{"mu":0.5,"sigma":1}', '--out', outFile], sink, { runnerPath: runnerPath() });
    expect(code).toBe(1);
    const g = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    expect(g.error).toMatchObject({ reason: 'threw', loc: { line: 6, column: 11 } });
    expect(g.nodes.length).toBeGreaterThan(2);
    expect(o.err).toMatch(/throws\.ts:6:11: threw: Error: model diverged/);
    fs.rmSync(dir, { recursive: true });
  });

  it('exits 1 with reason timeout for an endless loop (--timeout)', async () => {
    const { o, io: sink } = io();
    const code = await traceCommand(['test/fixtures/trace/endless-loop.ts', '--entry', 'loss', '--timeout', '1500'], sink, { runnerPath: runnerPath() });
    expect(code).toBe(1);
    expect(JSON.parse(o.out).error.reason).toBe('timeout');
  });

  it.each([
    [['--entry'], /--entry/],
    [['test/fixtures/trace/throws.ts', '--args', '{bad'], /--args is not valid JSON/],
    [['test/fixtures/trace/throws.ts', '--format', 'svg'], /--format must be json, mermaid or html/],
    [['test/fixtures/trace/throws.ts', '--seed', 'abc'], /--seed must be an integer/],
    [['test/fixtures/trace/nope.ts'], /no such file/],
    [[], /missing <file>/],
    [['test/fixtures/trace/throws.ts', '--entry', 'nope'], /no top-level function named "nope" \(functions: loss\)/],
    [['test/fixtures/trace/throws.ts', '--entry', 'loss', '--args', '{"mux":1}'], /loss has no parameter named "mux" \(parameters: mu, sigma\)/],
  ])('exits 2 on usage errors: %j', async (argv, message) => {
    const { o, io: sink } = io();
    expect(await traceCommand(argv, sink, { runnerPath: runnerPath() })).toBe(2);
    expect(o.err).toMatch(message);
    expect(o.out).toBe('');
  });

  it('prints mermaid flowchart text with --format mermaid', async () => {
    const { o, io: sink } = io();
    const code = await traceCommand(['test/fixtures/trace/severed-normal.ts', '--entry', 'loss', '--args', '{"mu":0.5,"sigma":1.2}', '--format', 'mermaid'], sink, { runnerPath: runnerPath() });
    expect(code).toBe(0);
    expect(o.out).toMatch(/^flowchart/m);
  });
});

describe('code that does not build', () => {
  it('reports a syntax error at its original line and column', async () => {
    const text = 'export function loss(x: number) {\n  const y = x * 2;\n  return y * ;\n}\n';
    const g = await runTrace({ file: fx('throws.ts'), text, entry: 'loss', args: { x: 1 }, runnerPath: runnerPath() });
    expect(g.error).toMatchObject({ reason: 'threw', loc: { line: 3, column: 14 } });
    expect(g.error?.message).toMatch(/^syntax error: Expression expected/);
  });

  it('reports an unresolvable local import', async () => {
    const text = "import { nope } from './does-not-exist';\nexport function loss(x: number) { return nope(x); }\n";
    const g = await runTrace({ file: fx('throws.ts'), text, entry: 'loss', args: { x: 1 }, runnerPath: runnerPath() });
    expect(g.error?.message).toMatch(/Could not resolve "\.\/does-not-exist"/);
  });
});
