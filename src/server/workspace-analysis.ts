/**
 * The one place every per-document analysis goes through: the server tells it which documents are
 * open and how they change, and asks it for a document's analysis, fixes and fix-all edit. Results
 * are cached per document version; work runs on the {@link AnalysisRunner} thread within its budget.
 *
 * Analysis is project-wide: the analysis thread keeps a project index (src/core/project) that follows
 * imports into other modules, and each answer says which other files the findings depend on.
 * {@link WorkspaceAnalysis.affectedFiles} uses that to say which open documents must be re-analysed
 * (and their diagnostics re-published) after one changes, or after a file changes on disk.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzeOptions } from '../core/config';
import type { DocumentAnalysisResult, EntriesResult, WireFinding } from '../core/protocol';
import type { Fix, TextEdit } from '../core/types';
import type { AnalysisRunner, Cancellation } from './analysis-runner';
import { filePath } from './config-files';

/** One document version's analysis, as diagnostics, hovers and code actions see it. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  /** The analysed text as a document of its own (the open document object is updated in place by later edits). */
  snapshot: TextDocument;
  fileName: string;
  text: string;
  options: AnalyzeOptions;
  findings: WireFinding[];
  syntaxErrors: number;
  /** Why the file was not analysed (too large, over the time budget, analysis failed), or null. */
  notAnalysed: string | null;
  /** Time the analysis took on the worker thread. */
  ms: number;
}

export interface FixAllPlan {
  edit: TextEdit | null;
  applied: number;
  rejected: { title: string; line: number; reason: string }[];
}

/** Options of a document: config file < settings (resolved by the server). */
export type OptionsSource = (uri: string) => Promise<AnalyzeOptions>;

export class WorkspaceAnalysis {
  private readonly open = new Map<string, TextDocument>();
  private readonly results = new Map<string, Promise<DocumentAnalysis | undefined>>();
  /** Cancels the queued analysis of a version that is stale (edited, closed, options changed). */
  private readonly stale = new Map<string, Staleness>();
  /** Per open document: the other project files (paths) its last findings depended on. */
  private readonly dependsOn = new Map<string, Set<string>>();

  constructor(
    private readonly runner: AnalysisRunner,
    private readonly optionsFor: OptionsSource,
  ) {
    runner.setDocuments(() => this.fileDocuments());
  }

  /** The open documents that are files, as the analysis thread's project index sees them. */
  private *fileDocuments(): Iterable<{ fileName: string; version: number; text: string }> {
    for (const doc of this.open.values()) {
      const fileName = filePath(doc.uri);
      if (fileName) yield { fileName, version: doc.version, text: doc.getText() };
    }
  }

  /** A document was opened; returns the documents whose diagnostics must be refreshed. */
  didOpen(doc: TextDocument): string[] {
    this.open.set(doc.uri, doc);
    return this.textChanged(doc.uri);
  }

  /** A document changed (new version); returns the documents whose diagnostics must be refreshed. */
  didChange(doc: TextDocument): string[] {
    this.open.set(doc.uri, doc);
    return this.textChanged(doc.uri);
  }

  /** A document was closed; returns the other documents whose diagnostics must be refreshed. */
  didClose(uri: string): string[] {
    const affected = this.textChanged(uri).filter((u) => u !== uri);
    this.open.delete(uri);
    this.dependsOn.delete(uri);
    return affected;
  }

  /**
   * A project file changed on disk (saved elsewhere, a checkout): the thread re-reads it; returns the
   * open documents whose findings may depend on it (their results are dropped).
   */
  didChangeOnDisk(fileName: string): string[] {
    this.runner.fileChanged(fileName);
    const affected = this.dependentsOf(fileName);
    for (const u of affected) this.drop(u);
    return affected;
  }

  /** Drops every cached result (settings, trust or a config file changed). */
  invalidateAll(): void {
    for (const uri of [...this.results.keys()]) this.drop(uri);
  }

  private drop(uri: string): void {
    this.results.delete(uri);
    this.stale.get(uri)?.cancel();
    this.stale.delete(uri);
  }

  /** The open documents whose analysis may depend on `uri` (itself included when open). */
  affectedFiles(uri: string): string[] {
    const fileName = filePath(uri);
    const others = fileName ? this.dependentsOf(fileName).filter((u) => u !== uri) : [];
    return [...(this.open.has(uri) ? [uri] : []), ...others];
  }

  /**
   * The text of `uri` changed (opened, edited, closed): its cached result and those of the documents
   * that read it through an import are dropped; returns them. A save changes no text: it only asks
   * {@link affectedFiles}, and the cached results serve.
   */
  private textChanged(uri: string): string[] {
    const affected = this.affectedFiles(uri);
    this.drop(uri);
    for (const u of affected) this.drop(u);
    return affected;
  }

  /** Open documents whose last findings depended on the file `fileName`. */
  private dependentsOf(fileName: string): string[] {
    const key = fileName.replace(/\\/g, '/');
    return [...this.dependsOn].filter(([, deps]) => deps.has(key)).map(([u]) => u);
  }

  /** The gradient contexts of the document's current version as traceable entries (the Trace lenses). */
  async entries(uri: string, token?: Cancellation): Promise<EntriesResult> {
    const doc = this.open.get(uri);
    if (!doc) return null;
    const { version } = doc;
    const text = doc.getText();
    const options = await this.optionsFor(uri);
    const outcome = await this.runner.run({ type: 'entries', fileName: filePath(uri) ?? uri, text, options }, token);
    if (outcome.status !== 'done' || outcome.answer.type !== 'entries') return null;
    return { version, entries: outcome.answer.entries };
  }

  /** Every open document. */
  openDocuments(): TextDocument[] {
    return [...this.open.values()];
  }

  document(uri: string): TextDocument | undefined {
    return this.open.get(uri);
  }

  /**
   * The analysis of the document's current version (cached), or undefined when it is not open,
   * changed meanwhile or the request was cancelled.
   */
  async analyze(uri: string, token?: Cancellation): Promise<DocumentAnalysis | undefined> {
    const doc = this.open.get(uri);
    if (!doc) return undefined;
    let pending = this.results.get(uri);
    if (!pending) {
      // Shared by every caller, so one caller's cancellation must not cancel it; only staleness does.
      const staleness = new Staleness();
      this.stale.set(uri, staleness);
      pending = this.compute(doc, staleness);
      this.results.set(uri, pending);
    }
    // The request's cancellation answers at once; the shared analysis itself goes on (diagnostics need it).
    const analysis = await untilCancelled(pending, token);
    if (token?.isCancellationRequested) return undefined;
    const current = this.open.get(uri);
    return analysis && current && current.version === analysis.version ? analysis : undefined;
  }

  /** Fixes for one finding of `analysis`, preferred first; [] when none, cancelled or over budget. */
  async fixes(analysis: DocumentAnalysis, finding: WireFinding, token?: Cancellation): Promise<Fix[]> {
    const { fileName, text, options } = analysis;
    const outcome = await this.runner.run({ type: 'fixes', fileName, text, options, finding }, token);
    return outcome.status === 'done' && outcome.answer.type === 'fixes' ? outcome.answer.fixes : [];
  }

  /** The single edit that applies every safe fix of the file, or null (none, cancelled or over budget). */
  async fixAll(analysis: DocumentAnalysis, token?: Cancellation): Promise<FixAllPlan | null> {
    const { fileName, text, options } = analysis;
    const outcome = await this.runner.run({ type: 'fix-all', fileName, text, options }, token);
    return outcome.status === 'done' && outcome.answer.type === 'fix-all' ? outcome.answer : null;
  }

  /** The inspector's view of `analysis` (static graph, fixes with their after-graphs), or why there is none. */
  async inspect(analysis: DocumentAnalysis, token?: Cancellation): Promise<DocumentAnalysisResult> {
    const { fileName, text, options, version } = analysis;
    if (analysis.notAnalysed) return { version, notAnalysed: analysis.notAnalysed };
    const outcome = await this.runner.run({ type: 'inspect', fileName, text, options }, token);
    if (outcome.status === 'done' && outcome.answer.type === 'inspected') return { version, graph: outcome.answer.graph, fixes: outcome.answer.fixes };
    const why = outcome.status === 'timeout' ? `building the graph took longer than ${this.runner.budgetMs} ms and was stopped` : `graph not built (${outcome.status})`;
    return { version, notAnalysed: why };
  }

  private async compute(doc: TextDocument, token: Cancellation): Promise<DocumentAnalysis | undefined> {
    const { uri, version } = doc;
    const text = doc.getText();
    const options = await this.optionsFor(uri);
    if (token?.isCancellationRequested) return undefined;
    const fileName = filePath(uri) ?? uri;
    const snapshot = TextDocument.create(uri, doc.languageId, version, text);
    const base = { uri, version, snapshot, fileName, text, options, findings: [], syntaxErrors: 0 };
    // Files are analysed as part of the project; an unsaved untitled document stands alone.
    const project = filePath(uri) !== null;
    const outcome = await this.runner.run({ type: 'analyze', fileName, text, options, project }, token);
    switch (outcome.status) {
      case 'cancelled':
        return undefined;
      case 'timeout':
        return { ...base, ms: outcome.ms, notAnalysed: `analysis took longer than ${this.runner.budgetMs} ms and was stopped` };
      case 'failed':
        return { ...base, ms: 0, notAnalysed: `analysis failed: ${outcome.message.split('\n')[0]}` };
      case 'done': {
        const a = outcome.answer;
        if (a.type === 'failed') return { ...base, ms: outcome.ms, notAnalysed: `analysis failed: ${a.message.split('\n')[0]}` };
        if (a.type !== 'analyzed') return { ...base, ms: outcome.ms, notAnalysed: 'analysis failed: unexpected answer' };
        if (this.open.get(uri) === doc) this.dependsOn.set(uri, new Set(a.dependsOn ?? []));
        return { ...base, ms: outcome.ms, findings: a.findings, syntaxErrors: a.syntaxErrors, notAnalysed: a.skipped };
      }
    }
  }
}

/** `work`, or undefined as soon as `token` is cancelled (whichever comes first). */
function untilCancelled<T>(work: Promise<T>, token?: Cancellation): Promise<T | undefined> {
  if (!token?.onCancellationRequested) return work;
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    token.onCancellationRequested!(() => resolve(undefined));
    work.then(resolve, reject);
  });
}

/** A cancellation that fires when the document version it was made for is no longer current. */
class Staleness implements Cancellation {
  isCancellationRequested = false;
  private readonly listeners: (() => void)[] = [];

  onCancellationRequested(listener: () => void): void {
    this.listeners.push(listener);
  }

  cancel(): void {
    if (this.isCancellationRequested) return;
    this.isCancellationRequested = true;
    for (const l of this.listeners.splice(0)) l();
  }
}
