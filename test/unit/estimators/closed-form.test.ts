/**
 * The estimator lab against closed forms (Mohamed, Rosca, Figurnov & Mnih, "Monte Carlo Gradient
 * Estimation in Machine Learning", JMLR 2020, sections 4–5): the real tracer child runs severed
 * source files (test/fixtures/estimate) and their in-memory fixes with common random numbers.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEstimate } from '../../../src/tracer/estimate-host';
import type { EstimateReport, EstimatorId } from '../../../src/core/estimators/report';
import { ROOT, runnerPath } from '../tracer/runner-bundle';

const fx = (f: string) => path.join(ROOT, 'test/fixtures/estimate', f);
const GAMMA = 0.5772156649015329;

async function estimate(file: string, samples: number, extra: Partial<Parameters<typeof runEstimate>[0]> = {}): Promise<EstimateReport> {
  const r = await runEstimate({ file, entry: 'loss', samples, seed: 3, runnerPath: runnerPath(), timeoutMs: 120_000, ...extra });
  expect(r.error).toBeNull();
  expect(r.draws).toBe(samples);
  return r;
}

function est(r: EstimateReport, param: string, id: EstimatorId) {
  const e = r.params.find((p) => p.name === param)!.estimators.find((x) => x.id === id)!;
  return e;
}

/** Every listed estimator's mean is within 4 standard errors of `exact`. */
function expectUnbiased(r: EstimateReport, param: string, exact: number, ids: EstimatorId[]): void {
  for (const id of ids) {
    const e = est(r, param, id);
    expect(e.available, `${param} ${id}`).toBe(true);
    expect(e.se).toBeGreaterThan(0);
    expect(Math.abs(e.mean - exact), `${param} ${id}: ${e.mean} ± ${e.se} vs ${exact}`).toBeLessThanOrEqual(4 * e.se);
  }
}

const ALL: EstimatorId[] = ['pathwise', 'score', 'score-baseline'];

describe('estimators against closed forms (real tracer child)', () => {
  it('Gaussian, f(x) = x²: means 2μ and 2σ, pathwise variance 4σ² at N = 100,000, REINFORCE noisier', async () => {
    const [mu, sigma] = [1, 2];
    const r = await estimate(fx('normal-square.ts'), 100_000);
    expect(r.fixed).toBe(true);
    expectUnbiased(r, 'mu', 2 * mu, ALL);
    expectUnbiased(r, 'sigma', 2 * sigma, ALL);
    for (const p of ['mu', 'sigma']) {
      expect(est(r, p, 'as-written').none).toBe(true);
      expect(est(r, p, 'as-written').mean).toBe(0);
    }
    const v = est(r, 'mu', 'pathwise').variance;
    expect(Math.abs(v / (4 * sigma * sigma) - 1)).toBeLessThan(0.05);
    for (const p of ['mu', 'sigma']) {
      expect(est(r, p, 'score').variance).toBeGreaterThan(est(r, p, 'pathwise').variance);
      expect(est(r, p, 'score-baseline').variance).toBeGreaterThan(est(r, p, 'pathwise').variance);
      expect(r.params.find((x) => x.name === p)!.varianceRatio).toBeGreaterThan(1);
    }
  }, 120_000);

  it('Gaussian, f(x) = cos(ωx): ∂μ = −ω sin(ωμ) e^{−ω²σ²/2}; ω does not pass the sampler, so the code computes it', async () => {
    const [mu, sigma, omega] = [0.7, 0.8, 2];
    const damp = Math.exp((-omega * omega * sigma * sigma) / 2);
    const r = await estimate(fx('normal-cos.ts'), 20_000);
    expectUnbiased(r, 'mu', -omega * Math.sin(omega * mu) * damp, ALL);
    expectUnbiased(r, 'sigma', -omega * omega * sigma * Math.cos(omega * mu) * damp, ALL);
    const dOmega = -mu * Math.sin(omega * mu) * damp - omega * sigma * sigma * Math.cos(omega * mu) * damp;
    expectUnbiased(r, 'omega', dOmega, ['as-written', ...ALL]);
    expect(est(r, 'omega', 'as-written').none).toBeUndefined();
  }, 120_000);

  it('uniform U(a, b), f(x) = x²: pathwise (2a+b)/3 and (a+2b)/3; no score function (the support moves)', async () => {
    const [a, b] = [0.5, 2];
    const r = await estimate(fx('uniform-square.ts'), 20_000);
    expectUnbiased(r, 'a', (2 * a + b) / 3, ['pathwise']);
    expectUnbiased(r, 'b', (a + 2 * b) / 3, ['pathwise']);
    expect(est(r, 'a', 'score').available).toBe(false);
    expect(est(r, 'a', 'score').note).toMatch(/support/);
  }, 120_000);

  it('exponential Exp(λ), f(x) = x²: ∂λ = −4/λ³ for pathwise and score function', async () => {
    const rate = 1.5;
    const r = await estimate(fx('exponential-square.ts'), 20_000);
    expectUnbiased(r, 'rate', -4 / rate ** 3, ALL);
    expect(est(r, 'rate', 'score').variance).toBeGreaterThan(est(r, 'rate', 'pathwise').variance);
  }, 120_000);

  it('Gumbel(μ, β) from a configured sampler, f(x) = x²: ∂μ = 2(μ+γβ), ∂β = π²β/3 + 2γ(μ+γβ)', async () => {
    const [mu, beta] = [0.3, 0.8];
    const r = await estimate(fx('gumbel-square.ts'), 20_000, { samplers: [{ name: 'gumbel', family: 'gumbel', params: [0, 1] }] });
    expectUnbiased(r, 'mu', 2 * (mu + GAMMA * beta), ALL);
    expectUnbiased(r, 'beta', (Math.PI ** 2 * beta) / 3 + 2 * GAMMA * (mu + GAMMA * beta), ALL);
  }, 120_000);
});

describe('discrete samplers: score function against the relaxed estimator', () => {
  /** Gradient of the relaxed objective E_u[f(σ((logit p + logit u)/τ))] by quadrature and central differences. */
  function relaxedGradient(p: number, tau: number, f: (b: number) => number): number {
    const value = (q: number) => {
      const m = 200_000;
      let s = 0;
      for (let i = 0; i < m; i++) {
        const u = (i + 0.5) / m;
        s += f(1 / (1 + Math.exp(-(Math.log(q) - Math.log1p(-q) + Math.log(u) - Math.log1p(-u)) / tau)));
      }
      return s / m;
    };
    return (value(p + 1e-4) - value(p - 1e-4)) / 2e-4;
  }

  it('Bernoulli(p), f(b) = (b − 0.3)²: REINFORCE gives 0.4; the binary Concrete at τ has the bias the relaxed objective predicts', async () => {
    const f = (b: number) => (b - 0.3) ** 2;
    for (const tau of [0.5, 0.2]) {
      const r = await estimate(fx('bernoulli.ts'), 20_000, { temperature: tau });
      expect(r.temperature).toBe(tau);
      expectUnbiased(r, 'p', 0.4, ['score', 'score-baseline']);
      expect(est(r, 'p', 'pathwise')).toMatchObject({ available: false, note: expect.stringMatching(/discrete sample .* no pathwise derivative/) });
      const expected = relaxedGradient(0.6, tau, f);
      expectUnbiased(r, 'p', expected, ['relaxed']);
      const { bias, se, temperature } = r.params[0].relaxation!;
      expect(temperature).toBe(tau);
      expect(Math.abs(bias - (expected - 0.4))).toBeLessThanOrEqual(4 * se);
    }
  }, 120_000);
});

describe('estimators on the shipped examples', () => {
  it('scalar VI (severed): as written 0 for mu and only the entropy term for logSigma; pathwise and REINFORCE agree with the closed form', async () => {
    const r = await estimate(path.join(ROOT, 'examples/scalar-vi/severed.ts'), 4000, { entry: 'elbo', args: { mu: 0.5, logSigma: -1 } });
    const xs = [1.2, 0.7, 1.9, 1.4, 0.9, 1.6];
    const sigma = Math.exp(-1);
    // E[logJoint(z)] = −(7/2)(μ² + σ²) + μ Σx + const → ∂μ = Σx − 7μ, ∂logσ = −7σ² + 1 (entropy).
    expectUnbiased(r, 'mu', xs.reduce((s, x) => s + x, 0) - 7 * 0.5, ALL);
    expectUnbiased(r, 'logSigma', -7 * sigma * sigma + 1, ALL);
    expect(est(r, 'mu', 'as-written').none).toBe(true);
    expect(est(r, 'logSigma', 'as-written')).toMatchObject({ mean: 1, variance: 0 });
  }, 120_000);

  it('Bayes by backprop (severed): as written has no data-fit gradient; pathwise and REINFORCE converge together', async () => {
    const r = await estimate(path.join(ROOT, 'examples/bayes-by-backprop/severed.ts'), 4000);
    for (const p of ['muW', 'muB']) {
      const pw = est(r, p, 'pathwise');
      const sf = est(r, p, 'score-baseline');
      expect(Math.abs(pw.mean - sf.mean)).toBeLessThanOrEqual(4 * Math.hypot(pw.se, sf.se));
      // The KL term's gradient (μ) is all the code computes; the data fit dominates the true gradient.
      expect(Math.abs(est(r, p, 'as-written').mean - pw.mean)).toBeGreaterThan(8 * pw.se);
      expect(r.params.find((x) => x.name === p)!.varianceRatio).toBeGreaterThan(1);
    }
  }, 120_000);

  it('reports user code that throws with its draw and location, keeping the draws before it', async () => {
    const r = await runEstimate({ file: fx('throws.ts'), entry: 'loss', samples: 10, seed: 1, runnerPath: runnerPath() });
    expect(r.error).toMatchObject({ reason: 'threw', loc: { line: 7 } });
    expect(r.error!.message).toMatch(/bad draw \(draw 3\)/);
    expect(r.draws).toBe(2);
  }, 60_000);
});
