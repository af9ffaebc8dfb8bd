/**
 * Bayes-by-backprop linear regression in plain TypeScript — FIXED (reparameterized) form.
 *
 * Model: y = w·x + b + noise(0.3) with a Gaussian weight posterior per parameter,
 * q(w) = N(muW, softplus(rhoW)²), q(b) = N(muB, softplus(rhoB)²), prior N(0, 1).
 * Loss = negative log-likelihood of the data under one weight sample + KL(q ‖ prior).
 *
 * Shows: weight uncertainty made differentiable (Blundell et al. 2015). The noise epsW, epsB ~ N(0, 1)
 * is drawn with constant parameters and each weight is a deterministic function of its variational
 * parameters given that noise: w = muW + softplus(rhoW) * epsW. Compare with severed.ts.
 *
 * Pathwise reports: nothing. `pathwise trace --entry loss` gives a gradient for all four
 * variational parameters that matches the finite-difference check with the same seed.
 *
 * main() runs gradient descent with central finite differences of a Monte Carlo average.
 */
import { randomLcg, randomNormal } from 'd3-random';

/** Training data y = 2x − 1 + N(0, 0.3²), generated once with a seeded generator (not a gradient context). */
const NOISE = 0.3;
const noise = randomNormal.source(randomLcg(42))(0, NOISE);
const XS = Array.from({ length: 20 }, (_, i) => -1 + (2 * i) / 19);
const YS = XS.map((x) => 2 * x - 1 + noise());

/** softplus(r) = log(1 + e^r): a positive standard deviation from an unconstrained parameter. */
function softplus(r: number): number {
  return Math.log1p(Math.exp(r));
}

/** KL(N(mu, sigma²) ‖ N(0, 1)). */
function klToStdNormal(mu: number, sigma: number): number {
  return 0.5 * (mu * mu + sigma * sigma - 1) - Math.log(sigma);
}

/** Negative log-likelihood of the data for one weight sample (w, b). */
function negLogLikelihood(w: number, b: number): number {
  let total = 0;
  for (let i = 0; i < XS.length; i++) {
    const r = (YS[i] - (w * XS[i] + b)) / NOISE;
    total += 0.5 * r * r + Math.log(NOISE) + 0.5 * Math.log(2 * Math.PI);
  }
  return total;
}

/** Bayes-by-backprop loss (negative ELBO) for one weight sample. */
export function loss(muW = 0.5, rhoW = -2, muB = 0, rhoB = -2): number {
  // External noise with constant parameters; the weights are deterministic given (epsW, epsB).
  const epsW = randomNormal(0, 1)();
  const epsB = randomNormal(0, 1)();
  const w = muW + softplus(rhoW) * epsW;
  const b = muB + softplus(rhoB) * epsB;
  return negLogLikelihood(w, b) + klToStdNormal(muW, softplus(rhoW)) + klToStdNormal(muB, softplus(rhoB));
}

/** Monte Carlo average of the loss over `samples` weight draws. */
function averaged(p: number[], samples: number): number {
  let sum = 0;
  for (let i = 0; i < samples; i++) sum += loss(p[0], p[1], p[2], p[3]);
  return sum / samples;
}

/** Gradient descent with central finite differences; prints the averaged loss. */
export function main(steps = 120): number {
  const p = [0, -2, 0, -2];
  const h = 0.01;
  const rate = 0.002;
  const samples = 200;
  let current = NaN;
  for (let step = 0; step < steps; step++) {
    const grad = p.map((_, k) => {
      const up = p.slice();
      const down = p.slice();
      up[k] += h;
      down[k] -= h;
      return (averaged(up, samples) - averaged(down, samples)) / (2 * h);
    });
    for (let k = 0; k < p.length; k++) p[k] -= rate * Math.max(-50, Math.min(50, grad[k]));
    if (step % 30 === 0 || step === steps - 1) {
      current = averaged(p, samples);
      console.log(`step ${step} w ~ N(${p[0].toFixed(3)}, ${softplus(p[1]).toFixed(3)}²) b ~ N(${p[2].toFixed(3)}, ${softplus(p[3]).toFixed(3)}²) loss ${current.toFixed(4)}`);
    }
  }
  console.log(`final loss ${current}`);
  return current;
}

if (require.main === module) main();
