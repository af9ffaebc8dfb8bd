/**
 * Names the nodes of a traced graph after the user's own variables. The tfjs recorder labels nodes
 * with kernel and API names (`slice`, `randomNormal`, variable `0`), which say nothing to a person
 * reading `const zMean = h.slice(...)`. Every node carries the source location of the code that made
 * it, so the TypeScript parser can tell which declaration (or assignment) a node's value went into.
 *
 * Only the node that produces the declared value is renamed (the outermost expression of the
 * initializer), never every inner op on that line; its `op` stays as it was; `const [a, b] = tf.split(…)`
 * names the outputs in order. Host reads, and tfjs values no declaration names, are labelled with the
 * source text of their call (`zMean.dataSync()`, `zLogVar.exp()`); a long call is shortened to
 * `tf.sum(…)` with the whole text in `detail`. Layer weights (`dense_Dense1/kernel`) and ops inside a
 * layer keep the tracer's names. Pure: text in, graph out.
 */
import ts from 'typescript';
import type { GraphNode, TraceGraph } from './model';

/** A place where a value gets a name: the initializer of `const x = …`, or the right side of `x = …`. */
interface NameSite {
  name: string;
  /** `const [a, b] = e`: the names of e's values in order (a multi-output op such as `tf.split`). */
  names?: string[];
  /** Offsets of the (unwrapped) expression whose value is named. */
  start: number;
  end: number;
}

/**
 * Returns `graph` with nodes labelled by the user's names, taken from `text` (the source of
 * `fileName`). Nodes whose location is in another file, or matches no declaration, keep their label.
 * `params[].name` and `gradcheck[].param` follow their parameter node's new name. `text` may be a
 * function reading the file; if it throws, or the graph has no located nodes, the graph comes back unchanged.
 */
export function nameNodesFromSource(graph: TraceGraph, text: string | (() => string), fileName: string): TraceGraph {
  try {
    return nameNodes(graph, text, fileName);
  } catch {
    // Naming is a nicety: odd input (a graph from an older tracer, a broken file) keeps the tracer's labels.
    return graph;
  }
}

function nameNodes(graph: TraceGraph, text: string | (() => string), fileName: string): TraceGraph {
  const nodes = Array.isArray(graph.nodes) ? graph.nodes : [];
  if (!nodes.some((n) => n.loc)) return graph;
  let source: string;
  try {
    source = typeof text === 'function' ? text() : text;
  } catch {
    return graph;
  }
  const sf = ts.createSourceFile(fileName || 'file.ts', source, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const sites = collectSites(sf);
  const offsetOf = (n: GraphNode): number | null => (n.loc && !n.loc.file ? toOffset(sf, n.loc.line, n.loc.column) : null);
  const endOf = (n: GraphNode): number | null => (n.loc?.endLine !== undefined && n.loc.endColumn !== undefined && !n.loc.file ? toOffset(sf, n.loc.endLine, n.loc.endColumn) : null);

  // 1. Candidates: nodes that start where a named expression starts.
  const siteOf = new Map<string, NameSite>();
  for (const n of nodes) {
    if (n.kind === 'host') continue;
    const at = offsetOf(n);
    const site = at === null ? undefined : sites.get(at);
    if (site) siteOf.set(n.id, site);
  }
  // 2. Of the candidates of one site, an inner op feeds a later one of the same site (`tf.mean(…).mul(0.5)`:
  //    mean → mul). It is dropped when the consumer's range is known to be wider, or when ranges are
  //    unknown (tfjs records starts only); equal known ranges are loop iterations of the same code.
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const inner = new Set<string>();
  for (const e of Array.isArray(graph.edges) ? graph.edges : []) {
    if (e.from === e.to) continue;
    const a = siteOf.get(e.from);
    if (!a || siteOf.get(e.to) !== a) continue;
    const endA = endOf(byId.get(e.from)!);
    const endB = endOf(byId.get(e.to)!);
    if (endA === null || endB === null || endB > endA) inner.add(e.from);
  }

  // `const [a, b] = tf.split(…)`: the values of a multi-output site are named in output (node) order.
  const elementName = new Map<string, string>();
  const outer = new Map<NameSite, string[]>();
  for (const n of nodes) {
    const site = siteOf.get(n.id);
    if (site?.names && !inner.has(n.id)) outer.set(site, [...(outer.get(site) ?? []), n.id]);
  }
  for (const [site, ids] of outer) {
    if (ids.length === site.names!.length) ids.forEach((id, i) => site.names![i] && elementName.set(id, site.names![i]));
  }

  // Unnamed sites: of the nodes at one source position, only the one no other node there consumes.
  const sameSiteInner = new Set<string>();
  const posKey = (n: GraphNode | undefined) => (n?.loc && !n.loc.file ? `${n.loc.line}:${n.loc.column}` : null);
  for (const e of Array.isArray(graph.edges) ? graph.edges : []) {
    if (e.from === e.to) continue;
    const a = posKey(byId.get(e.from));
    if (a !== null && a === posKey(byId.get(e.to))) sameSiteInner.add(e.from);
  }

  // Loop iterations repeat one position thousands of times: each lookup is done once.
  const memo = new Map<string, { label: string; detail?: string } | null>();
  const callLabel = (at: number, opName: string | null) => {
    const key = `${at}|${opName ?? ''}`;
    let hit = memo.get(key);
    if (hit === undefined) {
      const call = opName === null ? hostCall(sf, at) : opCall(sf, at, opName);
      memo.set(key, (hit = call ? labelled(sf, call) : null));
    }
    return hit;
  };

  const renamed = new Map<string, string>();
  const out = nodes.map((n): GraphNode => {
    if (n.kind === 'host') {
      const at = offsetOf(n);
      const call = at === null ? null : callLabel(at, null);
      return call ? { ...n, ...call } : n;
    }
    const site = siteOf.get(n.id);
    if (site?.names) {
      const name = elementName.get(n.id);
      return name && name !== n.label ? { ...n, label: name } : n;
    }
    if (!site && graph.runtime === 'tfjs' && CALL_LABELLED.has(n.kind) && !inLayer(n) && !sameSiteInner.has(n.id)) {
      // An unnamed tfjs value: the call that made it (`tf.sum(…)`, with the full text in `detail`).
      const at = offsetOf(n);
      const call = at === null ? null : callLabel(at, n.label);
      return call ? { ...n, ...call } : n;
    }
    if (!site || inner.has(n.id) || site.name === n.label || hasOwnName(n)) return n;
    if (n.kind === 'param') renamed.set(n.label, renamed.has(n.label) && renamed.get(n.label) !== site.name ? '' : site.name);
    return { ...n, label: site.name };
  });
  // Parameters are listed by name beside the graph; rename them only when the old name was unambiguous.
  const rename = (name: string) => renamed.get(name) || name;
  return {
    ...graph,
    nodes: out,
    params: (graph.params ?? []).map((p) => (renamed.get(p.name) ? { ...p, name: rename(p.name) } : p)),
    gradcheck: (graph.gradcheck ?? []).map((c) => (renamed.get(c.param) ? { ...c, param: rename(c.param) } : c)),
  };
}

/**
 * A tfjs variable with a name of its own: a layer weight (`dense_Dense1/kernel`) or a name the user
 * passed to `tf.variable`. Only the engine's automatic names (`0`, `1`…) are replaced by the
 * variable the code assigned it to (all four weights of `const encoder = tf.sequential(…)` start
 * at that one initializer, and are not all called `encoder`).
 */
function hasOwnName(n: GraphNode): boolean {
  return /^variable(@v\d+)?$/.test(n.op) && !/^\d+$/.test(n.label);
}

/** Name sites by the start offset of their expression; with nested sites at one offset the innermost wins. */
function collectSites(sf: ts.SourceFile): Map<number, NameSite> {
  const sites = new Map<number, NameSite>();
  const add = (name: string, expr: ts.Expression, names?: string[]) => {
    const e = unwrap(expr);
    const site: NameSite = { name, start: e.getStart(sf), end: e.getEnd() };
    if (names) site.names = names;
    const prev = sites.get(site.start);
    if (!prev || site.end - site.start < prev.end - prev.start) sites.set(site.start, site);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      add(node.name.text, node.initializer);
    } else if (ts.isVariableDeclaration(node) && ts.isArrayBindingPattern(node.name) && node.initializer) {
      const names = node.name.elements.map((el) => (ts.isBindingElement(el) && ts.isIdentifier(el.name) && !el.dotDotDotToken ? el.name.text : ''));
      if (names.some((n) => n)) add(names.filter((n) => n).join(', '), node.initializer, names);
    } else if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
      const target = targetName(node.left);
      // `x = e` names e; `x += e` names the whole update (its value is the new x).
      if (target) add(target, node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? node.right : node);
    } else if (ts.isPropertyDeclaration(node) && node.initializer && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name))) {
      add(node.name.text, node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return sites;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** `x`, `this.x`, `state.z` → the name a person reads; anything else (indexing, destructuring) → null. */
function targetName(e: ts.Expression): string | null {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && (ts.isIdentifier(e.expression) || e.expression.kind === ts.SyntaxKind.ThisKeyword)) {
    return `${e.expression.kind === ts.SyntaxKind.ThisKeyword ? 'this' : (e.expression as ts.Identifier).text}.${e.name.text}`;
  }
  return null;
}

/** The expression that makes the value: `(e)`, `e as T`, `e!`, `<T>e`, `e satisfies T`, `await e` → e. */
function unwrap(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    else return e;
  }
}

/** Node kinds whose label may become the call that made them. */
const CALL_LABELLED: ReadonlySet<string> = new Set(['op', 'output', 'sample', 'noise']);

/** Inside a tfjs layer all ops share the location of the `model.apply` call: that call is not their name. */
function inLayer(n: GraphNode): boolean {
  return Array.isArray(n.group) && n.group.some((g) => g.startsWith('layer:') || g.startsWith('model:'));
}

/** Longest call label kept whole; longer calls are shortened to `callee(…)` with the full text in `detail`. */
const MAX_CALL_LABEL = 32;

/** `{label}` for a short call; `{label: callee(…), detail: full text}` for a long one. */
function labelled(sf: ts.SourceFile, call: ts.CallExpression): { label: string; detail?: string } {
  const oneLine = (n: ts.Node) => n.getText(sf).replace(/\s+/g, ' ');
  const text = oneLine(call);
  if (text.length <= MAX_CALL_LABEL) return { label: text };
  const callee = oneLine(call.expression);
  const name = calleeName(call);
  const head = callee.length <= MAX_CALL_LABEL - 3 || !name ? callee.slice(0, MAX_CALL_LABEL - 3) : `….${name}`;
  const args = call.arguments.map(oneLine).join(', ');
  const short = args.length > 0 && args.length <= 16 && head.length + args.length + 2 <= MAX_CALL_LABEL ? `${head}(${args})` : `${head}(…)`;
  return { label: short, detail: text };
}

/** `tf.sum`, `x.add`, `add` → the called name (`sum`, `add`), or null. */
function calleeName(call: ts.CallExpression): string | null {
  const e = call.expression;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isIdentifier(e)) return e.text;
  return null;
}

/**
 * Source text of the call at `at` that is the tfjs op `opName` (`tf.sum(…)` for a `sum` node). Calls
 * of a chain (`a.exp().add(b).sub(1)`) share a start, so the op name picks the call; of several with
 * that name, the outermost is the value that left the position.
 */
function opCall(sf: ts.SourceFile, at: number, opName: string): ts.CallExpression | null {
  const want = opName.toLowerCase();
  let best: ts.CallExpression | null = null;
  const visit = (node: ts.Node): void => {
    if (at < node.getStart(sf) || at >= node.getEnd()) return;
    if (ts.isCallExpression(node) && at < node.expression.getEnd() && !best && calleeName(node)?.toLowerCase() === want) best = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return best;
}

/** The innermost call whose callee covers `at` (`zMean.dataSync()` for a loc on `dataSync`). */
function hostCall(sf: ts.SourceFile, at: number): ts.CallExpression | null {
  let best: ts.CallExpression | null = null;
  const visit = (node: ts.Node): void => {
    if (at < node.getStart(sf) || at >= node.getEnd()) return;
    if (ts.isCallExpression(node) && at < node.expression.getEnd()) best = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return best;
}

/** 1-based line/column → offset, or null when outside the text (a stale trace of an edited file). */
function toOffset(sf: ts.SourceFile, line: number, column: number): number | null {
  const starts = sf.getLineStarts();
  if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || line > starts.length || column < 1) return null;
  const lineEnd = line < starts.length ? starts[line] : sf.text.length;
  const at = starts[line - 1] + column - 1;
  return at <= lineEnd ? at : null;
}

function scriptKind(fileName: string): ts.ScriptKind {
  const ext = /\.[cm]?([jt]sx?)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'tsx' ? ts.ScriptKind.TSX : ext === 'jsx' ? ts.ScriptKind.JSX : ext === 'js' ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}
