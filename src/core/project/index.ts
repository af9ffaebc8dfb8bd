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
import { prepareModule } from './summarize';
import type { ExportSummary, ImportResolver, ModuleSummary } from './types';

interface Entry {
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
        const target = this.resolver.resolve(re.specifier, file);
        if (!target || target === file) continue;
        e.summaryDeps.add(target);
        if (re.namespace !== undefined) {
          // `export * as ns`: importers read the module through moduleAt(), which records the dependency.
          const ns = re.namespace;
          define(ns, () => ({ kind: 'namespace', name: ns, file: target }));
          continue;
        }
        const t = this.exportsOf(target);
        if (!t) continue;
        if (re.names === null) {
          for (const k of Object.keys(t.exports)) if (k !== 'default' && !(k in exports)) define(k, () => t.exports[k]);
        } else {
          for (const [as, from] of re.names) define(as, () => t.exports[from]);
        }
      }
      for (const name of mod.names) define(name, () => mod.summarize(name));
      e.exports = { file, exports };
      return e.exports;
    } catch {
      return undefined;
    } finally {
      e.busy = false;
    }
  }

  /**
   * What importers have seen of a file's exports: the export names and every summary computed so
   * far. Two views equal means no importer's analysis can differ.
   */
  private view(e: Entry): string | undefined {
    if (!e.exports) return undefined;
    return JSON.stringify([Object.keys(e.exports.exports), [...e.computed]]);
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

  /**
   * Files the last analysis of `file` used, transitively (the modules whose exports its findings
   * read, and what their summaries read): an edit to any of them can change its findings.
   */
  dependencies(file: string): string[] {
    file = projectPath(file);
    const out = new Set<string>();
    const queue = [...(this.entries.get(file)?.resultDeps ?? [])];
    while (queue.length) {
      const f = queue.pop()!;
      if (f === file || out.has(f)) continue;
      out.add(f);
      queue.push(...(this.entries.get(f)?.summaryDeps ?? []));
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
      e = { text, summaryDeps: new Set(), resultDeps: new Set(), computed: new Map(), unresolved: new Set(), busy: false };
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
      known = { text: this.host.readFile(file), summaryDeps: new Set(), resultDeps: new Set(), computed: new Map(), unresolved: new Set(), busy: false };
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
    const oldView = this.view(e);
    const seen = [...e.computed.keys()];
    e.text = text;
    e.sf = undefined;
    this.drop(e);
    if (oldView === undefined && !this.hasDependents(file)) return [...changed];
    const queue: [string, string | undefined, string[]][] = [[file, oldView, seen]];
    while (queue.length) {
      const [f, before, names] = queue.shift()!;
      const fe = this.entries.get(f);
      let after: string | undefined;
      if (fe && fe.text !== undefined) {
        const mod = this.exportsOf(f);
        for (const n of names) void mod?.exports[n]; // recompute what importers had seen
        after = this.view(fe);
      }
      if (after === before) continue;
      for (const [g, ge] of this.entries) {
        if (g === f) continue;
        if (ge.resultDeps.has(f) && ge.result) {
          ge.result = undefined;
          changed.add(g);
        }
        if (ge.summaryDeps.has(f) && ge.exports) {
          const prev = this.view(ge);
          const prevNames = [...ge.computed.keys()];
          this.drop(ge);
          changed.add(g);
          queue.push([g, prev, prevNames]);
        }
      }
    }
    return [...changed];
  }

  private drop(e: Entry): void {
    e.exports = undefined;
    e.computed.clear();
    e.result = undefined;
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
      this.drop(ge);
      for (const d of this.dependents(g)) {
        const de = this.entries.get(d);
        if (de) this.drop(de);
        changed.add(d);
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
      this.drop(e);
      e.summaryDeps.clear();
      e.resultDeps.clear();
    }
    return analysed;
  }
}

export type { ProjectHost } from './host';
export { memoryHost } from './host';
export type { ClassSummary, ExportSummary, FunctionSummary, ImportResolver, ModuleSummary, NamespaceSummary, SamplerUse, SourceLoc, TrainableRef, ValueSummary } from './types';
