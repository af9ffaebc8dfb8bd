/**
 * Hierarchy, names and locations of graphs traced the way a user traces them: `runTrace` (the real
 * tracer child process, real tfjs, the source-map mapper and the source names) on the shipped VAE
 * example, on an LSTM that logs its loss after computing it, and on plain code in two functions.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraphNode, TraceGraph } from '../../../src/core/graph/model';
import { runTrace } from '../../../src/tracer/host';
import { ROOT, runnerPath } from '../tracer/runner-bundle';

const FIXTURES = path.join(__dirname, 'fixtures');
const trace = (file: string, entry: string, args?: Record<string, unknown>) =>
  runTrace({ file, entry, args, seed: 7, timeoutMs: 60_000, runnerPath: runnerPath() });
const groupOf = (n: GraphNode) => (n.group ?? []).join(' / ');
const labelOf = (g: TraceGraph, id: string) => g.nodes.find((n) => n.id === id)?.label ?? id;
function count(g: TraceGraph, pick: (n: GraphNode) => boolean = () => true): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of g.nodes) if (pick(n)) out[groupOf(n)] = (out[groupOf(n)] ?? 0) + 1;
  return out;
}

describe('traced through the real tracer', () => {
  it('the shipped VAE example: encoder and decoder layers, weights by layer, the user\'s names, the cut', async () => {
    const g = await trace(path.join(ROOT, 'examples/vae-tfjs/severed.ts'), 'loss');
    expect(g.error).toBeNull();
    expect(count(g, (n) => n.kind === 'param')).toEqual({
      'model:sequential_1 / layer:dense_Dense1': 2,
      'model:sequential_1 / layer:dense_Dense2': 2,
      'model:sequential_2 / layer:dense_Dense3': 2,
      'model:sequential_2 / layer:dense_Dense4': 2,
    });
    expect(g.params.map((p) => p.name).sort()).toEqual(
      [1, 2, 3, 4].flatMap((i) => [`dense_Dense${i}/bias`, `dense_Dense${i}/kernel`]),
    );
    const ops = count(g, (n) => n.kind === 'op' || n.kind === 'output' || n.kind === 'sample');
    expect(Object.keys(ops).sort()).toEqual([
      'model:sequential_1 / layer:dense_Dense1', 'model:sequential_1 / layer:dense_Dense2',
      'model:sequential_2 / layer:dense_Dense3', 'model:sequential_2 / layer:dense_Dense4',
      'module:severed.ts / fn:loss',
    ]);
    const named = (label: string) => g.nodes.filter((n) => n.label === label).map((n) => [n.op, groupOf(n)]);
    expect(named('zMean')).toEqual([['SplitV', 'module:severed.ts / fn:loss']]);
    expect(named('zLogVar')).toEqual([['SplitV', 'module:severed.ts / fn:loss']]);
    expect(named('xHat')).toEqual([['fusedMatMul', 'model:sequential_2 / layer:dense_Dense4']]);
    const severed = g.edges.filter((e) => e.kind === 'severed').map((e) => `${labelOf(g, e.from)} -?-> ${labelOf(g, e.to)}`).sort();
    expect(severed).toEqual([
      'zLogVar -?-> zLogVar.dataSync()', 'zLogVar.dataSync() -?-> z',
      'zMean -?-> zMean.dataSync()', 'zMean.dataSync() -?-> z',
    ]);
    // Every node the loss computes has its line in severed.ts (only the data tensor, made before tracing, has none).
    expect(g.nodes.filter((n) => !n.loc).map((n) => n.kind)).toEqual(['input']);
  }, 90_000);

  it('an LSTM that logs its loss: cell ops under the layer, located, and no cut drawn for the log', async () => {
    const g = await trace(path.join(FIXTURES, 'lstm-logged.ts'), 'loss');
    expect(g.error).toBeNull();
    const ops = count(g, (n) => n.kind === 'op' || n.kind === 'output');
    expect(ops['model:sequential_1 / layer:lstm_LSTM1']).toBeGreaterThan(300);
    expect(ops['model:sequential_1 / layer:dense_Dense1']).toBeGreaterThan(0);
    expect(Object.keys(ops).sort()).toEqual(['model:sequential_1 / layer:dense_Dense1', 'model:sequential_1 / layer:lstm_LSTM1', 'module:lstm-logged.ts / fn:loss']);
    expect(g.nodes.filter((n) => n.loc).length / g.nodes.length).toBeGreaterThan(0.99);
    expect(g.params.map((p) => p.name)).toEqual(['lstm_LSTM1/kernel', 'lstm_LSTM1/recurrent_kernel', 'lstm_LSTM1/bias', 'dense_Dense1/kernel', 'dense_Dense1/bias']);
    expect(g.edges.filter((e) => e.kind === 'severed')).toEqual([]);
    expect(g.nodes.filter((n) => n.kind === 'host')).toEqual([]);
    expect(g.nodes.find((n) => n.kind === 'output')!.label).toBe('err');
  }, 90_000);

  it('plain code: nodes grouped by module and function', async () => {
    const g = await trace(path.join(FIXTURES, 'plain-modules.ts'), 'loss', { mu: 2 });
    expect(g.error).toBeNull();
    expect(g.runtime).toBe('plain');
    const groups = count(g, (n) => n.kind === 'op' || n.kind === 'output');
    expect(Object.keys(groups).sort()).toEqual(['module:plain-modules.ts / fn:loss', 'module:plain-modules.ts / fn:square']);
    expect(groups['module:plain-modules.ts / fn:square']).toBe(2); // v * v, once per call
    expect(groupOf(g.nodes.find((n) => n.kind === 'output')!)).toBe('module:plain-modules.ts / fn:loss');
    expect(g.output!.value).toBeCloseTo(1 + 1, 12);
  }, 90_000);
});
