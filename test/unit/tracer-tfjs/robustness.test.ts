/**
 * The recorder never changes what the user's code does: errors are the same errors, higher-order
 * and custom gradients still work, every gradient API is recorded, discrete steps are `zero`
 * edges, and the `--entry` mode (beginContext/endContext) records a plain function call.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { installTfjsRecorder, type TfjsRecorder } from '../../../src/tracer/tfjs/index';
import { cpu, summaryError, testFileMapper, tf } from './helpers';
import { mlp } from './models';

let recorder: TfjsRecorder | null = null;
const install = () => (recorder = installTfjsRecorder(tf, { file: 'models.ts', sourceMapper: testFileMapper }));
beforeAll(cpu);
afterEach(() => {
  recorder?.uninstall();
  recorder = null;
});

/** Runs `f` and returns its result or its error message (as the user would observe it). */
function outcome(f: () => unknown): { ok: unknown } | { error: string } {
  try {
    const r = f();
    return { ok: r instanceof tf.Tensor ? Array.from(r.dataSync()) : r };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const x0 = () => tf.tensor1d([0.5, -1.5, 2]);
const USER_CODE: Array<[string, () => unknown]> = [
  ['tf.grad', () => tf.grad((x: Tensor) => x.square().sum())(x0())],
  ['tf.grad with dy', () => tf.grad((x: Tensor) => x.mul(3))(x0(), tf.tensor1d([1, 2, 3]))],
  ['tf.grads', () => tf.grads((a: Tensor, b: Tensor) => a.mul(b).sum())([x0(), x0().add(1)])[1]],
  ['tf.valueAndGrad', () => tf.valueAndGrad((x: Tensor) => x.exp().sum())(x0()).grad],
  ['second order tf.grad(tf.grad)', () => tf.grad(tf.grad((x: Tensor) => x.pow(3).sum()))(x0())],
  [
    'tf.customGrad',
    () => {
      const f = tf.customGrad((x, save) => {
        (save as tf.GradSaveFunc)([x as Tensor]);
        return { value: (x as Tensor).square(), gradFunc: (dy, saved) => [dy.mul(saved[0]).mul(5)] };
      });
      return tf.grad((x: Tensor) => (f(x) as Tensor).sum())(x0());
    },
  ],
  ['f throws', () => tf.grad(() => { throw new Error('user bug'); })(x0())],
  ['no path from x to y', () => tf.grad(() => tf.scalar(3))(x0())],
  ['f returns a number', () => tf.grad((() => 3) as unknown as (x: Tensor) => Tensor)(x0())],
  ['dy of the wrong dtype', () => tf.grad((x: Tensor) => x.mul(2))(x0(), tf.tensor1d([1, 2, 3], 'int32'))],
  ['shape mismatch inside f', () => tf.grad((x: Tensor) => x.add(tf.ones([2])).sum())(x0())],
];

describe('user code observes the same results and errors with the recorder installed', () => {
  it.each(USER_CODE)('%s', (_name, code) => {
    const plain = outcome(code);
    install();
    const before = tf.memory().numTensors;
    const recorded = outcome(code);
    expect(recorded).toEqual(plain);
    // The engine is left usable: no open tape, no stuck depth, and the next call works.
    const state = (tf.engine() as unknown as { state: { gradientDepth: number; kernelDepth: number } }).state;
    expect([state.gradientDepth, state.kernelDepth]).toEqual([0, 0]);
    expect(outcome(() => tf.grad((x: Tensor) => x.square().sum())(x0()))).toEqual({ ok: [1, -3, 4] });
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(before);
  });
});

describe('installation', () => {
  it('installs once per engine and uninstall restores every hooked method', () => {
    const engine = tf.engine() as unknown as Record<string, unknown>;
    const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
    const names = ['gradients', 'addTapeNode', 'makeTensor', 'makeVariable'];
    const before = names.map((n) => engine[n]);
    const dataSync = proto.dataSync;
    const first = install();
    expect(first.active).toBe(true);
    expect(installTfjsRecorder(tf, { file: 'x.ts', sourceMapper: () => null })).toBe(first);
    expect(engine.gradients).not.toBe(before[0]);
    first.uninstall();
    recorder = null;
    expect(names.map((n) => engine[n])).toEqual(before);
    expect(names.some((n) => Object.prototype.hasOwnProperty.call(engine, n))).toBe(false);
    expect(proto.dataSync).toBe(dataSync);
  });

  it('is inactive (and harmless) on something that is not tfjs', () => {
    const r = installTfjsRecorder({ engine: 1 }, { file: 'x.ts', sourceMapper: () => null });
    expect(r.active).toBe(false);
    expect(r.finish()).toBeNull();
  });
});

describe('graph details', () => {
  it('discrete steps (argMax, oneHot, round) are zero edges and the grads still match', () => {
    const W = tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 5));
    const X = tf.randomNormal([6, 4], 0, 1, 'float32', 6);
    const loss = () => {
      const logits = X.matMul(W);
      const pick = tf.oneHot(tf.argMax(logits, 1), 3);
      return tf.mean(logits.mul(pick)).add(tf.mean(tf.round(logits))) as tf.Scalar;
    };
    const ref = tf.variableGrads(loss, [W]);
    install();
    const got = tf.variableGrads(loss, [W]);
    expect(Array.from(got.grads[W.name].dataSync())).toEqual(Array.from(ref.grads[W.name].dataSync()));
    const g = recorder!.finish()!;
    const kindsInto = (op: string) => {
      const n = g.nodes!.find((k) => k.op === op)!;
      return g.edges!.filter((e) => e.to === n.id).map((e) => e.kind);
    };
    expect(kindsInto('ArgMax')).toEqual(['zero']);
    expect(kindsInto('OneHot')).toEqual(['zero']);
    expect(kindsInto('Round')).toEqual(['zero']);
    expect(g.params![0].grad).not.toBeNull();
    tf.dispose([W, X, ref.value, got.value, ...Object.values(ref.grads), ...Object.values(got.grads)]);
  });

  it('records only the last call and counts earlier ones; host reads outside a context are ignored', () => {
    install();
    const x = tf.variable(tf.tensor1d([1, 2]));
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() => x.square().sum() as tf.Scalar, [x]);
      value.dataSync();
      tf.dispose([value, ...Object.values(grads)]);
    }
    const g = recorder!.finish()!;
    expect(g.earlierCalls).toBe(2);
    expect(g.nodes!.filter((n) => n.kind === 'host')).toHaveLength(0);
    expect(g.output).toEqual({ value: 5 });
    x.dispose();
  });
});

describe('--entry mode (beginContext/endContext)', () => {
  it('records a plain call returning a loss tensor, with the same variable grads and no leak', () => {
    const m = mlp(tf);
    const ref = tf.variableGrads(m.loss, m.vars);
    install();
    recorder!.beginContext('loss');
    const loss = m.loss();
    recorder!.endContext(loss);
    const g = recorder!.finish()!;
    m.vars.forEach((v) => {
      const p = g.params!.find((q) => q.name === v.name)!;
      expect(summaryError(p.grad, ref.grads[v.name].dataSync())).toBeLessThan(1e-5);
    });
    expect(g.output!.value).toBeCloseTo(ref.value.dataSync()[0], 6);
    tf.dispose([loss, ref.value, ...Object.values(ref.grads)]);
    m.dispose();
  });

  it('leaves as many tensors as the same call without the recorder', () => {
    const m = mlp(tf);
    const b0 = tf.memory().numTensors;
    m.loss();
    const plain = tf.memory().numTensors - b0;
    install();
    const b1 = tf.memory().numTensors;
    recorder!.beginContext('loss');
    recorder!.endContext(m.loss());
    expect(tf.memory().numTensors - b1).toBe(plain);
    m.dispose();
  });

  it('an entry that calls optimizer.minimize itself records that call (the last one), unchanged', () => {
    const step = (m: ReturnType<typeof mlp>, opt: tf.Optimizer) => {
      let last = 0;
      for (let i = 0; i < 2; i++) {
        const l = opt.minimize(m.loss, true, m.vars)!;
        last = l.dataSync()[0];
        l.dispose();
      }
      return last;
    };
    const a = mlp(tf);
    const optA = tf.train.sgd(0.1);
    const plain = step(a, optA);
    const plainW = a.vars.map((v) => Array.from(v.dataSync()));
    optA.dispose();
    a.dispose();
    const b = mlp(tf);
    const optB = tf.train.sgd(0.1);
    install();
    const before = tf.memory().numTensors;
    recorder!.beginContext('step');
    const recorded = step(b, optB);
    recorder!.endContext(recorded);
    expect(tf.memory().numTensors).toBe(before);
    expect(recorded).toBe(plain);
    expect(b.vars.map((v) => Array.from(v.dataSync()))).toEqual(plainW);
    const g = recorder!.finish()!;
    expect(g.earlierCalls).toBe(1);
    expect(g.params!.every((p) => p.grad !== null)).toBe(true);
    expect(g.nodes!.filter((n) => n.kind === 'output')).toHaveLength(1);
    optB.dispose();
    b.dispose();
  });

  it('accepts a number read from the loss tensor as the loss', () => {
    const m = mlp(tf);
    install();
    recorder!.beginContext('loss');
    const value = m.loss().dataSync()[0];
    recorder!.endContext(value);
    const g = recorder!.finish()!;
    expect(g.output!.value).toBeCloseTo(value, 6);
    expect(g.params!.every((p) => p.grad !== null)).toBe(true);
    m.dispose();
  });
});

describe('kernels without a gradient off the engine path', () => {
  it('a multinomial draw from constant logits does not make the recorded call throw', () => {
    const W = tf.variable(tf.randomNormal([3, 3], 0, 1, 'float32', 31));
    const logits = tf.randomNormal([4, 3], 0, 1, 'float32', 32);
    const loss = () => {
      const draw = tf.oneHot(tf.multinomial(logits as tf.Tensor2D, 1, 33).reshape([4]), 3);
      return tf.sum(draw.matMul(W)) as tf.Scalar;
    };
    const plain = outcome(() => tf.variableGrads(loss, [W]).grads[W.name]);
    expect('ok' in plain).toBe(true);
    install();
    expect(outcome(() => tf.variableGrads(loss, [W]).grads[W.name])).toEqual(plain);
    const g = recorder!.finish()!;
    const draw = g.nodes!.find((n) => n.op === 'Multinomial')!;
    expect(draw.kind).toBe('sample');
    const into = g.edges!.filter((e) => e.to === draw.id);
    expect(into.map((e) => e.kind)).toEqual(['zero']);
    // No gradient function for Multinomial: its logits get no gradient (null), not zeros.
    expect(g.nodes!.find((n) => n.id === into[0].from)!.grad).toBeNull();
    tf.dispose([W, logits]);
  });
});
