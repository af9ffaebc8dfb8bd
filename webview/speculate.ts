/**
 * Speculative layout while the panel is idle. Opening a group costs mostly ELK laying out its new
 * interior in the worker (hundreds of ms for a layer of a few hundred nodes), and nothing can skip
 * that the first time. But the groups a person is likely to open next are known: the closed boxes on
 * screen around the finding. Once the panel has been idle for a moment after a drawing, the spare
 * worker lays out what each of them would look like opened (one level, then everything inside), so
 * the caches already hold those interiors when the person clicks. Any user action (pointer, wheel,
 * key, a new drawing) cancels it between two ELK calls; it starts again after the next idle moment.
 */
import type { Hierarchy } from '../src/core/graph/hierarchy';
import { REFUSE_ABOVE, allKeys, openView, type OpenView } from '../src/core/graph/open-view';
import type { Box } from './layout-groups';
import { yieldTask } from './measure';

/** Quiet time after a drawing or a user action before speculation starts (ms). */
export const IDLE_MS = 400;
/** Speculated views per idle period at most (each fills the caches with a few interiors). */
export const MAX_VIEWS = 24;
/** Hypothetical views larger than this are not speculated (an expansion that large asks first anyway). */
const MAX_BOXES = Math.min(REFUSE_ABOVE, 3000);

/** What speculation needs from the graph pane. */
export interface SpeculationHost {
  /** Box sizes of the closed items of `v` (measured in slices, shared with drawing); null when cancelled. */
  measure(v: OpenView, cancelled: () => boolean): Promise<Map<string, { w: number; h: number }> | null>;
  /** Lays `v` out into the caches; false when cancelled. */
  layout(v: OpenView, size: (id: string) => { w: number; h: number }, cancelled: () => boolean): Promise<boolean>;
  /**
   * Progress, for the pane's data attributes (tests and the benchmark read them); `at` is the id of
   * the group whose expansion is being laid out (given once its ELK calls are about to start).
   */
  report(state: 'running' | 'cancelled' | 'done', views: number, at?: string): void;
}

/** The report of speculation as the pane's data attributes (`data-spec`, `data-spec-views`, `data-spec-at`, `data-spec-cancelled`). */
export function reportOn(pane: HTMLElement): SpeculationHost['report'] {
  return (state, views, at) => {
    pane.dataset.spec = state;
    pane.dataset.specViews = String(views);
    if (at !== undefined) pane.dataset.specAt = at;
    if (state === 'cancelled') pane.dataset.specCancelled = String(Number(pane.dataset.specCancelled ?? 0) + 1);
  };
}

/** What is on screen when the panel goes idle. */
export interface IdleScene {
  hierarchy: Hierarchy;
  open: ReadonlySet<string>;
  view: OpenView;
  positions: ReadonlyMap<string, Box>;
  /** Centre of what the person looks at (drawing coordinates): the finding, right after opening. */
  centre: { x: number; y: number };
}

/**
 * The open-group sets worth laying out ahead, most likely first: every closed group of the view by
 * distance of its box from `centre` (larger groups first at equal distance, they cost most to open),
 * each opened one level (a click) and then with everything inside it (a double-click).
 */
export function likelyExpansions(scene: IdleScene): Set<string>[] {
  const closed = scene.view.items.filter((it) => it.type === 'group' && !it.open);
  const dist = (id: string) => {
    const b = scene.positions.get(id);
    return b ? Math.hypot(b.x + b.w / 2 - scene.centre.x, b.y + b.h / 2 - scene.centre.y) : Infinity;
  };
  const ranked = closed
    .map((it) => ({ it, d: dist(it.id), size: it.type === 'group' ? it.group.size : 0 }))
    .sort((a, b) => a.d - b.d || b.size - a.size);
  const out: Set<string>[] = [];
  for (const { it } of ranked) {
    if (it.type !== 'group') continue;
    const click = new Set(scene.open);
    for (let g: typeof it.group | null = it.group; g && g.parent; g = g.parent) click.add(g.key);
    out.push(click);
    if (it.group.groups.length) out.push(new Set([...scene.open, ...allKeys(it.group)]));
  }
  return out;
}

/** Runs speculation for the latest idle scene; one at a time, restarted after each interruption. */
export class Speculator {
  private token = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scene: IdleScene | null = null;
  private running = false;
  /** Sets already laid out for the current scene (a restart after a pan skips them). */
  private done = new Set<string>();

  constructor(private readonly host: SpeculationHost) {}

  /** A new drawing is on screen: speculate for it once the panel has been idle for IDLE_MS. */
  idle(scene: IdleScene): void {
    if (scene !== this.scene) this.done = new Set();
    this.scene = scene;
    this.arm();
  }

  /** A user action or a new drawing: stop now (between two ELK calls) and forget the scene. */
  stop(): void {
    this.interrupt();
    this.scene = null;
  }

  /** A user action that keeps the drawing (pan, zoom, a key): stop now, start again after IDLE_MS. */
  poke(): void {
    this.interrupt();
    if (this.scene) this.arm();
  }

  private interrupt(): void {
    clearTimeout(this.timer);
    this.token++;
    if (this.running) {
      this.running = false;
      this.host.report('cancelled', this.done.size);
    }
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), IDLE_MS);
  }

  private async run(): Promise<void> {
    const scene = this.scene;
    if (!scene) return;
    const mine = ++this.token;
    const cancelled = () => mine !== this.token;
    this.running = true;
    this.host.report('running', this.done.size);
    for (const open of likelyExpansions(scene)) {
      if (this.done.size >= MAX_VIEWS) break;
      const key = [...open].sort().join('\n');
      if (this.done.has(key)) continue;
      // Each view is a few ms of main-thread work on a large graph: let input in between views.
      await yieldTask();
      if (cancelled()) return;
      const v = openView(scene.hierarchy, open);
      if (v.boxes <= MAX_BOXES) {
        const sizes = await this.host.measure(v, cancelled);
        if (!sizes || cancelled()) return;
        const opened = [...open].find((k) => !scene.open.has(k));
        this.host.report('running', this.done.size, (opened && scene.hierarchy.groups.get(opened)?.id) ?? '');
        // A failed layout (not a cancelled one) is skipped: the real expansion will report it.
        await this.host.layout(v, (id) => sizes.get(id) ?? { w: 80, h: 28 }, cancelled);
        if (cancelled()) return;
      }
      this.done.add(key);
      this.host.report('running', this.done.size);
    }
    if (cancelled()) return;
    this.running = false;
    this.host.report('done', this.done.size);
  }
}
