/**
 * Maps stack traces of the bundled user program back to the original `.ts` files with the
 * bundle's source map (node:module's SourceMap), so thrown errors and tfjs kernels get the
 * line and column the user wrote.
 */
import { SourceMap } from 'node:module';
import * as path from 'node:path';

/** An original position; `file` is the absolute source path, `fn` the name of the frame's function. */
export interface OriginalPos {
  file: string;
  line: number;
  column: number;
  fn?: string;
}

/** `at loss (…)`, `at async Object.elbo (…)`, `at new Model (…)` → `loss`, `elbo`, `Model`; anonymous → undefined. */
export function frameFunction(frame: string): string | undefined {
  const m = /^at (?:async )?(?:new )?([^\s(]+) \(/.exec(frame);
  if (!m) return undefined;
  const name = m[1].replace(/^(?:Object|Module)\./, '');
  return name === '<anonymous>' ? undefined : name;
}

/** Builds a mapper for frames of `bundlePath` (source map text `mapText`). */
export function makeStackMapper(bundlePath: string, mapText: string): (stack: string) => OriginalPos | null {
  let sm: SourceMap | null = null;
  try {
    sm = new SourceMap(JSON.parse(mapText));
  } catch {
    sm = null;
  }
  const dir = path.dirname(bundlePath);
  const frame = /\(?((?:[A-Za-z]:)?[^\s()]+):(\d+):(\d+)\)?\s*$/;
  return (stack: string) => {
    if (!sm) return null;
    const lines = stack.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const m = frame.exec(line.trim());
      if (!m || m[1] !== bundlePath) continue;
      const e = sm.findEntry(Number(m[2]) - 1, Number(m[3]) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
      if (!e || e.originalSource === undefined || e.originalLine === undefined) continue;
      const src = e.originalSource.startsWith('file://') ? new URL(e.originalSource).pathname : path.resolve(dir, e.originalSource);
      const pos: OriginalPos = { file: src, line: e.originalLine + 1, column: (e.originalColumn ?? 0) + 1 };
      // The function is the nearest named one of the user's frames (an arrow passed to tf.tidy has no name).
      for (let j = i; j < lines.length && !pos.fn; j++) {
        const f = frame.exec(lines[j].trim());
        if (f && f[1] === bundlePath) pos.fn = frameFunction(lines[j].trim());
      }
      if (!pos.fn) delete pos.fn;
      return pos;
    }
    return null;
  };
}
