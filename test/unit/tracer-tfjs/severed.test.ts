/**
 * The severed VAE (`tf.randomNormal(shape, zMean.dataSync()[0], …)`): the graph shows severed
 * edges from the read tensors to the sample, `grad: null` on the cut path, the gradient still
 * arriving at the sample itself, and the user's code running exactly as before.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { installTfjsRecorder, type TfjsRecorder } from '../../../src/tracer/tfjs/index';
import { cpu, nodeByValue, summaryError, testFileMapper, tf } from './helpers';
import { train, vae } from './models';

let recorder: TfjsRecorder | null = null;
beforeAll(cpu);
afterEach(() => {
  recorder?.uninstall();
  recorder = null;
});

function record(m: ReturnType<typeof vae>) {
  recorder = installTfjsRecorder(tf, { file: 'models.ts', sourceMapper: testFileMapper });
  const { value, grads } = tf.variableGrads(m.loss, m.vars);
  value.dispose();
  Object.values(grads).forEach((g) => g.dispose());
  return recorder.finish()!;
}

describe('severed VAE', () => {
  it('draws zMean ─?→ dataSync ─?→ z and zLogVar ─?→ dataSync ─?→ z, and cuts their gradient', () => {
    const m = vae(tf, { severed: true, kl: false });
    const zMean = m.parts.zMean();
    const zLogVar = m.parts.zLogVar();
    const g = record(m);
    const meanNode = nodeByValue(g, zMean.dataSync(), 'BatchMatMul')!;
    const logVarNode = nodeByValue(g, zLogVar.dataSync(), 'BatchMatMul')!;
    const sample = g.nodes!.find((n) => n.op === 'randomNormal')!;
    expect(sample.kind).toBe('sample');
    // The sample's severed inputs are the two host reads, each fed (severed) by the tensor it read:
    // the picture shows where the value left the graph.
    const hosts = g.nodes!.filter((n) => n.kind === 'host');
    expect(hosts.map((h) => h.op)).toEqual(['dataSync', 'dataSync']);
    const severedInto = (id: string) => g.edges!.filter((e) => e.kind === 'severed' && e.to === id).map((e) => e.from).sort();
    expect(severedInto(sample.id)).toEqual(hosts.map((h) => h.id).sort());
    expect(hosts.map((h) => severedInto(h.id)).flat().sort()).toEqual([meanNode.id, logVarNode.id].sort());
    // No edge of any kind runs straight from the read tensors to the sample.
    expect(g.edges!.some((e) => e.to === sample.id && (e.from === meanNode.id || e.from === logVarNode.id))).toBe(false);
    expect(meanNode.grad).toBeNull();
    expect(logVarNode.grad).toBeNull();
    // Encoder weights: no gradient path; decoder weights: gradient.
    const byName = new Map(g.params!.map((p) => [p.name, p.grad]));
    expect(byName.get(m.vars[0].name)).toBeNull();
    expect(byName.get(m.vars[1].name)).toBeNull();
    expect(byName.get(m.vars[2].name)).not.toBeNull();
    // The gradient still reaches the sample: ∂loss/∂z = tf.grad(decode)(z).
    const zValues = (sample.value as { first: number[] }).first;
    expect(zValues.length).toBeGreaterThan(0);
    tf.dispose([zMean, zLogVar]);
    m.dispose();
  });

  it('the sample node carries ∂loss/∂z', () => {
    const m = vae(tf, { severed: true, kl: false });
    const zMean = m.parts.zMean();
    const zLogVar = m.parts.zLogVar();
    const z = tf.randomNormal([8, 2], zMean.dataSync()[0], Math.exp(0.5 * zLogVar.dataSync()[0]), 'float32', 42);
    const gz = tf.grad((t: Tensor) => m.parts.decode(t))(z);
    const g = record(m);
    const sample = nodeByValue(g, z.dataSync(), 'randomNormal')!;
    expect(sample.kind).toBe('sample');
    expect(summaryError(sample.grad, gz.dataSync())).toBeLessThan(1e-5);
    tf.dispose([zMean, zLogVar, z, gz]);
    m.dispose();
  });

  it('with the KL term the encoder still gets its (KL-only) gradient, and the sample stays severed', () => {
    const m = vae(tf, { severed: true });
    const g = record(m);
    const sample = g.nodes!.find((n) => n.op === 'randomNormal')!;
    expect(g.edges!.filter((e) => e.kind === 'severed' && e.to === sample.id)).toHaveLength(2); // from the two host reads
    expect(g.params!.every((p) => p.grad !== null)).toBe(true);
    m.dispose();
  });

  it('runs the user code exactly as before: same losses and variable updates after minimize', () => {
    const a = vae(tf, { severed: true });
    const plain = train(tf, a, 5);
    a.dispose();
    recorder = installTfjsRecorder(tf, { file: 'models.ts', sourceMapper: testFileMapper });
    const b = vae(tf, { severed: true });
    const recorded = train(tf, b, 5);
    b.dispose();
    expect(recorded.losses).toEqual(plain.losses);
    recorded.finals.forEach((f, i) => expect(Array.from(f)).toEqual(Array.from(plain.finals[i])));
    const g = recorder.finish()!;
    expect(g.earlierCalls).toBe(4);
    expect(g.edges!.some((e) => e.kind === 'severed')).toBe(true);
  });
});
