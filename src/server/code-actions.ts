/**
 * Quick fixes for Pathwise diagnostics and the "Fix all reparameterizable samplers in this file"
 * source action (`source.fixAll.pathwise`, usable from `editor.codeActionsOnSave`). Every action's
 * edit is one versioned `WorkspaceEdit`, so applying it is one undo step and it is refused if the
 * document changed since it was computed.
 */
import { CodeActionKind, type CancellationToken, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WireFinding } from '../core/protocol';
import { fixTitle } from '../core/report';
import type { TextEdit } from '../core/types';
import { DIAGNOSTIC_SOURCE, toTextEdits } from './convert';
import type { WorkspaceAnalysis } from './workspace-analysis';

/** `source.fixAll.pathwise`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.pathwise`;
/** The code action kinds the server offers (announced in its capabilities). */
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

/** True when a request restricted to `only` wants actions of `kind` (`source` contains `source.fixAll.pathwise`). */
function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export async function provideCodeActions(
  analysis: WorkspaceAnalysis,
  params: CodeActionParams,
  token: CancellationToken,
  log: (message: string) => void,
): Promise<CodeAction[]> {
  const result = await analysis.analyze(params.textDocument.uri, token);
  if (!result || result.notAnalysed) return [];
  const doc = result.snapshot;
  const actions: CodeAction[] = [];
  const only = params.context.only;

  if (wants(only, CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findingFor(doc, result.findings, d);
      if (!finding) continue;
      if (token.isCancellationRequested) return [];
      for (const fix of await analysis.fixes(result, finding, token)) {
        actions.push({ title: fixTitle(fix), kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred, edit: workspaceEdit(doc, fix.edits) });
      }
    }
  }
  // Fix-all only when asked for by kind (the lightbulb does not list source actions unasked).
  if (only && wants(only, FIX_ALL_KIND) && !token.isCancellationRequested) {
    const plan = await analysis.fixAll(result, token);
    if (plan?.edit && analysis.document(doc.uri)?.version === result.version) {
      actions.push({ title: 'Fix all reparameterizable samplers in this file', kind: FIX_ALL_KIND, edit: workspaceEdit(doc, [plan.edit]) });
      log(`${doc.uri}: fix-all plans ${plan.applied} fix(es)`);
    }
    for (const r of plan?.rejected ?? []) log(`${doc.uri}:${r.line}: "${r.title}" not applied: ${r.reason}`);
  }
  return actions;
}

/** One edit of the document's analysed version. */
function workspaceEdit(doc: TextDocument, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: toTextEdits(doc, edits) }] };
}

/** The finding a diagnostic was made from (same rule and range). */
function findingFor(doc: TextDocument, findings: WireFinding[], d: Diagnostic): WireFinding | undefined {
  const start = doc.offsetAt(d.range.start);
  const end = doc.offsetAt(d.range.end);
  return findings.find((f) => f.ruleId === d.code && f.start === start && f.end === end);
}
