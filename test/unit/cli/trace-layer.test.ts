/**
 * `pathwise trace --entry Class.call` on tfjs Layers, with the real CLI command and the real tracer
 * child process: the layer starts as its CodeLens starts it (inferred inputs and constructor
 * arguments), `--args` on top; what cannot be inferred is a usage error (exit 2) with the JSON to
 * pass; without `--entry` a file whose only gradient context is a layer traces that layer.
 */
import { describe, expect, it } from 'vitest';
import { traceCommand } from '../../../src/cli/trace';
import { ROOT, runnerPath } from '../tracer/runner-bundle';

const DIR = 'test/fixtures/trace/layers';

async function trace(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = { out: '', err: '' };
  const io = { stdout: (s: string) => void (o.out += s), stderr: (s: string) => void (o.err += s), cwd: ROOT };
  const code = await traceCommand(argv, io, { runnerPath: runnerPath() });
  return { code, ...o };
}

describe('pathwise trace on a Layer call()', () => {
  // argv, exit code, entry in the graph, input shapes, first note (when picked)
  const runs: [string[], string, number[][], RegExp | null][] = [
    [[`${DIR}/z-layer.ts`, '--entry', 'ZLayer.call'], 'ZLayer.call', [[2, 3], [2, 3]], null],
    [[`${DIR}/z-layer.ts`, '--entry', 'ZLayer.call', '--args', '{"inputs":[{"$tensor":{"shape":[5,3]}},{"$tensor":{"shape":[5,3]}}]}'], 'ZLayer.call', [[5, 3], [5, 3]], null],
    [[`${DIR}/z-layer.ts`], 'ZLayer.call', [[2, 3], [2, 3]], /^entry picked: ZLayer\.call \(ZLayer\.call is the only gradient context that starts by itself/],
    [[`${DIR}/needs-config.ts`, '--entry', 'Widen.call', '--args', '{"$new":[{"factor":3}],"inputs":{"$tensor":{"shape":[2,2]}}}'], 'Widen.call', [[2, 2]], null],
  ];
  it.each(runs)('%j exits 0 with the layer traced', async (argv, entry, inputShapes, note) => {
    const r = await trace(argv);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.out);
    expect(g).toMatchObject({ entry, runtime: 'tfjs', error: null });
    expect(g.nodes.filter((n: { op: string }) => n.op === 'argument').map((n: { shape: number[] }) => n.shape)).toEqual(inputShapes);
    expect(g.nodes.some((n: { loc?: { fn?: string }; grad: unknown }) => n.loc?.fn === entry && n.grad !== null)).toBe(true);
    if (note) expect(g.notes[0]).toMatch(note);
  });

  // argv, exit code, stderr's first line
  const refusals: [string[], number, string][] = [
    [[`${DIR}/needs-config.ts`, '--entry', 'Widen.call'], 2,
      `pathwise trace: Widen.call needs "$new" (its constructor reads a config) and "inputs" (no input shape could be inferred from the module); pass --args '{"$new":[{"factor":1}],"inputs":{"$tensor":{"shape":[2,4]}}}'`],
    [[`${DIR}/needs-config.ts`, '--entry', 'Widen.call', '--args', '{"$new":[{"factor":2}]}'], 2,
      `pathwise trace: Widen.call needs "inputs" (no input shape could be inferred from the module); pass --args '{"$new":[{"factor":2}],"inputs":{"$tensor":{"shape":[2,4]}}}'`],
    [[`${DIR}/z-layer.ts`, '--entry', 'ZLayer.fit'], 2, 'pathwise trace: no top-level class method named "ZLayer.fit" (methods: ZLayer.computeOutputShape, ZLayer.call)'],
    [[`${DIR}/z-layer.ts`, '--entry', 'ZLayer.call', '--args', '{"x":1}'], 2, 'pathwise trace: ZLayer.call has no parameter named "x" (parameters: inputs, $new)'],
    [[`${DIR}/z-layer.ts`, '--entry', 'a.b.c'], 2, 'pathwise trace: --entry must be a function name or Class.method'],
    [[`${DIR}/needs-config.ts`], 1, `pathwise trace: ${DIR}/needs-config.ts: no gradient context was called; pass --entry NAME (candidates: Widen.call)`],
  ];
  it.each(refusals)('%j exits %i and says what to pass', async (argv, code, first) => {
    const r = await trace(argv);
    expect(r.code).toBe(code);
    expect(r.err.split('\n').filter((l) => l.startsWith('pathwise trace:'))[0]).toBe(first);
  });
});
