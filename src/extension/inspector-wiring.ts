/**
 * Connects the graph inspector (src/extension/inspector, owned separately) to the analysis
 * service: the static graph of a document, the fixes the panel can preview and apply.
 */
import * as vscode from 'vscode';
import { applyEdits, getFixes } from '../core/api';
import type { AnalyzeOptions } from '../core/config';
import { buildStaticGraph } from '../core/graph/static-graph';
import type { TraceGraph } from '../core/graph/model';
import { fixTitle } from '../core/report';
import type { Fix } from '../core/types';
import type { AnalysisService } from './analysis-service';
import { toWorkspaceEdit } from './edits';
import { registerInspector, type InspectorFix } from './inspector/index';

/** Fixes offered in the panel per document, keyed by id; ids carry the document version. */
interface PanelFixEntry {
  version: number;
  fix: Fix;
}

/** Registers the inspector with the analysis behind the diagnostics (same findings, same fixes). */
export function wireInspector(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, service: AnalysisService): void {
  const offered = new Map<string, Map<string, PanelFixEntry>>();

  // The analyzer's static graph of the gradient contexts (params, ε, samples, host reads, loss).
  const graphOf = (file: string, text: string, options: AnalyzeOptions): TraceGraph => buildStaticGraph(file, text, options);

  registerInspector(context, {
    output,
    getAnalysis(doc) {
      const analysis = service.analyseNow(doc);
      const graph = graphOf(doc.fileName, analysis.text, analysis.options);
      const fixes: InspectorFix[] = [];
      const byId = new Map<string, PanelFixEntry>();
      analysis.findings.forEach((finding, i) => {
        if (!finding.fixable) return;
        getFixes(doc.fileName, analysis.text, finding, analysis.options).forEach((fix, j) => {
          const id = `v${analysis.version}-f${i}-x${j}`;
          const afterText = applyEdits(analysis.text, fix.edits);
          fixes.push({ id, title: fixTitle(fix), after: graphOf(doc.fileName, afterText, analysis.options), afterText });
          byId.set(id, { version: analysis.version, fix });
        });
      });
      offered.set(doc.uri.toString(), byId);
      return { graph, fixes };
    },
    async applyFix(uri, fixId) {
      const entry = offered.get(uri.toString())?.get(fixId);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (!entry || !doc) {
        output.warn(`inspector: fix ${fixId} is not available any more`);
        return;
      }
      if (doc.version !== entry.version) {
        void vscode.window.showWarningMessage('Pathwise: the file changed since this fix was computed; apply it again from the refreshed graph.');
        return;
      }
      const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, entry.fix.edits));
      output.info(`inspector: ${ok ? 'applied' : 'could not apply'} "${entry.fix.title}" to ${vscode.workspace.asRelativePath(uri)}`);
    },
  });
}
