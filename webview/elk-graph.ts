/**
 * ELK's input and output for the panel's layouts, pure data: a view as one ELK graph (small views,
 * laid out whole across group borders) and ELK's answer as absolute boxes and edge routes.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { OpenView } from '../src/core/graph/open-view';
import type { Box } from './layout-groups';

/** Absolute boxes of every drawn item (leaf boxes and open groups), by item id; `routes` are ELK's edge paths by `from>to`. */
export type Positions = Map<string, Box> & { routes?: Map<string, { x: number; y: number }[]> };

/**
 * Up to this many boxes ELK lays out across group borders (`INCLUDE_CHILDREN`) and routes the edges
 * itself; above, each open group is laid out on its own (`SEPARATE_CHILDREN`, much faster on big
 * views) and the drawing routes edges between groups.
 */
export const WHOLE_LAYOUT_MAX = 250;

/**
 * Whether ELK lays `view` out whole: at most WHOLE_LAYOUT_MAX boxes and at most two edges per box. A
 * view dense with edges across group borders (a layer's chunks all fed by its weights) takes ELK's
 * hierarchical layout several times longer than the group-by-group one (1.2 s against 0.65 s cold
 * for the first view of a 2,000-node LSTM model: 71 boxes, 199 edges).
 */
export function laidOutWhole(view: OpenView): boolean {
  return view.boxes <= WHOLE_LAYOUT_MAX && view.edges.length <= 2 * view.boxes;
}

/** Space an open group keeps for its title bar. */
export const GROUP_TITLE = 26;

export const GROUP_PADDING = `[top=${GROUP_TITLE + 8},left=10,bottom=10,right=10]`;

/** ELK's layout options for every graph the panel lays out. */
export const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '34',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  'elk.layered.thoroughness': '3',
};

/** ELK's input: open groups as compound nodes (padding for the title), closed groups and nodes as boxes. */
export function toElk(view: OpenView, size: (id: string) => { w: number; h: number }): ElkNode {
  const whole = laidOutWhole(view);
  const root: ElkNode = { id: 'root', layoutOptions: { ...OPTIONS, ...(whole ? { 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' } : {}) }, children: [], edges: [] };
  const byId = new Map<string, ElkNode>([['root', root]]);
  for (const it of view.items) {
    const n: ElkNode = it.type === 'group' && it.open
      ? { id: it.id, children: [], edges: [], layoutOptions: { ...root.layoutOptions, 'elk.padding': GROUP_PADDING } }
      : { id: it.id, ...wh(size(it.id)) };
    byId.set(it.id, n);
  }
  // Items come parents first, so a parent's ElkNode exists when its child is attached.
  for (const it of view.items) byId.get(it.parent ?? 'root')!.children!.push(byId.get(it.id)!);
  // Lift every edge to the lowest common open group; one ELK edge per lifted pair.
  const parent = new Map(view.items.map((it) => [it.id, it.parent ?? 'root']));
  const depth = new Map<string, number>([['root', 0]]);
  for (const it of view.items) depth.set(it.id, depth.get(it.parent ?? 'root')! + 1);
  const seen = new Set<string>();
  let k = 0;
  for (const e of view.edges) {
    let a = e.from;
    let b = e.to;
    while (depth.get(a)! > depth.get(b)!) a = parent.get(a)!;
    while (depth.get(b)! > depth.get(a)!) b = parent.get(b)!;
    while (parent.get(a) !== parent.get(b)) { a = parent.get(a)!; b = parent.get(b)!; }
    if (a === b) continue;
    if (whole) {
      // ELK routes the real edge; it lives in the lowest common group (coordinates relative to it).
      byId.get(parent.get(a)!)!.edges!.push({ id: `${e.from}>${e.to}`, sources: [e.from], targets: [e.to] });
      continue;
    }
    const key = `${a}>${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    byId.get(parent.get(a)!)!.edges!.push({ id: `e${k++}`, sources: [a], targets: [b] });
  }
  return root;
}

/** A box's size as ELK's `width`/`height`. */
export function wh(s: { w: number; h: number }): { width: number; height: number } {
  return { width: s.w, height: s.h };
}

/** Absolute boxes and edge routes from ELK's answer to a whole-view layout. */
export function positions(root: ElkNode): Positions {
  const out: Positions = new Map();
  const routes = new Map<string, { x: number; y: number }[]>();
  out.routes = routes;
  const stack: [ElkNode, number, number][] = [[root, 0, 0]];
  while (stack.length) {
    const [n, ox, oy] = stack.pop()!;
    for (const e of n.edges ?? []) {
      const sec = (e as { sections?: { startPoint: { x: number; y: number }; endPoint: { x: number; y: number }; bendPoints?: { x: number; y: number }[] }[] }).sections?.[0];
      if (!sec || !e.id.includes('>')) continue;
      const pts = [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint].map((p) => ({ x: p.x + ox, y: p.y + oy }));
      routes.set(e.id, pts);
    }
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      out.set(c.id, { x, y, w: c.width ?? 0, h: c.height ?? 0 });
      if (c.children?.length) stack.push([c, x, y]);
    }
  }
  return out;
}

/** The bounding box of every drawn item. */
export function layoutBounds(p: Positions): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of p.values()) {
    x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : { x: 0, y: 0, w: 0, h: 0 };
}
