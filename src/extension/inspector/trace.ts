/**
 * Runs the dynamic tracer for the inspector: only in a trusted workspace, one run at a time per
 * Tracer (a new request cancels the running one), user console output to the Pathwise output
 * channel, and the outcome as the panel's one status (traced / no gradient with its fix).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runTrace } from '../../tracer/host';
import type { TraceGraph } from '../../core/graph/model';
import type { TraceState } from '../../core/protocol';
import { DEFAULT_TRACE_SEED } from '../../core/config';
import { readSettings } from '../settings';

/** Why there are no values in an untrusted workspace (shown in the panel's status line). */
export const UNTRUSTED_REASON = 'workspace not trusted: Pathwise does not run your code here, so the graph has no values or gradients (trust the workspace to trace)';

/** Shown when the run finished without recording a gradient computation. */
export const EMPTY_TRACE_REASON = 'the code ran but no gradient context was called; pick the function to trace';

/** What to run: a top-level function with arguments by name, or the module itself (`entry: null`). */
export interface TraceTarget {
  entry: string | null;
  args: Record<string, unknown>;
}

export interface TraceOutcome {
  /** The graph with values (null when there is nothing better than the static graph). */
  graph: TraceGraph | null;
  /** Null when the run was cancelled (a newer request replaced it). */
  state: TraceState | null;
}

export class Tracer implements vscode.Disposable {
  private running: AbortController | null = null;

  constructor(
    private readonly extensionPath: string,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** Traces `text` (default: `doc`'s current text) from `target`. */
  async trace(doc: vscode.TextDocument, target: TraceTarget, text = doc.getText()): Promise<TraceOutcome> {
    if (!vscode.workspace.isTrusted) return { graph: null, state: { state: 'static', reason: UNTRUSTED_REASON, action: 'trust' } };
    this.cancel();
    const controller = new AbortController();
    this.running = controller;
    const cfg = vscode.workspace.getConfiguration('pathwise', doc.uri);
    const settings = readSettings(doc.uri).options;
    const entry = target.entry ?? undefined;
    const started = Date.now();
    try {
      const graph = await runTrace({
        file: doc.fileName,
        text,
        entry: target.entry,
        args: target.args,
        seed: cfg.get<number | null>('trace.seed', DEFAULT_TRACE_SEED),
        timeoutMs: cfg.get<number>('trace.timeoutMs', 10_000),
        // The check re-runs the traced function (side effects repeat); the setting turns it off.
        gradientCheck: cfg.get<boolean>('trace.gradientCheck', true),
        // Trace with the same objective names and user samplers the diagnostics use.
        objectivePattern: settings.objectivePattern,
        samplers: settings.samplers,
        cwd: vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? path.dirname(doc.fileName),
        runnerPath: path.join(this.extensionPath, 'dist', 'tracer-runner.js'),
        signal: controller.signal,
        onConsole: (stream, out) => this.output.append(`[trace ${stream}] ${out}`),
      });
      const ms = Date.now() - started;
      if (controller.signal.aborted || graph.error?.reason === 'cancelled') return { graph: null, state: null };
      const partial = graph.nodes.length > 0 ? graph : null;
      if (graph.error) {
        const where = graph.error.loc ? ` (line ${graph.error.loc.line})` : '';
        const what = graph.error.reason === 'threw' || !graph.error.reason ? 'the code threw' : `the run was stopped (${graph.error.reason})`;
        return { graph: partial, state: { state: 'no-gradient', reason: `${what}: ${graph.error.message}${where}`, action: 'rerun', ms, entry } };
      }
      // The module ran but nothing called a gradient context: keep the static graph and say what fixes it.
      if (!partial) return { graph: null, state: { state: 'no-gradient', reason: EMPTY_TRACE_REASON, action: 'pick-entry', ms, entry } };
      return { graph, state: { state: 'traced', ms, entry } };
    } catch (err) {
      // runTrace does not reject for user code; this is a bug or a missing runner bundle.
      this.output.appendLine(`[trace] ${String((err as Error)?.stack ?? err)}`);
      return { graph: null, state: { state: 'no-gradient', reason: `the tracer failed: ${String((err as Error)?.message ?? err)}`, action: 'rerun', entry } };
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
