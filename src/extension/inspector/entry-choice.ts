/**
 * Which function a trace of a document runs: the one the user chose for this file (a "Trace"
 * CodeLens or "Pick an entry…", remembered in workspace state), else the shared `pickEntry` choice
 * (the same as `pathwise trace` without `--entry`). Arguments the function cannot do without are
 * asked for in an input box prefilled with JSON, remembered per function.
 */
import * as vscode from 'vscode';
import { noEntryHint, pickEntry, type FileEntries, type TraceEntry } from '../../core/entries';
import type { TraceTarget } from './trace';

const TARGET_KEY = (doc: vscode.TextDocument) => `pathwise.trace.target:${doc.uri.toString()}`;
const ARGS_KEY = (doc: vscode.TextDocument, fn: string) => `pathwise.trace.args:${doc.uri.toString()}#${fn}`;

/**
 * The document's gradient contexts as entries. They come from the language server (computed on its
 * analysis thread with the diagnostics' options), so listing them never parses on the extension host.
 */
export type EntriesSource = (doc: vscode.TextDocument, token?: vscode.CancellationToken) => Promise<FileEntries>;

/**
 * What a trace of `doc` runs. When no entry can start by itself the module runs anyway (its top-level
 * code may call one the static analysis cannot see); `hint` then says what to do if it computes nothing.
 */
export async function targetOf(state: vscode.Memento, doc: vscode.TextDocument, entriesOf: EntriesSource): Promise<{ target: TraceTarget; hint?: string }> {
  const file = await entriesOf(doc);
  const chosen = state.get<TraceTarget>(TARGET_KEY(doc));
  // A remembered choice counts only while that function still exists.
  if (chosen && (chosen.entry === null || file.entries.some((e) => e.callable === chosen.entry))) return { target: chosen };
  const pick = pickEntry(file);
  if (pick.kind === 'module') return { target: { entry: null, args: {} } };
  if (pick.kind === 'entry') return { target: { entry: pick.entry, args: pick.args } };
  return { target: { entry: null, args: {} }, hint: `${noEntryHint(pick.candidates).replace('; pass --entry NAME', '; pick the function to trace')}` };
}

/** Remembers `target` as this file's entry (used by Re-run, save and the next open). */
export async function rememberTarget(state: vscode.Memento, doc: vscode.TextDocument, target: TraceTarget): Promise<void> {
  await state.update(TARGET_KEY(doc), target);
}

/** The target for one entry (a CodeLens): defaults as they are, an input box when arguments are missing. */
export async function targetForEntry(state: vscode.Memento, doc: vscode.TextDocument, entry: TraceEntry, entriesOf: EntriesSource): Promise<TraceTarget | undefined> {
  if (entry.callable === null) {
    void vscode.window.showInformationMessage(
      `Pathwise: ${entry.name} cannot be called on its own (no top-level function or class reaches it); tracing the file's entry instead.`,
    );
    return (await targetOf(state, doc, entriesOf)).target;
  }
  if (entry.missing.length === 0) return { entry: entry.callable, args: entry.args };
  const args = await askArgs(state, doc, entry);
  return args ? { entry: entry.callable, args } : undefined;
}

/** Quick pick of the file's entries ("Pick an entry…" in the status line). */
export async function chooseEntry(state: vscode.Memento, doc: vscode.TextDocument, entriesOf: EntriesSource): Promise<TraceTarget | undefined> {
  const entries = (await entriesOf(doc)).entries.filter((e) => e.callable !== null);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('Pathwise: this file has no top-level gradient context to trace (an objective, or a function passed to tf.grad / optimizer.minimize).');
    return undefined;
  }
  const item = await vscode.window.showQuickPick(
    entries.map((e) => ({
      label: e.name,
      description: e.callable !== e.name ? `runs ${e.callable}` : e.missing.length ? `needs ${e.missing.join(', ')}` : 'default arguments',
      detail: `line ${e.range.line} · ${e.kind}${e.params.length ? ` · (${e.params.map((p) => p.name ?? '…').join(', ')})` : ''}`,
      entry: e,
    })),
    { title: 'Pathwise: trace which gradient context?', placeHolder: 'The graph shows values and gradients of one call of this function' },
  );
  return item ? targetForEntry(state, doc, item.entry, entriesOf) : undefined;
}

/** Input box prefilled with the remembered (or suggested) JSON arguments of `entry`; remembers the answer. */
async function askArgs(state: vscode.Memento, doc: vscode.TextDocument, entry: TraceEntry): Promise<Record<string, unknown> | undefined> {
  const fn = entry.callable!;
  const names = new Set(entry.params.map((p) => p.name).filter((n): n is string => n !== null));
  // A Layer's constructor arguments travel beside call()'s own: `{"$new": [{"units": 4}], "inputs": …}`.
  const layer = entry.kind === 'layer-call';
  if (layer) names.add('$new');
  const remembered = state.get<Record<string, unknown>>(ARGS_KEY(doc, fn));
  const value = JSON.stringify(remembered ?? entry.suggested);
  const answer = await vscode.window.showInputBox({
    title: `Pathwise: arguments of ${fn}`,
    prompt: layer
      ? `JSON object: call()'s inputs by parameter name, "$new" the constructor's arguments (needed: ${entry.missing.join(', ')}). A tensor: {"$tensor":{"shape":[2,4]}}, several inputs: an array of them`
      : `JSON object by parameter name (needed: ${entry.missing.join(', ')}). A tensor: {"$tensor":{"shape":[8,4]}}`,
    value,
    validateInput: (text) => {
      try {
        const v = JSON.parse(text);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'a JSON object, e.g. {"mu": 0.5}';
        const unknown = Object.keys(v).filter((k) => names.size > 0 && !names.has(k));
        return unknown.length ? `${fn} has no parameter named ${unknown.join(', ')}` : null;
      } catch (e) {
        return `not JSON: ${(e as Error).message}`;
      }
    },
  });
  if (answer === undefined) return undefined;
  const args = JSON.parse(answer) as Record<string, unknown>;
  await state.update(ARGS_KEY(doc, fn), args);
  return args;
}
