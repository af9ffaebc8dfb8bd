/**
 * The estimator lab on a TensorFlow.js categorical sampler (real `tf.multinomial` in the real tracer
 * child) against closed forms: P(k) = softmax(θ)_k and f(k) = c_k give ∂E f/∂θ_j = p_j (c_j − Σ p_k c_k);
 * the relaxed (Gumbel-softmax) estimator against the gradient of the relaxed objective
 * E_g[Σ_k c_k softmax((θ + g)/τ)_k], computed here by its own Monte Carlo. θ is a tensor variable,
 * so every number is ⟨gradient, u⟩ along the direction u the report lists.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEstimate } from '../../../src/tracer/estimate-host';
import type { EstimateReport, EstimatorId, ParamEstimates } from '../../../src/core/estimators/report';
import { ROOT, runnerPath } from '../tracer/runner-bundle';

const fx = (f: string) => path.join(ROOT, 'test/fixtures/estimate', f);
const THETA = [0.5, -0.3, 0.1];
const C = [1, -2, 3];

async function estimate(file: string, entry: string, samples: number, temperature?: number): Promise<EstimateReport> {
  const r = await runEstimate({ file, entry, samples, seed: 5, temperature, runnerPath: runnerPath(), timeoutMs: 150_000 });
  expect(r.error).toBeNull();
  expect(r.draws).toBe(samples);
  return r;
}

const param = (r: EstimateReport, name: string) => r.params.find((p) => p.name === name)!;
const est = (p: ParamEstimates, id: EstimatorId) => p.estimators.find((e) => e.id === id)!;
const dot = (a: number[], b: number[]) => a.reduce((s, x, j) => s + x * b[j], 0);

function softmax(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** ∂/∂θ E f for f(k) = c_k under softmax(θ). */
function exactGradient(theta: number[], c: number[]): number[] {
  const p = softmax(theta);
  const ef = dot(p, c);
  return p.map((pj, j) => pj * (c[j] - ef));
}

/** ⟨∇θ E_g[Σ c_k y_k], u⟩ with y = softmax((θ + g)/τ), by Monte Carlo (seeded), with its standard error. */
function relaxedGradient(theta: number[], c: number[], tau: number, u: number[], m = 200_000): { mean: number; se: number } {
  let seed = 0x9e3779b9;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967297;
  };
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < m; i++) {
    const y = softmax(theta.map((t) => (t - Math.log(-Math.log(rand()))) / tau));
    const fy = dot(y, c);
    // ∂(Σ c_k y_k)/∂θ_j = y_j (c_j − Σ c_k y_k) / τ
    const x = dot(y.map((yj, j) => (yj * (c[j] - fy)) / tau), u);
    s += x;
    s2 += x * x;
  }
  const mean = s / m;
  return { mean, se: Math.sqrt((s2 / m - mean * mean) / m) };
}

describe('tfjs categorical sampler: score function against the closed form', () => {
  // Every way of using the sample that has a one-hot form: same closed form, relaxed estimator run.
  it.each([
    ['loss', 'gather indices (the sample tensor)'],
    ['lossProbs', 'probabilities (normalized = true)'],
    ['lossHost', 'dataSync()[0] put into an index array'],
    ['lossOneHot', 'oneHot of the sample'],
  ])('%s (%s): as written 0; score function ± baseline within 4 SE of p_j (c_j − Σ p c)', async (entry) => {
    const r = await estimate(fx('categorical-tfjs.ts'), entry, 2000);
    expect(r.samplers).toEqual([expect.objectContaining({ label: 'tf.multinomial', family: 'categorical' })]);
    expect(r.samplers[0].note).toBeUndefined();
    const p = param(r, 'theta');
    expect(p.shape).toEqual([3]);
    const u = p.direction!;
    expect(u).toHaveLength(3);
    const exact = dot(exactGradient(THETA, C), u);
    expect(est(p, 'as-written')).toMatchObject({ available: true, none: true, mean: 0 });
    expect(est(p, 'pathwise')).toMatchObject({ available: false, note: expect.stringMatching(/discrete sample .* no pathwise derivative/) });
    for (const id of ['score', 'score-baseline'] as const) {
      const e = est(p, id);
      expect(e.available, id).toBe(true);
      expect(e.se).toBeGreaterThan(0);
      expect(Math.abs(e.mean - exact), `${entry} ${id}: ${e.mean} ± ${e.se} vs ${exact}`).toBeLessThanOrEqual(4 * e.se);
    }
    expect(est(p, 'relaxed').available).toBe(true);
    expect(r.temperature).toBe(0.5);
    expect(p.relaxation?.temperature).toBe(0.5);
  }, 150_000);
});

describe('tfjs categorical sampler: the relaxed estimator and its bias', () => {
  it('matches the relaxed objective at τ = 1 and τ = 0.1; its bias is clearly non-zero at τ = 1 and shrinks at τ = 0.1', async () => {
    const bias: Record<number, { bias: number; se: number }> = {};
    for (const tau of [1, 0.1]) {
      const r = await estimate(fx('categorical-tfjs.ts'), 'loss', 3000, tau);
      expect(r.temperature).toBe(tau);
      const p = param(r, 'theta');
      const u = p.direction!;
      const relaxed = est(p, 'relaxed');
      const ref = relaxedGradient(THETA, C, tau, u);
      expect(Math.abs(relaxed.mean - ref.mean), `τ ${tau}: ${relaxed.mean} ± ${relaxed.se} vs ${ref.mean} ± ${ref.se}`).toBeLessThanOrEqual(4 * Math.hypot(relaxed.se, ref.se));
      const rel = p.relaxation!;
      expect(rel.temperature).toBe(tau);
      // The report's bias is relaxed − score function; the objective's bias is ref − exact.
      const predicted = ref.mean - dot(exactGradient(THETA, C), u);
      expect(Math.abs(rel.bias - predicted), `τ ${tau}: bias ${rel.bias} ± ${rel.se} vs ${predicted}`).toBeLessThanOrEqual(4 * Math.hypot(rel.se, ref.se));
      bias[tau] = { bias: rel.bias, se: rel.se };
    }
    expect(Math.abs(bias[1].bias)).toBeGreaterThan(4 * bias[1].se);
    expect(Math.abs(bias[0.1].bias)).toBeLessThanOrEqual(4 * bias[0.1].se);
    expect(Math.abs(bias[0.1].bias)).toBeLessThan(Math.abs(bias[1].bias));
  }, 150_000);

  it('a batch (2 rows × 2 draws) on the cpu backend: no score function (tfjs draws every row from the same uniforms); relaxed = 4 × the relaxed objective', async () => {
    const r = await estimate(fx('categorical-tfjs.ts'), 'lossBatch', 1500);
    expect(r.samplers[0].note).toMatch(/same uniform numbers/);
    const p = param(r, 'theta');
    expect(est(p, 'score')).toMatchObject({ available: false, note: expect.stringMatching(/not independent/) });
    const relaxed = est(p, 'relaxed');
    // u comes from the relaxed pilot draws (no score function), so the projection is not blind (not ~0).
    expect(p.along).toBe('pilot-mean');
    expect(Math.abs(relaxed.mean)).toBeGreaterThan(4 * relaxed.se);
    const ref = relaxedGradient(THETA, C, 0.5, p.direction!);
    expect(Math.abs(relaxed.mean - 4 * ref.mean), `${relaxed.mean} ± ${relaxed.se} vs 4 × ${ref.mean}`).toBeLessThanOrEqual(4 * Math.hypot(relaxed.se, 4 * ref.se));
  }, 150_000);

  // Uses of the sample with no one-hot form: the relaxed column says why; the score function stays.
  it.each([
    ['lossCompare', /Equal kernel/],
    ['lossJsIndex', /JavaScript index/],
    ['lossArithmetic', /JavaScript arithmetic/],
    ['lossIntOnly', /threw on the soft sample \(expected an int32 one-hot\)/],
  ])('%s: relaxed estimator unavailable with a reason, no crash', async (entry, why) => {
    const r = await estimate(fx('categorical-tfjs.ts'), entry, 100);
    const p = param(r, 'theta');
    expect(est(p, 'relaxed')).toMatchObject({ available: false, note: expect.stringMatching(why) });
    expect(p.relaxation).toBeUndefined();
    expect(est(p, 'score-baseline').available).toBe(true);
  }, 150_000);
});

describe('tfjs host reads: arraySync', () => {
  it('the score function follows arraySync() reads (a scalar, a destructured vector) back to the variables: 2μ and 2σ²', async () => {
    const [mu, logSigma] = [0.7, -0.5];
    const r = await estimate(fx('arraysync-normal.ts'), 'loss', 4000);
    const exact: Record<string, number> = { mu: 2 * mu, logSigma: 2 * Math.exp(2 * logSigma) };
    for (const name of ['mu', 'logSigma']) {
      const p = param(r, name);
      const g = exact[name] * p.direction![0];
      expect(est(p, 'as-written')).toMatchObject({ none: true, mean: 0 });
      for (const id of ['score', 'score-baseline'] as const) {
        const e = est(p, id);
        expect(e.se).toBeGreaterThan(0);
        expect(Math.abs(e.mean - g), `${name} ${id}: ${e.mean} ± ${e.se} vs ${g}`).toBeLessThanOrEqual(4 * e.se);
      }
    }
  }, 150_000);
});
