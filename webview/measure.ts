/**
 * Box sizes of drawn items (nodes and closed groups), measured from their label lines with the
 * panel's font. Measuring thousands of labels is a long task, so it runs in slices that let input in;
 * the sizes are kept per node (for one value display and font), so a redraw, an expansion and the
 * speculative layouts of likely expansions measure each label once, and all give ELK the same sizes
 * (the layout caches are keyed by them).
 */
import type { HGroup, HNode } from '../src/core/graph/hierarchy';
import type { OpenView } from '../src/core/graph/open-view';
import { boxSize, groupLines, nodeLines } from './labels';

/** Longest stretch of main-thread work before the panel lets input in (ms). */
export const SLICE_MS = 16;

/** Lets the browser handle pending input, then continues. */
export function yieldTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Measured sizes by node/group object; a change of value display or font measures again. */
export class BoxSizes {
  private readonly sizes = new WeakMap<HNode | HGroup, { style: string; size: { w: number; h: number } }>();

  /**
   * Sizes of the closed items of `v` by item id, with values shown or not, at `font`. Resolves null
   * when `current()` turned false meanwhile (a newer drawing or a user action).
   */
  async measure(v: OpenView, values: boolean, font: string, current: () => boolean): Promise<Map<string, { w: number; h: number }> | null> {
    const sizes = new Map<string, { w: number; h: number }>();
    let since = performance.now();
    const style = `${values}|${font}`;
    for (const it of v.items) {
      if (it.type === 'group' && it.open) continue;
      const key = it.type === 'node' ? it.node : it.group;
      let s = this.sizes.get(key);
      if (s?.style !== style) {
        s = { style, size: boxSize(it.type === 'node' ? nodeLines(it.node, values) : groupLines(it.group, it.group.size), font) };
        this.sizes.set(key, s);
      }
      sizes.set(it.id, s.size);
      if (performance.now() - since > SLICE_MS) {
        await yieldTask();
        if (!current()) return null;
        since = performance.now();
      }
    }
    return current() ? sizes : null;
  }
}
