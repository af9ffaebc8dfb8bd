/**
 * Connects the graph inspector (src/extension/inspector, owned separately) to the language server:
 * the static graph of a document and the fixes the panel can preview and apply come from the
 * server's `pathwise/documentAnalysis` request (computed on its worker thread, within its time
 * budget), so the inspector never analyses on the extension host either. The inspector asks
 * synchronously; until the answer for the current version arrives it shows the last graph (or an
 * empty one with a note), then the panel is re-rendered. CodeLens lines come from the diagnostics.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TraceGraph } from '../core/graph/model';
import type { DocumentAnalysisResult, InspectorFix, PanelFix } from '../core/protocol';
import { toWorkspaceEdit } from './edits';
import { registerInspector } from './inspector/index';
import { VIEW_TYPE } from './inspector/panel';

const DOCUMENT_ANALYSIS = 'pathwise/documentAnalysis';
/** Code of the server's diagnostic on a file it did not analyse (src/server/convert.ts). */
const NOT_ANALYSED = 'not-analysed';
/** Largest document (characters) that gets "Show gradient graph" lenses (see findingLines). */
const LENS_MAX_CHARS = 32_000;

interface Cached {
  version: number;
  graph: TraceGraph;
  fixes: (InspectorFix & { id: string })[];
}

/** Registers the inspector with the server's analysis (same findings, same fixes as the diagnostics). */
export function wireInspector(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, client: LanguageClient): void {
  const cache = new Map<string, Cached>();
  const asked = new Set<string>();

  const request = (doc: vscode.TextDocument): void => {
    const key = `${doc.uri.toString()}@${doc.version}`;
    if (asked.has(key)) return;
    asked.add(key);
    client
      .sendRequest<DocumentAnalysisResult | null>(DOCUMENT_ANALYSIS, { uri: client.code2ProtocolConverter.asUri(doc.uri) })
      .then((r) => {
        if (!r || r.version !== doc.version) return;
        const graph = 'graph' in r ? r.graph : emptyGraph(doc.fileName, `Pathwise did not analyse this file: ${r.notAnalysed}.`);
        const fixes = 'fixes' in r ? r.fixes.map((f, i) => ({ ...f, id: `v${r.version}-x${i}` })) : [];
        cache.set(doc.uri.toString(), { version: r.version, graph, fixes });
        // Re-render the panel if it shows this document (the command reveals it without tracing).
        if (panelOpen() && vscode.window.activeTextEditor?.document === doc) void vscode.commands.executeCommand('pathwise.openInspector', doc.uri);
      })
      .catch((e) => output.warn(`inspector: analysis of ${vscode.workspace.asRelativePath(doc.uri)} failed: ${(e as Error)?.message ?? e}`))
      .finally(() => asked.delete(key));
  };

  registerInspector(context, {
    output,
    getAnalysis(doc) {
      const hit = cache.get(doc.uri.toString());
      if (!hit || hit.version !== doc.version) request(doc);
      if (!hit) return { graph: emptyGraph(doc.fileName, 'analysing…'), fixes: [] };
      const fixes: PanelFix[] = hit.fixes.map((f) => ({ id: f.id, title: f.title, after: f.after }));
      return { graph: hit.graph, fixes };
    },
    async applyFix(uri, fixId) {
      const hit = cache.get(uri.toString());
      const fix = hit?.fixes.find((f) => f.id === fixId);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (!hit || !fix || !doc) {
        output.warn(`inspector: fix ${fixId} is not available any more`);
        return;
      }
      if (doc.version !== hit.version) {
        void vscode.window.showWarningMessage('Pathwise: the file changed since this fix was computed; apply it again from the refreshed graph.');
        return;
      }
      const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, fix.edits));
      output.info(`inspector: ${ok ? 'applied' : 'could not apply'} "${fix.title}" to ${vscode.workspace.asRelativePath(uri)}`);
    },
    findingLines(doc) {
      // The lens provider parses the document on the extension host to find the enclosing functions;
      // above this size that parse alone blocks the host for tens of ms, so large files get no lens.
      if (doc.getText().length > LENS_MAX_CHARS) return [];
      return vscode.languages
        .getDiagnostics(doc.uri)
        .filter((d) => d.source === 'pathwise' && codeOf(d) !== NOT_ANALYSED)
        .map((d) => d.range.start.line + 1);
    },
  });
  context.subscriptions.push(vscode.workspace.onDidCloseTextDocument((doc) => cache.delete(doc.uri.toString())));
}

function panelOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes(VIEW_TYPE)));
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

/** A graph with nothing in it and the reason as a note. */
function emptyGraph(file: string, note: string): TraceGraph {
  return { version: 1, file, entry: null, seed: null, runtime: 'static', output: null, params: [], nodes: [], edges: [], gradcheck: [], error: null, notes: [note] };
}
