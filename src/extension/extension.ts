/**
 * VS Code entry point. A thin adapter: diagnostics, hovers and code actions come from the Pathwise
 * language server (`src/server`, a separate process started by `language-client.ts`), so analysing
 * user code never blocks the extension host; this file wires the output channel, the client and the
 * graph inspector. Activation is lazy (`onLanguage` for the four TS/JS languages).
 */
import * as vscode from 'vscode';
import { wireInspector } from './inspector-wiring';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, serverPid } from './language-client';
import { onDidEstimate } from './estimates';
import { paramSummaries } from '../core/estimators/summary';
import { DID_ESTIMATE, type DidEstimateParams } from '../core/protocol';

/** What `activate` returns to other extensions and to the integration tests. */
export interface PathwiseApi {
  /** Process id of the running language server (changes when the client restarts it). */
  serverPid(): number | undefined;
}

/** Called by VS Code on the first TS/JS document. */
let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): PathwiseApi {
  const output = vscode.window.createOutputChannel('Pathwise', { log: true });
  const lc = createLanguageClient(context, output);
  client = lc;

  context.subscriptions.push(
    output,
    { dispose: () => void lc.stop().catch(() => {}) },
  );
  wireInspector(context, output, lc);
  // The estimator lab's verdicts go to the server, which adds them to the findings' hovers.
  context.subscriptions.push(
    onDidEstimate(({ doc, version, report }) => {
      if (!lc.isRunning()) return;
      const params: DidEstimateParams = { uri: lc.code2ProtocolConverter.asUri(doc.uri), version, summaries: paramSummaries(report) };
      void lc.sendNotification(DID_ESTIMATE, params);
    }),
  );
  output.info(`Pathwise ${String(context.extension.packageJSON.version ?? '')} activated`);
  const started = Date.now();
  lc.start().then(
    () => output.info(`language server started (pid ${serverPid(lc)}) in ${Date.now() - started} ms`),
    (e) => output.error(`language server failed to start: ${(e as Error)?.stack ?? e}`),
  );
  return { serverPid: () => serverPid(lc) };
}

/** Stops the language server (VS Code waits for the returned promise). */
export function deactivate(): Promise<void> | undefined {
  return client?.stop().catch(() => {});
}
