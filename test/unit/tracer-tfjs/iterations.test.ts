/**
 * Loop iterations folded from the data (`foldIterations`): a table of small graphs with the folds
 * each must (and must not) get, then a real LSTM recorded with real tfjs, whose steps fold into one
 * step per layer while the two matMuls of a step stay apart.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeKind, GraphNode, NodeKind } from '../../../src/core/graph/model';
import { foldIterations } from '../../../src/core/graph/iterations';
import { installTfjsRecorder, type TfjsRecorder } from '../../../src/tracer/tfjs/index';
import { cpu, testFileMapper, tf } from './helpers';

/** `[id, kind, op, line, group?]` (label = op). */
type N = [string, NodeKind, string, number, string?];

function graph(nodes: N[], edges: [string, string, EdgeKind?][]) {
  return {
    nodes: nodes.map(([id, kind, op, line, group]): GraphNode => ({
      id, kind, op, label: op, value: null, grad: null, shape: null, loc: { line, column: 1 },
      ...(group ? { group: group.split('/') } : {}),
    })),
    edges: edges.map(([from, to, kind]) => ({ from, to, kind: kind ?? ('grad' as EdgeKind) })),
  };
}

interface Case {
  name: string;
  nodes: N[];
  edges: [string, string, EdgeKind?][];
  /** Folded graph: node id → repeat (every surviving node listed). */
  folded: Record<string, number>;
  foldedEdges?: string[];
}

const CASES: Case[] = [
  {
    name: 'a plain loop body folds into one node per op, with the count',
    nodes: [['w', 'param', 'param', 1], ['m1', 'op', 'mul', 3], ['a1', 'op', 'add', 3], ['m2', 'op', 'mul', 3], ['a2', 'op', 'add', 3], ['m3', 'op', 'mul', 3], ['a3', 'op', 'add', 3], ['out', 'output', 'output', 5]],
    edges: [['w', 'm1'], ['m1', 'a1'], ['w', 'm2'], ['a1', 'a2'], ['m2', 'a2'], ['w', 'm3'], ['a2', 'a3'], ['m3', 'a3'], ['a3', 'out']],
    // a1 reads only m1; a2 and a3 also read the previous sum: the first iteration stays apart.
    folded: { w: 1, m1: 3, a1: 1, a2: 2, out: 1 },
    foldedEdges: ['w>m1', 'm1>a1', 'a1>a2', 'm1>a2', 'a2>out'],
  },
  {
    name: 'two dense layers applied by one model call (same position and op) do not fold together',
    nodes: [
      ['k1', 'param', 'variable', 1, 'model:m/layer:d1'], ['k2', 'param', 'variable', 1, 'model:m/layer:d2'], ['x', 'input', 'tensor', 2],
      ['mm1', 'op', 'matMul', 9, 'model:m/layer:d1'], ['r1', 'op', 'relu', 9, 'model:m/layer:d1'],
      ['mm2', 'op', 'matMul', 9, 'model:m/layer:d2'], ['r2', 'op', 'relu', 9, 'model:m/layer:d2'],
    ],
    edges: [['x', 'mm1'], ['k1', 'mm1'], ['mm1', 'r1'], ['r1', 'mm2'], ['k2', 'mm2'], ['mm2', 'r2']],
    folded: { k1: 1, k2: 1, x: 1, mm1: 1, r1: 1, mm2: 1, r2: 1 },
  },
  {
    name: 'ops of one layer at one position that read different weights (x·W, h·U) stay apart',
    nodes: [['W', 'param', 'variable', 1, 'layer:lstm'], ['U', 'param', 'variable', 1, 'layer:lstm'], ['x', 'op', 'slice', 9, 'layer:lstm'], ['h', 'op', 'mul', 9, 'layer:lstm'], ['xw', 'op', 'matMul', 9, 'layer:lstm'], ['hu', 'op', 'matMul', 9, 'layer:lstm']],
    edges: [['x', 'xw'], ['W', 'xw'], ['h', 'hu'], ['U', 'hu']],
    folded: { W: 1, U: 1, x: 1, h: 1, xw: 1, hu: 1 },
  },
  {
    name: 'nodes without a location, parameters and the output never fold',
    nodes: [['p', 'param', 'param', 1], ['q', 'param', 'param', 1], ['o', 'output', 'output', 2]],
    edges: [['p', 'o'], ['q', 'o']],
    folded: { p: 1, q: 1, o: 1 },
  },
];

describe('foldIterations: table', () => {
  it.each(CASES)('$name', ({ nodes, edges, folded, foldedEdges }) => {
    const g = graph(nodes, edges);
    const f = foldIterations(g);
    expect(Object.fromEntries(f.nodes.map((n) => [n.id, n.repeat ?? 1]))).toEqual(folded);
    if (foldedEdges) expect(f.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual([...foldedEdges].sort());
    // The input graph is left as it was.
    expect(g.nodes.every((n) => n.repeat === undefined)).toBe(true);
  });
});

describe('a real LSTM (tf.layers.lstm, real tfjs)', () => {
  let recorder: TfjsRecorder | null = null;
  beforeAll(cpu);
  afterEach(() => {
    recorder?.uninstall();
    recorder = null;
  });

  it('folds its steps into one step of the layer; the two matMuls of a step stay apart', () => {
    recorder = installTfjsRecorder(tf, { file: '/w/model.ts', sourceMapper: testFileMapper });
    const steps = 8;
    const model = tf.sequential({ name: 'rnn', layers: [tf.layers.lstm({ units: 3, inputShape: [steps, 2], name: 'cell' }), tf.layers.dense({ units: 1, name: 'out' })] });
    const x = tf.randomNormal([2, steps, 2], 0, 1, 'float32', 5);
    const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    function loss() {
      return tf.sum(model.apply(x) as tf.Tensor) as tf.Scalar;
    }
    const { value, grads } = tf.variableGrads(loss, vars);
    tf.dispose([value, ...Object.values(grads)]);
    const g = recorder.finish()! as { nodes: GraphNode[]; edges: { from: string; to: string; kind: EdgeKind }[] };
    const inCell = (n: GraphNode) => n.group?.at(-1) === 'layer:cell';
    const before = g.nodes.filter(inCell).length;
    const f = foldIterations(g);
    const after = f.nodes.filter(inCell);
    expect(before).toBeGreaterThan(steps * 20);
    expect(after.length).toBeLessThan(before / (steps / 2));
    // Every step's ops are counted once: the repeats add up to the nodes folded.
    expect(after.reduce((s, n) => s + (n.repeat ?? 1), 0)).toBe(before);
    expect(Math.max(...after.map((n) => n.repeat ?? 1))).toBeGreaterThanOrEqual(steps - 1);
    const matMuls = after.filter((n) => /MatMul/i.test(n.op) && (n.repeat ?? 1) >= steps - 1);
    expect(matMuls.length).toBeGreaterThanOrEqual(2);
    // The dense layer after it is not folded into the LSTM.
    expect(f.nodes.filter((n) => n.group?.at(-1) === 'layer:out').every((n) => (n.repeat ?? 1) === 1)).toBe(true);
    tf.dispose([x]);
    model.dispose();
  });
});
