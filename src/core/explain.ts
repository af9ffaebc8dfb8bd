/**
 * Hover text for a finding: three or four markdown lines on pathwise versus distributional
 * derivatives for that rule and family, with the reparameterized form. Data-driven: one table row
 * per family, one template per rule.
 */
import type { Family, Finding, RuleId } from './types';

/** The reparameterized (pathwise) form of a sample of each family, or how to handle it when there is none. */
export const REPARAMETERIZED: Record<Family, string> = {
  normal: '`z = mu + sigma * eps`, eps ~ N(0, 1)',
  lognormal: '`z = exp(mu + sigma * eps)`, eps ~ N(0, 1)',
  uniform: '`z = a + (b - a) * u`, u ~ U(0, 1)',
  exponential: '`z = -log(u) / lambda`, u ~ U(0, 1)',
  laplace: '`z = mu - b * sign(u) * log(1 - 2|u|)`, u ~ U(-1/2, 1/2)',
  logistic: '`z = mu + s * log(u / (1 - u))`, u ~ U(0, 1)',
  cauchy: '`z = x0 + gamma * tan(pi * (u - 1/2))`, u ~ U(0, 1)',
  gumbel: '`z = mu - beta * log(-log(u))`, u ~ U(0, 1)',
  weibull: '`z = lambda * (-log(u)) ** (1 / k)`, u ~ U(0, 1)',
  pareto: '`z = xm * u ** (-1 / alpha)`, u ~ U(0, 1)',
  gamma: '`z = theta * d * (1 + c * eps) ** 3` (Marsaglia–Tsang, d = alpha - 1/3, c = 1/sqrt(9d)), eps ~ N(0, 1) — or implicit reparameterization',
  beta: '`z = X / (X + Y)` with X ~ Gamma(alpha), Y ~ Gamma(beta) each reparameterized',
  dirichlet: '`z = g / sum(g)` with g_i ~ Gamma(alpha_i) each reparameterized',
  chisquare: '`z` = Gamma(k/2, scale 2), reparameterized as a gamma',
  studentt: '`z = eps / sqrt(c / nu)` with eps ~ N(0, 1) and c ~ chi-square(nu) reparameterized',
  poisson: 'no pathwise form (discrete): use the score-function estimator or a continuous relaxation',
  binomial: 'no pathwise form (discrete): relax each Bernoulli trial (Concrete) or use the score-function estimator',
  bernoulli: 'relaxed `z = sigmoid((log(p / (1 - p)) + log(u / (1 - u))) / tau)`, u ~ U(0, 1) (Concrete), or straight-through',
  categorical: 'Gumbel-softmax `z = softmax((logits + g) / tau)`, g = -log(-log(u)), or straight-through Gumbel',
  geometric: 'no pathwise form (discrete): use the score-function estimator',
  other: '`z = g(theta, eps)` with parameter-free noise eps, so z is deterministic in theta given eps',
};

function names(f: Finding): string {
  return f.severed.length ? f.severed.map((n) => `\`${n}\``).join(', ') : 'the parameters';
}

const TEMPLATES: Record<RuleId, (f: Finding, form: string) => string[]> = {
  'opaque-sampler': (f, form) => [
    `**Pathwise vs distributional derivative.** \`${f.sampler ?? 'the sampler'}\` draws a fresh value inside an opaque call: the graph has no edge from ${names(f)} to the sample, so autodiff's pathwise derivative ∂z/∂θ through it is 0.`,
    `Backprop only needs z to be *deterministic in θ given the noise* — externalize the randomness and reparameterize: ${form}.`,
    'Then ∂z/∂mu = 1 and ∂z/∂sigma = eps: ∇θ E[f(z)] ≈ mean over noise draws of ∇θ f(g(θ, eps)).',
  ],
  'host-round-trip': (f) => [
    `**The graph stops at \`${f.sampler ?? 'the host copy'}\`.** Reading a tensor to a JavaScript number copies its value; when that number re-enters the computation it is a constant, so ∂loss/∂${f.severed[0] ?? 'θ'} through it is 0.`,
    'This is not a distributional effect — the path simply is not represented in the graph.',
    `Keep the computation in tensor ops (use ${names(f)} directly, e.g. \`tf.add(mu, tf.mul(sigma, eps))\` instead of reading \`.dataSync()[0]\`).`,
  ],
  'discrete-step': (f, form) => [
    `**A step has derivative 0 almost everywhere.** \`${f.sampler ?? 'the step'}\` is piecewise constant in ${names(f)}; its derivative exists only in the distributional sense (a Dirac mass at the jump), which autodiff cannot use.`,
    `Pathwise alternatives: ${form}; or keep the discrete value and use the score-function estimator ∇θ E[f(z)] = E[f(z) ∇θ log p_θ(z)].`,
  ],
  'score-function': (f, form) => [
    `**Score-function (REINFORCE) estimator — intentional.** The sample only enters the loss as the target of log p_θ, so the gradient flows through ∇θ log p_θ(z), not through z: ∇θ E[f(z)] = E[f(z) ∇θ log p_θ(z)].`,
    'It is unbiased but usually high-variance; subtract a baseline from f(z) to reduce it.',
    `If f is differentiable in z, the pathwise form ${form} usually has much lower variance.`,
  ],
};

/** Three or four markdown lines for the hover of a finding. */
export function explainFinding(f: Finding): string {
  const form = REPARAMETERIZED[f.family ?? 'other'] ?? REPARAMETERIZED.other;
  const lines = TEMPLATES[f.ruleId](f, form);
  if (lines.length < 4 && f.ruleId !== 'score-function') lines.push(`Rule \`${f.ruleId}\` — see docs/rules/${f.ruleId}.md; silence with \`"pathwise.severity": { "${f.ruleId}": "off" }\`.`);
  return lines.join('\n\n');
}
