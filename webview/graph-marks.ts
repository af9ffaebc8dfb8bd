/**
 * The marks on a drawing that follow the person rather than the graph: the boxes of the editor's
 * cursor line, search matches (the rest dimmed), the selected box; and which item a click hit.
 */
import type { HNode } from '../src/core/graph/hierarchy';
import type { OpenItem } from '../src/core/graph/open-view';
import type { Drawn } from './draw';

/** What is marked. */
export interface MarkState {
  /** The editor's cursor line (1-based), or null. */
  line: number | null;
  /** The search text, trimmed and lower-cased ('' when not searching). */
  query: string;
  selectedId: string | null;
}

/** Sets the mark classes of every drawn box of `d` for `s`, and the pane's searching state. */
export function applyMarks(d: Drawn, pane: HTMLElement, s: MarkState): void {
  const q = s.query;
  for (const it of d.view.items) {
    const el = d.elements.get(it.id);
    if (!el) continue;
    if (it.type === 'node') {
      const n = it.node;
      const onLine = s.line !== null && n.loc !== null && n.loc.line <= s.line && s.line <= (n.loc.endLine ?? n.loc.line);
      el.classList.toggle('pw-hl', onLine);
      el.classList.toggle('pw-match', q !== '' && `${n.label} ${n.op} ${n.detail ?? ''}`.toLowerCase().includes(q));
    } else if (!it.open) el.classList.toggle('pw-match', q !== '' && it.group.name.toLowerCase().includes(q));
    el.classList.toggle('pw-selected', it.id === s.selectedId);
  }
  pane.classList.toggle('pw-searching', q !== '');
}

/** The drawn item (node, closed group, open group's frame) an event target belongs to. */
export function itemAt(d: Drawn | null, target: Element): OpenItem | undefined {
  const g = target.closest('[data-id]') as SVGGElement | null;
  const id = g?.dataset.id;
  return id ? d?.view.items.find((x) => x.id === id) : undefined;
}

/** The first drawn box carrying `cls` (a mark), with its position. */
export function firstMarked(d: Drawn | null, cls: string): { x: number; y: number; w: number; h: number } | undefined {
  const first = d && [...d.elements.values()].find((e) => e.classList.contains(cls));
  return first ? d!.positions.get(first.dataset.id ?? '') : undefined;
}

export interface SourceRange { line: number; column: number; endLine: number; endColumn: number }

/** Source range of a node (1-based), or null when it has none. */
export function rangeOf(n: HNode): SourceRange | null {
  if (!n.loc || typeof n.loc.line !== 'number') return null;
  const { line, column } = n.loc;
  return { line, column, endLine: n.loc.endLine ?? line, endColumn: n.loc.endColumn ?? column };
}
