/**
 * The side panel's "Selected" section: everything about the clicked node (full name and source
 * expression, op, group path, value and gradient with shape, mean, min, max, norm and first values,
 * loop count, a link to the source) or group (kind, name, size, open/expand buttons). Text only.
 */
import { formatNumber } from '../src/core/graph/mermaid';
import { displayText, formatCount } from '../src/core/graph/text';
import type { NodeValue } from '../src/core/graph/model';
import type { HGroup, HNode } from '../src/core/graph/hierarchy';
import { isTensor, valueText } from './labels';

/** Longest text shown in the detail panel (full names up to this; the rest is cut with …). */
const DETAIL_MAX = 400;

export interface DetailActions {
  reveal(n: HNode): void;
  toggle(g: HGroup): void;
  expandAll(g: HGroup): void;
}

export function nodeDetail(n: HNode, showValues: boolean, act: DetailActions): HTMLElement {
  const wrap = section('Selected node');
  wrap.id = 'pw-detail';
  const dl = document.createElement('dl');
  row(dl, 'name', displayText(n.label, DETAIL_MAX));
  if (n.detail && n.detail !== n.label) row(dl, 'source', displayText(n.detail, DETAIL_MAX));
  row(dl, 'kind', n.kind === 'op' ? `op · ${displayText(n.op, 80)}` : `${n.kind}${n.op && n.op !== n.kind ? ` · ${displayText(n.op, 80)}` : ''}`);
  const path = groupPath(n.parent);
  if (path) row(dl, 'in', path);
  if (n.repeat > 1) row(dl, 'loop', `${n.repeat} iterations folded (values of the last)`);
  if (n.shape?.length) row(dl, 'shape', `[${n.shape.join('×')}]`);
  if (showValues) {
    valueRows(dl, 'value', n.value);
    valueRows(dl, '∂L/∂node', n.grad);
  }
  wrap.appendChild(dl);
  if (n.loc) {
    const a = document.createElement('a');
    a.href = '#';
    a.className = 'pw-source-link';
    const file = n.loc.file ? `${displayText(String(n.loc.file).split(/[\\/]/).pop(), 60)}:` : 'line ';
    a.textContent = `Go to ${file}${n.loc.line}:${n.loc.column}`;
    a.addEventListener('click', (e) => { e.preventDefault(); act.reveal(n); });
    wrap.appendChild(a);
  } else wrap.appendChild(muted('No source location recorded for this node.'));
  return wrap;
}

export function groupDetail(g: HGroup, open: boolean, act: DetailActions): HTMLElement {
  const wrap = section('Selected group');
  wrap.id = 'pw-detail';
  const dl = document.createElement('dl');
  row(dl, g.kind === 'chunk' ? 'ops' : g.kind, displayText(g.name, DETAIL_MAX));
  const path = groupPath(g.parent);
  if (path) row(dl, 'in', path);
  row(dl, 'size', `${formatCount(g.size)} nodes`);
  wrap.appendChild(dl);
  const bar = document.createElement('div');
  bar.className = 'pw-detail-actions';
  bar.append(link(open ? 'Close group' : 'Open group', () => act.toggle(g)), link('Open everything inside', () => act.expandAll(g)));
  wrap.appendChild(bar);
  return wrap;
}

function valueRows(dl: HTMLElement, name: string, v: NodeValue): void {
  if (v === null || v === undefined) {
    row(dl, name, name === 'value' ? '—' : 'none (no gradient path to the loss)');
    return;
  }
  if (!isTensor(v)) {
    row(dl, name, valueText(v));
    return;
  }
  const stats = [`mean ${formatNumber(v.mean)}`, `min ${formatNumber(v.min)}`, `max ${formatNumber(v.max)}`];
  if (typeof v.norm === 'number') stats.push(`norm ${formatNumber(v.norm)}`);
  row(dl, name, `${v.dtype ?? ''} [${v.shape.join('×')}] ${stats.join(' · ')}`);
  if (Array.isArray(v.first) && v.first.length) row(dl, '', `first: ${v.first.slice(0, 8).map(formatNumber).join(', ')}${v.first.length > 8 ? ', …' : ''}`);
}

/** `model sequential_1 › layer dense_Dense1` (chunks left out). */
function groupPath(g: HGroup | null): string {
  const parts: string[] = [];
  for (let x = g; x && x.parent; x = x.parent) if (x.kind !== 'chunk') parts.unshift(`${x.kind} ${displayText(x.name, 40)}`);
  return parts.join(' › ');
}

function section(title: string): HTMLElement {
  const s = document.createElement('section');
  s.className = 'pw-detail';
  const h = document.createElement('h2');
  h.textContent = title;
  s.appendChild(h);
  return s;
}

function row(dl: HTMLElement, k: string, v: string): void {
  const dt = document.createElement('dt');
  dt.textContent = k;
  const dd = document.createElement('dd');
  dd.textContent = v;
  dl.append(dt, dd);
}

function link(text: string, onClick: () => void): HTMLElement {
  const a = document.createElement('a');
  a.href = '#';
  a.textContent = text;
  a.addEventListener('click', (e) => { e.preventDefault(); onClick(); });
  return a;
}

function muted(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'pw-muted';
  p.textContent = text;
  return p;
}
