/**
 * Loop iterations of a traced graph, recognised from the data: two nodes are iterations of one loop
 * body when they sit in the same group (`GraphNode.group`), come from the same source position, do
 * the same op under the same name, and read the same kinds of inputs (the same parameters — also
 * through a reshape or transpose of one —, or values made by the same code). The last condition keeps apart what only looks alike: the two
 * matMuls of an LSTM step (`x·W` and `h·U`) share layer, position and op but not their weight, and
 * the ops of two dense layers applied by one `model.apply` share the position but not the layer.
 * Pure data in, data out (the inspector and the benchmarks fold with it).
 */
import type { GraphEdge, GraphNode, TraceGraph } from './model';

/** Kinds a person needs one by one: never folded. */
const UNIQUE: ReadonlySet<string> = new Set(['param', 'output']);

/** Ops that only change how a value is laid out: a weight passed through them is still that weight. */
const VIEW_OPS: ReadonlySet<string> = new Set(['reshape', 'transpose', 'cast', 'identity', 'expanddims', 'squeeze']);

/** What a node is, without its inputs: group, kind, op, name and source position. */
function baseKey(n: GraphNode): string {
  const loc = n.loc ? `${n.loc.file ?? ''}:${n.loc.line}:${n.loc.column}` : '?';
  return `${(n.group ?? []).join('/')}|${n.kind}|${n.op}|${n.label}|${loc}`;
}

/**
 * Fold key per node id: equal keys are iterations of one loop body; null for nodes never folded
 * (parameters, the output, nodes without a source location).
 */
export function iterationKeys(graph: Pick<TraceGraph, 'nodes' | 'edges'>): Map<string, string | null> {
  const nodes = Array.isArray(graph.nodes) ? graph.nodes : [];
  // Base keys are interned to small numbers, so signatures stay short strings.
  const intern = new Map<string, number>();
  const base = new Map<string, number>();
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) {
    const k = baseKey(n);
    let i = intern.get(k);
    if (i === undefined) intern.set(k, (i = intern.size));
    base.set(n.id, i);
    byId.set(n.id, n);
  }
  const inputs = new Map<string, Array<{ from: string; kind: string }>>();
  for (const e of Array.isArray(graph.edges) ? graph.edges : []) {
    if (!byId.has(e.from) || !byId.has(e.to)) continue;
    const list = inputs.get(e.to);
    if (list) list.push({ from: e.from, kind: e.kind[0] });
    else inputs.set(e.to, [{ from: e.from, kind: e.kind[0] }]);
  }
  // A weight stays that weight through layout steps (a layer reshapes its kernel before the matMul).
  const weight = new Map<string, string | null>();
  const weightOf = (start: string): string | null => {
    const chain: string[] = [];
    let id: string | undefined = start;
    let found: string | null = null;
    while (id !== undefined && chain.length < 16) {
      const known = weight.get(id);
      if (known !== undefined) {
        found = known;
        break;
      }
      const n: GraphNode = byId.get(id)!;
      chain.push(id);
      if (UNIQUE.has(n.kind)) {
        found = n.id;
        break;
      }
      const ins = inputs.get(id);
      id = ins && ins.length === 1 && VIEW_OPS.has(n.op.toLowerCase()) ? ins[0].from : undefined;
    }
    for (const c of chain) weight.set(c, found);
    return found;
  };
  const keys = new Map<string, string | null>();
  for (const n of nodes) {
    if (UNIQUE.has(n.kind) || !n.loc) {
      keys.set(n.id, null);
      continue;
    }
    const ins = inputs.get(n.id) ?? [];
    const sig = ins.map((i) => {
      const w = weightOf(i.from);
      return `${i.kind}${w !== null ? `#${w}` : base.get(i.from)}`;
    });
    keys.set(n.id, `${base.get(n.id)}<${sig.length > 1 ? [...new Set(sig)].sort().join(',') : (sig[0] ?? '')}`);
  }
  return keys;
}

/**
 * The graph with loop iterations folded: one node per iteration key (the first iteration's id,
 * `repeat` = how many it stands for, the last iteration's value and gradient), edges between the
 * folded nodes deduplicated, edges inside one fold (iteration to iteration) dropped.
 */
export function foldIterations<G extends Pick<TraceGraph, 'nodes' | 'edges'>>(graph: G): G {
  const keys = iterationKeys(graph);
  const owner = new Map<string, GraphNode>();
  const byKey = new Map<string, GraphNode>();
  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    const key = keys.get(n.id) ?? null;
    const first = key === null ? undefined : byKey.get(key);
    if (first) {
      first.repeat = (first.repeat ?? 1) + (n.repeat ?? 1);
      first.value = n.value;
      first.grad = n.grad;
      owner.set(n.id, first);
      continue;
    }
    const copy: GraphNode = { ...n };
    if (key !== null) byKey.set(key, copy);
    owner.set(n.id, copy);
    nodes.push(copy);
  }
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const e of graph.edges) {
    const from = owner.get(e.from)?.id;
    const to = owner.get(e.to)?.id;
    if (!from || !to || from === to) continue;
    const k = `${from}|${to}|${e.kind}`;
    if (seen.has(k)) continue;
    seen.add(k);
    edges.push({ from, to, kind: e.kind });
  }
  return { ...graph, nodes, edges };
}
