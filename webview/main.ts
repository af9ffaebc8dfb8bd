/**
 * Entry point of the graph-inspector webview: receives typed messages from the extension (validated
 * with `isToWebview`), draws the graph, the gradient table and the controls, and posts `reveal`,
 * `apply-fix`, `rerun` and `export` back. It never receives or runs code, only data.
 */
import { graphFromJson, isToWebview, type PanelFix, type ToWebview, type TraceState } from '../src/core/protocol';
import type { TraceGraph } from '../src/core/graph/model';
import { formatValue, toMermaid } from '../src/core/graph/mermaid';
import { gradientTable } from './table';
import { readPalette, watchTheme } from './theme';
import { inlineData, inVsCode, post, saveState } from './host';
import { button, checkbox, dropdown, registerControls, setEnabled, textField } from './ui';
import { STYLES } from './styles';
import { div, span } from './dom';
import { GraphView } from './graph-view';
import { mountEstimators } from './estimators';
import { overflowMenu } from './menu';

interface State {
  file: string;
  graph: TraceGraph | null;
  fixes: PanelFix[];
  /** Fix whose "after" graph is shown, or null for the current code. */
  after: string | null;
  selectedFix: string | null;
  trace: TraceState;
}

const state: State = { file: '', graph: null, fixes: [], after: null, selectedFix: null, trace: { state: 'static', reason: 'not traced yet' } };

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
// Icon buttons and an overflow menu keep the toolbar to two rows at the default split (~500 px):
// every action keeps a visible title, an accessible name and a place in the Tab order.
const rerun = button('↻', () => post({ type: 'rerun' }), { title: 'Re-run: trace the file again', id: 'pw-rerun' });
rerun.setAttribute('aria-label', 'Re-run the trace');
const full = checkbox('Open all groups', (on) => view.setAllOpen(on), 'pw-full');
const search = textField('Search nodes', (q) => view.search(q), () => view.revealSearch(), 'pw-search');
const more = overflowMenu('More actions', [
  { label: 'Export SVG', id: 'pw-export-svg', title: 'Export the drawing as SVG', run: () => { const t = view.svgText(); if (t) post({ type: 'export', format: 'svg', content: t }); } },
  { label: 'Export Mermaid', id: 'pw-export-mermaid', title: 'Export the graph as mermaid text (loops folded, large groups summarised)', run: () => current() && post({ type: 'export', format: 'mermaid', content: toMermaid(current()!) }) },
  { label: 'Export JSON', id: 'pw-export-json', title: 'Export the trace JSON', run: () => current() && post({ type: 'export', format: 'json', content: JSON.stringify(current(), null, 2) }) },
]);
toolbar.append(fileEl, statusEl, search, span('pw-sep', ''), full, rerun, more);
if (!inVsCode) rerun.hidden = true;

const fixbar = div('pw-fixbar');
fixbar.hidden = true;
const messages = div('pw-messages');
const reasonEl = div('pw-message pw-reason');
reasonEl.hidden = true;
const reasonText = span('pw-reason-text', '');
const actionEl = button('', () => state.trace.state !== 'tracing' && 'action' in state.trace && state.trace.action && post({ type: 'action', action: state.trace.action }), { id: 'pw-action' });
reasonEl.append(reasonText, actionEl);
const body = div('pw-body');
const side = div('pw-side');
const view = new GraphView({
  reveal: (range) => post({ type: 'reveal', ...range }),
  selected: (el) => renderSide(current(), el),
  allOpen: (on) => { full.checked = on; },
});
body.append(view.element, side);
app.append(toolbar, reasonEl, fixbar, messages, body);
const estimators = mountEstimators(app, body);

window.addEventListener('message', (e: MessageEvent) => {
  if (!isToWebview(e.data)) return; // anything else (malformed, foreign) is ignored
  handle(e.data);
});
watchTheme(() => view.redraw());

function handle(m: ToWebview): void {
  switch (m.type) {
    case 'graph-json': {
      const g = graphFromJson(m.json);
      if (g) handle(g); // malformed text is ignored, as a malformed object is
      return;
    }
    case 'graph':
      state.file = m.file;
      state.graph = m.graph;
      state.fixes = m.fixes;
      if (state.after && !m.fixes.some((f) => f.id === state.after)) state.after = null;
      if (!m.fixes.some((f) => f.id === state.selectedFix)) state.selectedFix = m.fixes[0]?.id ?? null;
      saveState({ file: m.file });
      renderChrome();
      show();
      return;
    case 'trace-state':
      state.trace = m.trace;
      renderStatus();
      return;
    case 'highlight-line':
      view.highlightLine(m.line);
      return;
    case 'theme-changed':
      view.redraw();
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

function show(): void {
  const g = current();
  view.show(g, `${state.file}|${state.after ?? ''}`);
  renderSide(g, null);
}

function renderChrome(): void {
  fileEl.textContent = state.file ? state.file.split(/[\\/]/).pop() ?? state.file : 'No file';
  fileEl.title = state.file;
  renderStatus();
  fixbar.replaceChildren();
  fixbar.hidden = state.fixes.length === 0;
  if (state.fixes.length === 0) return;
  const selected = () => state.fixes.find((f) => f.id === state.selectedFix) ?? state.fixes[0];
  // Turning the preview on asks the extension to trace the fixed text (same entry, same seed).
  const toggle = checkbox('Show graph after fix', (on) => { state.after = on ? selected().id : null; if (on) post({ type: 'preview-fix', id: selected().id }); show(); }, 'pw-after');
  toggle.checked = state.after !== null;
  const chooser = state.fixes.length > 1
    ? dropdown(state.fixes.map((f) => [f.id, f.title]), (id) => { state.selectedFix = id; if (state.after) { state.after = id; post({ type: 'preview-fix', id }); show(); } }, 'pw-fix-choice')
    : span('pw-fix-title', selected().title);
  const apply = button('Apply fix', () => post({ type: 'apply-fix', id: selected().id }), { id: 'pw-apply', title: 'Rewrite the code with this fix' });
  fixbar.append(span('', 'Quick fix:'), chooser, toggle, apply);
}

/** The one status: static / tracing / traced (values) / traced without gradient, with the reason and its fix. */
function renderStatus(): void {
  const t = state.trace;
  const of = (entry?: string) => (entry ? ` ${entry}` : '');
  let text: string;
  let reason = '';
  switch (t.state) {
    case 'static':
      text = 'Static graph: no values';
      reason = t.reason;
      break;
    case 'tracing':
      text = `Tracing${of(t.entry)}…`;
      break;
    case 'traced':
      text = t.stale ? `Traced${of(t.entry)}: stale, edited since` : `Traced${of(t.entry)}${t.ms >= 0 ? ` in ${Math.round(t.ms)} ms` : ''}`;
      break;
    case 'no-gradient':
      text = `Traced${of(t.entry)}: no gradient`;
      reason = t.reason;
      break;
  }
  statusEl.textContent = text;
  statusEl.title = reason;
  statusEl.dataset.state = t.state === 'traced' && t.stale ? 'stale' : t.state;
  // The pill stays short; why there are no values, and the button that fixes it, get their own line.
  reasonText.textContent = reason;
  const action = (t.state === 'static' || t.state === 'no-gradient') && inVsCode ? t.action : undefined;
  actionEl.textContent = action ? ACTION_LABELS[action] : '';
  actionEl.hidden = !action;
  reasonEl.hidden = reason === '';
  reasonEl.classList.toggle('pw-error', t.state === 'no-gradient');
  setEnabled(rerun, t.state !== 'tracing');
}

const ACTION_LABELS: Record<NonNullable<Extract<TraceState, { action?: unknown }>['action']>, string> = {
  'pick-entry': 'Pick an entry…',
  rerun: 'Re-run',
  trust: 'Trust the workspace…',
};

/** The side panel: the selected node or group, the before/after comparison, the gradient table, the legend. */
function renderSide(g: TraceGraph | null, selected: HTMLElement | null): void {
  messages.replaceChildren();
  if (!g) {
    side.replaceChildren();
    return;
  }
  if (g.error) {
    const where = g.error.loc ? ` (line ${g.error.loc.line})` : '';
    messages.appendChild(span('pw-message pw-error', `The code ${g.error.reason === 'threw' || !g.error.reason ? 'threw' : `was stopped (${g.error.reason})`}: ${g.error.message}${where}`));
  }
  if (state.after) messages.appendChild(span('pw-message', 'Preview: the graph as it would be after the quick fix (not applied yet).'));
  side.replaceChildren(...(selected ? [selected] : []), gradientTable(g), legend());
  const compare = state.after && state.graph ? beforeAfter(state.graph, g) : null;
  if (compare) side.prepend(compare);
  if (g.earlierCalls) side.appendChild(span('pw-muted', `${g.earlierCalls} earlier gradient-context calls not shown.`));
  // What the tracer says about the run: the gradient check calling the entry again (side effects
  // repeat, and the setting that turns it off), console output cut, which entry was picked.
  for (const note of g.notes ?? []) side.appendChild(span('pw-muted pw-note', note));
}

/** Before/after the fix, number by number (both traced with the same entry and seed): loss and ∂L per parameter. */
function beforeAfter(before: TraceGraph, after: TraceGraph): HTMLElement | null {
  if (before.runtime === 'static' || after.runtime === 'static') return null;
  const wrap = document.createElement('section');
  wrap.className = 'pw-compare';
  const h = document.createElement('h2');
  h.textContent = 'Before → after the fix';
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const t of ['', 'before', 'after']) head.appendChild(document.createElement('th')).textContent = t;
  const body = table.createTBody();
  const row = (name: string, a: unknown, b: unknown) => {
    const r = body.insertRow();
    r.dataset.param = name;
    for (const c of [name, formatValue(a as never), formatValue(b as never)]) r.insertCell().textContent = c;
  };
  row('loss', before.output?.value ?? null, after.output?.value ?? null);
  // Parameters pair up by position when both lists name the same ones (tfjs layers repeat names), else by name.
  const ap = after.params ?? [];
  const byName = new Map(ap.map((p) => [p.name, p]));
  (before.params ?? []).forEach((p, i) => row(`∂L/∂${p.name}`, p.grad, (ap[i]?.name === p.name ? ap[i] : byName.get(p.name))?.grad ?? null));
  wrap.append(h, table);
  return wrap;
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
    [readPalette().dark ? '#b4bac4' : '#5c6470', '2 4', 'discrete step: zero gradient'],
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


const standalone = inlineData();
if (standalone) {
  const g = standalone.graph;
  state.trace = g.runtime === 'static'
    ? { state: 'static', reason: 'static graph (not traced)' }
    : g.error
      ? { state: 'no-gradient', reason: g.error.message, action: 'rerun', entry: g.entry ?? undefined }
      : { state: 'traced', ms: -1, entry: g.entry ?? undefined };
  handle({ type: 'graph', ...standalone });
}
else show();
post({ type: 'ready' });
