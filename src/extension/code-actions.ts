/**
 * Quick fixes for Pathwise diagnostics and the "Fix all reparameterizable samplers in this file"
 * source action (`source.fixAll.pathwise`, usable from `editor.codeActionsOnSave`).
 */
import * as vscode from 'vscode';
import { getFixes } from '../core/api';
import { fixToFixpoint, minimalEdit } from '../core/fix-loop';
import { fixTitle } from '../core/report';
import type { Finding } from '../core/types';
import type { AnalysisService } from './analysis-service';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { toWorkspaceEdit } from './edits';
import { isAnalysable } from './documents';
import { readSettings } from './settings';

/** `source.fixAll.pathwise`. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('pathwise');

export class PathwiseCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly service: AnalysisService,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    if (!isAnalysable(doc) || !readSettings(doc.uri).enable) return actions;
    try {
      const analysis = await this.service.analyse(doc);
      if (analysis.skipped || doc.version !== analysis.version) return [];
      if (!context.only || context.only.contains(vscode.CodeActionKind.QuickFix)) {
        for (const d of context.diagnostics) {
          if (d.source !== DIAGNOSTIC_SOURCE) continue;
          const finding = findingFor(doc, analysis.findings, d);
          if (!finding || !finding.fixable) continue;
          for (const fix of getFixes(doc.fileName, analysis.text, finding, analysis.options)) {
            const action = new vscode.CodeAction(fixTitle(fix), vscode.CodeActionKind.QuickFix);
            action.diagnostics = [d];
            action.isPreferred = fix.preferred;
            action.edit = toWorkspaceEdit(doc, fix.edits);
            actions.push(action);
          }
        }
      }
      if (context.only?.contains(FIX_ALL_KIND) && analysis.findings.some((f) => f.fixable)) {
        const fixed = fixToFixpoint(doc.fileName, analysis.text, analysis.options);
        const edit = minimalEdit(analysis.text, fixed.text);
        if (edit) {
          const action = new vscode.CodeAction('Fix all reparameterizable samplers in this file', FIX_ALL_KIND);
          action.edit = toWorkspaceEdit(doc, [edit]);
          actions.push(action);
          this.log.info(`${vscode.workspace.asRelativePath(doc.uri)}: fix-all plans ${fixed.applied.length} fix(es)`);
        }
        for (const r of fixed.rejected) this.log.warn(`${vscode.workspace.asRelativePath(doc.uri)}:${r.line}: "${r.title}" not applied: ${r.reason}`);
      }
    } catch (e) {
      this.log.error(`code actions for ${vscode.workspace.asRelativePath(doc.uri)} failed: ${(e as Error).stack ?? e}`);
    }
    return actions;
  }
}

/** The finding a diagnostic was made from (same rule and range). */
function findingFor(doc: vscode.TextDocument, findings: Finding[], d: vscode.Diagnostic): Finding | undefined {
  const rule = typeof d.code === 'object' ? d.code.value : d.code;
  const start = doc.offsetAt(d.range.start);
  const end = doc.offsetAt(d.range.end);
  return findings.find((f) => f.ruleId === rule && f.start === start && f.end === end);
}
