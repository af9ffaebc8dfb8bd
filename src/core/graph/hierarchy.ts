/**
 * The inspector's hierarchical view of a TraceGraph: nodes grouped by their `group` path (tfjs model
 * and layer, module and function; `loc.file`/`loc.fn` when a node has none), loop iterations folded
 * into one node with a count, and any group with too many direct members cut into numbered chunks, so
 * every level stays small enough to lay out. What is drawn is "what is open": a closed group is one
 * box, and edges into it are merged. Linear in nodes + edges, no recursion on user data (a 100,000-node
 * chain cannot overflow the stack). Pure data in, data out.
 */
import type { EdgeKind, GraphNode, NodeKind, NodeValue, SourceLoc, TraceGraph } from './model';

/** A drawn node: one source node, or a fold of loop iterations of it. */
export interface HNode {
  /** Safe id (`n0`, `n1`, ...): user ids never reach the DOM as ids. */
  id: string;
  kind: NodeKind;
  label: string;
  detail: string | null;
  op: string;
  value: NodeValue;
  grad: NodeValue;
  shape: number[] | null;
  loc: SourceLoc | null;
  repeat: number;
  members: string[];
  parent: HGroup;
  /** End of a severed edge, or the loss: opened and centred first. */
  pinned: boolean;
}

/** A collapsible group (layer, model, module, function, or a chunk of a long flat list). */
export interface HGroup {
  id: string;
  key: string;
  /** `layer`, `model`, `module`, `fn`, `chunk`, ... (the part before `:`). */
  kind: string;
  name: string;
  parent: HGroup | null;
  groups: HGroup[];
  nodes: HNode[];
  /** Source nodes anywhere inside. */
  size: number;
  depth: number;
  /** Holds (at any depth) an end of a severed edge or the loss. */
  pinned: boolean;
}

export interface HEdge {
  from: HNode;
  to: HNode;
  kind: EdgeKind;
}

export interface Hierarchy {
  root: HGroup;
  nodes: HNode[];
  groups: Map<string, HGroup>;
  edges: HEdge[];
  totalNodes: number;
}

/** Most direct members (groups + nodes) a group shows before its plain nodes are cut into chunks. */
export const CHUNK = 60;

const ROOT_KEY = '';
/** Group ids only need to be unique within one page. */
let groupCount = 0;

/** Builds the hierarchy. Never throws on odd input: malformed nodes are skipped, dangling edges dropped. */
export function buildHierarchy(graph: TraceGraph, chunk = CHUNK): Hierarchy {
  const root = makeGroup(ROOT_KEY, 'root', '', null);
  const groups = new Map<string, HGroup>([[ROOT_KEY, root]]);
  const nodes: HNode[] = [];
  const owner = new Map<string, HNode>();
  const folds = new Map<string, HNode>();
  const src = Array.isArray(graph?.nodes) ? graph.nodes : [];
  let total = 0;
  for (const n of src) {
    if (!n || typeof n.id !== 'string' || owner.has(n.id)) continue;
    total++;
    const parent = groupFor(n, root, groups);
    const key = foldKey(n, parent);
    const fold = key ? folds.get(key) : undefined;
    if (fold) {
      fold.repeat += positive(n.repeat);
      fold.members.push(n.id);
      fold.value = n.value ?? null; // the last iteration is what the code finally used
      fold.grad = n.grad ?? null;
      owner.set(n.id, fold);
      continue;
    }
    const h: HNode = {
      id: `n${nodes.length}`, kind: n.kind, label: String(n.label ?? ''), detail: typeof n.detail === 'string' ? n.detail : null,
      op: String(n.op ?? ''), value: n.value ?? null, grad: n.grad ?? null, shape: Array.isArray(n.shape) ? n.shape : null,
      loc: n.loc && typeof n.loc === 'object' ? n.loc : null, repeat: positive(n.repeat), members: [n.id], parent, pinned: n.kind === 'output',
    };
    nodes.push(h);
    parent.nodes.push(h);
    owner.set(n.id, h);
    if (key) folds.set(key, h);
  }
  const edges: HEdge[] = [];
  const seen = new Set<string>();
  for (const e of Array.isArray(graph?.edges) ? graph.edges : []) {
    const a = e && owner.get(e.from);
    const b = e && owner.get(e.to);
    if (!a || !b || a === b) continue;
    const kind: EdgeKind = e.kind === 'severed' || e.kind === 'zero' ? e.kind : 'grad';
    const k = `${a.id}>${b.id}:${kind}`;
    if (seen.has(k)) continue;
    seen.add(k);
    edges.push({ from: a, to: b, kind });
    if (kind === 'severed') a.pinned = b.pinned = true;
  }
  // Sizes and pins bottom-up: groups were created parents first, so walk them in reverse.
  const all = [...groups.values()];
  for (const g of all) g.size = g.nodes.reduce((s, n) => s + n.members.length, 0);
  for (const g of all) if (g.nodes.some((n) => n.pinned)) g.pinned = true;
  for (let i = all.length - 1; i > 0; i--) {
    const g = all[i];
    g.parent!.size += g.size;
    if (g.pinned) g.parent!.pinned = true;
  }
  for (const g of all) chunkGroup(g, groups, chunk);
  return { root, nodes, groups, edges, totalNodes: total };
}

/** The node's group path: `node.group`, or module and function from its location. */
export function groupPath(n: GraphNode): string[] {
  if (Array.isArray(n.group) && n.group.length > 0) return n.group.filter((s) => typeof s === 'string' && s !== '');
  const path: string[] = [];
  if (n.loc?.file) path.push(`module:${String(n.loc.file).split(/[\\/]/).pop()}`);
  if (n.loc?.fn) path.push(`fn:${n.loc.fn}`);
  return path;
}

function groupFor(n: GraphNode, root: HGroup, groups: Map<string, HGroup>): HGroup {
  let g = root;
  for (const entry of groupPath(n)) {
    const key = `${g.key}\u0000${entry}`;
    let next = groups.get(key);
    if (!next) {
      const colon = entry.indexOf(':');
      next = makeGroup(key, colon > 0 ? entry.slice(0, colon) : 'group', colon > 0 ? entry.slice(colon + 1) : entry, g);
      groups.set(key, next);
      g.groups.push(next);
    }
    g = next;
  }
  return g;
}

function makeGroup(key: string, kind: string, name: string, parent: HGroup | null): HGroup {
  return { id: key === ROOT_KEY ? 'groot' : `g${++groupCount}`, key, kind, name, parent, groups: [], nodes: [], size: 0, depth: parent ? parent.depth + 1 : 0, pinned: false };
}

/**
 * Iterations of one loop body share a source position, op and name within the same group. The group
 * is part of the key, so the same line of a shared layer class called by two layers stays two nodes
 * (no false loop `fusedMatMul ×2`).
 */
function foldKey(n: GraphNode, parent: HGroup): string | null {
  if (!n.loc || n.kind === 'param' || n.kind === 'output') return null;
  return `${parent.key}|${n.kind}|${n.op}|${n.label}|${n.loc.line}:${n.loc.column}`;
}

/**
 * Cuts a group with more than `chunk` direct members into chunks of its plain nodes (in source
 * order, which is execution order), and chunks of chunks, so no level has more than `chunk` members.
 * Pinned nodes stay direct members: the severed path is never hidden in a chunk.
 */
function chunkGroup(g: HGroup, groups: Map<string, HGroup>, chunk: number): void {
  if (g.groups.length + g.nodes.length <= chunk) return;
  const keep = g.nodes.filter((n) => n.pinned || n.kind === 'param');
  const plain = g.nodes.filter((n) => !(n.pinned || n.kind === 'param'));
  let level: (HNode | HGroup)[] = plain;
  let round = 0;
  const room = Math.max(2, chunk - g.groups.length - keep.length);
  while (level.length > room) {
    const next: HGroup[] = [];
    for (let i = 0; i < level.length; i += chunk) {
      const part = level.slice(i, i + chunk);
      const c = makeGroup(`${g.key}\u0000#${round}:${i}`, 'chunk', '', g);
      for (const m of part) {
        if ('members' in m) { c.nodes.push(m); m.parent = c; c.size += m.members.length; }
        else { c.groups.push(m); m.parent = c; c.size += m.size; }
      }
      c.name = chunkName(c);
      groups.set(c.key, c);
      next.push(c);
    }
    level = next;
    round++;
  }
  g.nodes = [...keep, ...level.filter((m): m is HNode => 'members' in m)];
  g.groups = [...g.groups, ...level.filter((m): m is HGroup => !('members' in m))];
  fixDepth(g);
}

function chunkName(c: HGroup): string {
  const ops = new Map<string, number>();
  const visit = (g: HGroup) => {
    for (const n of g.nodes) ops.set(n.op || n.kind, (ops.get(n.op || n.kind) ?? 0) + 1);
    for (const s of g.groups) visit(s);
  };
  visit(c);
  const top = [...ops].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([o]) => o);
  return `${top.join(', ')}${ops.size > 3 ? ', …' : ''}`;
}

function fixDepth(g: HGroup): void {
  const stack = [g];
  while (stack.length) {
    const x = stack.pop()!;
    for (const s of x.groups) { s.depth = x.depth + 1; stack.push(s); }
  }
}

function positive(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 1 ? Math.floor(x) : 1;
}

