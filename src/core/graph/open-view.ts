/**
 * What the inspector draws of a Hierarchy for a set of open groups: every member of an open group is
 * drawn (a node, a closed group box, or an open group framing its own members), and edges are merged
 * between the drawn boxes (severed wins, so a cut into a closed layer stays visible). Also picks the
 * groups opened first: the path of the finding (severed edges, the loss), then whatever fits a budget.
 */
import type { EdgeKind } from './model';
import type { HGroup, HNode, Hierarchy } from './hierarchy';

export type OpenItem =
  | { type: 'node'; id: string; node: HNode; parent: string | null }
  | { type: 'group'; id: string; group: HGroup; open: boolean; parent: string | null };

export interface OpenEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Source edges merged into this one. */
  count: number;
}

export interface OpenView {
  /** Parents before their members. */
  items: OpenItem[];
  edges: OpenEdge[];
  /** Boxes drawn (nodes and closed groups): what the layout's cost grows with. */
  boxes: number;
}

/** An expansion adding more boxes than this says so (and how many) before it is drawn. */
export const ASK_ABOVE = 500;
/** Boxes above which an expansion is refused (open groups one by one instead). */
export const REFUSE_ABOVE = 6000;
/** Boxes the first view opens up to. */
export const FIRST_VIEW_BUDGET = 80;

const RANK: Record<EdgeKind, number> = { severed: 2, grad: 1, zero: 0 };

/** The drawn view for the open groups (keys). Linear in nodes + edges. */
export function openView(h: Hierarchy, open: ReadonlySet<string>): OpenView {
  const items: OpenItem[] = [];
  const rep = new Map<HNode, string>();
  let boxes = 0;
  const stack: [HGroup, string | null][] = [[h.root, null]];
  while (stack.length) {
    const [g, parentId] = stack.pop()!;
    for (const n of g.nodes) {
      items.push({ type: 'node', id: n.id, node: n, parent: parentId });
      rep.set(n, n.id);
      boxes++;
    }
    // Reverse, so the stack pops groups in their order.
    for (let i = g.groups.length - 1; i >= 0; i--) {
      const s = g.groups[i];
      const isOpen = open.has(s.key);
      items.push({ type: 'group', id: s.id, group: s, open: isOpen, parent: parentId });
      if (isOpen) stack.push([s, s.id]);
      else {
        boxes++;
        claim(s, s.id, rep);
      }
    }
  }
  const merged = new Map<string, OpenEdge>();
  for (const e of h.edges) {
    const a = rep.get(e.from);
    const b = rep.get(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    const key = `${a}>${b}`;
    const prev = merged.get(key);
    if (prev) {
      prev.count++;
      if (RANK[e.kind] > RANK[prev.kind]) prev.kind = e.kind;
    } else merged.set(key, { from: a, to: b, kind: e.kind, count: 1 });
  }
  return { items: sortParentsFirst(items), edges: [...merged.values()], boxes };
}

/** Every node inside a closed group is drawn by the group's box. */
function claim(g: HGroup, id: string, rep: Map<HNode, string>): void {
  const stack = [g];
  while (stack.length) {
    const x = stack.pop()!;
    for (const n of x.nodes) rep.set(n, id);
    for (const s of x.groups) stack.push(s);
  }
}

/** The DFS above already lists a group before its members; kept as a function to say so. */
function sortParentsFirst(items: OpenItem[]): OpenItem[] {
  return items;
}

/** Boxes drawn if `g` were opened one level (its members replace its box). */
export function boxesIfOpened(view: OpenView, g: HGroup): number {
  return view.boxes - 1 + g.nodes.length + g.groups.length;
}

/** Boxes drawn if `g` and everything inside it were opened. */
export function boxesIfExpandedAll(view: OpenView, g: HGroup): number {
  return view.boxes - 1 + leafCount(g);
}

/** Nodes (folded loop bodies count once) anywhere inside `g`. */
export function leafCount(g: HGroup): number {
  let n = 0;
  const stack = [g];
  while (stack.length) {
    const x = stack.pop()!;
    n += x.nodes.length;
    for (const s of x.groups) stack.push(s);
  }
  return n;
}

/**
 * The open groups after a click on `g`: an open group closes with every group inside it; a closed
 * one opens with the groups around it (so it is drawn).
 */
export function toggled(open: ReadonlySet<string>, g: HGroup): Set<string> {
  const next = new Set(open);
  if (next.has(g.key)) for (const k of allKeys(g)) next.delete(k);
  else for (let x: HGroup | null = g; x && x.parent; x = x.parent) next.add(x.key);
  return next;
}

/** Keys of `g` and every group inside it. */
export function allKeys(g: HGroup): string[] {
  const out: string[] = [];
  const stack = [g];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.parent) out.push(x.key);
    for (const s of x.groups) stack.push(s);
  }
  return out;
}

/**
 * The groups open in the first view: every group on the path of the finding (ends of severed edges,
 * the loss), then, level by level, groups while the drawn boxes stay within `budget`.
 */
export function firstOpen(h: Hierarchy, budget = FIRST_VIEW_BUDGET): Set<string> {
  const open = new Set<string>();
  let boxes = h.root.nodes.length + h.root.groups.length;
  const level: HGroup[] = [...h.root.groups];
  // The finding first, whatever the budget: a severed edge inside a closed layer cannot be read.
  const pinnedQueue = h.root.groups.filter((g) => g.pinned);
  while (pinnedQueue.length) {
    const g = pinnedQueue.shift()!;
    if (open.has(g.key)) continue;
    open.add(g.key);
    boxes += g.nodes.length + g.groups.length - 1;
    pinnedQueue.push(...g.groups.filter((s) => s.pinned));
  }
  // Then breadth first, smallest groups first within a level, while they fit.
  while (level.length) {
    const next: HGroup[] = [];
    for (const g of [...level].sort((a, b) => a.nodes.length + a.groups.length - (b.nodes.length + b.groups.length))) {
      const opened = open.has(g.key);
      const cost = g.nodes.length + g.groups.length - 1;
      if (!opened && boxes + cost > budget) continue;
      if (!opened) {
        open.add(g.key);
        boxes += cost;
      }
      next.push(...g.groups);
    }
    level.splice(0, level.length, ...next);
  }
  return open;
}
