/**
 * Analyses documents and keeps the latest result per document version, so diagnostics, hovers,
 * code actions and the inspector all see the same findings without re-parsing.
 */
import * as vscode from 'vscode';
import { analyze, notAnalysedReason } from '../core/api';
import { mergeOptions, type AnalyzeOptions } from '../core/config';
import { applySeverity } from '../core/report';
import type { Finding } from '../core/types';
import { readSettings } from './settings';
import type { WorkspaceConfigFiles } from './workspace-config';

export interface DocumentAnalysis {
  version: number;
  text: string;
  options: AnalyzeOptions;
  findings: Finding[];
  syntaxErrors: number;
  skipped: string | null;
  /** Why the file was not (fully) analysed, or null: shown as an information diagnostic. */
  notAnalysed: string | null;
}

export class AnalysisService {
  private readonly results = new Map<string, DocumentAnalysis>();
  private readonly notified = new Set<string>();
  /** Options last resolved per document, for synchronous callers (the inspector). */
  private readonly lastOptions = new Map<string, AnalyzeOptions>();

  constructor(
    private readonly configFiles: WorkspaceConfigFiles,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Options for a document: config file < settings. */
  async optionsFor(doc: vscode.TextDocument): Promise<AnalyzeOptions> {
    const settings = readSettings(doc.uri);
    for (const p of settings.problems) this.logOnce(`settings:${p}`, () => this.log.warn(p));
    const options = mergeOptions(await this.configFiles.forDocument(doc.uri), settings.options);
    this.lastOptions.set(doc.uri.toString(), options);
    return options;
  }

  /**
   * Synchronous analysis for callers that cannot wait: the cached result, or an analysis with the
   * options last resolved for this document (settings only if there were none yet).
   */
  analyseNow(doc: vscode.TextDocument): DocumentAnalysis {
    const options = this.lastOptions.get(doc.uri.toString()) ?? mergeOptions(readSettings(doc.uri).options);
    return this.analyseWith(doc, options);
  }

  /** Analyses the document's current text (or returns the cached result for this version). */
  async analyse(doc: vscode.TextDocument): Promise<DocumentAnalysis> {
    const key = doc.uri.toString();
    const hit = this.results.get(key);
    if (hit && hit.version === doc.version) return hit;
    const options = await this.optionsFor(doc);
    return this.analyseWith(doc, options);
  }

  /** The cached analysis of this exact document version, or a fresh synchronous one with `options`. */
  analyseWith(doc: vscode.TextDocument, options: AnalyzeOptions): DocumentAnalysis {
    const key = doc.uri.toString();
    const hit = this.results.get(key);
    if (hit && hit.version === doc.version) return hit;
    const text = doc.getText();
    const started = Date.now();
    // `fixable` only where a code action, hover or the inspector asks (see AnalyzeRun).
    const result = analyze(doc.fileName, text, options, { fixable: 'lazy' });
    const analysis: DocumentAnalysis = {
      version: doc.version,
      text,
      options,
      findings: applySeverity(result.findings, options.severity),
      syntaxErrors: result.syntaxErrors,
      skipped: result.skipped,
      notAnalysed: notAnalysedReason(result),
    };
    this.results.set(key, analysis);
    const name = vscode.workspace.asRelativePath(doc.uri);
    if (result.skipped) this.logOnce(`skip:${key}`, () => this.log.info(`${name}: not analysed: ${result.skipped}`));
    else {
      this.log.trace(`${name} v${doc.version}: ${analysis.findings.length} finding(s), ${result.syntaxErrors} syntax error(s), ${Date.now() - started} ms`);
    }
    return analysis;
  }

  /** The last analysis of a document if it matches its current version. */
  current(doc: vscode.TextDocument): DocumentAnalysis | undefined {
    const hit = this.results.get(doc.uri.toString());
    return hit && hit.version === doc.version ? hit : undefined;
  }

  /** Drops everything known about a document (closed) or about all documents (settings changed). */
  forget(uri?: vscode.Uri): void {
    if (uri) {
      this.results.delete(uri.toString());
      this.lastOptions.delete(uri.toString());
      this.notified.delete(`skip:${uri.toString()}`);
    } else {
      this.results.clear();
      this.lastOptions.clear();
      this.notified.clear();
    }
  }

  private logOnce(key: string, write: () => void): void {
    if (this.notified.has(key)) return;
    this.notified.add(key);
    write();
  }
}
