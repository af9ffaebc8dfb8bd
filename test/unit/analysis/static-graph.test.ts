/** The static graph built from the analyzer's dataflow, before any trace runs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStaticGraph } from '../../../src/core/graph/static-graph';
import type { TraceGraph } from '../../../src/core/graph/model';

const EX = join(__dirname, '..', '..', '..', 'examples');
const load = (f: string) => buildStaticGraph(f, readFileSync(join(EX, f), 'utf8'));
const byLabel = (g: TraceGraph, label: string) => g.nodes.filter((n) => n.label === label);
const edge = (g: TraceGraph, from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to);

describe('buildStaticGraph', () => {
  it('shows the severed VAE: encoder → zMean → dataSync ─severed→ tf.randomNormal → z → loss', () => {
    const g = load('vae-tfjs/severed.ts');
    expect(g.runtime).toBe('static');
    expect(g.error).toBeNull();
    expect(g.params.map((p) => p.name).sort()).toEqual(['decoder', 'encoder']);
    const [sample] = g.nodes.filter((n) => n.kind === 'sample');
    expect(sample.label).toBe('tf.randomNormal');
    expect(sample.loc).toMatchObject({ line: 45, column: 13, fn: 'loss' });
    const hosts = g.nodes.filter((n) => n.kind === 'host');
    expect(hosts).toHaveLength(2);
    for (const h of hosts) expect(edge(g, h.id, sample.id)?.kind).toBe('severed');
    const [zMean] = byLabel(g, 'zMean');
    expect(g.edges.some((e) => e.from === zMean.id && hosts.some((h) => h.id === e.to) && e.kind === 'severed')).toBe(true);
    const [z] = byLabel(g, 'z');
    expect(edge(g, sample.id, z.id)?.kind).toBe('grad');
    expect(g.nodes.some((n) => n.kind === 'output')).toBe(true);
    expect(g.nodes.every((n) => n.value === null && n.grad === null)).toBe(true);
  });

  it('shows the fixed VAE with external noise and no severed edge', () => {
    const g = load('vae-tfjs/fixed.ts');
    expect(g.edges.filter((e) => e.kind !== 'grad')).toEqual([]);
    const noise = g.nodes.filter((n) => n.kind === 'noise');
    expect(noise.length).toBeGreaterThan(0);
    const [z] = byLabel(g, 'z');
    const [zMean] = byLabel(g, 'zMean');
    expect(edge(g, zMean.id, z.id)?.kind).toBe('grad');
  });

  it('marks a discrete sampler with a zero edge', () => {
    const g = load('categorical-tfjs/severed.ts');
    const [s] = g.nodes.filter((n) => n.kind === 'sample');
    expect(s.label).toBe('tf.multinomial');
    const into = g.edges.filter((e) => e.to === s.id);
    expect(into.length).toBeGreaterThan(0);
    expect(into.every((e) => e.kind === 'zero')).toBe(true);
  });

  it('graphs a plain objective: parameters, the opaque sampler and the loss', () => {
    const code = `import { randomNormal } from 'd3-random';
export function loss(mu: number, logSigma: number) {
  const sigma = Math.exp(logSigma);
  const z = randomNormal(mu, sigma)();
  return (z - 1) ** 2;
}`;
    const g = buildStaticGraph('plain.ts', code);
    expect(g.params.map((p) => p.name)).toEqual(['mu', 'logSigma']);
    const [mu] = byLabel(g, 'mu');
    const [sigma] = byLabel(g, 'sigma');
    const [sample] = g.nodes.filter((n) => n.kind === 'sample');
    expect(edge(g, mu.id, sample.id)?.kind).toBe('severed');
    expect(edge(g, sigma.id, sample.id)?.kind).toBe('severed');
    const [out] = g.nodes.filter((n) => n.kind === 'output');
    const [z] = byLabel(g, 'z');
    expect(edge(g, z.id, out.id)?.kind).toBe('grad');
  });

  it('never throws on broken input', () => {
    const g = buildStaticGraph('bad.ts', 'function loss(mu: number) { return randomNormal(mu,');
    expect(g.version).toBe(1);
    expect(Array.isArray(g.nodes)).toBe(true);
  });
});
