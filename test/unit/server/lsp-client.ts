/**
 * A real LSP client outside VS Code for the tests: `pathwise lsp --stdio` started as a child process
 * from a temporary package (the CLI, server and worker bundled with the options esbuild.js uses),
 * spoken to with vscode-languageserver-protocol's JSON-RPC connection over the child's stdio.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import esbuild from 'esbuild';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const REPO = path.resolve(__dirname, '../../..');

/** Bundles cli, server and worker into a fresh temporary package; returns its `bin/pathwise.js`. */
export function buildPackage(root: string): string {
  const entries: [string, string][] = [
    ['src/cli/main.ts', 'dist/cli.js'],
    ['src/server/server.ts', 'dist/server.js'],
    ['src/server/analysis-worker.ts', 'dist/analysis-worker.js'],
  ];
  for (const [entry, out] of entries) {
    esbuild.buildSync({
      entryPoints: [path.join(REPO, entry)],
      outfile: path.join(root, out),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', '@tensorflow/*', 'esbuild'],
      logLevel: 'error',
    });
  }
  fs.mkdirSync(path.join(root, 'bin'));
  fs.copyFileSync(path.join(REPO, 'bin/pathwise.js'), path.join(root, 'bin/pathwise.js'));
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(root, 'package.json'));
  return path.join(root, 'bin/pathwise.js');
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pathwise-${prefix}-`));
}

/** One running server and the client connection to it. */
export class LspSession {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: (() => void)[] = [];
  stderr = '';

  constructor(bin: string, cwd: string) {
    this.child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.listen();
  }

  async initialize(rootUri: string, initializationOptions: unknown) {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } } },
      initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** The first (next) publishDiagnostics for `uri` that satisfies `accept`. */
  async diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 30_000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.published.find((p) => p.uri === uri && accept(p));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${uri}; got ${JSON.stringify(this.published.filter((p) => p.uri === uri))}\nstderr: ${this.stderr}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await new Promise<void>((r) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return r();
      const t = setTimeout(() => {
        this.child.kill('SIGKILL');
        r();
      }, 3000);
      this.child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
    this.connection.dispose();
  }
}
