/**
 * The gradient table beside the graph: each parameter with its value, the reverse-mode gradient, the
 * finite-difference check, and a marker where the two disagree (numeric evidence of a severed path).
 */
import { formatNumber, formatValue } from '../src/core/graph/mermaid';
import type { TraceGraph } from '../src/core/graph/model';
import { displayText } from '../src/core/graph/text';

/** Relative disagreement above which reverse mode and finite differences are flagged. */
export const DISAGREE_TOLERANCE = 1e-4;

/** True when the reverse-mode gradient does not match the finite difference. */
export function disagrees(reverse: number | null, finiteDiff: number): boolean {
  if (reverse === null) return Math.abs(finiteDiff) > 1e-9;
  const scale = Math.max(1, Math.abs(reverse), Math.abs(finiteDiff));
  return Math.abs(reverse - finiteDiff) > DISAGREE_TOLERANCE * scale;
}

/**
 * A cell's text. A tensor is its shape over its mean (`[4×8]` / `μ 0.0271`, two lines): on one line the
 * mean was what a 500-px panel clipped away.
 */
function cellText(v: Parameters<typeof formatValue>[0]): string {
  if (v !== null && typeof v === 'object' && Array.isArray(v.shape) && v.shape.reduce((a, b) => a * b, 1) !== 1) {
    const dtype = v.dtype && v.dtype !== 'float32' ? ` ${v.dtype}` : '';
    return `[${v.shape.join('×')}]${dtype}\nμ ${formatNumber(v.mean)}`;
  }
  return formatValue(v);
}

/** Builds the table element (text only: every cell is set with textContent). */
export function gradientTable(graph: TraceGraph): HTMLElement {
  const wrap = document.createElement('section');
  wrap.className = 'pw-table';
  const h = document.createElement('h2');
  h.textContent = 'Gradients';
  wrap.appendChild(h);
  const params = graph.params ?? [];
  if (params.length === 0 || graph.runtime === 'static') {
    const p = document.createElement('p');
    p.className = 'pw-muted';
    p.textContent = graph.runtime === 'static' ? 'No values (see the status line).' : 'No parameters.';
    wrap.appendChild(p);
    return wrap;
  }
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const t of ['param', 'value', '∂L reverse', 'finite diff', '']) {
    const th = document.createElement('th');
    th.textContent = t;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const p of params) {
    const check = (graph.gradcheck ?? []).find((c) => c.param === p.name);
    const row = body.insertRow();
    row.dataset.param = p.name;
    // Names are clipped (and bidi controls neutralised): a 5,000-character name must not push the values off-screen.
    // A scope path breaks after its slashes (`dense_Dense1/` · `kernel`), not inside a word.
    const cells = [displayText(p.name, 40).replace(/\//g, '/\u200b'), cellText(p.value), cellText(p.grad), check ? cellText(check.finiteDiff) : '—'];
    for (const c of cells) {
      const td = row.insertCell();
      td.textContent = c;
      td.title = c.replace('\n', ' ').replace(/\u200b/g, ''); // a clipped value can still be read in full
    }
    row.cells[0].title = displayText(p.name, 400);
    const mark = row.insertCell();
    if (check) {
      const bad = disagrees(check.reverse, check.finiteDiff);
      mark.textContent = bad ? '✗ differ' : '✓';
      mark.className = bad ? 'pw-bad' : 'pw-ok';
      mark.title = bad
        ? 'Reverse mode and finite differences disagree: a gradient path is probably severed.'
        : 'Reverse mode matches finite differences.';
      if (bad) row.classList.add('pw-row-bad');
    }
  }
  wrap.appendChild(table);
  return wrap;
}
