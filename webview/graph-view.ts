/**
 * The graph pane: keeps which groups are open, asks before an expansion that draws many boxes,
 * lays out what is open in the ELK worker (the page stays responsive meanwhile; a newer request
 * replaces an older one), draws it, and handles clicks (select + reveal a node, open/close a group),
 * the cursor-line highlight and search marks. Never leaves the pane blank: while a layout runs or
 * after a failure, the previous drawing stays with a notice above it. Its parts: pane-chrome.ts
 * (notice, zoom buttons), pane-focus.ts (the first view), graph-marks.ts (marks, hit items), draw.ts.
 */
import { buildHierarchy, type HGroup, type HNode, type Hierarchy } from '../src/core/graph/hierarchy';
import { ASK_ABOVE, REFUSE_ABOVE, allKeys, firstOpen, openView, toggled, type OpenView } from '../src/core/graph/open-view';
import type { TraceGraph } from '../src/core/graph/model';
import { layout, layoutStats, speculate, Superseded, warmUpLayout, type Box } from './layout-worker';
import { Speculator, reportOn } from './speculate';
import { anchorOf, paneFindingWindow, type Anchor } from './pane-focus';
import { BOXES_PER_FRAME, drawBoxes, drawSliced, drawFrame, exportSvg, type Drawn } from './draw';
import { BoxSizes } from './measure';
import { groupDetail, nodeDetail, type DetailActions } from './detail';
import { readPalette } from './theme';
import { Viewport } from './viewport';
import { Notice, zoomBar } from './pane-chrome';
import { applyMarks, firstMarked, itemAt, rangeOf, type SourceRange } from './graph-marks';
import { div, span } from './dom';
import { formatCount } from '../src/core/graph/text';

/** Graphs above this many nodes are refused outright (the message says why). */
export const MAX_GRAPH_NODES = 300_000;

export type { SourceRange } from './graph-marks';

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
  private readonly notice = new Notice();
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
  /** Draws not finished yet (measuring, laying out or filling in). */
  private drawsInFlight = 0;
  /** Lays out likely expansions in the spare worker while the panel is idle. */
  private readonly speculator = new Speculator({
    measure: (v, cancelled) => this.measure(v, () => !cancelled()),
    layout: speculate,
    report: (state, views, at) => reportOn(this.pane)(state, views, at),
  });

  constructor(private readonly host: GraphViewHost) {
    this.element = div('pw-graph-wrap');
    this.pane = div('pw-graph');
    this.pane.id = 'pw-graph';
    this.pane.tabIndex = 0;
    this.pane.setAttribute('role', 'group');
    this.pane.setAttribute('aria-label', 'Gradient graph: arrow keys pan; Enter moves into the boxes, where arrow keys go from box to box, Enter opens and Escape leaves');
    const zoom = zoomBar(() => this.viewport, () => this.focusFinding());
    this.zoomBar = zoom.element;
    this.viewport = new Viewport(this.pane, zoom.show, () => [this.zoomBar]);
    this.element.append(this.notice.element, this.pane, this.zoomBar, this.viewport.minimap.element, this.viewport.minimap.reopen);
    this.pane.addEventListener('click', (e) => this.onClick(e));
    this.pane.addEventListener('dblclick', (e) => {
      const g = itemAt(this.drawn, e.target as Element);
      if (g?.type === 'group' && !g.open) this.request(new Set([...this.open, ...allKeys(g.group)]), undefined, g.id);
    });
    // Zoom and pan keys are the viewport's; Enter acts on the focused box like a click.
    this.pane.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.onClick(e); });
    new ResizeObserver(() => this.drawn && this.viewport.attach(this.drawn)).observe(this.pane);
    // Any user action stops speculation at once (the action may need the worker); it resumes when idle.
    for (const type of ['pointerdown', 'wheel', 'keydown'] as const) window.addEventListener(type, () => this.speculator.poke(), { capture: true, passive: true });
    // The layout workers warm up only while nothing is being drawn: on two cores they would take the drawing's CPU.
    warmUpLayout((runs) => { this.pane.dataset.elkWarmUp = runs.join(','); }, () => this.drawsInFlight > 0);
  }

  /** Shows a graph; `key` names the picture (file, after-fix preview): a new one opens on its finding. */
  show(graph: TraceGraph | null, key: string): void {
    const newPicture = key !== this.key;
    this.speculator.stop();
    this.graph = graph;
    this.key = key;
    if (!graph) return this.empty(span('pw-empty', 'Open a TypeScript or JavaScript file to see its gradient graph.'));
    const n = Array.isArray(graph.nodes) ? graph.nodes.length : 0;
    if (n > MAX_GRAPH_NODES) {
      return this.empty(span('pw-empty pw-bad', `This graph has ${formatCount(n)} nodes, more than the ${formatCount(MAX_GRAPH_NODES)} the inspector draws. Trace a smaller entry (pathwise trace --entry NAME) or fewer iterations.`));
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
    const box = firstMarked(this.drawn, 'pw-hl');
    // Like the editor's reveal: move only when the node is out of sight, and never away from the
    // finding the panel opened on before the person moved the view themselves.
    if (box && this.viewport.touched && !this.viewport.visible(box)) this.viewport.focus(box, this.viewport.k);
  }

  search(q: string): void {
    this.query = q.trim().toLowerCase();
    this.marks();
  }

  revealSearch(): void {
    const box = firstMarked(this.drawn, 'pw-match');
    if (box) this.viewport.focus(box, Math.max(this.viewport.k, 1));
  }

  svgText(): string | null {
    return this.drawn ? exportSvg(this.drawn) : null;
  }

  /**
   * Applies a new set of open groups, asking first when it adds more than ASK_ABOVE boxes and refusing
   * above REFUSE_ABOVE. `anchor`: the item acted on (a group opened or closed), kept where it is on screen.
   */
  private request(open: Set<string>, onCancel?: () => void, anchor?: string): void {
    if (!this.hierarchy) return;
    const v = openView(this.hierarchy, open);
    if (v.boxes > REFUSE_ABOVE) {
      this.notice.say(`That would draw ${formatCount(v.boxes)} boxes at once, more than the ${formatCount(REFUSE_ABOVE)} the inspector lays out. Open the groups you need one by one (click a group).`, 'warn');
      onCancel?.();
      return;
    }
    // Ask when the expansion itself adds many boxes (not when the view merely stays large).
    if (v.boxes - (this.drawn?.view.boxes ?? 0) > ASK_ABOVE) {
      this.notice.ask(`This shows ${formatCount(v.boxes)} boxes; laying them out may take a few seconds (the panel stays usable).`, `Draw ${formatCount(v.boxes)} boxes`, () => {
        this.open = open;
        this.chosen = true;
        void this.draw(v, false, anchorOf(this.drawn, this.viewport, anchor));
      }, onCancel);
      return;
    }
    this.open = open;
    this.chosen = true;
    void this.draw(v, false, anchorOf(this.drawn, this.viewport, anchor));
  }

  /** Box sizes of the closed items of `v` (cached per node and style); null when `current()` turned false. */
  private measure(v: OpenView, current: () => boolean): Promise<Map<string, { w: number; h: number }> | null> {
    return this.sizes.measure(v, this.graph?.runtime !== 'static', readPalette().font, current);
  }

  private async draw(v: OpenView, focusFinding: boolean, anchor?: Anchor): Promise<void> {
    this.drawsInFlight++;
    try {
      await this.drawOnce(v, focusFinding, anchor);
    } finally {
      this.drawsInFlight--;
    }
  }

  private async drawOnce(v: OpenView, focusFinding: boolean, anchor?: Anchor): Promise<void> {
    const token = ++this.drawing;
    const current = () => token === this.drawing;
    performance.mark('pw:draw');
    this.speculator.stop();
    const palette = readPalette();
    const values = this.graph?.runtime !== 'static';
    const sizes = await this.measure(v, current);
    if (!sizes) return;
    performance.mark('pw:sized');
    const slow = v.boxes > 150 ? setTimeout(() => this.notice.say(`Laying out ${formatCount(v.boxes)} boxes…`, 'info'), 150) : undefined;
    let drawn: Drawn;
    try {
      const pos = await layout(v, (id) => sizes.get(id) ?? { w: 80, h: 28 });
      performance.mark('pw:laidout');
      this.pane.dataset.layoutRuns = String(layoutStats.runs);
      if (!current()) return;
      drawn = drawFrame(v, pos, palette, v.items.length <= BOXES_PER_FRAME);
    } catch (err) {
      if (err instanceof Superseded || !current()) return;
      const msg = `Could not lay out the graph: ${String((err as Error)?.message ?? err)}`;
      if (this.drawn) this.notice.say(`${msg}. The previous drawing is kept.`, 'warn');
      else this.pane.replaceChildren(span('pw-empty pw-bad', msg));
      this.bump();
      return;
    } finally {
      clearTimeout(slow);
    }
    // A large view: frames, and the edges and boxes on screen at once, the others a slice per frame.
    const prev = this.drawn;
    const items = v.items;
    const sliced = items.length > BOXES_PER_FRAME;
    if (!sliced) drawBoxes(drawn, items, values);
    performance.mark('pw:built');
    this.notice.hide();
    this.pane.replaceChildren(drawn.svg);
    this.drawn = drawn;
    this.viewport.attach(drawn);
    const pinned = anchor ? drawn.positions.get(anchor.id) : undefined;
    if (focusFinding || this.focusedFor !== this.key || !prev) {
      this.focusedFor = this.key;
      this.focusFinding();
    } else if (anchor && pinned) this.viewport.pin(pinned, anchor.at);
    performance.mark('pw:attached');
    if (sliced) {
      const onScreen = (b: Box) => this.viewport.overlaps(b, 100);
      if (!(await drawSliced(drawn, items, values, current, onScreen, () => { performance.mark('pw:visible'); this.readable(); }))) return;
      performance.mark('pw:filled');
    } else this.readable();
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
    // The zoom buttons and the overview lie on the pane: nothing of the path goes under them.
    const win = paneFindingWindow(d, this.pane, [this.zoomBar, this.viewport.minimap.element, this.viewport.minimap.reopen]);
    if (win) this.viewport.set(1, -win.x, -win.y);
    else this.viewport.fit();
  }

  private onClick(e: Event): void {
    if (this.viewport.dragged) {
      this.viewport.dragged = false;
      return;
    }
    const target = e.target as Element;
    const it = itemAt(this.drawn, target);
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

  private actions(): DetailActions {
    return {
      reveal: (n: HNode) => { const r = rangeOf(n); if (r) this.host.reveal(r); },
      toggle: (g: HGroup) => this.request(toggled(this.open, g), undefined, g.id),
      expandAll: (g: HGroup) => this.request(new Set([...this.open, ...allKeys(g)]), undefined, g.id),
    };
  }

  private select(id: string, detail: HTMLElement): void {
    this.selectedId = id;
    this.host.selected(detail);
    this.marks();
  }

  private marks(): void {
    if (this.drawn) applyMarks(this.drawn, this.pane, { line: this.line, query: this.query, selectedId: this.selectedId });
  }

  /** No drawing: `message` in the pane instead. */
  private empty(message: HTMLElement): void {
    this.hierarchy = null;
    this.drawn = null;
    this.pane.replaceChildren(message);
    this.bump();
  }

  /** After the next frame, `data-readable` counts one more drawing whose on-screen boxes are painted (tests, bench). */
  private readable(): void {
    const n = this.rendered + 1;
    requestAnimationFrame(() => setTimeout(() => { this.pane.dataset.readable = String(n); }, 0));
  }

  private bump(): void {
    this.pane.dataset.rendered = String(++this.rendered);
  }
}
