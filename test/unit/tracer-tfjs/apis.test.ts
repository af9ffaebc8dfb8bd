/**
 * Gradient APIs beyond `variableGrads`: `tf.grad` arguments become parameters, tfjs-layers
 * `model.fit` trains identically under the recorder, and a host value turned back into a
 * constant (`tf.scalar(zMean.mean().dataSync()[0])`) is drawn as a severed edge.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { installTfjsRecorder, type TfjsRecorder } from '../../../src/tracer/tfjs/index';
import { cpu, summaryError, testFileMapper, tf } from './helpers';

let recorder: TfjsRecorder | null = null;
const install = () => (recorder = installTfjsRecorder(tf, { file: 'apis.ts', sourceMapper: testFileMapper }));
beforeAll(cpu);
afterEach(() => {
  recorder?.uninstall();
  recorder = null;
});

describe('gradient APIs', () => {
  it('tf.grad(f)(x): x is the parameter and its grad is what tf.grad returns', () => {
    const x = tf.tensor1d([0.5, -1, 2]);
    const f = (t: Tensor) => tf.sum(tf.sin(t).mul(t));
    install();
    const g1 = tf.grad(f)(x);
    const g = recorder!.finish()!;
    expect(g.params).toHaveLength(1);
    expect(g.params![0].name).toBe('arg0');
    expect(summaryError(g.params![0].grad, g1.dataSync())).toBe(0);
    expect(g.nodes!.find((n) => n.kind === 'param')!.label).toBe('arg0');
    tf.dispose([x, g1]);
  });

  it('tfjs-layers model.fit gives the same history and weights with the recorder', async () => {
    const fit = async () => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 8, inputShape: [3], activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }),
          tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
      const xs = tf.randomNormal([16, 3], 0, 1, 'float32', 3);
      const ys = tf.randomNormal([16, 1], 0, 1, 'float32', 4);
      const h = await model.fit(xs, ys, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      tf.dispose([xs, ys]);
      model.dispose();
      return { loss: h.history.loss, weights };
    };
    const plain = await fit();
    install();
    const recorded = await fit();
    expect(recorded).toEqual(plain);
    const g = recorder!.finish()!;
    expect(g.earlierCalls).toBe(5); // 3 epochs × 2 batches
    expect(g.params!.filter((p) => p.grad !== null)).toHaveLength(4);
  });
});

describe('severed through a host constant', () => {
  it('links the read tensor through its host read to a constant made from the read value', () => {
    const W = tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', 7));
    const X = tf.randomNormal([4, 3], 0, 1, 'float32', 8);
    const loss = () => {
      const zMean = X.matMul(W).mean();
      const m = zMean.dataSync()[0];
      const z = tf.scalar(m).add(tf.randomNormal([4], 0, 1, 'float32', 9));
      return tf.sum(z.square()).add(W.sum()) as tf.Scalar;
    };
    install();
    const { value, grads } = tf.variableGrads(loss, [W]);
    const g = recorder!.finish()!;
    const mean = g.nodes!.find((n) => n.op === 'Mean')!;
    const constant = g.nodes!.find((n) => n.op === 'const' && n.shape!.length === 0)!;
    const host = g.nodes!.find((n) => n.kind === 'host')!;
    expect(g.edges).toContainEqual({ from: mean.id, to: host.id, kind: 'severed' });
    expect(g.edges).toContainEqual({ from: host.id, to: constant.id, kind: 'severed' });
    expect(mean.grad).toBeNull();
    expect(g.nodes!.find((n) => n.op === 'randomNormal')!.kind).toBe('noise');
    tf.dispose([W, X, value, ...Object.values(grads)]);
  });
});
