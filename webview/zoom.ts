/**
 * The first view of a drawing: scaled to the panel's width ("fit", the default) or at its natural
 * size ("100%"), and, when it is still larger than the panel, scrolled so the severed edges (the point
 * of the panel) are in view rather than whatever corner mermaid drew first.
 */
import type { Drawn } from './render';

/** `fit`: the width of the panel (never enlarged); `actual`: mermaid's natural size (100 %). */
export type Zoom = 'fit' | 'actual';

/** Scales the SVG for `zoom`; returns the scale applied (1 = natural size). */
export function applyZoom(svg: SVGSVGElement, container: HTMLElement, zoom: Zoom): number {
  const box = svg.viewBox.baseVal;
  if (!box || !box.width || !box.height) return 1;
  const cs = getComputedStyle(container);
  const width = container.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  const fit = Math.min(1, width / box.width);
  const s = zoom === 'actual' || !Number.isFinite(fit) || fit <= 0 ? 1 : fit;
  svg.setAttribute('width', String(Math.floor(box.width * s)));
  svg.setAttribute('height', String(Math.floor(box.height * s)));
  svg.style.maxWidth = 'none';
  svg.dataset.scale = s.toFixed(3);
  return s;
}

/**
 * Scrolls the panel so the severed edges, their `?` labels and the nodes at both ends are centred,
 * when the drawing does not fit. Returns false when there is nothing severed to show.
 */
export function revealSevered(d: Drawn, container: HTMLElement): boolean {
  const severed = d.view.edges.filter((e) => e.kind === 'severed');
  if (severed.length === 0) return false;
  const parts: Element[] = [...d.svg.querySelectorAll('g.edgeLabel.pw-q')];
  for (const e of severed) {
    for (const id of [e.from, e.to]) {
      const el = d.elements.get(id);
      if (el) parts.push(el);
    }
  }
  const rects = parts.map((p) => p.getBoundingClientRect()).filter((r) => r.width > 0 || r.height > 0);
  if (rects.length === 0) return false;
  const box = container.getBoundingClientRect();
  const left = Math.min(...rects.map((r) => r.left)) - box.left + container.scrollLeft;
  const top = Math.min(...rects.map((r) => r.top)) - box.top + container.scrollTop;
  const right = Math.max(...rects.map((r) => r.right)) - box.left + container.scrollLeft;
  const bottom = Math.max(...rects.map((r) => r.bottom)) - box.top + container.scrollTop;
  // A stand-in element over the region lets the browser scroll every scrolling ancestor (the graph
  // pane, or the whole body in the narrow one-column layout) in one call.
  const anchor = document.createElement('div');
  anchor.className = 'pw-anchor';
  Object.assign(anchor.style, { left: `${left}px`, top: `${top}px`, width: `${Math.max(1, right - left)}px`, height: `${Math.max(1, bottom - top)}px` });
  container.appendChild(anchor);
  anchor.scrollIntoView({ block: bottom - top > container.clientHeight ? 'start' : 'center', inline: 'center', behavior: 'instant' });
  anchor.remove();
  return true;
}

/** Scrolls `el` to the centre of the view only when it is not already fully visible (like the editor's reveal). */
export function revealIfHidden(el: Element): void {
  const r = el.getBoundingClientRect();
  let p: HTMLElement | null = el.parentElement;
  while (p) {
    const style = getComputedStyle(p);
    if (/(auto|scroll)/.test(style.overflowY + style.overflowX)) {
      const b = p.getBoundingClientRect();
      if (r.top < b.top || r.bottom > b.bottom || r.left < b.left || r.right > b.right) {
        el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
        return;
      }
    }
    p = p.parentElement;
  }
}
