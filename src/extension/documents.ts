/** Which documents Pathwise analyses. */
import type * as vscode from 'vscode';

/** The four language ids Pathwise activates on and analyses (.mts/.cts are `typescript`, .mjs/.cjs `javascript`). */
export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/** Document selector for providers. */
export const SELECTOR: vscode.DocumentSelector = LANGUAGES.flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

/**
 * True for a TS/JS document on disk or unsaved (not output panes, git diffs or other virtual
 * documents). Declaration files are skipped: they hold no code, and go-to-definition opens many.
 */
export function isAnalysable(doc: vscode.TextDocument): boolean {
  if (!(LANGUAGES as readonly string[]).includes(doc.languageId)) return false;
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return !/\.d\.[mc]?ts$/i.test(doc.uri.path);
}
