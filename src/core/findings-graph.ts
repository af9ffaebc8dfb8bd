/**
 * A small static graph built from findings alone: each severed trainable, the severing site it
 * cannot reach through, and the loss. Used by the inspector when no richer static graph builder is
 * available; the same TraceGraph model as `pathwise trace`, with runtime `static` and no values.
 */
import type { GraphEdge, GraphNode, TraceGraph } from './graph/model';
import type { Finding } from './types';

const SITE_KIND: Record<Finding['ruleId'], GraphNode['kind']> = {
  'opaque-sampler': 'sample',
  'score-function': 'sample',
  'host-round-trip': 'host',
  'discrete-step': 'op',
};

/** Graph of `findings` (from `analyze(file, …)`): params ──severed/zero──▶ site ──grad──▶ loss. */
export function findingsGraph(file: string, findings: Finding[]): TraceGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const params = new Map<string, GraphNode>();
  const out: GraphNode = { id: 'loss', label: 'loss', op: 'output', kind: 'output', value: null, grad: null, shape: null, loc: null };
  findings.forEach((f, i) => {
    const site: GraphNode = {
      id: `site${i}`,
      label: f.sampler ?? f.ruleId,
      op: f.ruleId,
      kind: SITE_KIND[f.ruleId],
      value: null,
      grad: null,
      shape: null,
      loc: { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn },
    };
    nodes.push(site);
    for (const name of f.severed) {
      let p = params.get(name);
      if (!p) {
        p = { id: `param:${name}`, label: name, op: 'param', kind: 'param', value: null, grad: null, shape: null, loc: null };
        params.set(name, p);
      }
      // A score-function sample is intentional: the gradient goes through log p, not the sample.
      edges.push({ from: p.id, to: site.id, kind: f.ruleId === 'discrete-step' ? 'zero' : 'severed' });
    }
    edges.push({ from: site.id, to: out.id, kind: 'grad' });
  });
  return {
    version: 1,
    file,
    entry: null,
    seed: null,
    runtime: 'static',
    output: null,
    params: [...params.keys()].map((name) => ({ name, value: null, grad: null })),
    nodes: [...params.values(), ...nodes, out],
    edges,
    gradcheck: [],
    error: null,
  };
}
