/**
 * A "Trace" CodeLens above every gradient context of a TS/JS file (every function the analyzer treats
 * as one, findings or not): it traces that function — default arguments where it has them, tensor
 * inputs where the module shows their shape, else arguments from an input box — and shows the graph
 * with values and gradients in the inspector.
 */
import * as vscode from 'vscode';
import type { EntriesSource } from './entry-choice';

/** VS Code asks again after every edit of the document (debounced, the older request cancelled). */
export class TraceCodeLens implements vscode.CodeLensProvider {
  constructor(private readonly entriesOf: EntriesSource) {}

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    let entries;
    try {
      entries = (await this.entriesOf(doc, token)).entries;
    } catch {
      return [];
    }
    if (token.isCancellationRequested) return [];
    return entries.map((e) => {
      const pos = new vscode.Position(e.range.line - 1, e.range.column - 1);
      const how = e.callable === null
        ? 'runs the file\'s entry (no top-level function or class reaches it)'
        : e.kind === 'layer-call'
          ? `applies a new layer to ${e.missing.length ? 'the inputs you give' : 'inputs of the shape the module feeds it'}`
          : e.callable !== e.name
          ? `calls ${e.callable}${e.missing.length ? ' with the arguments you give' : ''}`
          : e.missing.length ? `asks for ${e.missing.join(', ')}` : e.params.length ? 'with its default arguments' : 'without arguments';
      return new vscode.CodeLens(new vscode.Range(pos, pos), {
        title: 'Trace',
        tooltip: `Trace ${e.name} (${how}) and show its values and gradients in the Pathwise graph inspector`,
        command: 'pathwise.traceEntry',
        arguments: [doc.uri, e.name],
      });
    });
  }
}
