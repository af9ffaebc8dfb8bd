/**
 * The overview map in the pane's bottom-right corner: every box of the drawing (two paths, not an
 * element per box) and the visible region; clicking or dragging it moves the view there. It lies over
 * the drawing, so it steps aside (invisible, keeping its place, which the first view's framing avoids)
 * while the whole drawing is on screen, and the person can close it (×) and bring it back (the small
 * Map button left in its corner); that choice is kept with the panel's state.
 */
import type { Drawn } from './draw';
import { preference, savePreference } from './host';
import { button } from './ui';

const NS = 'http://www.w3.org/2000/svg';

export class Minimap {
  /** The map itself (absolutely placed over the pane). */
  readonly element: HTMLElement;
  /** The Map button shown in the map's corner while the person has closed the map. */
  readonly reopen: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly view: SVGRectElement;
  /** Whether the person wants the map (closed with ×, opened with Map). */
  private on = preference('overview') ?? true;
  /** The drawing is too small to need an overview. */
  private small = true;

  /** `moveTo`: centre the view on a drawing-space point (a click or drag on the map). */
  constructor(moveTo: (x: number, y: number) => void) {
    this.element = document.createElement('div');
    this.element.className = 'pw-minimap';
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', 'Overview');
    this.svg = document.createElementNS(NS, 'svg') as SVGSVGElement;
    this.view = document.createElementNS(NS, 'rect') as SVGRectElement;
    this.view.setAttribute('class', 'pw-mini-view');
    const close = button('×', () => this.setOn(false), { icon: true, title: 'Hide the overview map', id: 'pw-overview-hide' });
    close.classList.add('pw-mini-close');
    this.element.append(this.svg, close);
    this.reopen = button('Map', () => this.setOn(true), { secondary: true, title: 'Show the overview map', id: 'pw-overview-show' });
    this.reopen.classList.add('pw-map-show');
    this.show();

    const point = (e: PointerEvent) => {
      const r = this.svg.getBoundingClientRect();
      const vb = this.svg.viewBox.baseVal;
      const s = Math.min(r.width / vb.width, r.height / vb.height);
      const ox = r.left + (r.width - vb.width * s) / 2;
      const oy = r.top + (r.height - vb.height * s) / 2;
      moveTo(vb.x + (e.clientX - ox) / s, vb.y + (e.clientY - oy) / s);
    };
    let dragging = false;
    this.svg.addEventListener('pointerdown', (e) => { dragging = true; point(e); e.stopPropagation(); });
    window.addEventListener('pointermove', (e) => { if (dragging) point(e); });
    window.addEventListener('pointerup', () => { dragging = false; });
  }

  /** Draws `d`'s boxes into the map (frames behind, boxes in front). */
  build(d: Drawn): void {
    const b = d.bounds;
    const m = 10;
    this.svg.setAttribute('viewBox', `${b.x - m} ${b.y - m} ${b.w + 2 * m} ${b.h + 2 * m}`);
    this.svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    // Two paths, not an element per box: a view of thousands of boxes would otherwise add thousands
    // of elements to style in the drawing's first frame.
    let frames = '';
    let boxes = '';
    for (const it of d.view.items) {
      const p = d.positions.get(it.id);
      if (!p) continue;
      const r = `M${p.x},${p.y}h${p.w}v${p.h}h${-p.w}z`;
      if (it.type === 'group' && it.open) frames += r;
      else boxes += r;
    }
    this.svg.replaceChildren(path('pw-mini-frame', frames), path('pw-mini-box', boxes), this.view);
    // Small graphs need no overview.
    this.small = d.view.items.length < 12;
    this.show();
  }

  /** The visible region (drawing coordinates); `all`: the whole drawing is on screen. */
  update(x: number, y: number, w: number, h: number, all: boolean): void {
    this.view.setAttribute('x', String(x));
    this.view.setAttribute('y', String(y));
    this.view.setAttribute('width', String(w));
    this.view.setAttribute('height', String(h));
    // Nothing to find with the map while everything is on screen (Fit): it would only cover a corner.
    this.element.classList.toggle('pw-all-shown', all);
  }

  private setOn(on: boolean): void {
    this.on = on;
    savePreference('overview', on);
    this.show();
    (on ? this.element.querySelector<HTMLElement>('.pw-mini-close') : this.reopen)?.focus();
  }

  private show(): void {
    this.element.hidden = this.small || !this.on;
    this.reopen.hidden = this.small || this.on;
  }
}

function path(cls: string, d: string): SVGPathElement {
  const e = document.createElementNS(NS, 'path') as SVGPathElement;
  e.setAttribute('d', d);
  e.setAttribute('class', cls);
  return e;
}
