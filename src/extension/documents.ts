/** Which documents Pathwise analyses. */
import type * as vscode from 'vscode';

/** The four language ids Pathwise activates on and analyses (.mts/.cts are `typescript`, .mjs/.cjs `javascript`). */
export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/** Document selector for providers. */
export const SELECTOR: vscode.DocumentSelector = LANGUAGES.flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

/** True for a TS/JS document on disk or unsaved (not output panes, git diffs or other virtual documents). */
export function isAnalysable(doc: vscode.TextDocument): boolean {
  return (LANGUAGES as readonly string[]).includes(doc.languageId) && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}
