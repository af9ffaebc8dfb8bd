/**
 * Pan and zoom of the drawing, and the overview map. The drawing fills the graph pane; a transform on
 * its scene group moves it: wheel or pinch (ctrl+wheel) zooms around the pointer, dragging pans,
 * +/− zoom around the centre, Fit shows everything, 100% shows the finding at natural size. The
 * overview map (minimap.ts) follows the view.
 */
import type { Box } from './layout-worker';
import type { Drawn } from './draw';
import { Minimap } from './minimap';

const MIN = 0.02;
const MAX = 4;

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

  constructor(private readonly pane: HTMLElement, private readonly onZoom: (k: number) => void) {
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
    const b = this.drawn.bounds;
    const all = b.x * this.k + this.x >= 0 && b.y * this.k + this.y >= 0 && (b.x + b.w) * this.k + this.x <= w && (b.y + b.h) * this.k + this.y <= h;
    this.minimap.update(-this.x / this.k, -this.y / this.k, w / this.k, h / this.k, all);
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
