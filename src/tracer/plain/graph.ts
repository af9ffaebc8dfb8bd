/**
 * Turns the tape of the last gradient-context call into the graph model: one node per recorded
 * value the loss depends on (plus every parameter), edges with their kinds, ∂loss/∂node from the
 * reverse pass (`null` where no gradient path exists), and an explicit `output` node. Above
 * `maxNodes` nodes, values computed at the same source site (a loop body) fold into one node
 * with `repeat` = how many values it stands for. Every node's `group` is its module and function
 * (`module:vae.ts`, `fn:elbo`).
 */
import * as path from 'node:path';
import type { GraphEdge, GraphNode, ParamInfo, SourceLoc, TraceGraph } from '../../core/graph/model';
import type { ContextRecord } from './context';
import { OP_NAMES, rt } from './state';
import { EDGE_NAMES, KIND_NAMES, K_OP } from './tape';

const DEFAULT_LABELS: Record<string, string> = { random: 'Math.random()' };

/** The parts of a TraceGraph the plain runtime fills in. */
export type PlainGraphParts = Pick<TraceGraph, 'output' | 'params' | 'nodes' | 'edges'> & {
  notes: string[];
  /** Reverse-mode gradient of each parameter (null = no path), by parameter index. */
  paramGrads: (number | null)[];
};

/** Source location of site `s`; the file is named only when it is not the traced file. */
export function siteLoc(s: number, mainFile: string): SourceLoc | null {
  const site = rt.sites[s];
  if (!site) return null;
  const loc: SourceLoc = { line: site.line, column: site.column, endLine: site.endLine, endColumn: site.endColumn };
  if (site.fn) loc.fn = site.fn;
  if (site.file !== mainFile) loc.file = site.file;
  return loc;
}

/** Hierarchy path of site `s`: its module (file name) and, inside a function, that function. */
export function siteGroup(s: number): string[] | undefined {
  const site = rt.sites[s];
  if (!site) return undefined;
  const group = [`module:${path.basename(site.file)}`];
  if (site.fn) group.push(`fn:${site.fn}`);
  return group;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Builds the graph of context call `rec` from the current tape. */
export function buildPlainGraph(rec: ContextRecord, mainFile: string, maxNodes = 2000): PlainGraphParts {
  const t = rt.tape;
  const notes: string[] = [];
  if (t.overflow) notes.push(`the tape reached its cap of ${t.cap} values; later values were not recorded`);
  const { grad, reached } = t.reverse(rec.out);
  const keep = rec.out >= 0 ? t.ancestors(rec.out) : new Uint8Array(t.n).fill(1);
  for (const p of rec.params) keep[p.node] = 1;

  let kept = 0;
  for (let i = 0; i < t.n; i++) kept += keep[i];
  const fold = kept > maxNodes;
  if (fold) notes.push(`${kept} values folded by source location (node.repeat = values per node)`);

  // Node i → id of the graph node that shows it.
  const idOf = (i: number): string =>
    fold && t.kind[i] === K_OP ? `s${t.site[i]}_${OP_NAMES[t.op[i]]}` : `n${i}`;
  const nodes = new Map<string, GraphNode>();
  for (let i = 0; i < t.n; i++) {
    if (!keep[i]) continue;
    const id = idOf(i);
    const g = reached[i] ? grad[i] : null;
    const existing = nodes.get(id);
    if (existing) {
      existing.repeat = (existing.repeat ?? 1) + 1;
      existing.value = finite(t.value[i]);
      if (g !== null) existing.grad = finite(((existing.grad as number | null) ?? 0) + g);
      continue;
    }
    const site = rt.sites[t.site[i]];
    nodes.set(id, {
      id,
      label: t.labels.get(i) ?? site?.label ?? DEFAULT_LABELS[OP_NAMES[t.op[i]]] ?? OP_NAMES[t.op[i]],
      op: OP_NAMES[t.op[i]],
      kind: KIND_NAMES[t.kind[i]],
      value: finite(t.value[i]),
      grad: g === null ? null : finite(g),
      shape: null,
      loc: siteLoc(t.site[i], mainFile),
    });
    const group = siteGroup(t.site[i]);
    if (group) nodes.get(id)!.group = group;
  }

  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < t.n; i++) {
    if (!keep[i]) continue;
    const to = idOf(i);
    for (let k = 0, c = t.edgeCount(i); k < c; k++) {
      const from = idOf(t.edgeFrom(i, k));
      const kind = EDGE_NAMES[t.edgeKind(i, k)];
      const key = `${from}>${to}>${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from, to, kind });
    }
  }

  const outNum = typeof rec.outValue === 'number' ? rec.outValue : null;
  if (rec.done && rec.error === null) {
    nodes.set('out', {
      id: 'out',
      label: rec.name,
      op: 'output',
      kind: 'output',
      value: outNum === null ? null : finite(outNum),
      grad: rec.out >= 0 ? 1 : null,
      shape: null,
      loc: siteLoc(rec.outSite, mainFile),
    });
    // The output stands for the context function's result, whatever site the return statement has.
    const group = siteGroup(rec.outSite);
    if (group) nodes.get('out')!.group = group.length > 1 ? group : [...group, `fn:${rec.name}`];
    if (rec.out >= 0) edges.push({ from: idOf(rec.out), to: 'out', kind: 'grad' });
  }

  const paramGrads = rec.params.map((p) => (reached[p.node] ? grad[p.node] : null));
  const params: ParamInfo[] = rec.params.map((p, k) => ({
    name: p.name,
    value: p.value,
    grad: paramGrads[k] === null ? null : finite(paramGrads[k] as number),
  }));
  return {
    output: outNum === null ? null : { value: finite(outNum) },
    params,
    nodes: [...nodes.values()],
    edges,
    notes,
    paramGrads,
  };
}
