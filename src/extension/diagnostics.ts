/**
 * Publishes findings as diagnostics: on open, while typing (debounced) or only on save, cleared on
 * close; everything re-analysed when settings or the workspace config file change.
 */
import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/types';
import type { AnalysisService } from './analysis-service';
import { isAnalysable } from './documents';
import { readSettings } from './settings';

/** Diagnostic source shown in the Problems panel; also how code actions recognise our diagnostics. */
export const DIAGNOSTIC_SOURCE = 'pathwise';

const LEVEL: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** An information diagnostic on the first line: the file (or part of it) was not analysed, so no finding is not "clean". */
export function notAnalysedDiagnostic(reason: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `Pathwise could not analyse this file fully: ${reason}`, vscode.DiagnosticSeverity.Information);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = 'not-analysed';
  return d;
}

/** Converts a finding into a VS Code diagnostic whose code links to the rule's docs page. */
export function toDiagnostic(doc: vscode.TextDocument, f: Finding, docsRoot: vscode.Uri): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(f.start), doc.positionAt(f.end));
  const d = new vscode.Diagnostic(range, f.message, LEVEL[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.ruleId, target: vscode.Uri.joinPath(docsRoot, `${f.ruleId}.md`) };
  d.relatedInformation = f.related.map(
    (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end))), r.message),
  );
  return d;
}

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly service: AnalysisService,
    private readonly docsRoot: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.refresh(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !isAnalysable(e.document)) return;
        const s = readSettings(e.document.uri);
        if (s.enable && s.run === 'onType') this.schedule(e.document, s.debounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.refresh(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)),
    );
  }

  /** Analyses every open TS/JS document now (activation, settings or config file changed). */
  refreshAll(): void {
    this.service.forget();
    for (const doc of vscode.workspace.textDocuments) void this.refresh(doc);
  }

  /** Analyses one document now and publishes its diagnostics. */
  async refresh(doc: vscode.TextDocument): Promise<void> {
    if (!isAnalysable(doc)) return;
    this.cancel(doc.uri);
    if (!readSettings(doc.uri).enable) {
      this.collection.delete(doc.uri);
      return;
    }
    try {
      const analysis = await this.service.analyse(doc);
      // The document may have changed or closed while the config file was read.
      if (doc.isClosed || analysis.version !== doc.version) return;
      const diagnostics = analysis.findings.map((f) => toDiagnostic(doc, f, this.docsRoot));
      if (analysis.notAnalysed) diagnostics.push(notAnalysedDiagnostic(analysis.notAnalysed));
      this.collection.set(doc.uri, diagnostics);
    } catch (e) {
      this.log.error(`analysis of ${vscode.workspace.asRelativePath(doc.uri)} failed: ${(e as Error).stack ?? e}`);
    }
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    this.cancel(doc.uri);
    const key = doc.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(doc);
      }, delay),
    );
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  private clear(uri: vscode.Uri): void {
    this.cancel(uri);
    this.collection.delete(uri);
    this.service.forget(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
