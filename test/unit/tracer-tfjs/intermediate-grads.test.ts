/**
 * Gradients of the loss at intermediate nodes: each recorded node's grad equals `tf.grad` of the
 * loss taken as a function of that intermediate value (MLP hidden layer, pre-activation, input;
 * VAE latent sample, mean and log-variance).
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { installTfjsRecorder, type TfjsRecorder } from '../../../src/tracer/tfjs/index';
import { cpu, nodeByValue, summaryError, testFileMapper, tf } from './helpers';
import { mlp, vae } from './models';

let recorder: TfjsRecorder | null = null;
beforeAll(cpu);
afterEach(() => {
  recorder?.uninstall();
  recorder = null;
});

const install = () => (recorder ??= installTfjsRecorder(tf, { file: 'models.ts', sourceMapper: testFileMapper }));

function recordOnce(loss: () => Tensor, vars: Tensor[]) {
  install();
  const { value, grads } = tf.variableGrads(loss as () => tf.Scalar, vars as tf.Variable[]);
  value.dispose();
  Object.values(grads).forEach((g) => g.dispose());
  return recorder!.finish()!;
}

describe('small MLP', () => {
  const cases: Array<[string, string, (m: ReturnType<typeof mlp>) => { at: Tensor; f: (t: Tensor) => Tensor }]> = [
    ['hidden = relu(xW1 + b1)', 'Relu', (m) => ({ at: m.parts.hidden(m.inputs.X), f: (h) => m.parts.head(h) })],
    [
      'pre-activation xW1 + b1',
      'Add',
      (m) => ({
        at: m.inputs.X.matMul(m.vars[0]).add(m.vars[1]),
        f: (a) => m.parts.head(tf.relu(a)),
      }),
    ],
    ['input x', 'tensor', (m) => ({ at: m.inputs.X, f: (x) => m.parts.head(m.parts.hidden(x)) })],
  ];
  it.each(cases)('∂loss/∂(%s) equals tf.grad of the loss as a function of it', (_n, op, pick) => {
    const m = mlp(tf);
    const { at, f } = pick(m);
    const ref = tf.grad(f)(at);
    const g = recordOnce(m.loss, m.vars);
    const node = nodeByValue(g, at.dataSync(), op);
    expect(node, 'node found by value').toBeDefined();
    expect(summaryError(node!.grad, ref.dataSync())).toBeLessThan(1e-5);
    ref.dispose();
    m.dispose();
  });

  it('maps kernels (and variables made after install) to the user code line that made them', () => {
    install();
    const m = mlp(tf);
    const g = recordOnce(m.loss, m.vars);
    const relu = g.nodes!.find((n) => n.op === 'Relu')!;
    const src = readFileSync(new URL('./models.ts', import.meta.url), 'utf8').split('\n');
    const want = src.findIndex((l) => l.includes('const hidden = (x: Tensor) => tf.relu(')) + 1;
    expect(relu.loc?.line).toBe(want);
    expect(g.nodes!.filter((n) => n.kind === 'param').every((n) => n.loc !== null)).toBe(true);
    m.dispose();
  });
});

describe('VAE step (reparameterized)', () => {
  it('∂loss/∂z, ∂loss/∂zMean and ∂loss/∂zLogVar equal tf.grads of the loss as a function of them', () => {
    const m = vae(tf);
    const zMean = m.parts.zMean();
    const zLogVar = m.parts.zLogVar();
    const eps = m.parts.eps();
    const z = zMean.add(tf.exp(zLogVar.mul(0.5)).mul(eps));
    const [gMean, gLogVar] = tf.grads((a: Tensor, b: Tensor) => m.parts.fromLatents(a, b))([zMean, zLogVar]);
    const gz = tf.grad((t: Tensor) => m.parts.decode(t))(z);
    const g = recordOnce(m.loss, m.vars);
    const at = (t: Tensor, op: string) => nodeByValue(g, t.dataSync(), op);
    expect(summaryError(at(z, 'Add')!.grad, gz.dataSync())).toBeLessThan(1e-5);
    expect(summaryError(at(zMean, 'BatchMatMul')!.grad, gMean.dataSync())).toBeLessThan(1e-5);
    expect(summaryError(at(zLogVar, 'BatchMatMul')!.grad, gLogVar.dataSync())).toBeLessThan(1e-5);
    const noise = g.nodes!.find((n) => n.op === 'randomNormal')!;
    expect(noise.kind).toBe('noise');
    expect(g.edges!.some((e) => e.kind === 'severed' && e.to === noise.id)).toBe(false);
    tf.dispose([zMean, zLogVar, eps, z, gMean, gLogVar, gz]);
    m.dispose();
  });
});
