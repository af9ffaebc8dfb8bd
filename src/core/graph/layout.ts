/**
 * Turns a TraceGraph into the graph the inspector draws: repeated loop iterations folded into one
 * node, nodes grouped by function, and (for large graphs) whole groups of plain ops contracted into
 * one summary node, so mermaid never sees more than `maxNodes` nodes unless the full view is asked for.
 * Pure data in, data out; no mermaid syntax here (see mermaid.ts).
 */
import type { EdgeKind, GraphNode, NodeKind, NodeValue, SourceLoc, TraceGraph } from './model';

/** A node of the drawn graph: one source node, a fold of loop iterations, or a group summary. */
export interface ViewNode {
  /** Safe mermaid identifier (`n0`, `n1`, ...): user ids never reach mermaid syntax. */
  id: string;
  kind: NodeKind | 'summary';
  label: string;
  op: string;
  value: NodeValue;
  grad: NodeValue;
  shape: number[] | null;
  loc: SourceLoc | null;
  /** Function group (loc.fn) or null for top level. */
  group: string | null;
  /** Loop iterations folded into this node (1 = not folded). */
  repeat: number;
  /** Original TraceGraph node ids drawn by this node. */
  members: string[];
}

export interface ViewEdge {
  from: string;
  to: string;
  kind: EdgeKind;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Nodes in the source graph. */
  totalNodes: number;
  /** Source nodes merged into a fold or summary (0 in the full view). */
  hiddenNodes: number;
  collapsed: boolean;
}

export interface ViewOptions {
  /** Fold loops and contract groups (default true). `false` = the full graph, node for node. */
  collapse?: boolean;
  /** Function groups (loc.fn; '' = top level) the person expanded: never contracted into a summary. */
  expand?: string[];
  /** Function groups the person collapsed: always drawn as one summary node. */
  fold?: string[];
  /** Upper bound on drawn nodes in the collapsed view (default 60: draws in about a second even on a loaded machine). */
  maxNodes?: number;
}

export const DEFAULT_MAX_NODES = 60;

/** Kinds a person always needs to see: never contracted into a summary. */
const KEEP: ReadonlySet<string> = new Set(['param', 'noise', 'sample', 'host', 'output']);

/** Builds the drawn graph. Never throws on odd input (dangling edges are dropped). */
export function buildView(graph: TraceGraph, opts: ViewOptions = {}): ViewGraph {
  const collapse = opts.collapse ?? true;
  const maxNodes = Math.max(8, opts.maxNodes ?? DEFAULT_MAX_NODES);
  const nodes = Array.isArray(graph.nodes) ? graph.nodes : [];
  const edges = Array.isArray(graph.edges) ? graph.edges : [];

  // 1. One view node per source node, or per fold key when collapsing.
  const owner = new Map<string, ViewNode>();
  const byKey = new Map<string, ViewNode>();
  const view: ViewNode[] = [];
  for (const n of nodes) {
    const key = collapse ? foldKey(n) : null;
    const existing = key !== null ? byKey.get(key) : undefined;
    if (existing) {
      existing.repeat += n.repeat ?? 1;
      existing.members.push(n.id);
      // The last iteration's value is what the code finally used.
      existing.value = n.value;
      existing.grad = n.grad;
      owner.set(n.id, existing);
      continue;
    }
    const v: ViewNode = {
      id: `n${view.length}`,
      kind: n.kind,
      label: String(n.label ?? ''),
      op: String(n.op ?? ''),
      value: n.value ?? null,
      grad: n.grad ?? null,
      shape: Array.isArray(n.shape) ? n.shape : null,
      loc: n.loc ?? null,
      group: n.loc?.fn ?? null,
      repeat: n.repeat ?? 1,
      members: [n.id],
    };
    view.push(v);
    owner.set(n.id, v);
    if (key !== null) byKey.set(key, v);
  }

  // 2. Contract groups of plain nodes, largest group first, until under the budget.
  let drawn = view;
  if (collapse) drawn = contract(drawn, edges, owner, maxNodes, new Set(opts.expand ?? []), new Set(opts.fold ?? []));

  // 3. Edges between drawn nodes, deduplicated; self-loops from folding dropped.
  const alive = new Set(drawn);
  const seen = new Map<string, ViewEdge>();
  const out: ViewEdge[] = [];
  for (const e of edges) {
    const a = owner.get(e.from);
    const b = owner.get(e.to);
    if (!a || !b || a === b || !alive.has(a) || !alive.has(b)) continue;
    const kind: EdgeKind = e.kind === 'severed' || e.kind === 'zero' ? e.kind : 'grad';
    // Into or out of a summary, one edge per pair is enough (gradient wins over zero); elsewhere one per kind.
    const summary = a.kind === 'summary' || b.kind === 'summary';
    const k = summary && kind !== 'severed' ? `${a.id}>${b.id}` : `${a.id}>${b.id}:${kind}`;
    const prev = seen.get(k);
    if (prev) {
      if (prev.kind === 'zero' && kind === 'grad') prev.kind = 'grad';
      continue;
    }
    const edge: ViewEdge = { from: a.id, to: b.id, kind };
    seen.set(k, edge);
    out.push(edge);
  }
  const hiddenNodes = nodes.length - drawn.length;
  return { nodes: drawn, edges: out, totalNodes: nodes.length, hiddenNodes, collapsed: collapse };
}

/** Nodes from the same source position, op and name are iterations of one loop body. */
function foldKey(n: GraphNode): string | null {
  if (!n.loc || n.kind === 'param' || n.kind === 'output') return null;
  // The group path is part of the key: one line of a shared layer class called by two layers is two nodes.
  const group = Array.isArray(n.group) ? n.group.join('\u0000') : '';
  return `${n.kind}|${n.op}|${n.label}|${n.loc.fn ?? ''}|${n.loc.file ?? ''}|${group}|${n.loc.line}:${n.loc.column}`;
}

/**
 * Replaces the plain (op/input) nodes of whole function groups by one summary node each, largest
 * groups first. Endpoints of severed edges stay visible: they are the point of the panel.
 * If the budget still is not met, the remaining plain nodes are cut into one summary.
 */
function contract(
  view: ViewNode[], edges: TraceGraph['edges'], owner: Map<string, ViewNode>, maxNodes: number, expand: Set<string>, fold: Set<string>,
): ViewNode[] {
  if (view.length <= maxNodes && fold.size === 0) return view;
  const pinned = new Set<ViewNode>();
  for (const e of edges) {
    if (e.kind !== 'severed') continue;
    const a = owner.get(e.from);
    const b = owner.get(e.to);
    if (a) pinned.add(a);
    if (b) pinned.add(b);
  }
  const groups = new Map<string, ViewNode[]>();
  for (const v of view) {
    if (KEEP.has(v.kind) || pinned.has(v)) continue;
    const g = v.group ?? '';
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(v);
  }
  // Folded groups first (asked for), then the largest; expanded groups only if nothing else is left.
  const rank = ([g]: [string, ViewNode[]]) => (fold.has(g) ? 0 : expand.has(g) ? 2 : 1);
  const order = [...groups.entries()].sort((x, y) => rank(x) - rank(y) || y[1].length - x[1].length);
  const removed = new Set<ViewNode>();
  const summaries: ViewNode[] = [];
  let count = view.length;
  let next = view.length;
  for (const [group, list] of order) {
    if (count <= maxNodes && !fold.has(group)) break;
    if (list.length < 2 || (expand.has(group) && !fold.has(group))) continue;
    const s = summaryNode(`n${next++}`, group || null, list);
    for (const v of list) {
      removed.add(v);
      for (const m of v.members) owner.set(m, s);
    }
    summaries.push(s);
    count -= list.length - 1;
  }
  let result = [...view.filter((v) => !removed.has(v)), ...summaries];
  if (result.length > maxNodes) {
    // Still too many (e.g. hundreds of parameters): keep the most telling nodes, fold the rest into one.
    const rank = (v: ViewNode) => (v.kind === 'output' ? 0 : pinned.has(v) || v.kind === 'sample' || v.kind === 'noise' ? 1 : v.kind === 'host' ? 2 : v.kind === 'summary' ? 3 : 4);
    const ordered = result.map((v, i) => ({ v, i })).sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i);
    const keep = new Set(ordered.slice(0, maxNodes - 1).map((x) => x.v));
    const rest = result.filter((v) => !keep.has(v));
    const s = summaryNode(`n${next++}`, null, rest);
    for (const v of rest) for (const m of v.members) owner.set(m, s);
    result = [...result.filter((v) => keep.has(v)), s];
  }
  return result;
}

function summaryNode(id: string, group: string | null, list: ViewNode[]): ViewNode {
  const members = list.flatMap((v) => v.members);
  const ops = new Set(list.map((v) => v.op).filter(Boolean));
  const opText = ops.size <= 3 ? [...ops].join(', ') : `${[...ops].slice(0, 3).join(', ')}, …`;
  return {
    id,
    kind: 'summary',
    label: `${members.length} nodes${group ? ` in ${group}` : ''}`,
    op: opText,
    value: null,
    grad: null,
    shape: null,
    loc: list.find((v) => v.loc)?.loc ?? null,
    group,
    repeat: 1,
    members,
  };
}
