import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/api';
import { staticGraph } from '../../../src/core/graph/static';
import type { TraceGraph } from '../../../src/core/graph/model';

/** Static graph of `code` with the real analyzer's findings, as `label:kind` nodes and `from-kind->to` edges. */
function graph(code: string): { g: TraceGraph; nodes: string[]; edges: string[] } {
  const g = staticGraph('case.ts', code, analyze('case.ts', code).findings);
  const label = (id: string) => g.nodes.find((n) => n.id === id)!.label;
  return {
    g,
    nodes: g.nodes.map((n) => `${n.label}:${n.kind}`),
    edges: g.edges.map((e) => `${label(e.from)}-${e.kind}->${label(e.to)}`).sort(),
  };
}

const D3 = "import { randomNormal } from 'd3-random';\n";

describe('staticGraph', () => {
  it.each([
    {
      name: 'severed plain sampler: μ ──?──> z',
      code: `${D3}export function elbo(mu = 0.5, logSigma = -1): number {\n  const z = randomNormal(mu, Math.exp(logSigma))();\n  return z * z;\n}\n`,
      nodes: ['mu:param', 'logSigma:param', 'z:sample', 'elbo:output'],
      edges: ['logSigma-severed->z', 'mu-severed->z', 'z-grad->elbo'],
    },
    {
      name: 'reparameterized: ε is an input, z = μ + σ·ε carries gradient',
      code: `${D3}export function elbo(mu = 0.5, logSigma = -1): number {\n  const sigma = Math.exp(logSigma);\n  const eps = randomNormal(0, 1)();\n  const z = mu + sigma * eps;\n  return z * z;\n}\n`,
      nodes: ['mu:param', 'logSigma:param', 'sigma:op', 'eps:noise', 'z:op', 'elbo:output'],
      edges: ['eps-grad->z', 'logSigma-grad->sigma', 'mu-grad->z', 'sigma-grad->z', 'z-grad->elbo'],
    },
    {
      name: 'discrete steps are zero-gradient edges',
      code: `export function loss(w: number): number {\n  const k = Math.round(w);\n  const big = w > 1 ? 1 : 0;\n  return k * w + big;\n}\n`,
      nodes: ['w:param', 'k:op', 'big:op', 'loss:output'],
      edges: ['big-grad->loss', 'k-grad->loss', 'w-grad->loss', 'w-zero->big', 'w-zero->k'],
    },
    {
      name: 'loop accumulation: each assignment reads the previous version',
      code: `export function loss(w: number): number {\n  let acc = 0;\n  for (let i = 0; i < 3; i++) acc += w * i;\n  return acc;\n}\n`,
      nodes: ['w:param', 'acc:op', 'i:op', 'acc:op', 'loss:output'],
      edges: ['acc-grad->acc', 'acc-grad->loss', 'i-grad->acc', 'w-grad->acc'],
    },
    {
      name: 'host reads cut the gradient',
      code: `import * as tf from '@tensorflow/tfjs';\nexport function loss(t: tf.Tensor): number {\n  const v = t.dataSync();\n  return v[0];\n}\n`,
      nodes: ['t:param', 'v:host', 'loss:output'],
      edges: ['t-severed->v', 'v-grad->loss'],
    },
    {
      name: 'functions outside gradient contexts are not drawn',
      code: `export function helper(a: number): number {\n  const b = a * 2;\n  return b;\n}\n`,
      nodes: [],
      edges: [],
    },
  ])('$name', ({ code, nodes, edges }) => {
    const r = graph(code);
    expect(r.nodes).toEqual(nodes);
    expect(r.edges).toEqual(edges);
    expect(r.g.runtime).toBe('static');
    expect(r.g.nodes.every((n) => n.value === null && n.grad === null)).toBe(true);
  });

  it('callbacks of tf.grad are gradient contexts, named after the call', () => {
    const r = graph(`import * as tf from '@tensorflow/tfjs';\nconst w = tf.scalar(2);\nconst g = tf.grad((x: tf.Tensor) => {\n  const y = x.square();\n  return y.mul(w);\n});\n`);
    expect(r.nodes).toEqual(['x:param', 'y:op', 'tf.grad(…):output']);
    expect(r.g.nodes[1].op).toBe('x.square');
  });

  it('records 1-based source ranges and the function of each node', () => {
    const { g } = graph(`${D3}export function elbo(mu = 0.5, logSigma = -1): number {\n  const z = randomNormal(mu, Math.exp(logSigma))();\n  return z * z;\n}\n`);
    const z = g.nodes.find((n) => n.label === 'z')!;
    expect(z.loc).toEqual({ line: 3, column: 13, endLine: 3, endColumn: 51, fn: "elbo" }); // end is exclusive
    expect(z.op).toBe('d3.randomNormal');
  });

  it('never throws on broken code', () => {
    const code = 'export function loss(a: number { const = ; return a +';
    expect(() => staticGraph('bad.ts', code, [])).not.toThrow();
  });
});
