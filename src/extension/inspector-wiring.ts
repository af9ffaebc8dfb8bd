/**
 * Connects the graph inspector (src/extension/inspector, owned separately) to the analysis
 * service: the static graph of a document, the fixes the panel can preview and apply.
 *
 * The panel's static graph is still computed in this process, only when the panel asks for it; a
 * file the language server reported as not analysed (over its time budget, too large) is not
 * analysed here either, and the CodeLens lines come from the server's diagnostics.
 */
import * as vscode from 'vscode';
import { applyEdits, getFixes } from '../core/api';
import type { AnalyzeOptions } from '../core/config';
import { buildStaticGraph } from '../core/graph/static-graph';
import type { TraceGraph } from '../core/graph/model';
import type { PanelFix } from '../core/protocol';
import { fixTitle } from '../core/report';
import type { Fix } from '../core/types';
import type { AnalysisService } from './analysis-service';
import { toWorkspaceEdit } from './edits';
import { registerInspector } from './inspector/index';

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
      const refused = notAnalysed(doc.uri);
      if (refused) return { graph: emptyGraph(doc.fileName, refused), fixes: [] };
      const analysis = service.analyseNow(doc);
      const graph = graphOf(doc.fileName, analysis.text, analysis.options);
      const fixes: PanelFix[] = [];
      const byId = new Map<string, PanelFixEntry>();
      analysis.findings.forEach((finding, i) => {
        if (!finding.fixable) return;
        getFixes(doc.fileName, analysis.text, finding, analysis.options).forEach((fix, j) => {
          const id = `v${analysis.version}-f${i}-x${j}`;
          const afterText = applyEdits(analysis.text, fix.edits);
          fixes.push({ id, title: fixTitle(fix), after: graphOf(doc.fileName, afterText, analysis.options) });
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
    findingLines(doc) {
      return pathwiseDiagnostics(doc.uri)
        .filter((d) => codeOf(d) !== NOT_ANALYSED)
        .map((d) => d.range.start.line + 1);
    },
  });
}

/** Code of the server's diagnostic on a file it did not analyse (src/server/convert.ts). */
const NOT_ANALYSED = 'not-analysed';

function pathwiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pathwise');
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

/** The server's reason for not analysing `uri`, if it gave one. */
function notAnalysed(uri: vscode.Uri): string | null {
  return pathwiseDiagnostics(uri).find((d) => codeOf(d) === NOT_ANALYSED)?.message ?? null;
}

/** A graph with nothing in it and the reason as a note. */
function emptyGraph(file: string, note: string): TraceGraph {
  return { version: 1, file, entry: null, seed: null, runtime: 'static', output: null, params: [], nodes: [], edges: [], gradcheck: [], error: null, notes: [note] };
}
