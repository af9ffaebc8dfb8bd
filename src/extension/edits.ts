/** The boundary where core text edits (offsets) become VS Code workspace edits. */
import * as vscode from 'vscode';
import type { TextEdit } from '../core/types';

/**
 * One `WorkspaceEdit` for a set of edits against `doc`'s current text, so applying it is a single
 * undo step.
 */
export function toWorkspaceEdit(doc: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
  return we;
}
