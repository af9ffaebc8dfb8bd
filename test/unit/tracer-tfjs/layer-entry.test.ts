/**
 * Tracing a tfjs Layer's call() (`--entry Class.call`) through the real tracer child process and
 * real tfjs: the layer is constructed (no arguments, or `$new`), applied to inputs built from the
 * shapes the entry listing inferred (or given), inside a gradient context, so its own ops, its
 * weights (made in build()) and its inputs carry values and ∂ values; a host read inside call()
 * shows as a severed edge with values. Fixtures: test/fixtures/trace/layers.
 */
import fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraphNode, TraceGraph } from '../../../src/core/graph/model';
import { listEntries } from '../../../src/core/entries';
import { runTrace } from '../../../src/tracer/host';
import { ROOT, runnerPath } from '../tracer/runner-bundle';

const LAYERS = path.join(ROOT, 'test/fixtures/trace/layers');
const t = (...shape: number[]) => ({ $tensor: { shape } });

/** The arguments the CodeLens of `entry` starts with. */
const listedArgs = (abs: string, entry: string) => listEntries(abs, fs.readFileSync(abs, 'utf8')).entries.find((e) => e.callable === entry)?.args ?? {};

/** Traces `entry` of `file` with the arguments its CodeLens starts with, `extra` on top. */
async function traceLayer(file: string, entry: string, extra: Record<string, unknown> = {}): Promise<TraceGraph> {
  const abs = path.join(LAYERS, file);
  return runTrace({ file: abs, entry, args: { ...listedArgs(abs, entry), ...extra }, seed: 7, timeoutMs: 60_000, runnerPath: runnerPath() });
}

const own = (g: TraceGraph, entry: string) => g.nodes.filter((n) => n.loc?.fn === entry && n.kind !== 'host');
const shapeOf = (n: GraphNode | undefined) => n?.shape;

describe('tracing a Layer call()', () => {
  // file, entry, extra args, ops of the layer's own (sorted), parameters (weights by their last name, then
  // the inputs) — all with a gradient —, input shapes, output shape
  const cases: [string, string, Record<string, unknown>, string[], string[], number[][], number[]][] = [
    ['z-layer.ts', 'ZLayer.call', {}, ['Add', 'Exp', 'Multiply', 'Multiply', 'randomNormal'], ['inputs[0]', 'inputs[1]'], [[2, 3], [2, 3]], [2, 3]],
    ['scale-layer.js', 'Scale.call', {}, ['BatchMatMul', 'Mean', 'Multiply', 'randomNormal'], ['inputs', 'kernel'], [[4, 3]], [4, 2]],
    ['gated-layer.ts', 'Gated.call', { kwargs: { training: false } }, ['Multiply', 'Sigmoid'], ['gate', 'inputs'], [[2, 5]], [2, 5]],
    ['gated-layer.ts', 'Gated.call', { kwargs: { training: true } }, ['Add', 'Floor', 'Multiply', 'Multiply', 'RealDiv', 'Sigmoid', 'randomUniform'], ['gate', 'inputs'], [[2, 5]], [2, 5]],
    ['needs-config.ts', 'Widen.call', { $new: [{ factor: 2 }], inputs: t(3, 2) }, ['Square', 'Tile'], ['inputs'], [[3, 2]], [3, 4]],
    ['registered-main.ts', 'Shift.call', { inputs: [t(2, 2)] }, ['Add', 'Exp'], ['inputs[0]'], [[2, 2]], [2, 2]],
  ];
  it.each(cases)('%s %s %j', async (file, entry, extra, ops, weights, inputShapes, outShape) => {
    const g = await traceLayer(file, entry, extra);
    expect(g.error).toBeNull();
    expect(g.runtime).toBe('tfjs');
    const layerOps = own(g, entry).filter((n) => n.kind !== 'input' && n.kind !== 'param' && n.op !== 'const');
    expect(layerOps.map((n) => n.op).sort()).toEqual(ops);
    // Every op of the layer has a value; those on a gradient path have a gradient.
    expect(layerOps.every((n) => n.value !== null)).toBe(true);
    expect(layerOps.filter((n) => n.grad !== null).length).toBeGreaterThan(0);
    // The weights built in build() and the inputs are parameters with gradients.
    expect(g.params.map((p) => p.name.split('/').pop()).sort()).toEqual(weights);
    expect(g.params.every((p) => p.grad !== null)).toBe(true);
    // The inputs the tracer built have the inferred shapes, values and ∂ values.
    const inputs = g.nodes.filter((n) => n.op === 'argument');
    expect(inputs.map((n) => n.kind)).toEqual(inputShapes.map(() => 'param'));
    expect(inputs.map(shapeOf)).toEqual(inputShapes);
    expect(inputs.every((n) => n.value !== null && n.grad !== null)).toBe(true);
    expect(shapeOf(g.nodes.find((n) => n.kind === 'output'))).toEqual(outShape);
  });

  it('two inputs of one shape get different noise', async () => {
    const g = await traceLayer('z-layer.ts', 'ZLayer.call');
    const [a, b] = g.nodes.filter((n) => n.op === 'argument').map((n) => JSON.stringify(n.value));
    expect(a).not.toBe(b);
  });

  it('a dataSync() inside call() is a severed edge with the values on both sides', async () => {
    const g = await traceLayer('scale-layer.js', 'Scale.call');
    const host = g.nodes.find((n) => n.kind === 'host')!;
    expect(host.op).toBe('dataSync');
    const into = g.edges.filter((e) => e.kind === 'severed' && e.to === host.id).map((e) => g.nodes.find((n) => n.id === e.from)!);
    const out = g.edges.filter((e) => e.kind === 'severed' && e.from === host.id).map((e) => g.nodes.find((n) => n.id === e.to)!);
    expect(into.map((n) => n.op)).toEqual(['Mean']);
    expect(out.map((n) => n.op)).toEqual(['randomNormal']);
    expect(into[0].value).not.toBeNull();
    expect(host.value).not.toBeNull();
    expect(into[0].grad).toBeNull(); // the read mean gets no gradient through the sample's location
  });

  const severedEdges = (g: TraceGraph) => {
    const label = (id: string) => g.nodes.find((n) => n.id === id)!.label;
    return g.edges.filter((e) => e.kind === 'severed').map((e) => `${label(e.from)} ─?→ ${label(e.to)}`).sort();
  };

  it('a layer that returns the severed sample itself: inputs ─?→ dataSync ─?→ sample, the output; both inputs cut', async () => {
    const g = await traceLayer('severed-sample.ts', 'SevereZ.call', { inputs: [t(2, 2), t(2, 2)] });
    expect(g.error).toBeNull();
    expect(g.nodes.find((n) => n.kind === 'output')?.op).toBe('randomNormal');
    expect(severedEdges(g)).toEqual([
      'inputs[0] ─?→ zMean.dataSync()', 'inputs[1] ─?→ zLogVar.dataSync()',
      'zLogVar.dataSync() ─?→ randomNormal', 'zMean.dataSync() ─?→ randomNormal',
    ]);
    expect(g.params.map((p) => [p.name, p.grad])).toEqual([['inputs[0]', null], ['inputs[1]', null]]);
    expect(g.nodes.filter((n) => n.kind === 'host').every((n) => n.value !== null)).toBe(true);
  });

  it('the shipped example examples/vae-tfjs/sampling-layer.ts: zMean keeps its gradient, zLogVar is cut', async () => {
    const file = path.join(ROOT, 'examples/vae-tfjs/sampling-layer.ts');
    const g = await runTrace({ file, entry: 'ZLayer.call', args: listedArgs(file, 'ZLayer.call'), seed: 7, timeoutMs: 60_000, runnerPath: runnerPath() });
    expect(g.error).toBeNull();
    expect(severedEdges(g)).toEqual(['inputs[1] ─?→ zLogVar.dataSync()', 'zLogVar.dataSync() ─?→ noise']);
    expect(g.params.map((p) => [p.name, p.grad !== null])).toEqual([['inputs[0]', true], ['inputs[1]', false]]);
  });

  // file, entry, args, the error the user reads
  const problems: [string, string, Record<string, unknown>, RegExp][] = [
    ['needs-config.ts', 'Widen.call', {}, /could not construct Widen with no arguments \(.*\); give its constructor arguments as "\$new"/],
    ['needs-config.ts', 'Widen.call', { $new: [{ factor: 2 }] }, /Widen\.call needs its inputs: give them as \{"inputs": \{"\$tensor": \{"shape": \[2, 4\]\}\}\}/],
    ['z-layer.ts', 'Nope.call', {}, /no top-level, exported or registered class named "Nope" in z-layer\.ts/],
    ['z-layer.ts', 'ZLayer.fit', {}, /ZLayer has no method "fit"/],
  ];
  it.each(problems)('%s %s %j: says what to give', async (file, entry, args, message) => {
    const g = await runTrace({ file: path.join(LAYERS, file), entry, args, seed: 7, timeoutMs: 60_000, runnerPath: runnerPath() });
    expect(g.error?.message).toMatch(message);
    expect(g.nodes).toEqual([]);
  });
});
