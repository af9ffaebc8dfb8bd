/**
 * What the project index keeps per file: its text, its tree and export summaries while they are
 * valid, its findings, and the files each of them used (the edges an edit follows).
 */
import type ts from 'typescript';
import type { AnalysisResult, AnalyzeRun } from '../api';
import type { ExportSummary, ModuleSummary } from './types';

/** One file of the project index. */
export interface Entry {
  text: string | undefined;
  sf?: ts.SourceFile;
  exports?: ModuleSummary;
  /** Export summaries computed so far (lazily, as importers read them). */
  computed: Map<string, ExportSummary | undefined>;
  /** Resolution keys of imports that found no file (a file created later may be what they look for). */
  unresolved: Set<string>;
  /** Files whose exports this file's summary used / whose exports its findings used. */
  summaryDeps: Set<string>;
  resultDeps: Set<string>;
  result?: AnalysisResult;
  resultMode?: AnalyzeRun['fixable'];
  busy: boolean;
}

/** A fresh entry for a file with this text (undefined: the file does not exist). */
export function newEntry(text: string | undefined): Entry {
  return { text, summaryDeps: new Set(), resultDeps: new Set(), computed: new Map(), unresolved: new Set(), busy: false };
}

/** Normalises a file name the way the index keys files (forward slashes). */
export function projectPath(file: string): string {
  return file.replace(/\\/g, '/');
}

/**
 * What importers have seen of a file's exports: the export names and every summary computed so
 * far. Two views equal means no importer's analysis can differ.
 */
export function exportsView(e: Entry): string | undefined {
  if (!e.exports) return undefined;
  return JSON.stringify([Object.keys(e.exports.exports), [...e.computed]]);
}

/** Forgets an entry's summaries and findings (its text, tree and dependency edges stay). */
export function dropCached(e: Entry): void {
  e.exports = undefined;
  e.computed.clear();
  e.result = undefined;
}

/** Files whose summaries or findings (as last computed) use `file`, transitively through summaries. */
export function dependentsOf(entries: ReadonlyMap<string, Entry>, file: string): string[] {
  const out = new Set<string>();
  const queue = [file];
  while (queue.length) {
    const f = queue.pop()!;
    for (const [g, e] of entries) {
      if (g === file || out.has(g)) continue;
      if (e.resultDeps.has(f)) out.add(g);
      if (e.summaryDeps.has(f)) {
        out.add(g);
        queue.push(g);
      }
    }
  }
  return [...out];
}

/**
 * Files the last analysis of `file` used, transitively (the modules whose exports its findings
 * read, and what their summaries read): an edit to any of them can change its findings.
 */
export function dependenciesOf(entries: ReadonlyMap<string, Entry>, file: string): string[] {
  const out = new Set<string>();
  const queue = [...(entries.get(file)?.resultDeps ?? [])];
  while (queue.length) {
    const f = queue.pop()!;
    if (f === file || out.has(f)) continue;
    out.add(f);
    queue.push(...(entries.get(f)?.summaryDeps ?? []));
  }
  return [...out];
}

/** Whether any file's summaries or findings use `file`. */
export function hasDependents(entries: ReadonlyMap<string, Entry>, file: string): boolean {
  for (const e of entries.values()) if (e.resultDeps.has(file) || e.summaryDeps.has(file)) return true;
  return false;
}
