/**
 * The inspector's fallback static graph, built from real analyzer findings: a valid TraceGraph
 * (checked with the protocol's own guard) with a severed edge from each trainable to its site.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/api';
import { findingsGraph } from '../../../src/core/findings-graph';
import { isTraceGraph } from '../../../src/core/protocol';

const PLAIN = `import { randomNormal } from 'd3-random';
export function loss(mu: number, sigma: number): number {
  const z = randomNormal(mu, sigma)();
  return (z - 3) ** 2;
}
`;

describe('findingsGraph', () => {
  it('turns a severing finding into param ──severed──▶ sample ──grad──▶ loss', () => {
    const { findings } = analyze('plain.ts', PLAIN);
    expect(findings.length).toBeGreaterThan(0);
    const g = findingsGraph('plain.ts', findings);
    expect(isTraceGraph(g)).toBe(true);
    expect(g.runtime).toBe('static');
    expect(g.params.map((p) => p.name)).toEqual(['mu', 'sigma']);
    const site = g.nodes.find((n) => n.kind === 'sample')!;
    expect(site.loc).toMatchObject({ line: 3 });
    expect(g.edges).toEqual(
      expect.arrayContaining([
        { from: 'param:mu', to: site.id, kind: 'severed' },
        { from: 'param:sigma', to: site.id, kind: 'severed' },
        { from: site.id, to: 'loss', kind: 'grad' },
      ]),
    );
  });

  it('is an empty-but-valid graph (just the loss) without findings', () => {
    const g = findingsGraph('x.ts', []);
    expect(isTraceGraph(g)).toBe(true);
    expect(g.nodes.map((n) => n.id)).toEqual(['loss']);
    expect(g.edges).toEqual([]);
  });
});
