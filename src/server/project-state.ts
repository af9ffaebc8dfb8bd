/**
 * The analysis thread's project indexes (src/core/project): whole-project analysis for the language
 * server. The index lives as long as the thread; when a job overruns its budget the thread is
 * terminated and the next one starts from scratch (it re-reads what it needs, and the runner sends
 * the open documents again). Documents analysed with different options (folders with their own
 * `pathwise.config.json`) get indexes of their own, a few at most.
 */
import { ProjectIndex } from '../core/project/index';
import { nodeHost } from '../core/project/node-host';
import type { AnalyzeOptions } from '../core/config';
import type { DocumentOverlay } from '../core/protocol';

/** Indexes kept at once (one per distinct set of options, least recently used dropped first). */
const MAX_INDEXES = 4;

const indexes = new Map<string, ProjectIndex>();
/** Open documents' texts, replayed into an index created after they arrived. */
const overlay = new Map<string, string>();

/** Applies the runner's view of the open documents to every index. */
export function applyOverlay(changes: readonly DocumentOverlay[] | undefined): void {
  for (const c of changes ?? []) {
    if (c.text === null) overlay.delete(c.fileName);
    else overlay.set(c.fileName, c.text);
    for (const index of indexes.values()) {
      if (c.text === null) index.close(c.fileName);
      else index.update(c.fileName, c.text);
    }
  }
}

/** The index for documents analysed with `options`. */
export function projectFor(options: AnalyzeOptions): ProjectIndex {
  const key = JSON.stringify(options);
  let index = indexes.get(key);
  if (index) {
    // Most recently used last.
    indexes.delete(key);
    indexes.set(key, index);
    return index;
  }
  index = new ProjectIndex(nodeHost(process.cwd()), options);
  for (const [file, text] of overlay) index.update(file, text);
  indexes.set(key, index);
  while (indexes.size > MAX_INDEXES) indexes.delete(indexes.keys().next().value as string);
  return index;
}

/** A file changed on disk (not open in the editor): every index re-reads it. */
export function refreshFile(fileName: string): void {
  for (const index of indexes.values()) index.refresh(fileName);
}
