/**
 * Connects the graph inspector (src/extension/inspector, owned separately) to the language server:
 * the static graph of a document and the fixes the panel can preview and apply come from the
 * server's `pathwise/documentAnalysis` request (computed on its worker thread, within its time
 * budget), so the inspector never analyses on the extension host either. The inspector asks
 * synchronously; until the answer for the current version arrives it shows the last graph (or an
 * empty one with a note), then the panel is re-rendered.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TraceGraph } from '../core/graph/model';
import { applyEdits } from '../core/api';
import { ENTRIES_REQUEST, type DocumentAnalysisResult, type EntriesResult, type InspectorFix as ServerFix } from '../core/protocol';
import { toWorkspaceEdit } from './edits';
import { registerInspector, type InspectorFix } from './inspector/index';
import { VIEW_TYPE } from './inspector/panel';

const DOCUMENT_ANALYSIS = 'pathwise/documentAnalysis';

interface Cached {
  version: number;
  graph: TraceGraph;
  fixes: (ServerFix & { id: string; afterText: string })[];
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
        // The rewritten text (traced for "Show graph after fix") is made once, from the version the fixes are for.
        const text = doc.getText();
        const fixes = 'fixes' in r ? r.fixes.map((f, i) => ({ ...f, id: `v${r.version}-x${i}`, afterText: applyEdits(text, f.edits) })) : [];
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
      // Only fixes of this very version apply to its text.
      const fixes: InspectorFix[] = hit.version === doc.version ? hit.fixes.map(({ id, title, after, afterText }) => ({ id, title, after, afterText })) : [];
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
    async entries(doc, token) {
      // Listed on the server's analysis thread (the client waits for a server that is still starting).
      // The lens request's token goes along: a superseded request leaves the thread's queue at once.
      const params = { uri: client.code2ProtocolConverter.asUri(doc.uri) };
      // vscode-jsonrpc sends every argument after the method as a parameter: an undefined token would
      // turn `params` into `[params, null]`, so the token goes along only when there is one.
      const r = await (token ? client.sendRequest<EntriesResult>(ENTRIES_REQUEST, params, token) : client.sendRequest<EntriesResult>(ENTRIES_REQUEST, params))
        .catch((e) => {
          if (token?.isCancellationRequested) return null; // superseded by a newer request: not a failure
          output.warn(`inspector: entries of ${vscode.workspace.asRelativePath(doc.uri)} failed: ${(e as Error)?.message ?? e}`);
          return null;
        });
      return r?.entries ?? { entries: [], moduleCalls: [] };
    },
  });
  context.subscriptions.push(vscode.workspace.onDidCloseTextDocument((doc) => cache.delete(doc.uri.toString())));
}

function panelOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes(VIEW_TYPE)));
}

/** A graph with nothing in it and the reason as a note. */
function emptyGraph(file: string, note: string): TraceGraph {
  return { version: 1, file, entry: null, seed: null, runtime: 'static', output: null, params: [], nodes: [], edges: [], gradcheck: [], error: null, notes: [note] };
}
