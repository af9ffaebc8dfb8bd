/**
 * Helpers shared by the integration tests: opening fixtures, waiting for diagnostics, asking the
 * real code-action providers (with the retry real VS Code needs), and changing settings.
 * Everything here goes through the public `vscode` API, as a user's editor would.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Figures measured by the suite (e.g. activation time), written into the results file. */
export const measurements: Record<string, number> = {};

/** The Pathwise extension as VS Code sees it (development folder or installed `.vsix`). */
export function pathwiseExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'pathwise' && e.packageJSON?.publisher === 'pathwise');
  assert.ok(ext, `Pathwise is not loaded; extensions: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
  return ext;
}

/** The workspace folder the runner opened (a fresh copy of `test/integration/fixtures`). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri;
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

/** Opens a fixture in an editor and makes it the active one. */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until `accept` holds, or fails with the last value after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${describe(last)}`);
    }
    await sleep(100);
    last = await probe();
  }
  return last;
}

function describe(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => v instanceof vscode.Diagnostic)) {
    return JSON.stringify(value.map(summarize));
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** The rule id of a diagnostic (`code` may be a plain value or `{ value, target }`). */
export function ruleOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code && typeof code === 'object') return String(code.value);
  return String(code);
}

/** A compact, comparable view of a diagnostic for assertion messages. */
export function summarize(d: vscode.Diagnostic) {
  return {
    rule: ruleOf(d),
    severity: vscode.DiagnosticSeverity[d.severity],
    line: d.range.start.line + 1,
    range: `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`,
    message: d.message,
  };
}

/** The diagnostics Pathwise currently publishes for `uri`. */
export function pathwiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pathwise');
}

/** Waits until Pathwise's diagnostics for `uri` satisfy `accept`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diags: vscode.Diagnostic[]) => boolean,
  what = 'pathwise diagnostics',
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => pathwiseDiagnostics(uri), accept, timeoutMs);
}

/** 1-based line number of the first line containing `needle`. */
export function lineOf(doc: vscode.TextDocument, needle: string): number {
  const index = doc.getText().indexOf(needle);
  assert.ok(index >= 0, `'${needle}' not found in ${doc.uri.path}`);
  return doc.positionAt(index).line + 1;
}

/**
 * Runs the real code-action providers for `range`. Real VS Code sometimes rejects with "Canceled"
 * right after a document opened (the request raced a document change), so retry a few times.
 */
export async function codeActions(
  uri: vscode.Uri,
  range: vscode.Range,
  kind?: string,
): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        range,
        kind,
      );
      return (result ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
    } catch (err) {
      if (attempt >= 5 || !/Canceled/i.test(String(err))) throw err;
      await sleep(200 * attempt);
    }
  }
}

/**
 * The quick fixes offered for one diagnostic. (Actions that come back from
 * `vscode.executeCodeActionProvider` lose their `diagnostics` link, so this takes every action of
 * kind QuickFix at the range: the fixtures are valid TypeScript, so no other provider offers fixes.)
 */
export async function quickFixesFor(uri: vscode.Uri, diag: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await codeActions(uri, diag.range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
}

/** Applies a code action's edit (and its command, if any) the way the lightbulb menu would. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    const ok = await vscode.workspace.applyEdit(action.edit);
    assert.ok(ok, `workspace.applyEdit refused the edit of '${action.title}'`);
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
  assert.ok(action.edit || action.command, `code action '${action.title}' has neither an edit nor a command`);
}

/** Updates a setting in the workspace (the fresh workspace folder's .vscode/settings.json). */
export async function setSetting(section: string, value: unknown): Promise<void> {
  const dot = section.indexOf('.');
  await vscode.workspace
    .getConfiguration(section.slice(0, dot))
    .update(section.slice(dot + 1), value, vscode.ConfigurationTarget.Workspace);
}

/** Reverts and closes every open editor so the next test starts from the files on disk. */
export async function revertAndCloseAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'vscode-remote')) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
