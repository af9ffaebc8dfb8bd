/**
 * The graph pane: keeps which groups are open, asks before an expansion that draws many boxes,
 * lays out what is open in the ELK worker (the page stays responsive meanwhile; a newer request
 * replaces an older one), draws it, and handles clicks (select + reveal a node, open/close a group),
 * the cursor-line highlight and search marks. Never leaves the pane blank: while a layout runs or
 * after a failure, the previous drawing stays with a notice above it.
 */
import { buildHierarchy, type HGroup, type HNode, type Hierarchy } from '../src/core/graph/hierarchy';
import { ASK_ABOVE, REFUSE_ABOVE, allKeys, firstOpen, openView, type OpenView } from '../src/core/graph/open-view';
import type { TraceGraph } from '../src/core/graph/model';
import { layout, layoutStats, speculate, Superseded, warmUpLayout, type Box } from './layout-worker';
import { Speculator, reportOn } from './speculate';
import { findingWindow } from './framing';
import { drawBoxes, drawFrame, exportSvg, type Drawn } from './draw';
import { BoxSizes } from './measure';
import { groupDetail, nodeDetail, type DetailActions } from './detail';
import { readPalette } from './theme';
import { Viewport } from './viewport';
import { button } from './ui';
import { div, span } from './dom';

/** Boxes added to the drawing per frame when a large view is drawn (about 30 ms of style and layout). */
const BOXES_PER_FRAME = 120;

/** Continues after the next frame was rendered (or after 50 ms where frames are paused: a hidden panel). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 50);
    requestAnimationFrame(() => { clearTimeout(fallback); setTimeout(resolve, 0); });
  });
}

/** Graphs above this many nodes are refused outright (the message says why). */
export const MAX_GRAPH_NODES = 300_000;

export interface SourceRange { line: number; column: number; endLine: number; endColumn: number }

export interface GraphViewHost {
  reveal(range: SourceRange): void;
  /** The detail element of the selected node/group (null: nothing selected). */
  selected(detail: HTMLElement | null): void;
  /** Tells the toolbar whether every group is open. */
  allOpen(on: boolean): void;
}

export class GraphView {
  readonly element: HTMLElement;
  private readonly pane: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly zoomText: HTMLElement;
  private readonly zoomBar: HTMLElement;
  private readonly viewport: Viewport;
  private graph: TraceGraph | null = null;
  private key = '';
  private hierarchy: Hierarchy | null = null;
  private open = new Set<string>();
  private drawn: Drawn | null = null;
  private selectedId: string | null = null;
  private line: number | null = null;
  private query = '';
  private focusedFor = '';
  /** The person opened or closed groups in this picture (their choice survives a re-trace). */
  private chosen = false;
  private rendered = 0;
  /** Box sizes of nodes and closed groups already measured (for this value display and font). */
  private readonly sizes = new BoxSizes();
  /** Counts draws: a newer one stops an older one between its slices. */
  private drawing = 0;
  /** Lays out likely expansions in the spare worker while the panel is idle. */
  private readonly speculator = new Speculator({
    measure: (v, cancelled) => this.measure(v, () => !cancelled()),
    layout: speculate,
    report: (state, views, at) => reportOn(this.pane)(state, views, at),
  });

  constructor(private readonly host: GraphViewHost) {
    this.element = div('pw-graph-wrap');
    this.notice = div('pw-notice');
    this.notice.hidden = true;
    this.notice.setAttribute('role', 'status');
    this.pane = div('pw-graph');
    this.pane.id = 'pw-graph';
    this.pane.tabIndex = 0;
    this.zoomText = div('pw-zoom-text');
    this.viewport = new Viewport(this.pane, (k) => { this.zoomText.textContent = `${Math.round(k * 100)}%`; });
    const bar = (this.zoomBar = div('pw-zoombar'));
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'Zoom');
    bar.append(
      button('−', () => this.viewport.zoomBy(1 / 1.25), { secondary: true, title: 'Zoom out', id: 'pw-zoom-out' }),
      this.zoomText,
      button('+', () => this.viewport.zoomBy(1.25), { secondary: true, title: 'Zoom in', id: 'pw-zoom-in' }),
      button('Fit', () => this.viewport.fit(), { secondary: true, title: 'Show the whole graph', id: 'pw-zoom-fit' }),
      button('100%', () => this.focusFinding(), { secondary: true, title: 'Natural size, on the severed path', id: 'pw-zoom-100' }),
    );
    this.element.append(this.notice, this.pane, bar, this.viewport.minimapEl);
    this.pane.addEventListener('click', (e) => this.onClick(e));
    this.pane.addEventListener('dblclick', (e) => {
      const g = this.itemAt(e.target as Element);
      if (g?.type === 'group' && !g.open) this.request(new Set([...this.open, ...allKeys(g.group)]));
    });
    this.pane.addEventListener('keydown', (e) => {
      if (e.key === '+' || e.key === '=') this.viewport.zoomBy(1.25);
      else if (e.key === '-') this.viewport.zoomBy(1 / 1.25);
      else if (e.key === 'Enter') this.onClick(e);
    });
    new ResizeObserver(() => this.drawn && this.viewport.attach(this.drawn)).observe(this.pane);
    // Any user action stops speculation at once (the action may need the worker); it resumes when idle.
    for (const type of ['pointerdown', 'wheel', 'keydown'] as const) window.addEventListener(type, () => this.speculator.poke(), { capture: true, passive: true });
    warmUpLayout();
  }

  /** Shows a graph; `key` names the picture (file, after-fix preview): a new one opens on its finding. */
  show(graph: TraceGraph | null, key: string): void {
    const newPicture = key !== this.key;
    this.speculator.stop();
    this.graph = graph;
    this.key = key;
    if (!graph) {
      this.hierarchy = null;
      this.drawn = null;
      this.pane.replaceChildren(span('pw-empty', 'Open a TypeScript or JavaScript file to see its gradient graph.'));
      this.bump();
      return;
    }
    const n = Array.isArray(graph.nodes) ? graph.nodes.length : 0;
    if (n > MAX_GRAPH_NODES) {
      this.hierarchy = null;
      this.drawn = null;
      this.pane.replaceChildren(span('pw-empty pw-bad', `This graph has ${n.toLocaleString('en-US')} nodes, more than the ${MAX_GRAPH_NODES.toLocaleString('en-US')} the inspector draws. Trace a smaller entry (pathwise trace --entry NAME) or fewer iterations.`));
      this.bump();
      return;
    }
    const before = this.hierarchy;
    this.hierarchy = buildHierarchy(graph);
    if (newPicture) this.chosen = false;
    // Same file re-traced: keep what the person opened. A new picture, or a graph nobody has opened
    // groups in yet (the static graph replaced by the trace: other groups), opens on its finding.
    const fresh = newPicture || !before || !this.chosen;
    if (fresh) {
      this.open = firstOpen(this.hierarchy);
      if (newPicture) {
        this.selectedId = null;
        this.host.selected(null);
      }
    } else this.open = new Set([...this.open].filter((k) => this.hierarchy!.groups.has(k)));
    this.host.allOpen(false);
    void this.draw(openView(this.hierarchy, this.open), newPicture || (fresh && !this.viewport.touched));
  }

  redraw(): void {
    if (this.hierarchy) void this.draw(openView(this.hierarchy, this.open), false);
  }

  /** Opens every group (asks first when that is many boxes), or goes back to the first view. */
  setAllOpen(on: boolean): void {
    if (!this.hierarchy) return;
    this.request(on ? new Set(allKeys(this.hierarchy.root)) : firstOpen(this.hierarchy), () => this.host.allOpen(!on));
  }

  highlightLine(line: number): void {
    this.line = line;
    this.marks();
    const first = this.drawn && [...this.drawn.elements.values()].find((e) => e.classList.contains('pw-hl'));
    const box = first && this.drawn!.positions.get(first.dataset.id ?? '');
    // Like the editor's reveal: move only when the node is out of sight, and never away from the
    // finding the panel opened on before the person moved the view themselves.
    if (box && this.viewport.touched && !this.viewport.visible(box)) this.viewport.focus(box, this.viewport.k);
  }

  search(q: string): void {
    this.query = q.trim().toLowerCase();
    this.marks();
  }

  revealSearch(): void {
    const first = this.drawn && [...this.drawn.elements.values()].find((e) => e.classList.contains('pw-match'));
    const box = first && this.drawn!.positions.get(first.dataset.id ?? '');
    if (box) this.viewport.focus(box, Math.max(this.viewport.k, 1));
  }

  svgText(): string | null {
    return this.drawn ? exportSvg(this.drawn) : null;
  }

  /** Applies a new set of open groups, asking first when it adds more than ASK_ABOVE boxes and refusing above REFUSE_ABOVE. */
  private request(open: Set<string>, onCancel?: () => void): void {
    if (!this.hierarchy) return;
    const v = openView(this.hierarchy, open);
    if (v.boxes > REFUSE_ABOVE) {
      this.say(`That would draw ${v.boxes.toLocaleString('en-US')} boxes at once, more than the ${REFUSE_ABOVE.toLocaleString('en-US')} the inspector lays out. Open the groups you need one by one (click a group).`, 'warn');
      onCancel?.();
      return;
    }
    // Ask when the expansion itself adds many boxes (not when the view merely stays large).
    if (v.boxes - (this.drawn?.view.boxes ?? 0) > ASK_ABOVE) {
      this.ask(`This shows ${v.boxes.toLocaleString('en-US')} boxes; laying them out may take a few seconds (the panel stays usable).`, `Draw ${v.boxes.toLocaleString('en-US')} boxes`, () => {
        this.open = open;
        this.chosen = true;
        void this.draw(v, false);
      }, onCancel);
      return;
    }
    this.open = open;
    this.chosen = true;
    void this.draw(v, false);
  }

  /** Box sizes of the closed items of `v` (cached per node and style); null when `current()` turned false. */
  private measure(v: OpenView, current: () => boolean): Promise<Map<string, { w: number; h: number }> | null> {
    return this.sizes.measure(v, this.graph?.runtime !== 'static', readPalette().font, current);
  }

  private async draw(v: OpenView, focusFinding: boolean): Promise<void> {
    const token = ++this.drawing;
    const current = () => token === this.drawing;
    performance.mark('pw:draw');
    this.speculator.stop();
    const palette = readPalette();
    const values = this.graph?.runtime !== 'static';
    const sizes = await this.measure(v, current);
    if (!sizes) return;
    performance.mark('pw:sized');
    const slow = v.boxes > 150 ? setTimeout(() => this.say(`Laying out ${v.boxes.toLocaleString('en-US')} boxes…`, 'info'), 150) : undefined;
    let drawn: Drawn;
    try {
      const pos = await layout(v, (id) => sizes.get(id) ?? { w: 80, h: 28 });
      performance.mark('pw:laidout');
      this.pane.dataset.layoutRuns = String(layoutStats.runs);
      if (!current()) return;
      drawn = drawFrame(v, pos, palette);
    } catch (err) {
      if (err instanceof Superseded || !current()) return;
      const msg = `Could not lay out the graph: ${String((err as Error)?.message ?? err)}`;
      if (this.drawn) this.say(`${msg}. The previous drawing is kept.`, 'warn');
      else this.pane.replaceChildren(span('pw-empty pw-bad', msg));
      this.bump();
      return;
    } finally {
      clearTimeout(slow);
    }
    // A large view's boxes go in a slice per frame, so the browser styles and lays out their text a
    // slice at a time (no long task): the frames and edges show at once, the boxes fill in.
    const prev = this.drawn;
    const items = v.items;
    const sliced = items.length > BOXES_PER_FRAME;
    if (!sliced) drawBoxes(drawn, items, values);
    performance.mark('pw:built');
    this.notice.hidden = true;
    this.pane.replaceChildren(drawn.svg);
    this.drawn = drawn;
    this.viewport.attach(drawn);
    if (focusFinding || this.focusedFor !== this.key || !prev) {
      this.focusedFor = this.key;
      this.focusFinding();
    }
    performance.mark('pw:attached');
    if (sliced) {
      for (let i = 0; i < items.length; i += BOXES_PER_FRAME) {
        drawBoxes(drawn, items.slice(i, i + BOXES_PER_FRAME), values);
        await nextFrame();
        if (!current()) return;
      }
      performance.mark('pw:filled');
    }
    this.marks();
    performance.mark('pw:done');
    this.bump();
    if (this.hierarchy) this.speculator.idle({ hierarchy: this.hierarchy, open: new Set(this.open), view: v, positions: drawn.positions, centre: this.viewport.centre() });
  }

  /**
   * 100 % on the severed edges and their neighbours (or the loss); Fit when there is neither. Where
   * they do not all fit the pane, whole boxes are shown rather than halves (`frameFinding`).
   */
  focusFinding(): void {
    const d = this.drawn;
    if (!d) return;
    this.viewport.touched = false;
    const q = d.svg.querySelector('g.edgeLabel.pw-q')?.getAttribute('transform');
    const m = q && /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(q);
    // The zoom buttons and the overview lie on the pane: what is under them is not "in view".
    const size = { w: this.pane.clientWidth, h: this.pane.clientHeight };
    const cover = coverOf(this.pane, [this.zoomBar, this.viewport.minimapEl]);
    // The `?` label's transform is its top-left corner (18 × 20): its centre is the anchor.
    const win = findingWindow(d.view, d.positions, size, m ? { x: Number(m[1]) + 9, y: Number(m[2]) + 10 } : null, { cover, titles: groupTitles(d) });
    if (win) this.viewport.set(1, -win.x, -win.y);
    else this.viewport.fit();
  }

  private onClick(e: Event): void {
    if (this.viewport.dragged) {
      this.viewport.dragged = false;
      return;
    }
    const target = e.target as Element;
    const it = this.itemAt(target);
    if (!it) return;
    const act = this.actions();
    if (it.type === 'node') {
      this.select(it.id, nodeDetail(it.node, this.graph?.runtime !== 'static', act));
      const r = rangeOf(it.node);
      if (r) this.host.reveal(r);
      return;
    }
    // A closed group opens; a click on an open group's title closes it.
    if (!it.open || target.closest('.cluster-label')) {
      this.select(it.id, groupDetail(it.group, !it.open, act));
      act.toggle(it.group);
    }
  }

  private itemAt(target: Element) {
    const g = target.closest('[data-id]') as SVGGElement | null;
    const id = g?.dataset.id;
    return id ? this.drawn?.view.items.find((x) => x.id === id) : undefined;
  }

  private actions(): DetailActions {
    return {
      reveal: (n: HNode) => { const r = rangeOf(n); if (r) this.host.reveal(r); },
      toggle: (g: HGroup) => {
        const next = new Set(this.open);
        if (next.has(g.key)) for (const k of allKeys(g)) next.delete(k);
        else for (let x: HGroup | null = g; x && x.parent; x = x.parent) next.add(x.key);
        this.request(next);
      },
      expandAll: (g: HGroup) => this.request(new Set([...this.open, ...allKeys(g)])),
    };
  }

  private select(id: string, detail: HTMLElement): void {
    this.selectedId = id;
    this.host.selected(detail);
    this.marks();
  }

  private marks(): void {
    const d = this.drawn;
    if (!d) return;
    const q = this.query;
    for (const it of d.view.items) {
      const el = d.elements.get(it.id);
      if (!el) continue;
      if (it.type === 'node') {
        const n = it.node;
        const onLine = this.line !== null && n.loc !== null && n.loc.line <= this.line && this.line <= (n.loc.endLine ?? n.loc.line);
        el.classList.toggle('pw-hl', onLine);
        el.classList.toggle('pw-match', q !== '' && `${n.label} ${n.op} ${n.detail ?? ''}`.toLowerCase().includes(q));
      } else if (!it.open) el.classList.toggle('pw-match', q !== '' && it.group.name.toLowerCase().includes(q));
      el.classList.toggle('pw-selected', it.id === this.selectedId);
    }
    this.pane.classList.toggle('pw-searching', q !== '');
  }

  private say(text: string, tone: 'info' | 'warn'): void {
    this.notice.replaceChildren(span('', text));
    this.notice.dataset.tone = tone;
    this.notice.hidden = false;
  }

  private ask(text: string, yes: string, onYes: () => void, onNo?: () => void): void {
    this.notice.replaceChildren(
      span('', text),
      button(yes, () => { this.notice.hidden = true; onYes(); }, { id: 'pw-ask-yes' }),
      button('Cancel', () => { this.notice.hidden = true; onNo?.(); }, { secondary: true, id: 'pw-ask-no' }),
    );
    this.notice.dataset.tone = 'ask';
    this.notice.hidden = false;
  }

  private bump(): void {
    this.pane.dataset.rendered = String(++this.rendered);
  }
}

/** Source range of a node (1-based), or null when it has none. */
export function rangeOf(n: HNode): SourceRange | null {
  if (!n.loc || typeof n.loc.line !== 'number') return null;
  const { line, column } = n.loc;
  return { line, column, endLine: n.loc.endLine ?? line, endColumn: n.loc.endColumn ?? column };
}

/** Where `overlays` lie on `pane`, relative to its top-left corner (hidden ones left out). */
function coverOf(pane: HTMLElement, overlays: HTMLElement[]): Box[] {
  const p = pane.getBoundingClientRect();
  return overlays.filter((o) => !o.hidden && o.offsetWidth > 0).map((o) => {
    const r = o.getBoundingClientRect();
    return { x: r.left - p.left, y: r.top - p.top, w: r.width, h: r.height };
  });
}

/** The drawn titles of open groups' frames, in drawing coordinates. */
function groupTitles(d: Drawn): Box[] {
  const out: Box[] = [];
  for (const it of d.view.items) {
    const frame = it.type === 'group' && it.open ? d.positions.get(it.id) : undefined;
    const label = frame && d.elements.get(it.id)?.querySelector<SVGTextElement>('.cluster-label');
    if (!frame || !label) continue;
    const t = label.getBBox();
    out.push({ x: frame.x + t.x, y: frame.y + t.y, w: t.width, h: t.height });
  }
  return out;
}
