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
import { dependenciesOf, dependentsOf, dropCached, exportsView, hasDependents, newEntry, projectPath, type Entry } from './entry';
import type { ProjectHost } from './host';
import { lazyExports } from './module-exports';
import { ModuleResolver } from './resolve';
import { prepareModule } from './summarize';
import type { ImportResolver, ModuleSummary } from './types';

export { projectPath } from './entry';

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
    if (text.length <= this.options.maxFileSize) {
      try {
        sf = this.tree(e, file);
      } catch {
        // The parser overflowed (pathological nesting): analyzeText parses again and reports the
        // file as not analysed with the reason.
      }
    }
    e.result = analyzeText(file, text, this.options, { fixable: run.fixable, imports: this.importsOf(file, e.resultDeps), sourceFile: sf });
    e.resultMode = run.fixable;
    return e.result;
  }

  /**
   * Forgets a file's syntax tree and findings (its text and any export summaries stay): a batch
   * run (the CLI) calls it once a file is reported, so memory does not grow with the project.
   * Analysing it again re-parses it.
   */
  release(file: string): void {
    const e = this.entries.get(projectPath(file));
    if (!e) return;
    e.sf = undefined;
    e.result = undefined;
  }

  /**
   * The exports of a file after re-exports are followed. Each export's summary is computed the first
   * time an importer reads it, then reused until the file (or what it depends on) changes.
   */
  exportsOf(file: string): ModuleSummary | undefined {
    file = projectPath(file);
    const e = this.entry(file);
    if (e.exports) return e.exports;
    if (e.busy || e.text === undefined) return undefined; // an `export *` cycle: the partial view is empty
    if (e.text.length > this.options.maxFileSize) return undefined;
    e.busy = true;
    try {
      e.summaryDeps.clear();
      e.computed.clear();
      const mod = prepareModule(this.tree(e, file), this.options, this.importsOf(file, e.summaryDeps));
      e.exports = lazyExports(file, e, mod, { resolve: (spec, from) => this.resolver.resolve(spec, from), exportsOf: (f) => this.exportsOf(f) });
      return e.exports;
    } catch {
      return undefined;
    } finally {
      e.busy = false;
    }
  }

  /** Files whose summaries or findings (as last computed) use `file`, transitively through summaries. */
  dependents(file: string): string[] {
    return dependentsOf(this.entries, projectPath(file));
  }

  /**
   * Files the last analysis of `file` used, transitively (the modules whose exports its findings
   * read, and what their summaries read): an edit to any of them can change its findings.
   */
  dependencies(file: string): string[] {
    return dependenciesOf(this.entries, projectPath(file));
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
      e = newEntry(text);
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
        if (!target) this.entries.get(file)?.unresolved.add(ModuleResolver.key(specifier, file));
        if (!target || target === file) return undefined;
        deps.add(target);
        return this.exportsOf(target);
      },
      moduleAt: (target) => {
        target = projectPath(target);
        if (target === file) return undefined;
        deps.add(target);
        return this.exportsOf(target);
      },
    };
  }

  private setText(file: string, text: string | undefined): string[] {
    // A config is not a module: any change to one (even one not read yet, which may now be the
    // nearest config of some directory) can change what every import resolves to.
    if (this.resolver.isConfigFile(file)) {
      this.entries.delete(file);
      return this.resetAll();
    }
    let known = this.entries.get(file);
    if (!known) {
      known = newEntry(this.host.readFile(file));
      this.entries.set(file, known);
      // A file the index did not know may be what an unresolved import was looking for.
      const appeared = this.appeared();
      if (appeared.length) return [file, ...appeared.filter((f) => f !== file), ...this.invalidate(file, text).filter((f) => f !== file && !appeared.includes(f))];
    }
    if (known.text === text) return [];
    return this.invalidate(file, text);
  }

  /**
   * Gives `file` a new text and drops what depended on it: findings of its importers, and summaries
   * of importers that re-export or wrap it when its exports changed (then their importers, …).
   */
  private invalidate(file: string, text: string | undefined): string[] {
    const changed = new Set<string>([file]);
    const e = this.entry(file);
    const oldView = exportsView(e);
    const seen = [...e.computed.keys()];
    e.text = text;
    e.sf = undefined;
    dropCached(e);
    if (oldView === undefined && !hasDependents(this.entries, file)) return [...changed];
    const queue: [string, string | undefined, string[]][] = [[file, oldView, seen]];
    while (queue.length) {
      const [f, before, names] = queue.shift()!;
      const fe = this.entries.get(f);
      let after: string | undefined;
      if (fe && fe.text !== undefined) {
        const mod = this.exportsOf(f);
        for (const n of names) void mod?.exports[n]; // recompute what importers had seen
        after = exportsView(fe);
      }
      if (after === before) continue;
      for (const [g, ge] of this.entries) {
        if (g === f) continue;
        if (ge.resultDeps.has(f) && ge.result) {
          ge.result = undefined;
          changed.add(g);
        }
        if (ge.summaryDeps.has(f) && ge.exports) {
          const prev = exportsView(ge);
          const prevNames = [...ge.computed.keys()];
          dropCached(ge);
          changed.add(g);
          queue.push([g, prev, prevNames]);
        }
      }
    }
    return [...changed];
  }

  /** Re-resolves the imports that found nothing; drops what used them when they now find a file. */
  private appeared(): string[] {
    const found = this.resolver.retry(this.resolver.unresolvedKeys());
    if (found.size === 0) return [];
    const changed = new Set<string>();
    for (const [g, ge] of this.entries) {
      if (![...ge.unresolved].some((k) => found.has(k))) continue;
      for (const k of found) ge.unresolved.delete(k);
      changed.add(g);
      dropCached(ge);
      for (const d of this.dependents(g)) {
        const de = this.entries.get(d);
        if (de) dropCached(de);
        changed.add(d);
      }
    }
    return [...changed];
  }

  private resetAll(): string[] {
    this.resolver.reset();
    const analysed: string[] = [];
    for (const [f, e] of this.entries) {
      if (e.result) analysed.push(f);
      dropCached(e);
      e.summaryDeps.clear();
      e.resultDeps.clear();
    }
    return analysed;
  }
}

export type { ProjectHost } from './host';
export { memoryHost } from './host';
export type { ClassSummary, ExportSummary, FunctionSummary, ImportResolver, ModuleSummary, NamespaceSummary, SamplerUse, SourceLoc, TrainableRef, ValueSummary } from './types';
