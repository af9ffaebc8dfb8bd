/**
 * The static computational graph of a file, built by the analyzer before any trace runs: trainable
 * sources (param), severing sites (sample / host / op with `severed` or `zero` edges from their
 * parameters), parameter-free noise (noise), named intermediates (op) and the loss of each
 * gradient context (output). Values and gradients are unknown (null); `runtime` is `static`.
 */
import { evaluateFile, parse } from '../analysis/analyze';
import { resolveOptions, type AnalyzeOptions } from '../config';
import ts from 'typescript';
import type { EdgeKind, GraphEdge, GraphNode, NodeKind, SourceLoc, TraceGraph } from './model';

/** Builds the static graph of one file. Never throws: on internal failure the graph carries an error. */
export function buildStaticGraph(fileName: string, text: string, options?: AnalyzeOptions): TraceGraph {
  const graph: TraceGraph = {
    version: 1,
    file: fileName,
    entry: null,
    seed: null,
    runtime: 'static',
    output: null,
    params: [],
    nodes: [],
    edges: [],
    gradcheck: [],
    error: null,
  };
  try {
    const opts = resolveOptions(options);
    if (text.length > opts.maxFileSize) {
      graph.error = { message: `file is larger than ${opts.maxFileSize} characters (pathwise.maxFileSize)`, loc: null };
      return graph;
    }
    const sf = parse(fileName, text);
    const rec = new GraphRecorder(sf);
    evaluateFile(sf, opts, rec);
    graph.nodes = [...rec.nodes.values()];
    graph.edges = rec.edges;
    const seen = new Set<string>();
    for (const n of graph.nodes) {
      if (n.kind !== 'param' || seen.has(n.label)) continue;
      seen.add(n.label);
      graph.params.push({ name: n.label, value: null, grad: null });
    }
    pruneDangling(graph);
  } catch (e) {
    graph.error = { message: `static analysis failed: ${(e as Error).message}`, loc: null };
  }
  return graph;
}

/**
 * Keeps only nodes connected to some loss (backwards reachable from an output node), so helper
 * bindings evaluated for other reasons do not clutter the picture. Params are always kept.
 */
function pruneDangling(g: TraceGraph): void {
  const into = new Map<string, string[]>();
  for (const e of g.edges) into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  const keep = new Set<string>();
  const stack = g.nodes.filter((n) => n.kind === 'output').map((n) => n.id);
  while (stack.length) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    for (const f of into.get(id) ?? []) stack.push(f);
  }
  for (const n of g.nodes) if (n.kind === 'param') keep.add(n.id);
  g.nodes = g.nodes.filter((n) => keep.has(n.id));
  g.edges = g.edges.filter((e) => keep.has(e.from) && keep.has(e.to));
}

/**
 * Records the graph while the engine evaluates gradient contexts. Values carry `deps` (the graph
 * nodes they were computed from); the engine adds a node per trainable source, severing site,
 * noise draw, named intermediate and loss.
 */
export class GraphRecorder {
  readonly nodes = new Map<string, GraphNode>();
  private readonly edgeKeys = new Set<string>();
  readonly edges: GraphEdge[] = [];

  constructor(private readonly sf: ts.SourceFile) {}

  /** Adds (or returns) a node; `at` gives its source location and enclosing function. */
  node(id: string, label: string, op: string, kind: NodeKind, at: ts.Node): string {
    if (!this.nodes.has(id)) {
      this.nodes.set(id, { id, label, op, kind, value: null, grad: null, shape: null, loc: this.loc(at) });
    }
    return id;
  }

  edge(from: string, to: string, kind: EdgeKind): void {
    if (from === to || !this.nodes.has(from) || !this.nodes.has(to)) return;
    const key = `${from}>${to}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ from, to, kind });
  }

  edgesFrom(deps: ReadonlySet<string> | undefined, to: string, kind: EdgeKind): void {
    deps?.forEach((d) => this.edge(d, to, kind));
  }

  private loc(at: ts.Node): SourceLoc {
    const s = this.sf.getLineAndCharacterOfPosition(at.getStart(this.sf));
    const e = this.sf.getLineAndCharacterOfPosition(at.end);
    return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, fn: functionName(at) };
  }
}

/** Name of the function a node belongs to (`train`, `loss`, `minimize callback`), or `<module>`. */
export function functionName(node: ts.Node): string {
  for (let n = node.parent; n; n = n.parent) {
    if (!ts.isFunctionLike(n)) continue;
    const named = (n as ts.FunctionLikeDeclaration).name;
    if (named) return named.getText();
    const p = n.parent;
    if (p && ts.isVariableDeclaration(p)) return p.name.getText();
    if (p && (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))) return p.name.getText();
    if (p && ts.isCallExpression(p)) {
      const c = p.expression;
      const callee = ts.isPropertyAccessExpression(c) ? c.name.text : c.getText();
      return `${callee} callback`;
    }
    return '<anonymous>';
  }
  return '<module>';
}
