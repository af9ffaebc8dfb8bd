/**
 * "Show gradient graph" above each function that holds a gradient finding (the analyzer exports no
 * gradient-context ranges, so the enclosing function of each finding stands for its context), or, for
 * a file without findings, above each function the graph has nodes in.
 */
import * as vscode from 'vscode';
import { enclosingFunctionStarts } from './functions';

/** Where a lens goes: 1-based lines of interesting positions (findings or graph nodes). */
export type LensLines = (doc: vscode.TextDocument) => number[];

export class GraphCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly lines: LensLines) {}

  /** Asks VS Code to recompute the lenses (after a new analysis). */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const wanted = this.lines(doc);
    if (wanted.length === 0) return [];
    const starts = enclosingFunctionStarts(doc.fileName, doc.getText(), wanted.map((l) => doc.offsetAt(new vscode.Position(Math.max(l - 1, 0), 0))));
    return starts.map((offset) => {
      const pos = doc.positionAt(offset);
      return new vscode.CodeLens(new vscode.Range(pos, pos), {
        title: 'Show gradient graph',
        tooltip: 'Open the Pathwise graph inspector for this function',
        command: 'pathwise.openInspector',
        arguments: [doc.uri, pos.line + 1],
      });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
