/**
 * The hierarchy and names the recorder gives real tfjs models (in process, real tfjs on the CPU):
 * a table of models with the groups and labels each must get (layers and models from tfjs-layers,
 * named tidy scopes, the LSTM's cell ops under their layer, weights named and grouped by layer),
 * tensor norms of values and gradients, locations of kernels run deep in the stack, and host reads
 * after the loss (logging) not drawn as cuts while a real cut still is.
 */
import * as vm from 'node:vm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GraphNode, TensorSummary, TraceGraph } from '../../../src/core/graph/model';
import { installTfjsRecorder, type TfjsRecorder } from '../../../src/tracer/tfjs/index';
import { cpu, nodeByValue, testFileMapper, tf } from './helpers';

let recorder: TfjsRecorder | null = null;
const install = () => (recorder = installTfjsRecorder(tf, { file: '/w/model.ts', sourceMapper: testFileMapper }));
beforeAll(cpu);
afterEach(() => {
  recorder?.uninstall();
  recorder = null;
});

type Graph = Partial<TraceGraph>;
const path = (n: GraphNode | undefined) => (n?.group ?? []).join(' / ');
/** Distinct group paths of the op nodes, with how many ops each holds. */
function opGroups(g: Graph): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of g.nodes!) if (n.kind === 'op' || n.kind === 'output') out[path(n)] = (out[path(n)] ?? 0) + 1;
  return out;
}

/** Records one `tf.variableGrads(loss)` call over the model's trainable weights. */
function recordLoss(loss: () => tf.Scalar, vars: tf.Variable[]): Graph {
  install();
  const { value, grads } = tf.variableGrads(loss, vars);
  tf.dispose([value, ...Object.values(grads)]);
  return recorder!.finish()!;
}

const weights = (m: tf.LayersModel) => m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);

interface Case {
  name: string;
  run: () => Graph;
  /** Group path → minimum number of op nodes in it (each listed path must exist). */
  groups: Record<string, number>;
  /** Parameter label → its group path. */
  params: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'sequential MLP: each dense layer its own group under the model, weights with their layer',
    run: () => {
      const model = tf.sequential({
        name: 'mlp',
        layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 1, name: 'head' })],
      });
      const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
      function loss() {
        return tf.mean(tf.square(model.apply(x) as tf.Tensor)) as tf.Scalar;
      }
      return recordLoss(loss, weights(model));
    },
    groups: { 'model:mlp / layer:hidden': 3, 'model:mlp / layer:head': 1, 'module:model.ts / fn:loss': 2 },
    params: { 'hidden/kernel': 'model:mlp / layer:hidden', 'hidden/bias': 'model:mlp / layer:hidden', 'head/kernel': 'model:mlp / layer:head', 'head/bias': 'model:mlp / layer:head' },
  },
  {
    name: 'two models applied in one loss (a VAE encoder and decoder) stay apart',
    run: () => {
      const enc = tf.sequential({ name: 'enc', layers: [tf.layers.dense({ units: 2, inputShape: [4], name: 'encDense' })] });
      const dec = tf.sequential({ name: 'dec', layers: [tf.layers.dense({ units: 4, inputShape: [2], name: 'decDense' })] });
      const x = tf.randomNormal([3, 4], 0, 1, 'float32', 2);
      function loss() {
        return tf.mean(tf.square((dec.apply(enc.apply(x)) as tf.Tensor).sub(x))) as tf.Scalar;
      }
      return recordLoss(loss, [...weights(enc), ...weights(dec)]);
    },
    groups: { 'model:enc / layer:encDense': 1, 'model:dec / layer:decDense': 1, 'module:model.ts / fn:loss': 3 },
    params: { 'encDense/kernel': 'model:enc / layer:encDense', 'decDense/kernel': 'model:dec / layer:decDense' },
  },
  {
    name: "named tf.tidy scopes nest inside the user's function; automatic tfjs scopes do not appear",
    run: () => {
      const w = tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', 3), true, 'w');
      const x = tf.randomNormal([4, 3], 0, 1, 'float32', 4);
      function loss() {
        return tf.tidy('encoder', () => tf.tidy('proj', () => x.matMul(w)).relu().sum()) as tf.Scalar;
      }
      return recordLoss(loss, [w]);
    },
    groups: { 'module:model.ts / fn:loss / scope:encoder / scope:proj': 1, 'module:model.ts / fn:loss / scope:encoder': 2 },
    params: { w: 'module:model.ts / fn:run' },
  },
  {
    name: "an LSTM: every cell op of every step under the layer, and the layer's three weights with it",
    run: () => {
      const model = tf.sequential({
        name: 'rnn',
        layers: [tf.layers.lstm({ units: 3, inputShape: [6, 2], name: 'lstm' }), tf.layers.dense({ units: 1, name: 'out' })],
      });
      const x = tf.randomNormal([2, 6, 2], 0, 1, 'float32', 5);
      function loss() {
        return tf.sum(model.apply(x) as tf.Tensor) as tf.Scalar;
      }
      return recordLoss(loss, weights(model));
    },
    groups: { 'model:rnn / layer:lstm': 100, 'model:rnn / layer:out': 1, 'module:model.ts / fn:loss': 1 },
    params: { 'lstm/kernel': 'model:rnn / layer:lstm', 'lstm/recurrent_kernel': 'model:rnn / layer:lstm', 'lstm/bias': 'model:rnn / layer:lstm' },
  },
];

describe('hierarchy of real tfjs models', () => {
  it.each(CASES)('$name', ({ run, groups, params }) => {
    install(); // before the model is built, as in the tracer: variables get their creation site
    const g = run();
    const got = opGroups(g);
    for (const [p, min] of Object.entries(groups)) {
      expect(got[p], `ops in ${p} (got ${JSON.stringify(got)})`).toBeGreaterThanOrEqual(min);
    }
    // No op is left outside the paths the case names (nothing falls back to an ungrouped node).
    expect(Object.keys(got).filter((p) => !(p in groups))).toEqual([]);
    const paramNodes = g.nodes!.filter((n) => n.kind === 'param');
    expect(Object.fromEntries(paramNodes.filter((n) => n.label in params).map((n) => [n.label, path(n)]))).toEqual(params);
    expect(g.params!.map((p) => p.name)).toEqual(expect.arrayContaining(Object.keys(params)));
  });

  it('ops inside a layer are labelled by their kernel, qualified by the layer in detail', () => {
    const g = CASES[0].run();
    const relu = g.nodes!.find((n) => n.op === 'Relu')!;
    expect([relu.label, relu.detail, path(relu)]).toEqual(['relu', 'hidden/relu', 'model:mlp / layer:hidden']);
  });

  it('layers applied by model.fit are grouped under their model too, and training is unchanged', async () => {
    const fit = async () => {
      const model = tf.sequential({ name: 'fitModel', layers: [tf.layers.dense({ units: 3, inputShape: [2], name: 'fitDense', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) })] });
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
      const h = await model.fit(tf.ones([4, 2]), tf.zeros([4, 3]), { epochs: 2, batchSize: 4, verbose: 0, shuffle: false });
      model.dispose();
      return h.history.loss;
    };
    const plain = await fit();
    install();
    expect(await fit()).toEqual(plain);

    const g = recorder!.finish()!;
    // fit runs the layers through tfjs-layers' executor: the model is still their outer group.
    expect(opGroups(g)['model:fitModel / layer:fitDense']).toBeGreaterThan(0);
    const kernel = g.nodes!.find((n) => n.kind === 'param' && n.label.startsWith('fitDense/kernel'));
    expect(path(kernel)).toBe('model:fitModel / layer:fitDense');
  });
});

describe('layer hooks', () => {
  it('uninstall restores Layer.apply, makeTrainFunction and predictLoop', () => {
    const layerProto = tf.layers.Layer.prototype as unknown as Record<string, unknown>;
    const modelProto = tf.LayersModel.prototype as unknown as Record<string, unknown>;
    const names = ['makeTrainFunction', 'predictLoop'];
    const before = [layerProto.apply, ...names.map((n) => modelProto[n])];
    const r = installTfjsRecorder(tf, { file: '/w/model.ts', sourceMapper: testFileMapper });
    expect(layerProto.apply).not.toBe(before[0]);
    expect(names.map((n) => modelProto[n])).not.toEqual(before.slice(1));
    r.uninstall();
    expect([layerProto.apply, ...names.map((n) => modelProto[n])]).toEqual(before);
  });
});

describe('model.predict in an --entry call', () => {
  it('its layers sit under the model (predict runs them through the executor, too)', () => {
    install();
    const m = tf.sequential({ name: 'predModel', layers: [tf.layers.dense({ units: 2, inputShape: [3], name: 'predDense' })] });
    recorder!.beginContext('loss');
    const y = tf.sum(m.predict(tf.ones([4, 3])) as tf.Tensor);
    recorder!.endContext(y);
    const g = recorder!.finish()!;
    expect(opGroups(g)['model:predModel / layer:predDense']).toBeGreaterThan(0);
    y.dispose();
    m.dispose();
  });
});

describe('tensor summaries', () => {
  it('carry the L2 norm of the value and of the gradient', () => {
    const W = tf.variable(tf.tensor2d([[1, -2], [3, 0.5]]));
    const x = tf.tensor2d([[0.5, -1]]);
    const g = recordLoss(() => tf.sum(tf.square(x.matMul(W))) as tf.Scalar, [W]);
    const w = g.nodes!.find((n) => n.kind === 'param')!;
    expect((w.value as TensorSummary).norm).toBeCloseTo(Math.hypot(1, -2, 3, 0.5), 6);
    // ∂/∂W sum((xW)²) = 2 xᵀ(xW); xW = [-2.5, -1.5].
    const grad = [2 * 0.5 * -2.5, 2 * 0.5 * -1.5, 2 * -1 * -2.5, 2 * -1 * -1.5];
    expect((w.grad as TensorSummary).norm).toBeCloseTo(Math.hypot(...grad), 5);
    const xw = nodeByValue(g, [-2.5, -1.5])!;
    expect((xw.value as TensorSummary).norm).toBeCloseTo(Math.hypot(2.5, 1.5), 6);
    tf.dispose([W, x]);
  });
});

describe('locations of kernels run deep in the stack', () => {
  // A library the mapper does not know (like tfjs-layers) that runs the ops `n` calls below the user's frame.
  const deep = vm.runInThisContext('(function deep(n, w) { return n > 0 ? deep(n - 1, w) : w.square().sum(); })', {
    filename: '/virtual/library.js',
  }) as (n: number, w: tf.Variable) => tf.Scalar;

  it.each([10, 200])('a kernel %i library frames below the user frame still gets its location', (depth) => {
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    install();
    function loss() {
      return deep(depth, w);
    }
    const g = recordLoss(loss, [w]);
    const ops = g.nodes!.filter((n) => n.kind === 'op' || n.kind === 'output');
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.map((n) => n.loc?.fn ?? null)).toEqual(ops.map(() => 'loss'));
    w.dispose();
  });
});

describe('host reads', () => {
  const severed = (g: Graph) => g.edges!.filter((e) => e.kind === 'severed');

  it('a read of the loss after it was computed (logging) is not a cut', () => {
    const W = tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', 7));
    const X = tf.randomNormal([4, 3], 0, 1, 'float32', 8);
    const logged: number[] = [];
    const g = recordLoss(() => {
      const loss = tf.mean(tf.square(X.matMul(W))) as tf.Scalar;
      logged.push(loss.dataSync()[0]);
      return loss;
    }, [W]);
    expect(logged).toHaveLength(1);
    expect(severed(g)).toEqual([]);
    expect(g.nodes!.filter((n) => n.kind === 'host')).toEqual([]);
    tf.dispose([W, X]);
  });

  it('a read before the loss whose value comes back (a real cut) is still drawn', () => {
    const W = tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', 7));
    const X = tf.randomNormal([4, 3], 0, 1, 'float32', 8);
    const g = recordLoss(() => {
      const zMean = X.matMul(W).mean();
      const z = tf.randomNormal([4], zMean.dataSync()[0], 1, 'float32', 9);
      const loss = tf.sum(z.square()).add(W.sum()) as tf.Scalar;
      loss.dataSync();
      return loss;
    }, [W]);
    const host = g.nodes!.filter((n) => n.kind === 'host');
    expect(host).toHaveLength(1);
    const sample = g.nodes!.find((n) => n.op === 'randomNormal')!;
    expect(severed(g).map((e) => [e.from, e.to])).toEqual([
      [g.nodes!.find((n) => n.op === 'Mean')!.id, host[0].id],
      [host[0].id, sample.id],
    ]);
    tf.dispose([W, X]);
  });
});
