/**
 * Gradient-correctness table: plain-TS functions with their analytic gradients. `v(label)` is the
 * value of the graph node labelled `label` (the noise drawn in that run, e.g. `u` or `eps`).
 */
export interface GradCase {
  name: string;
  src: string;
  args: Record<string, number | number[]>;
  grads: (a: Record<string, number>, v: (label: string) => number) => Record<string, number>;
}

const fn = (params: string, body: string) => `export function f(${params}): number {\n${body}\n}\n`;

export const GRAD_CASES: GradCase[] = [
  { name: 'add and mul', src: fn('x: number, y: number', 'return x * y + x;'), args: { x: 1.5, y: -0.7 }, grads: ({ x, y }) => ({ x: y + 1, y: x }) },
  { name: 'sub and div', src: fn('x: number, y: number', 'return (x - y) / y;'), args: { x: 2, y: 0.8 }, grads: ({ x, y }) => ({ x: 1 / y, y: -x / (y * y) }) },
  { name: 'power operator', src: fn('x: number, y: number', 'return x ** 3 + 2 ** y;'), args: { x: 1.3, y: 0.4 }, grads: ({ x, y }) => ({ x: 3 * x * x, y: 2 ** y * Math.LN2 }) },
  { name: 'remainder', src: fn('x: number, y: number', 'return (x % 2.5) * y;'), args: { x: 3.7, y: 1.1 }, grads: ({ x, y }) => ({ x: y, y: x % 2.5 }) },
  { name: 'unary minus', src: fn('x: number, y: number', 'return -x * -y - -x;'), args: { x: 0.9, y: 2.2 }, grads: ({ x, y }) => ({ x: y + 1, y: x }) },
  { name: 'exp and log', src: fn('x: number, y: number', 'return Math.exp(x) * Math.log(y);'), args: { x: 0.3, y: 2.5 }, grads: ({ x, y }) => ({ x: Math.exp(x) * Math.log(y), y: Math.exp(x) / y }) },
  {
    name: 'trigonometry', src: fn('x: number, y: number', 'return Math.sin(x) * Math.cos(y) + Math.tan(x * y);'), args: { x: 0.4, y: 0.9 },
    grads: ({ x, y }) => { const s = 1 / Math.cos(x * y) ** 2; return { x: Math.cos(x) * Math.cos(y) + y * s, y: -Math.sin(x) * Math.sin(y) + x * s }; },
  },
  {
    name: 'sqrt cbrt hypot', src: fn('x: number, y: number', 'return Math.sqrt(x) + Math.cbrt(y) + Math.hypot(x, y);'), args: { x: 1.7, y: 0.6 },
    grads: ({ x, y }) => ({ x: 0.5 / Math.sqrt(x) + x / Math.hypot(x, y), y: 1 / (3 * Math.cbrt(y) ** 2) + y / Math.hypot(x, y) }),
  },
  {
    name: 'tanh and atan2', src: fn('x: number, y: number', 'return Math.tanh(x) + Math.atan2(y, x);'), args: { x: 0.8, y: 0.5 },
    grads: ({ x, y }) => ({ x: 1 - Math.tanh(x) ** 2 - y / (x * x + y * y), y: x / (x * x + y * y) }),
  },
  {
    // x = 2w + 1, y = x (postfix), then x = 2w + 3: loss = (2w + 3)(2w + 1).
    name: 'increments and decrements', src: fn('w: number', 'let x = w * 2;\n  x++;\n  const y = x++;\n  ++x;\n  x--;\n  x += 1;\n  return x * y;'), args: { w: 0.5 },
    grads: ({ w }) => ({ w: 2 * (2 * w + 1) + 2 * (2 * w + 3) }),
  },
  { name: 'Math.pow', src: fn('x: number, y: number', 'return Math.pow(x, y);'), args: { x: 1.6, y: 2.3 }, grads: ({ x, y }) => ({ x: y * x ** (y - 1), y: x ** y * Math.log(x) }) },
  {
    name: 'max min abs', src: fn('x: number, y: number', 'return Math.max(x, y) * Math.abs(x - 2 * y) + Math.min(x, 0.1);'), args: { x: 0.7, y: 0.5 },
    // max = x, |x - 2y| = -(x - 2y), min = 0.1
    grads: ({ x, y }) => ({ x: Math.abs(x - 2 * y) - x, y: 2 * x }),
  },
  {
    name: 'for loop', src: fn('x: number, y: number', 'let s = 0;\n  for (let i = 1; i <= 10; i++) s += x * i + y / i;\n  return s * s;'), args: { x: 0.2, y: -0.3 },
    grads: ({ x, y }) => { const H = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].reduce((a, i) => a + 1 / i, 0); const s = 55 * x + H * y; return { x: 2 * s * 55, y: 2 * s * H }; },
  },
  {
    name: 'while loop', src: fn('x: number, y: number', 'let v = x;\n  let k = 0;\n  while (k < 5) { v = v * y + 1; k++; }\n  return v;'), args: { x: 0.6, y: 0.9 },
    grads: ({ x, y }) => { let v = x, dv = 0; let dx = 1; for (let k = 0; k < 5; k++) { dv = dv * y + v; dx *= y; v = v * y + 1; } return { x: dx, y: dv }; },
  },
  {
    name: 'closures', src: fn('x: number, y: number', 'const scale = (a: number) => (b: number) => a * b;\n  return scale(x)(y) + scale(y)(y);'), args: { x: 1.2, y: 0.7 },
    grads: ({ x, y }) => ({ x: y, y: x + 2 * y }),
  },
  {
    name: 'helper functions', src: `function sq(a: number): number { return a * a; }\nfunction cube(a: number) { return sq(a) * a; }\n${fn('x: number, y: number', 'return sq(x) + cube(x * y);')}`, args: { x: 0.8, y: 1.3 },
    grads: ({ x, y }) => ({ x: 2 * x + 3 * (x * y) ** 2 * y, y: 3 * (x * y) ** 2 * x }),
  },
  {
    name: 'compound assignment', src: fn('x: number, y: number', 'let a = x;\n  a *= y;\n  a -= 1;\n  a /= 2;\n  a **= 2;\n  a += x;\n  return a;'), args: { x: 1.4, y: 2.1 },
    grads: ({ x, y }) => { const b = (x * y - 1) / 2; return { x: 2 * b * (y / 2) + 1, y: 2 * b * (x / 2) }; },
  },
  {
    name: 'arrays and reduce', src: fn('x: number, y: number', 'const w = [x, y, x * y];\n  return w.reduce((s, v) => s + v * v, 0);'), args: { x: 0.9, y: -1.1 },
    grads: ({ x, y }) => ({ x: 2 * x + 2 * x * y * y, y: 2 * y + 2 * x * x * y }),
  },
  {
    name: 'ternary (ReLU branch)', src: fn('x: number, y: number', 'const h = x > 0 ? x : 0.1 * x;\n  const g = y > 0 ? y : 0.1 * y;\n  return h * g;'), args: { x: 0.5, y: -2 },
    grads: ({ x, y }) => ({ x: 0.1 * y, y: 0.1 * x }),
  },
  { name: 'object fields', src: fn('x: number, y: number', 'const p = { a: x, b: y };\n  return p.a * p.b + p.a;'), args: { x: 0.3, y: 4 }, grads: ({ x, y }) => ({ x: y + 1, y: x }) },
  {
    name: 'log1p expm1 sinh', src: fn('x: number, y: number', 'return Math.log1p(x * x) + Math.expm1(y) + Math.sinh(x);'), args: { x: 0.5, y: -0.4 },
    grads: ({ x, y }) => ({ x: (2 * x) / (1 + x * x) + Math.cosh(x), y: Math.exp(y) }),
  },
  {
    name: 'array parameter', src: 'export function f(w: number[]): number {\n  return w[0] * w[0] + 3 * w[1];\n}\n', args: { w: [1.5, -2] },
    grads: (a) => ({ 'w[0]': 2 * a['w[0]'], 'w[1]': 3 }),
  },
  { name: 'default parameter', src: 'export function f(x: number, y: number = 3): number {\n  return x * y * y;\n}\n', args: { x: 0.5 }, grads: ({ x }) => ({ x: 9, y: 2 * x * 3 }) },
  // Reparameterized samplers: z = g(θ, noise), noise drawn by Math.random (seeded).
  {
    name: 'normal (reparameterized)', src: fn('mu: number, sigma: number', 'const u1 = Math.random();\n  const u2 = Math.random();\n  const eps = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);\n  const z = mu + sigma * eps;\n  return (z - 1) * (z - 1);'),
    args: { mu: 0.5, sigma: 1.2 }, grads: ({ mu, sigma }, v) => { const z = mu + sigma * v('eps'); return { mu: 2 * (z - 1), sigma: 2 * (z - 1) * v('eps') }; },
  },
  {
    name: 'lognormal (reparameterized)', src: fn('mu: number, sigma: number', 'const u1 = Math.random();\n  const u2 = Math.random();\n  const eps = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);\n  const z = Math.exp(mu + sigma * eps);\n  return z;'),
    args: { mu: 0.1, sigma: 0.4 }, grads: ({ mu, sigma }, v) => { const z = Math.exp(mu + sigma * v('eps')); return { mu: z, sigma: z * v('eps') }; },
  },
  {
    name: 'uniform (reparameterized)', src: fn('a: number, b: number', 'const u = Math.random();\n  const z = a + (b - a) * u;\n  return z * z;'),
    args: { a: -1, b: 2 }, grads: ({ a, b }, v) => { const z = a + (b - a) * v('u'); return { a: 2 * z * (1 - v('u')), b: 2 * z * v('u') }; },
  },
  {
    name: 'exponential (reparameterized)', src: fn('rate: number', 'const u = Math.random();\n  const z = -Math.log(1 - u) / rate;\n  return z;'),
    args: { rate: 1.7 }, grads: ({ rate }, v) => ({ rate: Math.log(1 - v('u')) / (rate * rate) }),
  },
  {
    name: 'laplace (reparameterized)', src: fn('mu: number, b: number', 'const u = Math.random();\n  const z = mu - b * Math.sign(u - 0.5) * Math.log(1 - 2 * Math.abs(u - 0.5));\n  return z * z;'),
    args: { mu: 0.3, b: 0.8 }, grads: ({ mu, b }, v) => { const u = v('u'); const e = -Math.sign(u - 0.5) * Math.log(1 - 2 * Math.abs(u - 0.5)); const z = mu + b * e; return { mu: 2 * z, b: 2 * z * e }; },
  },
  {
    name: 'logistic (reparameterized)', src: fn('mu: number, s: number', 'const u = Math.random();\n  const z = mu + s * Math.log(u / (1 - u));\n  return z * z;'),
    args: { mu: -0.2, s: 0.6 }, grads: ({ mu, s }, v) => { const l = Math.log(v('u') / (1 - v('u'))); const z = mu + s * l; return { mu: 2 * z, s: 2 * z * l }; },
  },
  {
    name: 'cauchy (reparameterized)', src: fn('x0: number, gamma: number', 'const u = Math.random();\n  const z = x0 + gamma * Math.tan(Math.PI * (u - 0.5));\n  return Math.sin(z);'),
    args: { x0: 0.1, gamma: 0.5 }, grads: ({ x0, gamma }, v) => { const t = Math.tan(Math.PI * (v('u') - 0.5)); const z = x0 + gamma * t; return { x0: Math.cos(z), gamma: Math.cos(z) * t }; },
  },
  {
    name: 'gumbel (reparameterized)', src: fn('mu: number, beta: number', 'const u = Math.random();\n  const z = mu - beta * Math.log(-Math.log(u));\n  return z * z;'),
    args: { mu: 0.4, beta: 1.3 }, grads: ({ mu, beta }, v) => { const g = -Math.log(-Math.log(v('u'))); const z = mu + beta * g; return { mu: 2 * z, beta: 2 * z * g }; },
  },
  {
    name: 'weibull (reparameterized)', src: fn('lambda: number, k: number', 'const u = Math.random();\n  const z = lambda * Math.pow(-Math.log(1 - u), 1 / k);\n  return z;'),
    args: { lambda: 1.5, k: 2.2 }, grads: ({ lambda, k }, v) => { const t = -Math.log(1 - v('u')); const z = lambda * t ** (1 / k); return { lambda: z / lambda, k: (-z * Math.log(t)) / (k * k) }; },
  },
  {
    name: 'pareto (reparameterized)', src: fn('xm: number, alpha: number', 'const u = Math.random();\n  const z = xm / Math.pow(1 - u, 1 / alpha);\n  return z;'),
    args: { xm: 1.2, alpha: 2.5 }, grads: ({ xm, alpha }, v) => { const z = xm / (1 - v('u')) ** (1 / alpha); return { xm: z / xm, alpha: (z * Math.log(1 - v('u'))) / (alpha * alpha) }; },
  },
];

/** Severed versions: a library (or user-declared) sampler draws from the parameters. */
export interface SeveredCase {
  name: string;
  src: string;
  args: Record<string, number>;
  cut: string[];
  samplers?: { name: string; family: 'gumbel'; params: number[] }[];
}

const sev = (params: string, imports: string, draw: string) =>
  `${imports}\nexport function f(${params}): number {\n  const z = ${draw};\n  return (z - 1) * (z - 1);\n}\n`;

export const SEVERED_CASES: SeveredCase[] = [
  { name: 'normal', src: sev('mu: number, sigma: number', "import { randomNormal } from 'd3-random';", 'randomNormal(mu, sigma)()'), args: { mu: 0.5, sigma: 1.2 }, cut: ['mu', 'sigma'] },
  { name: 'lognormal', src: sev('mu: number, sigma: number', "import { randomLogNormal } from 'd3-random';", 'randomLogNormal(mu, sigma)()'), args: { mu: 0.1, sigma: 0.4 }, cut: ['mu', 'sigma'] },
  { name: 'uniform', src: sev('a: number, b: number', "import { randomUniform } from 'd3-random';", 'randomUniform(a, b)()'), args: { a: -1, b: 2 }, cut: ['a', 'b'] },
  { name: 'exponential', src: sev('rate: number', "import { randomExponential } from 'd3-random';", 'randomExponential(rate)()'), args: { rate: 1.7 }, cut: ['rate'] },
  { name: 'laplace', src: sev('mu: number, b: number', "import { jStat } from 'jstat';", 'jStat.laplace.sample(mu, b)'), args: { mu: 0.3, b: 0.8 }, cut: ['mu', 'b'] },
  { name: 'logistic', src: sev('mu: number, s: number', "import * as d3 from 'd3-random';", 'd3.randomLogistic(mu, s)()'), args: { mu: -0.2, s: 0.6 }, cut: ['mu', 's'] },
  { name: 'cauchy', src: sev('x0: number, gamma: number', "import { randomCauchy } from 'd3-random';", 'randomCauchy(x0, gamma)()'), args: { x0: 0.1, gamma: 0.5 }, cut: ['x0', 'gamma'] },
  {
    name: 'gumbel (user-declared sampler)',
    src: sev('mu: number, beta: number', 'function gumbelSample(m: number, b: number): number { return m - b * Math.log(-Math.log(Math.random())); }', 'gumbelSample(mu, beta)'),
    args: { mu: 0.4, beta: 1.3 }, cut: ['mu', 'beta'], samplers: [{ name: 'gumbelSample', family: 'gumbel', params: [0, 1] }],
  },
  { name: 'weibull', src: sev('k: number, lambda: number', "import { randomWeibull } from 'd3-random';", 'randomWeibull(k, 0, lambda)()'), args: { k: 2.2, lambda: 1.5 }, cut: ['k', 'lambda'] },
  // d3's Pareto has unit scale: the scale multiplies outside the sampler and keeps its gradient.
  // Only in the shared catalogue: a jStat distribution object whose `.sample()` draws.
  { name: 'normal (jStat distribution object)', src: sev('mu: number, sigma: number', "import { jStat } from 'jstat';", 'jStat.normal(mu, sigma).sample()'), args: { mu: 0.5, sigma: 1.2 }, cut: ['mu', 'sigma'] },
  { name: 'pareto', src: sev('xm: number, alpha: number', "import { randomPareto } from 'd3-random';", 'xm * randomPareto(alpha)()'), args: { xm: 1.2, alpha: 2.5 }, cut: ['alpha'] },
];
