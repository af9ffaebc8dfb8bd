/**
 * The Pathwise language server (bundled to `dist/server.js`): plain LSP over stdio or node IPC, so
 * VS Code (through vscode-languageclient), Neovim and any other LSP client get the same diagnostics,
 * hovers and code actions. Analysis runs on a worker thread within a time budget (see
 * {@link AnalysisRunner}); this process only routes messages, so it answers at once whatever the input.
 *
 * Initialization options (all optional): `trusted` (default true; VS Code's client sends the
 * workspace trust state, and `pathwise/didChangeTrust` when it changes), `analysisBudgetMs`
 * (default 5000) and `settings` (the `pathwise` section, for clients without `workspace/configuration`).
 */
import * as path from 'node:path';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  CancellationToken,
  ErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mergeOptions } from '../core/config';
import { PROJECT_CONFIG_RE } from '../core/project/resolve';
import { DID_ESTIMATE, ENTRIES_REQUEST, isDidEstimateParams, isUriParams, type DidEstimateParams, type DocumentAnalysisResult, type EntriesResult } from '../core/protocol';
import { AnalysisRunner } from './analysis-runner';
import { CODE_ACTION_KINDS, provideCodeActions } from './code-actions';
import { CONFIG_FILE_NAME, ConfigFiles, filePath } from './config-files';
import { DiagnosticsPublisher } from './diagnostics';
import { provideHover } from './hover';
import { parseSettings, SECTION, type ServerSettings } from './settings';
import { WorkspaceAnalysis } from './workspace-analysis';

/** Custom notification: the client's workspace trust changed (`{ trusted: boolean }`). */
export const DID_CHANGE_TRUST = 'pathwise/didChangeTrust';
/** Custom request: the graph inspector's static graph and fixes of an open document. */
export const DOCUMENT_ANALYSIS = 'pathwise/documentAnalysis';
const DEFAULT_BUDGET_MS = 5000;
/** Project source files watched for changes on disk. */
const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
/** TypeScript/JavaScript project configs (`paths`, `baseUrl`, `extends` targets named like them): module resolution. */
const PROJECT_CONFIG_GLOB = '**/{tsconfig,jsconfig}*.json';

interface InitOptions {
  trusted?: boolean;
  analysisBudgetMs?: number;
  settings?: unknown;
}

const connection = createConnection();
const documents = new TextDocuments(TextDocument);
const log = {
  info: (m: string) => connection.console.info(m),
  error: (m: string) => connection.console.error(m),
};
const configFiles = new ConfigFiles(log);
const runner = new AnalysisRunner(path.join(__dirname, 'analysis-worker.js'), DEFAULT_BUDGET_MS, log.info);

let trusted = true;
let pullsConfiguration = false;
let pushedSettings: unknown = {};
const settingsCache = new Map<string, Promise<ServerSettings>>();
const reported = new Set<string>();

/** The settings that apply to `uri` (asked from the client once per document until they change). */
function settingsFor(uri: string): Promise<ServerSettings> {
  let hit = settingsCache.get(uri);
  if (!hit) {
    const raw = pullsConfiguration
      ? connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }).catch(() => ({}))
      : Promise.resolve(pushedSettings);
    hit = raw.then((r) => {
      const s = parseSettings(r, trusted);
      for (const p of s.problems) if (!reported.has(p) && reported.add(p)) log.error(p);
      return s;
    });
    settingsCache.set(uri, hit);
  }
  return hit;
}

const analysis = new WorkspaceAnalysis(runner, async (uri) => {
  const [file, settings] = await Promise.all([configFiles.forDocument(uri), settingsFor(uri)]);
  return mergeOptions(file, settings.options);
});
const diagnostics = new DiagnosticsPublisher(connection, analysis, settingsFor, log.info);

/** Declaration files hold no code, and go-to-definition opens many: not analysed. */
const analysable = (uri: string) => !/\.d\.[mc]?ts$/i.test(uri);

function everythingChanged(why: string): void {
  log.info(`${why}; re-analysing open files`);
  settingsCache.clear();
  diagnostics.refreshAll();
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const init = (params.initializationOptions ?? {}) as InitOptions;
  trusted = init.trusted !== false;
  if (typeof init.analysisBudgetMs === 'number' && init.analysisBudgetMs > 0) runner.budgetMs = init.analysisBudgetMs;
  pushedSettings = init.settings ?? {};
  pullsConfiguration = params.capabilities.workspace?.configuration === true;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  configFiles.setFolders(folders);
  runner.warmUp();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      // The process id lets a client (and the crash test) see which server answers.
      experimental: { pathwise: { pid: process.pid, trusted, analysisBudgetMs: runner.budgetMs } },
    },
    serverInfo: { name: 'pathwise' },
  };
});

connection.onInitialized(() => {
  // Config files are watched by the client; only ask for it when the client can register watchers.
  // Source files too: an import's module changed on disk (a save elsewhere, a checkout) re-analyses its importers.
  void connection.client
    .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: SOURCE_GLOB }, { globPattern: PROJECT_CONFIG_GLOB }] })
    .catch(() => {});
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    void connection.workspace.getWorkspaceFolders().then((fs) => {
      configFiles.setFolders((fs ?? []).map((f) => f.uri));
      everythingChanged(`workspace folders changed (+${e.added.length} -${e.removed.length})`);
    });
  });
});

connection.onDidChangeConfiguration((change) => {
  const settings = (change.settings as Record<string, unknown> | null)?.[SECTION];
  if (settings !== undefined) pushedSettings = settings;
  everythingChanged('settings changed');
});

connection.onDidChangeWatchedFiles((params) => {
  if (params.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) {
    configFiles.invalidate();
    everythingChanged(`${CONFIG_FILE_NAME} changed`);
    return;
  }
  const affected = new Set<string>();
  let projectConfig = false;
  for (const c of params.changes) {
    const file = filePath(c.uri);
    // An open document's text comes from the editor, not the disk.
    if (file && !documents.get(c.uri)) for (const u of analysis.didChangeOnDisk(file)) affected.add(u);
    if (file && PROJECT_CONFIG_RE.test(file)) projectConfig = true;
  }
  // A tsconfig/jsconfig change reached the analysis thread above (its project index starts over);
  // any open file's imports may now resolve elsewhere.
  if (projectConfig) everythingChanged('tsconfig.json/jsconfig.json changed');
  else if (affected.size) diagnostics.refresh([...affected]);
});

connection.onNotification(DID_CHANGE_TRUST, (params: { trusted?: unknown }) => {
  trusted = params?.trusted === true;
  everythingChanged(`workspace ${trusted ? 'trusted' : 'restricted'}`);
});

/** Version each open document was last handled at: `onDidChangeContent` also fires right after `onDidOpen`. */
const handled = new Map<string, number>();
documents.onDidOpen((e) => {
  handled.set(e.document.uri, e.document.version);
  if (analysable(e.document.uri)) diagnostics.refresh(analysis.didOpen(e.document));
});
documents.onDidChangeContent((e) => {
  const { uri, version } = e.document;
  if (handled.get(uri) === version || !analysable(uri)) return;
  handled.set(uri, version);
  void diagnostics.edited(analysis.didChange(e.document));
});
documents.onDidSave((e) => {
  if (analysable(e.document.uri)) diagnostics.refresh(analysis.affectedFiles(e.document.uri));
});
documents.onDidClose((e) => {
  handled.delete(e.document.uri);
  diagnostics.closed(e.document.uri);
  estimateSummaries.delete(e.document.uri);
  diagnostics.refresh(analysis.didClose(e.document.uri));
  settingsCache.delete(e.document.uri);
});

/** Estimator-lab summaries the client sent per document, with the version they ran on. */
const estimateSummaries = new Map<string, DidEstimateParams>();
connection.onNotification(DID_ESTIMATE, (params: unknown) => {
  if (isDidEstimateParams(params)) estimateSummaries.set(params.uri, params);
});
const summariesOf = (uri: string, version: number) => {
  const hit = estimateSummaries.get(uri);
  return hit && hit.version === version ? hit.summaries : [];
};
connection.onHover(async (params, token) => ((await settingsFor(params.textDocument.uri)).enable ? provideHover(analysis, params, token, summariesOf) : null));
connection.onCodeAction(async (params, token) =>
  (await settingsFor(params.textDocument.uri)).enable ? provideCodeActions(analysis, params, token, log.info) : [],
);
// The graph inspector's data (see src/extension/inspector-wiring.ts), computed on the worker like everything else.
connection.onRequest(DOCUMENT_ANALYSIS, async (params: unknown, token: unknown): Promise<DocumentAnalysisResult | null> => {
  if (!isUriParams(params) || !CancellationToken.is(token)) throw badParams(DOCUMENT_ANALYSIS);
  const result = await analysis.analyze(params.uri, token);
  return result && !token.isCancellationRequested ? analysis.inspect(result, token) : null;
});
// The "Trace" lenses and the inspector's entry (see src/extension/inspector/entry-choice.ts).
connection.onRequest(ENTRIES_REQUEST, async (params: unknown, token: unknown): Promise<EntriesResult> => {
  if (!isUriParams(params) || !CancellationToken.is(token)) throw badParams(ENTRIES_REQUEST);
  return (await settingsFor(params.uri)).enable && !token.isCancellationRequested ? analysis.entries(params.uri, token) : null;
});
/**
 * A request that is not one `{ uri }` parameter is answered with a clear error the client logs. (A stray
 * `undefined` after the parameters makes vscode-jsonrpc send `[params, null]`: the handler then gets a
 * null token, and the lenses and the inspector once read the crash as "no entries".)
 */
function badParams(method: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `${method} expects one parameter { uri: string }`);
}
connection.onShutdown(() => runner.dispose());

documents.listen(connection);
connection.listen();
