/**
 * A module's exports as importers read them: an object whose properties compute each export's
 * summary on first read (then keep it in the entry), with `export *`, `export { a as b } from`
 * and `export * as ns` followed to the modules they name.
 */
import type { Entry } from './entry';
import type { PreparedModule } from './summarize';
import type { ExportSummary, ModuleSummary } from './types';

/** How the exports object reaches other modules (the index's resolver and its own exportsOf). */
export interface ExportsLinks {
  resolve(specifier: string, from: string): string | undefined;
  exportsOf(file: string): ModuleSummary | undefined;
}

/**
 * Builds the exports of `file` (prepared as `mod`): re-exports first, so a local export of the
 * same name overrides them. Records each re-exported module in `e.summaryDeps`.
 */
export function lazyExports(file: string, e: Entry, mod: PreparedModule, links: ExportsLinks): ModuleSummary {
  const exports: Record<string, ExportSummary> = {};
  const define = (name: string, compute: () => ExportSummary | undefined) => {
    Object.defineProperty(exports, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!e.computed.has(name)) {
          e.computed.set(name, undefined); // a cycle back to this export sees nothing
          e.computed.set(name, compute());
        }
        return e.computed.get(name);
      },
    });
  };
  for (const re of mod.reExports) {
    const target = links.resolve(re.specifier, file);
    if (!target || target === file) continue;
    e.summaryDeps.add(target);
    if (re.namespace !== undefined) {
      // `export * as ns`: importers read the module through moduleAt(), which records the dependency.
      const ns = re.namespace;
      define(ns, () => ({ kind: 'namespace', name: ns, file: target }));
      continue;
    }
    const t = links.exportsOf(target);
    if (!t) continue;
    if (re.names === null) {
      for (const k of Object.keys(t.exports)) if (k !== 'default' && !(k in exports)) define(k, () => t.exports[k]);
    } else {
      for (const [as, from] of re.names) define(as, () => t.exports[from]);
    }
  }
  for (const name of mod.names) define(name, () => mod.summarize(name));
  return { file, exports };
}
