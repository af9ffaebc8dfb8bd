/**
 * Draws an OpenView from ELK's boxes as plain SVG, in the visual language of the mermaid export:
 * severed edges dashed red and labelled `?`, discrete steps dotted (in a grey that reads on light and
 * dark backgrounds), node borders coloured by kind, open groups as titled frames, closed groups as
 * boxes with their size. All text is set with `textContent` (never markup). The sheet is inside the
 * SVG, so an exported SVG looks the same outside the panel.
 */
import type { OpenEdge, OpenItem, OpenView } from '../src/core/graph/open-view';
import { EDGE_COLOURS } from '../src/core/graph/mermaid';
import { GROUP_TITLE, layoutBounds, type Box, type Positions } from './layout-worker';
import { FONT, LINE_H, PAD_X, PAD_Y, groupLines, groupTitle, nodeLines, type Line } from './labels';
import type { Palette } from './theme';
import { displayText } from '../src/core/graph/text';

const NS = 'http://www.w3.org/2000/svg';

export interface Drawn {
  svg: SVGSVGElement;
  /** The group the viewport transform is set on. */
  scene: SVGGElement;
  view: OpenView;
  positions: Positions;
  bounds: Box;
  /** Drawn element per item id (nodes, closed groups, open group frames). */
  elements: Map<string, SVGGElement>;
}

/** Colour of discrete-step (zero-gradient) edges: a grey with ≥ 3:1 contrast on either background. */
export function zeroColour(p: Palette): string {
  return p.dark ? '#b4bac4' : '#5c6470';
}

const KIND_STROKE: Record<string, string> = {
  param: '#3b82f6', input: '#8b8d98', noise: '#a855f7', sample: '#f59e0b', host: '#0ea5e9', output: '#10b981',
};

export function sheet(p: Palette): string {
  return `
.pw-svg { font-family: ${p.font}; font-size: ${FONT}px; }
.pw-svg text { fill: ${p.foreground}; dominant-baseline: hanging; }
.pw-svg .node rect { fill: ${p.nodeFill}; stroke: ${p.border}; stroke-width: 1.2px; }
${Object.entries(KIND_STROKE).map(([k, c]) => `.pw-svg .node.${k} rect { stroke: ${c}; stroke-width: 2px; }`).join('\n')}
.pw-svg .node.noise rect { stroke-dasharray: 4 3; }
.pw-svg .node.output rect { stroke-width: 3px; }
.pw-svg .node.cut rect { stroke: ${EDGE_COLOURS.severed}; stroke-width: 3px; }
.pw-svg .node.pw-group rect { fill: ${p.clusterFill}; stroke: ${p.border}; stroke-dasharray: 3 2; }
.pw-svg .cluster rect { fill: ${p.clusterFill}; fill-opacity: .55; stroke: ${p.border}; stroke-width: 1px; }
.pw-svg .cluster text { fill: ${p.muted}; font-weight: 600; }
.pw-svg text .title, .pw-svg text.title { font-weight: 600; }
.pw-svg tspan.op, .pw-svg tspan.meta { fill: ${p.muted}; font-style: italic; }
.pw-svg tspan.grad { fill: ${p.muted}; }
.pw-svg .edge { fill: none; stroke: ${p.foreground}; stroke-width: 1.4px; stroke-opacity: .8; }
.pw-svg .edge.severed { stroke: ${EDGE_COLOURS.severed}; stroke-width: 2.5px; stroke-dasharray: 7 5; stroke-opacity: 1; }
.pw-svg .edge.zero { stroke: ${zeroColour(p)}; stroke-width: 2px; stroke-dasharray: 2 4; stroke-linecap: round; stroke-opacity: 1; }
.pw-svg .edgeLabel rect { fill: ${p.background}; stroke: ${EDGE_COLOURS.severed}; stroke-width: 1.5px; }
.pw-svg .edgeLabel text { fill: ${EDGE_COLOURS.severed}; font-weight: 700; font-size: 14px; }
`;
}


/**
 * The SVG without its boxes: sheet, arrow markers, open groups' frames and (`withEdges`) every edge.
 * The boxes (the bulk of the elements, each with its text) follow with `drawBoxes`, and in a large
 * view the edges too (`drawSliced`: those on screen first, the rest a slice per frame), so a large view
 * is drawn over several frames instead of one long task.
 */
export function drawFrame(view: OpenView, pos: Positions, palette: Palette, withEdges = true): Drawn {
  const svg = el('svg', { class: 'pw-svg', role: 'img', 'aria-label': 'Gradient graph' }) as SVGSVGElement;
  const style = el('style', {});
  style.textContent = sheet(palette);
  const defs = el('defs', {});
  for (const [kind, colour] of [['grad', palette.foreground], ['severed', EDGE_COLOURS.severed], ['zero', zeroColour(palette)]] as const) {
    const m = el('marker', { id: `pw-arrow-${kind}`, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    m.appendChild(el('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }));
    defs.appendChild(m);
  }
  const scene = el('g', { class: 'pw-scene' }) as SVGGElement;
  const frames = el('g', { class: 'pw-frames' });
  const edgeLayer = el('g', { class: 'pw-edges' });
  const nodeLayer = el('g', { class: 'pw-nodes' });
  scene.append(frames, edgeLayer, nodeLayer);
  svg.append(style, defs, scene);

  const elements = new Map<string, SVGGElement>();
  for (const it of view.items) {
    const b = pos.get(it.id);
    if (!b || !(it.type === 'group' && it.open)) continue;
    const g = el('g', { class: 'cluster', 'data-id': it.id, transform: `translate(${b.x},${b.y})` }) as SVGGElement;
    g.appendChild(el('rect', { width: b.w, height: b.h, rx: '6' }));
    const t = el('text', { class: 'cluster-label', x: '10', y: String((GROUP_TITLE - FONT) / 2 + 2) });
    t.textContent = groupTitle(it.group);
    const title = el('title', {});
    title.textContent = displayText(`${it.group.kind}:${it.group.name}`, 200);
    g.append(title, t);
    frames.appendChild(g);
    elements.set(it.id, g);
  }
  const d: Drawn = { svg, scene, view, positions: pos, bounds: layoutBounds(pos), elements };
  if (withEdges) drawEdges(d, view.edges);
  return d;
}

/** Draws `edges` into `d`'s edge layer; severed ones get their `?` label. */
export function drawEdges(d: Drawn, edges: readonly OpenEdge[]): void {
  const edgeLayer = d.scene.children[1];
  const part = document.createDocumentFragment();
  for (const e of edges) {
    const a = d.positions.get(e.from);
    const b = d.positions.get(e.to);
    if (!a || !b) continue;
    const pts = d.positions.routes?.get(`${e.from}>${e.to}`);
    const [path, mid] = pts && pts.length >= 2 ? polyline(pts) : route(a, b);
    part.appendChild(el('path', { class: `edge ${e.kind}`, d: path, 'marker-end': `url(#pw-arrow-${e.kind})`, 'data-from': e.from, 'data-to': e.to }));
    if (e.kind === 'severed') {
      const lab = el('g', { class: 'edgeLabel pw-q', transform: `translate(${mid.x - 9},${mid.y - 10})` });
      lab.appendChild(el('rect', { width: '18', height: '20', rx: '9' }));
      const t = el('text', { x: '5', y: '3' });
      t.textContent = '?';
      lab.appendChild(t);
      part.appendChild(lab);
    }
  }
  edgeLayer.appendChild(part);
}

/** The box around an edge's ends (and ELK's route), with room for a curve that loops round the side. */
function edgeBox(d: Drawn, e: OpenEdge): Box | undefined {
  const a = d.positions.get(e.from);
  const b = d.positions.get(e.to);
  if (!a || !b) return undefined;
  const pts = [{ x: a.x, y: a.y }, { x: a.x + a.w, y: a.y + a.h }, { x: b.x, y: b.y }, { x: b.x + b.w, y: b.y + b.h }, ...(d.positions.routes?.get(`${e.from}>${e.to}`) ?? [])];
  const x = Math.min(...pts.map((p) => p.x)) - 40;
  const y = Math.min(...pts.map((p) => p.y));
  return { x, y, w: Math.max(...pts.map((p) => p.x)) + 40 - x, h: Math.max(...pts.map((p) => p.y)) - y };
}

/** Draws the boxes (nodes and closed groups) among `items` into `d`'s node layer. */
export function drawBoxes(d: Drawn, items: readonly OpenItem[], showValues: boolean): void {
  const nodeLayer = d.scene.lastChild as SVGGElement;
  const cut = cutEnds(d.view);
  const part = document.createDocumentFragment();
  for (const it of items) {
    const b = d.positions.get(it.id);
    if (!b || (it.type === 'group' && it.open)) continue;
    const lines = it.type === 'node' ? nodeLines(it.node, showValues) : groupLines(it.group, it.group.size);
    const cls = it.type === 'node' ? `node ${it.node.kind}${cut.has(it.id) ? ' cut' : ''}` : 'node pw-group summary';
    // Focusable, but not a tab stop each: the pane is the drawing's one tab stop, and the arrow
    // keys move between boxes (viewport.ts). Thousands of tab stops would trap a keyboard user.
    const g = el('g', { class: cls, 'data-id': it.id, transform: `translate(${b.x},${b.y})`, tabindex: '-1' }) as SVGGElement;
    const r = it.type === 'node' && it.node.kind === 'param' ? '10' : '4';
    g.appendChild(el('rect', { width: b.w, height: b.h, rx: r }));
    g.appendChild(textBlock(lines));
    part.appendChild(g);
    d.elements.set(it.id, g);
  }
  nodeLayer.appendChild(part);
}

/** Boxes added to the drawing per frame when a large view is drawn (about 30 ms of style and layout). */
export const BOXES_PER_FRAME = 120;

/**
 * Boxes on screen drawn in the first frame of a large view at most (a view zoomed far out can show
 * thousands; then the rest still goes a slice per frame).
 */
export const ON_SCREEN_MAX = 300;

/** Edges added per frame after the first (a path each, no text: cheap beside a box). */
export const EDGES_PER_FRAME = 3 * BOXES_PER_FRAME;

/**
 * Draws the boxes among `items` and the view's edges into a frame drawn without them: those for
 * which `onScreen(box)` holds at once (boxes up to ON_SCREEN_MAX; `visible()` is called then), the
 * rest a slice of BOXES_PER_FRAME boxes and EDGES_PER_FRAME edges per frame, so the browser styles
 * and lays them out a slice at a time (no long task) while what the person looks at is already
 * there. False when `current()` turned false on the way (a newer drawing replaced this one).
 */
export async function drawSliced(
  d: Drawn, items: readonly OpenItem[], showValues: boolean, current: () => boolean,
  onScreen: (b: Box) => boolean, visible: () => void,
): Promise<boolean> {
  const first = items.filter((it) => { const b = d.positions.get(it.id); return Boolean(b && onScreen(b)); }).slice(0, ON_SCREEN_MAX);
  const near: OpenEdge[] = [];
  const later: OpenEdge[] = [];
  for (const e of d.view.edges) {
    const b = edgeBox(d, e);
    (b && onScreen(b) ? near : later).push(e);
  }
  const shown = new Set(first);
  drawEdges(d, near);
  drawBoxes(d, first, showValues);
  visible();
  const rest = items.filter((it) => !shown.has(it));
  for (let i = 0, j = 0; i < rest.length || j < later.length; i += BOXES_PER_FRAME, j += EDGES_PER_FRAME) {
    await nextFrame();
    if (!current()) return false;
    drawEdges(d, later.slice(j, j + EDGES_PER_FRAME));
    drawBoxes(d, rest.slice(i, i + BOXES_PER_FRAME), showValues);
  }
  await nextFrame();
  return current();
}

/** Continues after the next frame was rendered (or after 50 ms where frames are paused: a hidden panel). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 50);
    requestAnimationFrame(() => { clearTimeout(fallback); setTimeout(resolve, 0); });
  });
}

/** Ends of severed edges (their boxes get the `cut` border), computed once per view. */
const cutCache = new WeakMap<OpenView, Set<string>>();
function cutEnds(view: OpenView): Set<string> {
  let s = cutCache.get(view);
  if (!s) cutCache.set(view, (s = new Set(view.edges.filter((e) => e.kind === 'severed').map((e) => e.to))));
  return s;
}

function textBlock(lines: Line[]): SVGElement {
  const t = el('text', { class: 'nodeLabel' });
  lines.forEach((l, i) => {
    const s = el('tspan', { x: String(PAD_X), y: String(PAD_Y + i * LINE_H + 1), class: l.cls });
    s.textContent = l.text;
    t.appendChild(s);
  });
  return t;
}

/** ELK's route, corners rounded; the label sits on the middle of the longest segment. */
function polyline(p: { x: number; y: number }[]): [string, { x: number; y: number }] {
  let d = `M${p[0].x},${p[0].y}`;
  const r = 8;
  for (let i = 1; i < p.length - 1; i++) {
    const [a, b, c] = [p[i - 1], p[i], p[i + 1]];
    const l1 = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const l2 = Math.hypot(c.x - b.x, c.y - b.y) || 1;
    const k1 = Math.min(r, l1 / 2) / l1;
    const k2 = Math.min(r, l2 / 2) / l2;
    d += ` L${b.x - (b.x - a.x) * k1},${b.y - (b.y - a.y) * k1} Q${b.x},${b.y} ${b.x + (c.x - b.x) * k2},${b.y + (c.y - b.y) * k2}`;
  }
  const last = p[p.length - 1];
  d += ` L${last.x},${last.y}`;
  let best = 0;
  let mid = { x: (p[0].x + last.x) / 2, y: (p[0].y + last.y) / 2 };
  for (let i = 1; i < p.length; i++) {
    const len = Math.hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
    if (len > best) { best = len; mid = { x: (p[i].x + p[i - 1].x) / 2, y: (p[i].y + p[i - 1].y) / 2 }; }
  }
  return [d, mid];
}

/** A curve from the bottom of `a` to the top of `b`; edges that go upwards (cycles) loop round the side. */
function route(a: Box, b: Box): [string, { x: number; y: number }] {
  const x1 = a.x + a.w / 2;
  const y1 = a.y + a.h;
  const x2 = b.x + b.w / 2;
  const y2 = b.y;
  if (y2 >= y1 - 1) {
    const dy = Math.max(12, (y2 - y1) / 2);
    return [`M${x1},${y1} C${x1},${y1 + dy} ${x2},${y2 - dy} ${x2},${y2}`, { x: (x1 + x2) / 2, y: (y1 + y2) / 2 }];
  }
  const side = Math.max(a.x + a.w, b.x + b.w) + 30;
  const ya = a.y + a.h / 2;
  const yb = b.y + b.h / 2;
  return [`M${a.x + a.w},${ya} C${side},${ya} ${side},${yb} ${b.x + b.w},${yb}`, { x: side - 8, y: (ya + yb) / 2 }];
}

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** A standalone copy of the drawing for export (no viewport transform, viewBox on the whole graph). */
export function exportSvg(d: Drawn): string {
  const copy = d.svg.cloneNode(true) as SVGSVGElement;
  const m = 16;
  copy.setAttribute('xmlns', NS);
  copy.setAttribute('viewBox', `${d.bounds.x - m} ${d.bounds.y - m} ${d.bounds.w + 2 * m} ${d.bounds.h + 2 * m}`);
  copy.setAttribute('width', String(Math.ceil(d.bounds.w + 2 * m)));
  copy.setAttribute('height', String(Math.ceil(d.bounds.h + 2 * m)));
  copy.querySelector('.pw-scene')?.removeAttribute('transform');
  return new XMLSerializer().serializeToString(copy);
}
