/**
 * The estimator lab on the shipped TensorFlow.js examples, with real tfjs in the real tracer child:
 * the VAE's host round trip (`tf.randomNormal(shape, zMean.dataSync()[0], …)`) and the categorical
 * choice (`tf.multinomial(choiceLogits, 1).dataSync()[0]`: score function and relaxed estimator).
 */
import { describe, expect, it } from 'vitest';
import { estimateCommand } from '../../../src/cli/estimate';
import type { EstimateReport, EstimatorId, ParamEstimates } from '../../../src/core/estimators/report';
import { ROOT, runnerPath } from '../tracer/runner-bundle';

async function estimate(argv: string[]): Promise<{ code: number; report: EstimateReport; err: string }> {
  const o = { out: '', err: '' };
  const io = { stdout: (s: string) => void (o.out += s), stderr: (s: string) => void (o.err += s), cwd: ROOT };
  const code = await estimateCommand([...argv, '--format', 'json'], io, { runnerPath: runnerPath() });
  return { code, report: JSON.parse(o.out) as EstimateReport, err: o.err };
}

const est = (p: ParamEstimates, id: EstimatorId) => {
  const e = p.estimators.find((x) => x.id === id);
  if (!e?.available) throw new Error(`${p.name}: ${id} not available (${e?.note})`);
  return e;
};
/** |a − b| in standard errors of the difference. */
const zOf = (a: { mean: number; se: number }, b: { mean: number; se: number }) => Math.abs(a.mean - b.mean) / Math.hypot(a.se, b.se);

describe('pathwise estimate on TensorFlow.js entries', () => {
  it('VAE: the encoder gets only the KL gradient as written; pathwise and score function agree on the true one', async () => {
    const { code, report: r } = await estimate(['examples/vae-tfjs/severed.ts', '--entry', 'loss', '--samples', '200', '--seed', '3']);
    expect(code).toBe(0);
    expect(r).toMatchObject({ entry: 'loss', draws: 200, fixed: true, error: null });
    expect(r.samplers).toEqual([{ label: 'tf.randomNormal', family: 'normal', line: 45 }]);
    expect(r.params.map((p) => p.name)).toEqual(
      ['dense_Dense1/kernel', 'dense_Dense1/bias', 'dense_Dense2/kernel', 'dense_Dense2/bias', 'dense_Dense3/kernel', 'dense_Dense3/bias', 'dense_Dense4/kernel', 'dense_Dense4/bias'],
    );
    expect(r.params.map((p) => p.shape)).toEqual([[4, 8], [8], [8, 4], [4], [2, 8], [8], [8, 4], [4]]);
    for (const p of r.params) {
      expect(p.along).toBe('pilot-mean');
      const aw = est(p, 'as-written');
      const pw = est(p, 'pathwise');
      const sf = est(p, 'score');
      const sb = est(p, 'score-baseline');
      // Both unbiased estimators of the true gradient agree.
      expect(zOf(pw, sb), p.name).toBeLessThan(4);
      expect(zOf(pw, sf), p.name).toBeLessThan(4);
      if (p.name.startsWith('dense_Dense1') || p.name.startsWith('dense_Dense2')) {
        // Encoder: the sample is cut off, so the code's gradient is the KL term's alone — the same in
        // every draw (no noise reaches it) and far from the true gradient.
        expect(aw.none).toBeUndefined();
        expect(aw.variance).toBeLessThan(1e-9);
        expect(Math.abs(pw.mean - aw.mean) / pw.se, p.name).toBeGreaterThan(10);
        expect(p.varianceRatio!).toBeGreaterThan(3);
        expect(sb.variance, p.name).toBeGreaterThan(pw.variance);
      } else {
        // Decoder: no sampler parameter depends on it; the three coincide.
        expect(zOf(aw, pw), p.name).toBeLessThan(4);
        expect(sf.mean).toBeCloseTo(aw.mean, 9);
      }
    }
    expect(r.notes?.join('\n')).toMatch(/directional derivative/);
  }, 120_000);

  it('categorical choice: choiceLogits is severed (as written 0); score function ± baseline and the relaxed estimator agree in sign, with the bias shown', async () => {
    const { code, report: r } = await estimate(['examples/categorical-tfjs/severed.ts', '--entry', 'choiceLoss', '--samples', '400']);
    expect(code).toBe(0);
    expect(r.error).toBeNull();
    expect(r.samplers).toEqual([{ label: 'tf.multinomial', family: 'categorical', line: 31 }]);
    expect(r.temperature).toBe(0.5);
    const logits = r.params.find((p) => p.name === 'choiceLogits')!;
    expect(est(logits, 'as-written')).toMatchObject({ none: true, mean: 0, variance: 0 });
    expect(logits.estimators.find((e) => e.id === 'pathwise')).toMatchObject({ available: false, note: expect.stringMatching(/discrete sample/) });
    const sf = est(logits, 'score');
    const sb = est(logits, 'score-baseline');
    const rx = est(logits, 'relaxed');
    expect(zOf(sf, sb)).toBeLessThan(4);
    // u is the pilot draws' mean score-function gradient, so the true projection is positive.
    expect(sb.mean / sb.se).toBeGreaterThan(4);
    expect(rx.mean / rx.se).toBeGreaterThan(4);
    expect(logits.relaxation).toMatchObject({ temperature: 0.5, bias: rx.mean - sb.mean });
    const protos = r.params.find((p) => p.name === 'prototypes')!;
    expect(est(protos, 'as-written').none).toBeUndefined();
    expect(est(protos, 'as-written').variance).toBeGreaterThan(0);
    // The prototypes do not feed the sampler: their score-function term is the as-written gradient.
    expect(est(protos, 'score').mean).toBeCloseTo(est(protos, 'as-written').mean, 9);
  }, 120_000);
});
