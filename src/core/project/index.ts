/**
 * The project index: whole-project analysis, kept up to date incrementally. Each file is parsed once
 * per text, its export summaries are computed once and reused by every file that imports it, and an
 * edit re-analyses only that file and the files whose summaries or findings depend on what changed.
 *
 * Driving it (a language server, the CLI, tests):
 * - `update(file, text)` when a document is opened or edited (returns the files whose findings may
 *   have changed: republish diagnostics for those that are open),
 * - `close(file)` when an editor closes it (the text on disk applies again),
 * - `remove(file)` when it is deleted, `refresh(file)` when it changed on disk,
 * - `analyze(file)` for its findings (cached until something it depends on changes),
 * - `dependents(file)` for the files whose analysis uses it.
 * File names are absolute with forward slashes; the host reads files the index was not given.
 */
import type ts from 'typescript';
import { analyze as analyzeText, type AnalysisResult, type AnalyzeRun } from '../api';
import { resolveOptions, type AnalyzeOptions } from '../config';
import { parse } from '../analysis/analyze';
import type { ProjectHost } from './host';
import { ModuleResolver } from './resolve';
import { summarizeModule } from './summarize';
import type { ExportSummary, ImportResolver, ModuleSummary } from './types';

interface Entry {
  text: string | undefined;
  sf?: ts.SourceFile;
  exports?: ModuleSummary;
  exportsJson?: string;
  /** Files whose exports this file's summary used / whose exports its findings used. */
  summaryDeps: Set<string>;
  resultDeps: Set<string>;
  result?: AnalysisResult;
  resultMode?: AnalyzeRun['fixable'];
  busy: boolean;
}

/** Normalises a file name the way the index keys files (forward slashes). */
export function projectPath(file: string): string {
  return file.replace(/\\/g, '/');
}

export class ProjectIndex {
  private readonly entries = new Map<string, Entry>();
  /** Texts given by `update` (open documents); other files are read through the host. */
  private readonly overlay = new Map<string, string>();
  private readonly resolver: ModuleResolver;
  private options: Required<AnalyzeOptions>;

  constructor(
    private readonly host: ProjectHost,
    options?: AnalyzeOptions,
  ) {
    this.options = resolveOptions(options);
    this.resolver = new ModuleResolver(host);
  }

  /**
   * Sets a file's text (an opened or edited document). Returns the files whose findings may have
   * changed, the file itself first: those that import it and whose view of its exports changed,
   * transitively. Same text: nothing changed.
   */
  update(file: string, text: string): string[] {
    file = projectPath(file);
    this.overlay.set(file, text);
    return this.setText(file, text);
  }

  /** Alias of {@link update} for an opened document. */
  open(file: string, text: string): string[] {
    return this.update(file, text);
  }

  /** The editor closed the document: the text on disk (through the host) applies again. */
  close(file: string): string[] {
    file = projectPath(file);
    this.overlay.delete(file);
    return this.setText(file, this.host.readFile(file));
  }

  /** The file changed on disk (not open in the editor). */
  refresh(file: string): string[] {
    file = projectPath(file);
    return this.overlay.has(file) ? [] : this.setText(file, this.host.readFile(file));
  }

  /** The file was deleted: importers may now see nothing there. */
  remove(file: string): string[] {
    file = projectPath(file);
    this.overlay.delete(file);
    const changed = this.invalidate(file, undefined);
    this.entries.delete(file);
    this.resolver.resetResolutions();
    return changed.filter((f) => f !== file);
  }

  /** New analysis options: every cached summary and result is dropped. Returns the files analysed before. */
  setOptions(options: AnalyzeOptions | undefined): string[] {
    this.options = resolveOptions(options);
    return this.resetAll();
  }

  /** Findings of one file, with imports of project modules followed. Never throws on user input. */
  analyze(file: string, run: Pick<AnalyzeRun, 'fixable'> = {}): AnalysisResult {
    file = projectPath(file);
    const e = this.entry(file);
    if (e.result && e.resultMode === run.fixable) return e.result;
    const text = e.text ?? '';
    e.resultDeps.clear();
    let sf: ts.SourceFile | undefined;
    if (text.length <= this.options.maxFileSize) sf = this.tree(e, file);
    e.result = analyzeText(file, text, this.options, { fixable: run.fixable, imports: this.importsOf(file, e.resultDeps), sourceFile: sf });
    e.resultMode = run.fixable;
    return e.result;
  }

  /** The exports of a file after re-exports are followed (computed once per text, then reused). */
  exportsOf(file: string): ModuleSummary | undefined {
    file = projectPath(file);
    const e = this.entry(file);
    if (e.exports) return e.exports;
    if (e.busy || e.text === undefined) return undefined; // an import cycle: the partial view is empty
    if (e.text.length > this.options.maxFileSize) return undefined;
    e.busy = true;
    try {
      e.summaryDeps.clear();
      const local = summarizeModule(this.tree(e, file), this.options, this.importsOf(file, e.summaryDeps));
      const exports: Record<string, ExportSummary> = {};
      for (const re of local.reExports) {
        const target = this.resolver.resolve(re.specifier, file);
        if (!target) continue;
        e.summaryDeps.add(target);
        const t = this.exportsOf(target);
        if (!t) continue;
        if (re.names === null) {
          for (const [k, v] of Object.entries(t.exports)) if (k !== 'default' && !(k in exports)) exports[k] = v;
        } else {
          for (const [as, from] of re.names) if (t.exports[from]) exports[as] = t.exports[from];
        }
      }
      Object.assign(exports, local.exports);
      e.exports = { file, exports };
      e.exportsJson = JSON.stringify(exports);
      return e.exports;
    } catch {
      return undefined;
    } finally {
      e.busy = false;
    }
  }

  /** Files whose summaries or findings (as last computed) use `file`, transitively through summaries. */
  dependents(file: string): string[] {
    file = projectPath(file);
    const out = new Set<string>();
    const queue = [file];
    while (queue.length) {
      const f = queue.pop()!;
      for (const [g, e] of this.entries) {
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

  /** The text the index has for a file (open document or disk). */
  textOf(file: string): string | undefined {
    return this.entry(projectPath(file)).text;
  }

  /** Files the index holds (analysed, summarised or read). */
  files(): string[] {
    return [...this.entries.keys()];
  }

  /** The module-resolution view of the project: what `specifier` in `from` names. */
  resolve(specifier: string, from: string): string | undefined {
    return this.resolver.resolve(specifier, projectPath(from));
  }

  private entry(file: string): Entry {
    let e = this.entries.get(file);
    if (!e) {
      const text = this.overlay.get(file) ?? this.host.readFile(file);
      e = { text, summaryDeps: new Set(), resultDeps: new Set(), busy: false };
      this.entries.set(file, e);
    }
    return e;
  }

  private tree(e: Entry, file: string): ts.SourceFile {
    return (e.sf ??= parse(file, e.text ?? ''));
  }

  private importsOf(file: string, deps: Set<string>): ImportResolver {
    return {
      exportsOf: (specifier) => {
        const target = this.resolver.resolve(specifier, file);
        if (!target || target === file) return undefined;
        deps.add(target);
        return this.exportsOf(target);
      },
    };
  }

  private setText(file: string, text: string | undefined): string[] {
    const known = this.entries.get(file);
    if (known && known.text === text) return [];
    if (this.resolver.configFiles.has(file)) {
      this.entries.delete(file);
      return this.resetAll();
    }
    if (!known) {
      // A new file may be what an unresolved import was looking for.
      this.resolver.resetResolutions();
      const before = this.resetAll();
      this.entries.set(file, { text, summaryDeps: new Set(), resultDeps: new Set(), busy: false });
      return [file, ...before.filter((f) => f !== file)];
    }
    return this.invalidate(file, text);
  }

  /**
   * Gives `file` a new text and drops what depended on it: findings of its importers, and summaries
   * of importers that re-export or wrap it when its exports changed (then their importers, …).
   */
  private invalidate(file: string, text: string | undefined): string[] {
    const changed = new Set<string>([file]);
    const e = this.entry(file);
    const wasSummarised = e.exports !== undefined;
    const oldJson = e.exportsJson;
    e.text = text;
    e.sf = undefined;
    e.exports = undefined;
    e.exportsJson = undefined;
    e.result = undefined;
    if (!wasSummarised && !this.hasDependents(file)) return [...changed];
    const queue: [string, string | undefined][] = [[file, oldJson]];
    while (queue.length) {
      const [f, before] = queue.shift()!;
      const after = text === undefined && f === file ? undefined : (this.exportsOf(f), this.entries.get(f)?.exportsJson);
      if (after === before) continue;
      for (const [g, ge] of this.entries) {
        if (g === f) continue;
        if (ge.resultDeps.has(f) && ge.result) {
          ge.result = undefined;
          changed.add(g);
        }
        if (ge.summaryDeps.has(f) && ge.exports) {
          const prev = ge.exportsJson;
          ge.exports = undefined;
          ge.exportsJson = undefined;
          ge.result = undefined;
          changed.add(g);
          queue.push([g, prev]);
        }
      }
    }
    return [...changed];
  }

  private hasDependents(file: string): boolean {
    for (const e of this.entries.values()) if (e.resultDeps.has(file) || e.summaryDeps.has(file)) return true;
    return false;
  }

  private resetAll(): string[] {
    this.resolver.reset();
    const analysed: string[] = [];
    for (const [f, e] of this.entries) {
      if (e.result) analysed.push(f);
      e.exports = undefined;
      e.exportsJson = undefined;
      e.result = undefined;
      e.summaryDeps.clear();
      e.resultDeps.clear();
    }
    return analysed;
  }
}

export type { ProjectHost } from './host';
export { memoryHost } from './host';
export type { ExportSummary, FunctionSummary, ImportResolver, ModuleSummary, SamplerUse, SourceLoc, TrainableRef, ValueSummary } from './types';
