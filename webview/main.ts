/**
 * Entry point of the graph-inspector webview: receives typed messages from the extension (validated
 * with `isToWebview`), draws the graph, the gradient table and the controls, and posts `reveal`,
 * `apply-fix`, `rerun` and `export` back. It never receives or runs code, only data.
 */
import { isToWebview, type PanelFix, type ToWebview, type TraceState } from '../src/core/protocol';
import type { TraceGraph } from '../src/core/graph/model';
import { drawGraph, markNodes, nodesOnLine, rangeOf, warmUp, type Drawn, type GroupChoices } from './render';
import { gradientTable } from './table';
import { readPalette, watchTheme } from './theme';
import { inlineData, inVsCode, post, saveState } from './host';
import { button, checkbox, dropdown, registerControls, setEnabled, textField } from './ui';
import { STYLES } from './styles';
import { applyZoom, revealIfHidden, revealSevered, type Zoom } from './zoom';
import { mountEstimators } from './estimators';

interface State {
  file: string;
  graph: TraceGraph | null;
  fixes: PanelFix[];
  /** Fix whose "after" graph is shown, or null for the current code. */
  after: string | null;
  selectedFix: string | null;
  full: boolean;
  trace: TraceState;
  line: number | null;
  search: string;
  /** Function groups unfolded (click on a summary) or folded (click on a subgraph title). */
  groups: GroupChoices;
  /** Fit to the panel's width (default) or natural size. */
  zoom: Zoom;
}

const state: State = { file: '', graph: null, fixes: [], after: null, selectedFix: null, full: false, trace: { state: 'static' }, line: null, search: '', groups: { expand: new Set(), fold: new Set() }, zoom: 'fit' };
let drawn: Drawn | null = null;
let drawing = Promise.resolve();

if (!inVsCode) document.body.classList.add('pw-standalone');
const style = document.createElement('style');
style.textContent = STYLES;
document.head.appendChild(style);
registerControls();

const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
app.id = 'app';
const toolbar = div('pw-toolbar');
const fileEl = span('pw-file', 'No file');
const statusEl = span('pw-status', '');
const rerun = button('Re-run', () => post({ type: 'rerun' }), { title: 'Trace the file again', id: 'pw-rerun' });
const full = checkbox('Full graph', (on) => { state.full = on; redraw(); }, 'pw-full');
const search = textField('Search nodes', (q) => { state.search = q; applyMarks(); }, () => scrollToFirst('.pw-match'), 'pw-search');
const exportSvg = button('SVG', () => drawn && post({ type: 'export', format: 'svg', content: svgText(drawn.svg) }), { secondary: true, title: 'Export the drawing as SVG', id: 'pw-export-svg' });
const exportMmd = button('Mermaid', () => drawn && post({ type: 'export', format: 'mermaid', content: drawn.text }), { secondary: true, title: 'Export the mermaid text', id: 'pw-export-mermaid' });
const exportJson = button('JSON', () => current() && post({ type: 'export', format: 'json', content: JSON.stringify(current(), null, 2) }), { secondary: true, title: 'Export the trace JSON', id: 'pw-export-json' });
const zoomFit = button('Fit', () => setZoom('fit'), { secondary: true, title: 'Scale the graph to the width of the panel', id: 'pw-zoom-fit' });
const zoomActual = button('100%', () => setZoom('actual'), { secondary: true, title: 'Draw the graph at its natural size (scroll to move around)', id: 'pw-zoom-100' });
const zoomGroup = span('pw-zoom', '');
zoomGroup.setAttribute('role', 'group');
zoomGroup.setAttribute('aria-label', 'Zoom');
zoomGroup.append(zoomFit, zoomActual);
toolbar.append(fileEl, statusEl, span('pw-sep', ''), search, full, zoomGroup, rerun, span('pw-muted', 'Export:'), exportSvg, exportMmd, exportJson);
if (!inVsCode) rerun.hidden = true;

const fixbar = div('pw-fixbar');
fixbar.hidden = true;
const messages = div('pw-messages');
const reasonEl = div('pw-message pw-reason');
reasonEl.hidden = true;
const body = div('pw-body');
const graphEl = div('pw-graph');
graphEl.id = 'pw-graph';
const side = div('pw-side');
body.append(graphEl, side);
app.append(toolbar, reasonEl, fixbar, messages, body);
const estimators = mountEstimators(app, body);

graphEl.addEventListener('click', (e) => {
  if (!drawn) return;
  const target = e.target as Element;
  const g = target.closest('g.node');
  const v = g ? [...drawn.elements].find(([, el]) => el === g) : undefined;
  const node = v && drawn.view.nodes.find((n) => n.id === v[0]);
  if (node?.kind === 'summary') {
    // A summary stands for a folded function: clicking unfolds it.
    const group = node.group ?? '';
    state.groups.expand.add(group);
    state.groups.fold.delete(group);
    redraw();
    return;
  }
  const range = node && rangeOf(node);
  if (range) {
    post({ type: 'reveal', ...range });
    return;
  }
  // A click on a subgraph's title folds that function into one node.
  const label = target.closest('g.cluster-label, .cluster-label');
  const cluster = label?.closest('g.cluster') ?? (label?.parentElement?.closest('g.cluster') ?? null);
  const group = cluster ? drawn.clusters.get(cluster) : undefined;
  if (group !== undefined) {
    state.groups.fold.add(group);
    state.groups.expand.delete(group);
    redraw();
  }
});

window.addEventListener('message', (e: MessageEvent) => {
  if (!isToWebview(e.data)) return; // anything else (malformed, foreign) is ignored
  handle(e.data);
});
watchTheme(() => redraw());

function handle(m: ToWebview): void {
  switch (m.type) {
    case 'graph':
      if (m.file !== state.file) state.groups = { expand: new Set(), fold: new Set() };
      state.file = m.file;
      state.graph = m.graph;
      state.fixes = m.fixes;
      if (state.after && !m.fixes.some((f) => f.id === state.after)) state.after = null;
      if (!m.fixes.some((f) => f.id === state.selectedFix)) state.selectedFix = m.fixes[0]?.id ?? null;
      saveState({ file: m.file });
      renderChrome();
      redraw();
      return;
    case 'trace-state':
      state.trace = m.trace;
      renderStatus();
      return;
    case 'highlight-line':
      state.line = m.line;
      applyMarks();
      // Like the editor's reveal: move the view only when the cursor's node is out of sight.
      if (drawn) {
        const first = graphEl.querySelector('.pw-hl');
        if (first) revealIfHidden(first);
      }
      return;
    case 'theme-changed':
      redraw();
      estimators.redraw();
      return;
    case 'estimate-state':
    case 'estimates':
      estimators.handle(m);
      return;
  }
}

/** The graph on screen: the file's, or the "after fix" preview. */
function current(): TraceGraph | null {
  return state.fixes.find((f) => f.id === state.after)?.after ?? state.graph;
}

function redraw(): void {
  const g = current();
  drawing = drawing.then(async () => {
    if (!g) {
      graphEl.replaceChildren(span('pw-empty', 'Open a TypeScript or JavaScript file to see its gradient graph.'));
      return;
    }
    try {
      drawn = await drawGraph(graphEl, g, readPalette(), state.full, state.groups);
      applyZoom(drawn.svg, graphEl, state.zoom);
      // A new picture (another file, static → traced, after-fix preview, full graph) opens on its
      // severed edges; a redraw of the same one (edit, theme, fold) keeps the person's place.
      const key = `${state.file}|${g.runtime}|${state.after ?? ''}|${state.full}`;
      if (key !== revealedFor) revealSevered(drawn, graphEl);
      revealedFor = key;
      graphEl.dataset.rendered = String(Number(graphEl.dataset.rendered ?? 0) + 1);
      const hidden = drawn.view.hiddenNodes;
      full.title = hidden > 0 ? `${hidden} nodes folded or grouped; tick to draw all ${drawn.view.totalNodes}` : 'All nodes are drawn';
      applyMarks();
    } catch (err) {
      drawn = null;
      graphEl.replaceChildren(span('pw-empty pw-bad', `Could not draw the graph: ${String((err as Error)?.message ?? err)}`));
    }
    renderSide(g);
  });
}

/** Which picture the view was last opened on (see redraw). */
let revealedFor = '';

function setZoom(zoom: Zoom): void {
  state.zoom = zoom;
  renderZoom();
  if (!drawn) return;
  applyZoom(drawn.svg, graphEl, zoom);
  revealSevered(drawn, graphEl);
}

function renderZoom(): void {
  for (const [b, z] of [[zoomFit, 'fit'], [zoomActual, 'actual']] as const) {
    b.setAttribute('appearance', state.zoom === z ? 'primary' : 'secondary');
    b.setAttribute('aria-pressed', String(state.zoom === z));
  }
}
renderZoom();

// Fit follows the panel's width (the person drags the split or resizes the window).
let lastWidth = 0;
new ResizeObserver(() => {
  const w = graphEl.clientWidth;
  if (w === lastWidth) return;
  lastWidth = w;
  if (drawn && state.zoom === 'fit') applyZoom(drawn.svg, graphEl, 'fit');
}).observe(graphEl);

function renderChrome(): void {
  fileEl.textContent = state.file ? state.file.split(/[\\/]/).pop() ?? state.file : 'No file';
  fileEl.title = state.file;
  renderStatus();
  fixbar.replaceChildren();
  fixbar.hidden = state.fixes.length === 0;
  if (state.fixes.length === 0) return;
  const selected = () => state.fixes.find((f) => f.id === state.selectedFix) ?? state.fixes[0];
  const toggle = checkbox('Show graph after fix', (on) => { state.after = on ? selected().id : null; redraw(); }, 'pw-after');
  toggle.checked = state.after !== null;
  const chooser = state.fixes.length > 1
    ? dropdown(state.fixes.map((f) => [f.id, f.title]), (id) => { state.selectedFix = id; if (state.after) { state.after = id; redraw(); } }, 'pw-fix-choice')
    : span('pw-fix-title', selected().title);
  const apply = button('Apply fix', () => post({ type: 'apply-fix', id: selected().id }), { id: 'pw-apply', title: 'Rewrite the code with this fix' });
  fixbar.append(span('', 'Quick fix:'), chooser, toggle, apply);
}

function renderStatus(): void {
  const t = state.trace;
  const text = {
    static: () => 'Static graph',
    running: () => 'Tracing…',
    done: () => `Traced${t.state === 'done' && t.ms >= 0 ? ` in ${Math.round(t.ms)} ms` : ''}`,
    stale: () => 'Stale — edited since the last trace',
    failed: () => 'Trace failed',
  }[t.state]();
  // The pill stays short; the reason (why no values, why the trace failed) gets its own line.
  const reason = t.state === 'failed' || t.state === 'static' ? t.reason ?? '' : t.state === 'done' ? t.note ?? '' : '';
  statusEl.textContent = text;
  statusEl.title = reason;
  statusEl.dataset.state = t.state;
  reasonEl.textContent = reason ? `${t.state === 'failed' ? 'Trace failed: ' : 'No values: '}${reason}` : '';
  reasonEl.hidden = reason === '';
  reasonEl.classList.toggle('pw-error', t.state === 'failed');
  setEnabled(rerun, t.state !== 'running');
}

function renderSide(g: TraceGraph): void {
  messages.replaceChildren();
  if (g.error) {
    const where = g.error.loc ? ` (line ${g.error.loc.line})` : '';
    messages.appendChild(span('pw-message pw-error', `The code ${g.error.reason === 'threw' || !g.error.reason ? 'threw' : `was stopped (${g.error.reason})`}: ${g.error.message}${where}`));
  }
  if (state.after) messages.appendChild(span('pw-message', 'Preview: the graph as it would be after the quick fix (not applied yet).'));
  side.replaceChildren(gradientTable(g), legend());
  if (g.earlierCalls) side.appendChild(span('pw-muted', `${g.earlierCalls} earlier gradient-context calls not shown.`));
}

function legend(): HTMLElement {
  const wrap = document.createElement('section');
  const h = document.createElement('h2');
  h.textContent = 'Legend';
  const ul = document.createElement('ul');
  ul.className = 'pw-legend';
  const items: [string, string, string][] = [
    ['currentColor', '', 'carries gradient'],
    ['#e5484d', '7 5', 'severed: data flows, gradient does not (?)'],
    ['#8b8d98', '1 4', 'discrete step: zero gradient'],
  ];
  for (const [stroke, dash, text] of items) {
    const li = document.createElement('li');
    li.innerHTML = `<svg width="40" height="10" aria-hidden="true"><line x1="0" y1="5" x2="40" y2="5" stroke="${stroke}" stroke-width="2.5" ${dash ? `stroke-dasharray="${dash}"` : ''}/></svg>`;
    li.appendChild(document.createTextNode(text));
    ul.appendChild(li);
  }
  const note = document.createElement('li');
  note.textContent = '∂L = ∂loss/∂node · ε (noise) is drawn as an input';
  ul.appendChild(note);
  wrap.append(h, ul);
  return wrap;
}

function applyMarks(): void {
  if (!drawn) return;
  const hl = new Set(state.line === null ? [] : nodesOnLine(drawn.view, state.line).map((v) => v.id));
  markNodes(drawn, hl, 'pw-hl');
  const q = state.search.trim().toLowerCase();
  const hits = new Set(q ? drawn.view.nodes.filter((v) => `${v.label} ${v.op}`.toLowerCase().includes(q)).map((v) => v.id) : []);
  markNodes(drawn, hits, 'pw-match');
  graphEl.classList.toggle('pw-searching', q !== '');
}

function scrollToFirst(selector: string): void {
  graphEl.querySelector(selector)?.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
}

function svgText(svg: SVGSVGElement): string {
  return new XMLSerializer().serializeToString(svg);
}

function div(cls: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = cls;
  return d;
}

function span(cls: string, text: string): HTMLElement {
  const s = document.createElement('span');
  if (cls) s.className = cls;
  s.textContent = text;
  return s;
}

const standalone = inlineData();
if (standalone) {
  const g = standalone.graph;
  state.trace = g.runtime === 'static' ? { state: 'static' } : g.error ? { state: 'failed', reason: g.error.message } : { state: 'done', ms: -1 };
  handle({ type: 'graph', ...standalone });
}
else redraw();
post({ type: 'ready' });
if (!standalone) warmUp();
