/**
 * The recorder's reverse pass gives the same variable gradients as `tf.variableGrads`, hands the
 * user bit-identical results, trains identically, and leaks no tensors.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installTfjsRecorder, type TfjsRecorder } from '../../../src/tracer/tfjs/index';
import { cpu, summaryError, testFileMapper, tf } from './helpers';
import { linearRegression, mlp, train, vae, type TestModel, type Tf } from './models';

const MODELS: Array<[string, (t: Tf) => TestModel]> = [
  ['linear regression', linearRegression],
  ['small MLP', mlp],
  ['VAE step (reparameterized)', (t) => vae(t)],
  ['VAE step (severed, with KL)', (t) => vae(t, { severed: true })],
];

let recorder: TfjsRecorder | null = null;
const install = () => (recorder = installTfjsRecorder(tf, { file: 'test.ts', sourceMapper: testFileMapper }));

beforeAll(cpu);
afterEach(() => {
  recorder?.uninstall();
  recorder = null;
});

/** Variable gradients of one `tf.variableGrads` call as plain arrays (null when absent). */
function variableGrads(model: TestModel): { loss: number; grads: Array<Float32Array | null> } {
  const { value, grads } = tf.variableGrads(model.loss, model.vars);
  const out = model.vars.map((v) => (grads[v.name] ? Float32Array.from(grads[v.name].dataSync() as Float32Array) : null));
  const loss = value.dataSync()[0];
  value.dispose();
  Object.values(grads).forEach((g) => g?.dispose());
  return { loss, grads: out };
}

describe.each(MODELS)('%s', (_name, build) => {
  it('params grads of the recorded graph equal tf.variableGrads to 1e-5', () => {
    const model = build(tf);
    const ref = variableGrads(model);
    install();
    const mine = variableGrads(model);
    const g = recorder!.finish()!;
    model.vars.forEach((v, i) => {
      const p = g.params!.find((q) => q.name === v.name);
      expect(p, `param ${v.name} in graph`).toBeDefined();
      if (ref.grads[i] === null) expect(p!.grad).toBeNull();
      else expect(summaryError(p!.grad, ref.grads[i]!)).toBeLessThan(1e-5);
    });
    // What the user's code receives is bit-identical to tfjs's own result.
    expect(mine.loss).toBe(ref.loss);
    mine.grads.forEach((gr, i) => expect(gr).toEqual(ref.grads[i]));
    expect(g.output!.value).toBeCloseTo(ref.loss, 6);
    model.dispose();
  });

  it('training with optimizer.minimize is identical with and without the recorder', () => {
    const a = build(tf);
    const plain = train(tf, a, 4);
    a.dispose();
    install();
    const b = build(tf);
    const recorded = train(tf, b, 4);
    b.dispose();
    expect(recorded.losses).toEqual(plain.losses);
    recorded.finals.forEach((f, i) => expect(Array.from(f)).toEqual(Array.from(plain.finals[i])));
    expect(recorder!.finish()!.earlierCalls).toBe(3);
  });

  it('leaks no tensors', () => {
    const model = build(tf);
    const before = tf.memory().numTensors;
    variableGrads(model);
    const plainDelta = tf.memory().numTensors - before;
    install();
    const mid = tf.memory().numTensors;
    variableGrads(model);
    recorder!.finish();
    expect(tf.memory().numTensors - mid).toBe(plainDelta);
    expect(plainDelta).toBe(0);
    model.dispose();
  });
});
