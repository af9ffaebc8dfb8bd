/**
 * Runs the dynamic tracer for the inspector: only in a trusted workspace, one run at a time per panel
 * (a new request cancels the running one), user console output to the Pathwise output channel.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runTrace } from '../../tracer/host';
import type { TraceGraph } from '../../core/graph/model';
import type { TraceState } from '../../core/protocol';
import { readSettings } from '../settings';

/** Why there are no values in an untrusted workspace (shown in the panel's status line). */
export const UNTRUSTED_REASON = 'workspace not trusted: Pathwise does not run your code here, so the graph has no values or gradients (trust the workspace to trace)';

/** Shown when the run finished without recording a gradient computation. */
export const EMPTY_TRACE_REASON = 'the code ran but computed no gradient (no objective or gradient callback was called at module level), so the graph is the static one';

export interface TraceOutcome {
  graph: TraceGraph | null;
  state: TraceState;
}

export class Tracer implements vscode.Disposable {
  private running: AbortController | null = null;

  constructor(
    private readonly extensionPath: string,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** Traces `doc`'s current text. Resolves with state `static` (untrusted), `done`, `failed` or `cancelled` as failed. */
  async trace(doc: vscode.TextDocument): Promise<TraceOutcome> {
    if (!vscode.workspace.isTrusted) return { graph: null, state: { state: 'static', reason: UNTRUSTED_REASON } };
    this.cancel();
    const controller = new AbortController();
    this.running = controller;
    const cfg = vscode.workspace.getConfiguration('pathwise', doc.uri);
    const settings = readSettings(doc.uri).options;
    const started = Date.now();
    try {
      const graph = await runTrace({
        file: doc.fileName,
        text: doc.getText(),
        seed: cfg.get<number | null>('trace.seed', 7),
        timeoutMs: cfg.get<number>('trace.timeoutMs', 10_000),
        // The check re-runs the traced function (side effects repeat); the setting turns it off.
        gradientCheck: cfg.get<boolean>('trace.gradientCheck', true),
        // Trace with the same objective names and user samplers the diagnostics use.
        objectivePattern: settings.objectivePattern,
        samplers: settings.samplers,
        cwd: vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? path.dirname(doc.fileName),
        runnerPath: path.join(this.extensionPath, 'dist', 'tracer-runner.js'),
        signal: controller.signal,
        onConsole: (stream, text) => this.output.append(`[trace ${stream}] ${text}`),
      });
      if (controller.signal.aborted || graph.error?.reason === 'cancelled') {
        return { graph: null, state: { state: 'stale' } };
      }
      if (graph.error) {
        const where = graph.error.loc ? ` (line ${graph.error.loc.line})` : '';
        return { graph, state: { state: 'failed', reason: `${graph.error.reason ?? 'threw'}: ${graph.error.message}${where}` } };
      }
      if (graph.nodes.length === 0) {
        // The module ran but nothing called a gradient context: keep the static graph and say why.
        return { graph: null, state: { state: 'done', ms: Date.now() - started, note: EMPTY_TRACE_REASON } };
      }
      return { graph, state: { state: 'done', ms: Date.now() - started } };
    } catch (err) {
      // runTrace does not reject for user code; this is a bug or a missing runner bundle.
      this.output.appendLine(`[trace] ${String((err as Error)?.stack ?? err)}`);
      return { graph: null, state: { state: 'failed', reason: String((err as Error)?.message ?? err) } };
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  /** Cancels the running trace (the file changed again, or the panel closed). */
  cancel(): void {
    this.running?.abort();
    this.running = null;
  }

  dispose(): void {
    this.cancel();
  }
}
