/**
 * Pan and zoom of the drawing, and the overview map. The drawing fills the graph pane; a transform on
 * its scene group moves it: wheel or pinch (ctrl+wheel) zooms around the pointer, dragging pans,
 * +/− zoom around the centre, Fit shows everything, 100% shows the finding at natural size. From
 * the keyboard the pane is one tab stop: on it, + and − zoom and the arrow keys pan (with Shift, half
 * a pane); Enter goes into the drawing (the box nearest the middle of the view), where the arrow keys
 * move to the nearest box that way (spatial.ts; Shift+arrows still pan), Enter acts on the box like a
 * click and Escape goes back to the pane. A box that gets keyboard focus off screen is brought into
 * view. The overview map (minimap.ts) follows the view.
 */
import type { Box } from './layout-worker';
import type { Drawn } from './draw';
import { Minimap } from './minimap';
import { ARROWS, nearestBox, nextBox } from './spatial';

const MIN = 0.02;
const MAX = 4;
/** Screen px kept between a revealed box and the pane's edges, and (GAP) the overlays below it. */
const EDGE = 16;
const GAP = 8;
/** Arrow keys pan by these fractions of the pane (Shift: PAN_BIG). */
const PAN_STEP = 0.15;
const PAN_BIG = 0.5;

export class Viewport {
  k = 1;
  x = 0;
  y = 0;
  private drawn: Drawn | null = null;
  /** The overview map and the button that brings it back once closed (both lie over the pane). */
  readonly minimap: Minimap;
  private anim = 0;
  /** Whether the person moved the view (wheel, drag, buttons) since the drawing opened on its finding. */
  touched = false;
  /** True right after a drag, so the click that ends it does not select a node. */
  dragged = false;

  /** `overlays`: what else lies over the pane (the zoom buttons), kept clear of when a box is revealed. */
  constructor(private readonly pane: HTMLElement, private readonly onZoom: (k: number) => void, private readonly overlays: () => HTMLElement[] = () => []) {
    this.minimap = new Minimap((gx, gy) => {
      const { w, h } = this.size();
      this.set(this.k, w / 2 - gx * this.k, h / 2 - gy * this.k);
    });
    this.listen();
  }

  attach(d: Drawn): void {
    this.drawn = d;
    this.minimap.build(d);
    this.apply();
  }

  /** Sets the transform (k = scale, x/y = screen offset of the drawing's origin). */
  set(k: number, x: number, y: number): void {
    cancelAnimationFrame(this.anim);
    this.k = clamp(k, MIN, MAX);
    this.x = x;
    this.y = y;
    this.apply();
  }

  zoomAt(factor: number, cx: number, cy: number): void {
    const k = clamp(this.k * factor, MIN, MAX);
    const f = k / this.k;
    this.set(k, cx - (cx - this.x) * f, cy - (cy - this.y) * f);
  }

  /** Smooth zoom around the pane's centre (buttons). */
  zoomBy(factor: number): void {
    this.touched = true;
    const { w, h } = this.size();
    const k = clamp(this.k * factor, MIN, MAX);
    const f = k / this.k;
    this.animate(k, w / 2 - (w / 2 - this.x) * f, h / 2 - (h / 2 - this.y) * f);
  }

  /** The whole drawing in the pane (never enlarged beyond 100 %). */
  fit(): void {
    if (!this.drawn) return;
    const b = this.drawn.bounds;
    const { w, h } = this.size();
    const k = clamp(Math.min(1, (w - 24) / Math.max(1, b.w), (h - 24) / Math.max(1, b.h)), MIN, 1);
    this.set(k, (w - b.w * k) / 2 - b.x * k, (h - b.h * k) / 2 - b.y * k);
  }

  /** `box` (drawing coordinates) centred at scale `k`; a box larger than the pane shows its top. */
  focus(box: Box, k = 1): void {
    const { w, h } = this.size();
    const x = (w - box.w * k) / 2 - box.x * k;
    const y = box.h * k > h - 24 ? 16 - box.y * k : (h - box.h * k) / 2 - box.y * k;
    this.set(k, box.w * k > w - 24 ? 16 - box.x * k : x, y);
  }

  /** The pane's centre in drawing coordinates (what the person looks at). */
  centre(): { x: number; y: number } {
    const { w, h } = this.size();
    return { x: (w / 2 - this.x) / this.k, y: (h / 2 - this.y) / this.k };
  }

  /** Whether a drawing-space box is fully inside the pane. */
  visible(box: Box): boolean {
    const { w, h } = this.size();
    const x = box.x * this.k + this.x;
    const y = box.y * this.k + this.y;
    return x >= 0 && y >= 0 && x + box.w * this.k <= w && y + box.h * this.k <= h;
  }

  /** Screen position (pane coordinates) of a drawing-space box's top-left corner. */
  toScreen(box: Box): { x: number; y: number } {
    return { x: box.x * this.k + this.x, y: box.y * this.k + this.y };
  }

  /**
   * Keeps what the person acted on in place: `box`'s top-left corner goes to screen point `at` (same
   * scale) when `at` is on the pane, else to the pane's top-left corner (the group opened from the
   * detail panel or the keyboard comes into view).
   */
  pin(box: Box, at: { x: number; y: number } | null): void {
    const { w, h } = this.size();
    const p = at && at.x >= -box.w * this.k && at.x < w - 24 && at.y >= 0 && at.y < h - 24 ? at : { x: 16, y: 16 };
    this.touched = true;
    this.set(this.k, p.x - box.x * this.k, p.y - box.y * this.k);
  }

  /**
   * Brings a drawing-space box into view with the least movement, clear of the pane's edges and of
   * what lies over the pane (the zoom buttons, the map) below it; a box larger than the pane shows
   * its top-left corner.
   */
  reveal(box: Box): void {
    const { w, h } = this.size();
    const x = box.x * this.k + this.x;
    const y = box.y * this.k + this.y;
    const bw = box.w * this.k;
    const bh = box.h * this.k;
    const dx = x < EDGE || bw > w - 2 * EDGE ? EDGE - x : Math.min(0, w - EDGE - (x + bw));
    // The lowest the box may reach: above every overlay in its columns (once moved sideways).
    let bottom = h - EDGE;
    const pane = this.pane.getBoundingClientRect();
    for (const o of [...this.overlays(), this.minimap.element, this.minimap.reopen]) {
      if (o.hidden || getComputedStyle(o).visibility === 'hidden') continue;
      const r = o.getBoundingClientRect();
      if (r.width && x + dx + bw > r.left - pane.left && x + dx < r.right - pane.left) bottom = Math.min(bottom, r.top - pane.top - GAP);
    }
    const dy = y < EDGE || bh > bottom - EDGE ? EDGE - y : Math.min(0, bottom - (y + bh));
    if (!dx && !dy) return;
    this.touched = true;
    this.set(this.k, this.x + dx, this.y + dy);
  }

  /** The drawn boxes (nodes and closed groups) with their places, but `except`. */
  private *boxes(except?: string): Generator<readonly [string, Box]> {
    const d = this.drawn;
    if (!d) return;
    for (const it of d.view.items) {
      if ((it.type === 'group' && it.open) || it.id === except || !d.elements.has(it.id)) continue;
      const b = d.positions.get(it.id);
      if (b) yield [it.id, b];
    }
  }

  /** Moves keyboard focus to the drawn box `id` (nothing when null). */
  private focusBox(id: string | null): void {
    if (id) this.drawn?.elements.get(id)?.focus();
  }

  /** Pans by fractions of the pane's size (the arrow keys): positive `fx` shows more of the right. */
  panBy(fx: number, fy: number): void {
    const { w, h } = this.size();
    this.touched = true;
    this.set(this.k, this.x - fx * w, this.y - fy * h);
  }

  /** Whether a drawing-space box shows at least partly in the pane, or within `margin` screen px of it. */
  overlaps(box: Box, margin = 0): boolean {
    const { w, h } = this.size();
    const x = box.x * this.k + this.x;
    const y = box.y * this.k + this.y;
    return x + box.w * this.k >= -margin && y + box.h * this.k >= -margin && x <= w + margin && y <= h + margin;
  }

  private size(): { w: number; h: number } {
    return { w: this.pane.clientWidth || 1, h: this.pane.clientHeight || 1 };
  }

  private apply(): void {
    if (!this.drawn) return;
    this.drawn.scene.setAttribute('transform', `translate(${this.x.toFixed(2)},${this.y.toFixed(2)}) scale(${this.k.toFixed(4)})`);
    this.drawn.svg.dataset.scale = this.k.toFixed(3);
    const { w, h } = this.size();
    this.minimap.update(-this.x / this.k, -this.y / this.k, w / this.k, h / this.k, this.visible(this.drawn.bounds));
    this.onZoom(this.k);
  }

  private animate(k: number, x: number, y: number): void {
    cancelAnimationFrame(this.anim);
    const from = { k: this.k, x: this.x, y: this.y };
    const t0 = performance.now();
    const step = () => {
      const t = Math.min(1, (performance.now() - t0) / 160);
      const e = t * (2 - t);
      this.k = from.k + (k - from.k) * e;
      this.x = from.x + (x - from.x) * e;
      this.y = from.y + (y - from.y) * e;
      this.apply();
      if (t < 1) this.anim = requestAnimationFrame(step);
    };
    this.anim = requestAnimationFrame(step);
  }

  private listen(): void {
    const pane = this.pane;
    pane.addEventListener('keydown', (e) => {
      if (!this.drawn || e.altKey || e.ctrlKey || e.metaKey) return;
      const dir = ARROWS[e.key];
      const onBox = e.target !== pane ? (e.target as Element).closest('[data-id]')?.getAttribute('data-id') : null;
      if (dir && onBox && !e.shiftKey) {
        e.preventDefault();
        const from = this.drawn.positions.get(onBox);
        this.focusBox(from ? nextBox(from, dir, this.boxes(onBox)) : null);
      } else if (dir) {
        e.preventDefault();
        const f = e.shiftKey ? PAN_BIG : PAN_STEP;
        this.panBy(dir[0] * f, dir[1] * f);
      } else if (e.key === 'Enter' && !onBox) {
        const c = this.centre();
        this.focusBox(nearestBox(c.x, c.y, this.boxes()));
      } else if (e.key === 'Escape' && onBox) pane.focus();
      else if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
      else if (e.key === '-') this.zoomBy(1 / 1.25);
    });
    // Keyboard focus on a box off screen brings it into view. Not a click's focus: the view would
    // jump under the pointer as a drag starts.
    pane.addEventListener('focusin', (e) => {
      const target = e.target as Element;
      const id = target.matches(':focus-visible') ? target.closest('[data-id]')?.getAttribute('data-id') : null;
      const box = id ? this.drawn?.positions.get(id) : undefined;
      if (box) this.reveal(box);
    });
    pane.addEventListener('wheel', (e) => {
      if (!this.drawn) return;
      e.preventDefault();
      const r = pane.getBoundingClientRect();
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      // ctrl+wheel is what a trackpad pinch sends: zoom faster for the same gesture.
      this.touched = true;
      const f = Math.exp(-e.deltaY * unit * (e.ctrlKey ? 0.01 : 0.0018));
      this.zoomAt(f, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    let start: { x: number; y: number; ox: number; oy: number } | null = null;
    pane.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !this.drawn || (e.target as Element).closest('.pw-minimap, .pw-zoombar')) return;
      start = { x: e.clientX, y: e.clientY, ox: this.x, oy: this.y };
      this.dragged = false;
    });
    window.addEventListener('pointermove', (e) => {
      if (!start) return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      if (!this.dragged && Math.hypot(dx, dy) < 4) return;
      if (!this.dragged) pane.setPointerCapture?.(e.pointerId);
      this.dragged = true;
      this.touched = true;
      pane.classList.add('pw-panning');
      this.set(this.k, start.ox + dx, start.oy + dy);
    });
    window.addEventListener('pointerup', () => {
      start = null;
      pane.classList.remove('pw-panning');
    });
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Number.isFinite(x) ? x : 1));
}
