/**
 * VS Code entry point. A thin adapter: all analysis and fixing lives in `src/core`; this file wires
 * the output channel, diagnostics, hover, code actions and the graph inspector.
 * Activation is lazy (`onLanguage` for the four TS/JS languages) and does no work beyond analysing
 * the TS/JS documents already open.
 */
import * as vscode from 'vscode';
import { AnalysisService } from './analysis-service';
import { PathwiseCodeActions } from './code-actions';
import { DiagnosticsController } from './diagnostics';
import { SELECTOR } from './documents';
import { PathwiseHover } from './hover';
import { wireInspector } from './inspector-wiring';
import { SECTION } from './settings';
import { WorkspaceConfigFiles } from './workspace-config';

/** Called by VS Code on the first TS/JS document. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Pathwise', { log: true });
  const docsRoot = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  const configFiles = new WorkspaceConfigFiles(output);
  const service = new AnalysisService(configFiles, output);
  const diagnostics = new DiagnosticsController(service, docsRoot, output);

  context.subscriptions.push(
    output,
    configFiles,
    diagnostics,
    vscode.languages.registerHoverProvider(SELECTOR, new PathwiseHover(service, docsRoot)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new PathwiseCodeActions(service, output), PathwiseCodeActions.metadata),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      output.info('settings changed; re-analysing open files');
      diagnostics.refreshAll();
    }),
    configFiles.onDidChange(() => diagnostics.refreshAll()),
  );
  wireInspector(context, output, service);
  output.info(`Pathwise ${String(context.extension.packageJSON.version ?? '')} activated`);
  diagnostics.refreshAll();
}

/** Everything is disposed through `context.subscriptions`. */
export function deactivate(): void {}
