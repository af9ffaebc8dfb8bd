/**
 * Variational inference on a 1-D Gaussian in plain TypeScript — SEVERED form (d3-random).
 *
 * Model: observations x_i ~ N(z, 1) with prior z ~ N(0, 1); variational posterior
 * q(z) = N(mu, sigma²), sigma = exp(logSigma). The single-sample ELBO estimate is
 * log p(x, z) + H[q] with z ~ q.
 *
 * Shows: `randomNormal(mu, sigma)()` is opaque: it takes two numbers and returns a number, so an
 * autodiff tool sees no function from (mu, logSigma) to z. ∂elbo/∂mu through z is lost (mu gets
 * no gradient at all) and ∂elbo/∂logSigma keeps only the entropy term. Finite differences with the
 * same seed still see the dependence — Pathwise's gradient check shows the disagreement.
 *
 * Pathwise reports: `opaque-sampler` (warning) on the `randomNormal(...)()` line, severed mu,
 * logSigma, fixable into `mu + sigma * eps` (see fixed.ts). `pathwise trace --entry elbo` gives
 * `grad: null` for mu and a severed edge from each parameter into the sample.
 *
 * main() runs a hand-written gradient-ascent loop with central finite differences of a Monte Carlo
 * average (finite differences cannot tell the two forms apart; autodiff can).
 */
import { randomNormal } from 'd3-random';

/** Observed data (constants). */
const OBSERVED = [1.2, 0.7, 1.9, 1.4, 0.9, 1.6];

/** log N(x | mean, 1). */
function logNormal1(x: number, mean: number): number {
  return -0.5 * (x - mean) * (x - mean) - 0.5 * Math.log(2 * Math.PI);
}

/** log p(x, z) = Σ log N(x_i | z, 1) + log N(z | 0, 1). */
function logJoint(z: number): number {
  let total = logNormal1(z, 0);
  for (const x of OBSERVED) total += logNormal1(x, z);
  return total;
}

/** Single-sample ELBO estimate of q = N(mu, exp(logSigma)²); the entropy term is analytic. */
export function elbo(mu = 0.5, logSigma = -1): number {
  const z = randomNormal(mu, Math.exp(logSigma))();
  return logJoint(z) + logSigma + 0.5 * Math.log(2 * Math.PI * Math.E);
}

/** Monte Carlo average of `samples` ELBO estimates (variance reduction for the finite differences). */
function monteCarlo(mu: number, logSigma: number, samples: number): number {
  let sum = 0;
  for (let i = 0; i < samples; i++) sum += elbo(mu, logSigma);
  return sum / samples;
}

/** Gradient ascent on the ELBO with central finite differences; prints -ELBO as the loss. */
export function main(steps = 150): number {
  let mu = 0;
  let logSigma = 0;
  const h = 0.05;
  const rate = 0.02;
  const samples = 400;
  let loss = NaN;
  for (let step = 0; step < steps; step++) {
    const dMu = (monteCarlo(mu + h, logSigma, samples) - monteCarlo(mu - h, logSigma, samples)) / (2 * h);
    const dLogSigma = (monteCarlo(mu, logSigma + h, samples) - monteCarlo(mu, logSigma - h, samples)) / (2 * h);
    mu += rate * dMu;
    logSigma += rate * Math.max(-5, Math.min(5, dLogSigma));
    if (step % 30 === 0 || step === steps - 1) {
      loss = -monteCarlo(mu, logSigma, samples);
      console.log(`step ${step} mu ${mu.toFixed(3)} sigma ${Math.exp(logSigma).toFixed(3)} loss ${loss.toFixed(4)}`);
    }
  }
  const n = OBSERVED.length;
  const exactMean = OBSERVED.reduce((a, b) => a + b, 0) / (n + 1);
  console.log(`exact posterior: mean ${exactMean.toFixed(3)} sigma ${Math.sqrt(1 / (n + 1)).toFixed(3)}`);
  console.log(`final loss ${loss}`);
  return loss;
}

if (require.main === module) main();
