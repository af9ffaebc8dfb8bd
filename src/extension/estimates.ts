/**
 * The extension side of the inspector's Estimators tab: runs the estimator lab on the shown
 * document (trusted workspaces only, one run at a time, cancellable), streams progress to the
 * panel and sends the report; saves the charts the page exports. The panel (inspector/panel.ts)
 * forwards the tab's messages here; nothing else of the inspector changes.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EstimateState, ToWebview } from '../core/protocol';
import type { EstimateReport } from '../core/estimators/report';
import { runEstimate } from '../tracer/estimate-host';
import { readSettings } from './settings';

type Send = (m: Extract<ToWebview, { type: 'estimate-state' | 'estimates' }>) => void;

const didEstimate = new vscode.EventEmitter<{ doc: vscode.TextDocument; version: number; report: EstimateReport }>();

/**
 * Fires when the lab finished on a document, with the version it ran on (the language server adds
 * the report's one-line verdicts to the hovers of that version's findings).
 */
export const onDidEstimate = didEstimate.event;

/** One estimator-lab run at a time for the panel. */
export class EstimateRunner implements vscode.Disposable {
  private running: AbortController | null = null;

  constructor(
    private readonly extensionPath: string,
    private readonly output: vscode.OutputChannel,
  ) {}

  /**
   * Runs N draws of `entry` of `doc` and sends progress and the report; without an entry, says why
   * (`problem`: no function the lab could call by itself).
   */
  async run(doc: vscode.TextDocument, o: { samples: number; entry: string | null; args: Record<string, unknown>; problem?: string }, send: Send): Promise<void> {
    const { samples, entry: name } = o;
    const idle = (reason: string) => send({ type: 'estimate-state', state: { state: 'idle', reason } });
    if (!vscode.workspace.isTrusted) return idle('workspace not trusted: the estimator lab runs your code, so it needs a trusted workspace');
    const settings = readSettings(doc.uri).options;
    if (!name) return idle((o.problem ?? 'no function to estimate was found by itself').replace('; pass --entry NAME', '; type its name in the entry field'));
    this.cancel();
    const controller = new AbortController();
    this.running = controller;
    const progress = (done: number, total: number) => send({ type: 'estimate-state', state: { state: 'running', done, total } satisfies EstimateState });
    progress(0, samples);
    const version = doc.version;
    try {
      const report = await runEstimate({
        file: doc.fileName,
        text: doc.getText(),
        entry: name,
        args: o.args,
        samples,
        objectivePattern: settings.objectivePattern,
        samplers: settings.samplers,
        cwd: vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? path.dirname(doc.fileName),
        runnerPath: path.join(this.extensionPath, 'dist', 'tracer-runner.js'),
        signal: controller.signal,
        onProgress: progress,
        onConsole: (stream, text) => this.output.append(`[estimate ${stream}] ${text}`),
      });
      didEstimate.fire({ doc, version, report });
      send({ type: 'estimates', report });
      send({ type: 'estimate-state', state: { state: 'idle' } });
    } catch (err) {
      this.output.appendLine(`[estimate] ${String((err as Error)?.stack ?? err)}`);
      idle(String((err as Error)?.message ?? err));
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  /** Stops the running estimate (it reports the draws done so far). */
  cancel(): void {
    this.running?.abort();
    this.running = null;
  }

  /** Saves an exported chart next to the document. */
  async exportChart(uri: vscode.Uri | null, format: 'svg' | 'png', name: string, content: string): Promise<void> {
    const base = `${uri ? path.basename(uri.fsPath || uri.path).replace(/\.[^.]+$/, '') : 'estimate'}.${name.replace(/[^\w.-]+/g, '_')}.${format}`;
    const dir = uri && uri.scheme === 'file' ? vscode.Uri.file(path.dirname(uri.fsPath)) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ defaultUri: dir ? vscode.Uri.joinPath(dir, base) : undefined, filters: { [format.toUpperCase()]: [format] }, saveLabel: `Export ${format.toUpperCase()}` });
    if (!target) return;
    const bytes = format === 'png' ? Buffer.from(content.slice(content.indexOf(',') + 1), 'base64') : Buffer.from(content, 'utf8');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Pathwise: chart exported to ${vscode.workspace.asRelativePath(target)}`);
  }

  dispose(): void {
    this.cancel();
  }
}
