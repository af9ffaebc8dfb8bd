/**
 * `pathwise trace` without `--entry`: the real CLI command with the real tracer child process runs
 * the entry `pickEntry` chooses (the editor's choice) on the shipped examples, and exits 1 with the
 * hint instead of printing an empty graph when nothing computes a gradient.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceCommand } from '../../../src/cli/trace';
import { DEFAULT_TRACE_SEED } from '../../../src/core/config';
import { ROOT, runnerPath } from '../tracer/runner-bundle';

function sink() {
  const o = { out: '', err: '' };
  return { o, io: { stdout: (s: string) => void (o.out += s), stderr: (s: string) => void (o.err += s), cwd: ROOT } };
}

/** A scratch folder inside the repository (so `@tensorflow/tfjs` resolves, and outside node_modules, which is never instrumented). */
const SCRATCH = path.join(ROOT, `.pw-entry-test-${process.pid}`);
afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

function scratch(name: string, text: string): string {
  fs.mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, name);
  fs.writeFileSync(file, text);
  return path.relative(ROOT, file);
}

describe('pathwise trace without --entry', () => {
  it('traces the picked entry of a plain example with the editor seed, same numbers as naming it', async () => {
    const a = sink();
    expect(await traceCommand(['examples/scalar-vi/severed.ts'], a.io, { runnerPath: runnerPath() })).toBe(0);
    const picked = JSON.parse(a.o.out);
    expect(picked).toMatchObject({ entry: 'elbo', seed: DEFAULT_TRACE_SEED, runtime: 'plain', error: null });
    expect(picked.notes[0]).toMatch(/^entry picked: elbo/);
    const b = sink();
    expect(await traceCommand(['examples/scalar-vi/severed.ts', '--entry', 'elbo', '--seed', String(DEFAULT_TRACE_SEED)], b.io, { runnerPath: runnerPath() })).toBe(0);
    const named = JSON.parse(b.o.out);
    expect(picked.output.value).toBe(named.output.value);
    expect(picked.params).toEqual(named.params);
    expect(picked.params.find((p: { name: string }) => p.name === 'mu').grad).toBeNull(); // the severed path
  });

  it('traces the tfjs VAE through the objective its training loop minimizes', async () => {
    const { o, io } = sink();
    expect(await traceCommand(['examples/vae-tfjs/severed.ts'], io, { runnerPath: runnerPath() })).toBe(0);
    const g = JSON.parse(o.out);
    expect(g).toMatchObject({ entry: 'loss', runtime: 'tfjs', error: null });
    expect(g.nodes.length).toBeGreaterThan(10);
    expect(g.params.length).toBeGreaterThan(0);
    expect(g.params.every((p: { grad: unknown }) => p.grad !== null)).toBe(true);
    expect(g.edges.some((e: { kind: string }) => e.kind === 'severed')).toBe(true);
  });

  it('builds a tensor input from the module data when the parameter has no default', async () => {
    const file = scratch('tensor-input.ts', [
      "import * as tf from '@tensorflow/tfjs';",
      "void tf.setBackend('cpu');",
      'const B = 8; const D = 3;',
      'const data = tf.randomNormal([B, D]) as tf.Tensor2D;',
      "const w = tf.variable(tf.ones([D, 1]), true, 'w');",
      'export function loss(x: tf.Tensor2D): tf.Scalar { return tf.sum(x.matMul(w).square()) as tf.Scalar; }',
      '',
    ].join('\n'));
    const { o, io } = sink();
    expect(await traceCommand([file], io, { runnerPath: runnerPath() })).toBe(0);
    const g = JSON.parse(o.out);
    expect(g).toMatchObject({ entry: 'loss', runtime: 'tfjs', error: null });
    const w = g.params.find((p: { name: string }) => p.name === 'w');
    expect(w.grad).not.toBeNull();
    expect(Number.isFinite(g.output.value.mean ?? g.output.value)).toBe(true);
  });

  it('exits 1 with the hint when every entry needs arguments and the module calls none', async () => {
    const file = scratch('needs-args.ts', 'export function loss(mu: number, s: number) { return mu * s; }\nexport const elbo = (mu: number) => -mu * mu;\n');
    const { o, io } = sink();
    expect(await traceCommand([file], io, { runnerPath: runnerPath() })).toBe(1);
    expect(JSON.parse(o.out).nodes).toEqual([]);
    expect(o.err).toBe(`pathwise trace: ${file}: no gradient context was called; pass --entry NAME (candidates: loss, elbo)\n`);
  });

  it('still runs the module when no entry starts by itself (a main() the analysis cannot see calls one)', async () => {
    const file = scratch('main-calls.ts', 'export function loss(mu: number) { return mu * mu * mu; }\nfunction main() { return loss(2); }\nmain();\n');
    const { o, io } = sink();
    expect(await traceCommand([file], io, { runnerPath: runnerPath() })).toBe(0);
    const g = JSON.parse(o.out);
    expect(g.params[0]).toMatchObject({ name: 'mu', value: 2, grad: 12 });
  });

  it('exits 1 with the hint when the module ran but computed no gradient', async () => {
    const file = scratch('never-called.ts', 'export function loss(mu: number) { return mu * mu; }\nif (Date.now() < 0) loss(1);\n');
    const { o, io } = sink();
    expect(await traceCommand([file], io, { runnerPath: runnerPath() })).toBe(1);
    expect(JSON.parse(o.out).nodes).toEqual([]);
    expect(o.err).toContain('no gradient context was called; pass --entry NAME (candidates: loss)');
  });
});
