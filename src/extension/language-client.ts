/**
 * Starts the Pathwise language server (`dist/server.js`, a separate Node process) through
 * vscode-languageclient: diagnostics, hovers and code actions come from there, so no analysis runs
 * on the extension host's event loop. The client answers the server's `workspace/configuration`
 * with the settings the user set, tells it the workspace trust state, and restarts it if it dies
 * (the library's default error handler: up to 4 restarts in 3 minutes).
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SELECTOR } from './documents';
import { explicitSettings, SECTION } from './settings';

/** Custom notification of the server (see src/server/server.ts). */
const DID_CHANGE_TRUST = 'pathwise/didChangeTrust';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR as LanguageClientOptions['documentSelector'],
    outputChannel: output,
    // A function: evaluated again when the client restarts the server (trust may have been granted since).
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
    synchronize: { configurationSection: SECTION },
    middleware: {
      workspace: {
        // Explicit values only (see settings.ts); other sections are not ours to answer.
        configuration: (params) =>
          params.items.map((item) => (item.section === SECTION ? explicitSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : null)),
      },
    },
  };
  const client = new LanguageClient('pathwise', 'Pathwise Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client.isRunning()) void client.sendNotification(DID_CHANGE_TRUST, { trusted: true });
    }),
  );
  return client;
}

/** The process id the running server reported at initialization (it changes after a restart). */
export function serverPid(client: LanguageClient): number | undefined {
  const experimental = client.initializeResult?.capabilities.experimental as { pathwise?: { pid?: number } } | undefined;
  return experimental?.pathwise?.pid;
}
