/**
 * Whole-project analysis in the language server, driven by a real LSP client (`pathwise lsp --stdio`):
 * a sampler wrapper in another module is reported at the call, with a related location in that
 * module; editing, closing or changing the module on disk re-publishes the importer's diagnostics.
 * Also the two custom messages the VS Code client uses: `pathwise/entries` (the Trace lenses) and
 * `pathwise/didEstimate` (the estimator lab's verdict in the hover).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  HoverRequest,
  RegistrationRequest,
  type Registration,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { buildPackage, LspSession, REPO, tempDir } from './lsp-client';

let root: string;
let bin: string;
const sessions: LspSession[] = [];

beforeAll(() => {
  root = tempDir('lsp-project');
  bin = buildPackage(path.join(root, 'pkg'));
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  fs.rmSync(root, { recursive: true, force: true });
});

const FIXTURE = path.join(REPO, 'test/fixtures/projects/sampler-wrapper');
/** sampling.ts rewritten in the pathwise form: the noise is standard, mu and sd act on it. */
const PATHWISE_WRAPPER = `import jStat from 'jstat';\n\nexport function drawNormal(mu: number, sd: number): number {\n  return mu + sd * jStat.normal.sample(0, 1);\n}\n`;

async function start(files: Record<string, string>) {
  const ws = fs.mkdtempSync(path.join(root, 'ws-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(ws, name), text);
  const session = new LspSession(bin, ws);
  sessions.push(session);
  // What the server asks the client to watch (client/registerCapability).
  const registrations: Registration[] = [];
  session.connection.onRequest(RegistrationRequest.type, (p) => {
    registrations.push(...p.registrations);
  });
  await session.initialize(pathToFileURL(ws).toString(), {});
  const uri = (name: string) => pathToFileURL(path.join(ws, name)).toString();
  const versions = new Map<string, number>();
  const open = async (name: string) => {
    versions.set(name, 1);
    const text = fs.readFileSync(path.join(ws, name), 'utf8');
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(name), languageId: 'typescript', version: 1, text } });
  };
  const change = async (name: string, text: string) => {
    const version = (versions.get(name) ?? 1) + 1;
    versions.set(name, version);
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uri(name), version }, contentChanges: [{ text }] });
  };
  const close = (name: string) => session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uri(name) } });
  /** The next publish for `name` (after the call) that satisfies `accept`. */
  const next = (name: string, accept: (p: PublishDiagnosticsParams) => boolean) => {
    const from = session.published.length;
    return () => session.diagnostics(uri(name), (p) => session.published.indexOf(p) >= from && accept(p));
  };
  return { ws, session, uri, open, change, close, next, registrations };
}

const sampler = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'opaque-sampler');

describe('project analysis in the language server', () => {
  it('reports the wrapper call with a related location in the other module, and follows edits of that module', async () => {
    const files = Object.fromEntries(['loss.ts', 'sampling.ts'].map((f) => [f, fs.readFileSync(path.join(FIXTURE, f), 'utf8')]));
    const { session, uri, open, change, close, next } = await start(files);
    const first = next('loss.ts', (p) => p.diagnostics.length > 0);
    await open('loss.ts');
    const found = sampler(await first());
    expect(found).toHaveLength(1);
    expect(found[0].range.start).toEqual({ line: 3, character: 12 });
    const related = found[0].relatedInformation ?? [];
    const inWrapper = related.find((r) => r.location.uri === uri('sampling.ts'));
    expect(inWrapper, JSON.stringify(related)).toBeDefined();
    expect(inWrapper!.location.range.start.line).toBe(4); // jStat.normal.sample(mu, sd), 1-based line 5

    // Opening the wrapper and rewriting it (unsaved) re-publishes the importer: the finding is gone.
    await open('sampling.ts');
    const cleared = next('loss.ts', (p) => sampler(p).length === 0);
    await change('sampling.ts', PATHWISE_WRAPPER);
    await cleared();

    // Closing the unsaved wrapper: the text on disk applies again, and so does the finding.
    const back = next('loss.ts', (p) => sampler(p).length === 1);
    await close('sampling.ts');
    await back();
    expect(session.stderr).not.toMatch(/Error/);
  });

  it('re-analyses an open importer when the module changes on disk (didChangeWatchedFiles)', async () => {
    const files = Object.fromEntries(['loss.ts', 'sampling.ts'].map((f) => [f, fs.readFileSync(path.join(FIXTURE, f), 'utf8')]));
    const { ws, session, uri, open, next } = await start(files);
    const first = next('loss.ts', (p) => sampler(p).length === 1);
    await open('loss.ts');
    await first();
    fs.writeFileSync(path.join(ws, 'sampling.ts'), PATHWISE_WRAPPER);
    const cleared = next('loss.ts', (p) => sampler(p).length === 0);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('sampling.ts'), type: FileChangeType.Changed }] });
    await cleared();
  });

  it('watches tsconfig.json and re-resolves imports when it changes on disk (paths now point at an opaque wrapper)', async () => {
    const opaque = fs.readFileSync(path.join(FIXTURE, 'sampling.ts'), 'utf8');
    const config = (dir: string) => JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@noise/*': [`${dir}/*`] } } });
    const loss = fs.readFileSync(path.join(FIXTURE, 'loss.ts'), 'utf8').replace("'./sampling'", "'@noise/sampling'");
    const { ws, session, uri, open, next, registrations } = await start({ 'tsconfig.json': config('clean'), 'loss.ts': loss });
    for (const [dir, text] of [['clean', PATHWISE_WRAPPER], ['opaque', opaque]]) {
      fs.mkdirSync(path.join(ws, dir));
      fs.writeFileSync(path.join(ws, dir, 'sampling.ts'), text);
    }
    const clean = next('loss.ts', (p) => sampler(p).length === 0);
    await open('loss.ts');
    await clean();
    // The server asked the client to watch the configs (registration comes after `initialized`).
    await expect.poll(() => JSON.stringify(registrations)).toContain('{tsconfig,jsconfig}*.json');

    fs.writeFileSync(path.join(ws, 'tsconfig.json'), config('opaque'));
    const found = next('loss.ts', (p) => sampler(p).length === 1);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('tsconfig.json'), type: FileChangeType.Changed }] });
    const d = sampler(await found())[0];
    expect(d.relatedInformation?.some((r) => r.location.uri === uri('opaque/sampling.ts'))).toBe(true);

    // And back: the paths point at the pathwise wrapper again.
    fs.writeFileSync(path.join(ws, 'tsconfig.json'), config('clean'));
    const cleared = next('loss.ts', (p) => sampler(p).length === 0);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('tsconfig.json'), type: FileChangeType.Changed }] });
    await cleared();
  });

  it('lists the gradient contexts as entries (pathwise/entries) and adds the estimator verdict to the hover (pathwise/didEstimate)', async () => {
    const text = fs.readFileSync(path.join(REPO, 'examples/scalar-vi/severed.ts'), 'utf8');
    const { session, uri, open, next } = await start({ 'severed.ts': text });
    const first = next('severed.ts', (p) => sampler(p).length > 0);
    await open('severed.ts');
    const finding = sampler(await first())[0];

    const r = await session.connection.sendRequest<{ version: number; entries: { entries: { name: string; callable: string | null }[] } } | null>('pathwise/entries', { uri: uri('severed.ts') });
    expect(r?.version).toBe(1);
    const names = r!.entries.entries.map((e) => e.name);
    expect(names.length).toBeGreaterThan(0);
    expect(r!.entries.entries.some((e) => e.callable !== null)).toBe(true);
    // An undefined trailing argument makes vscode-jsonrpc send `[params, null]`: an error, not "no entries".
    await expect(session.connection.sendRequest('pathwise/entries', { uri: uri('severed.ts') }, undefined)).rejects.toThrow(
      'pathwise/entries expects one parameter { uri: string }',
    );

    const line = '∂E[elbo]/∂mu ≈ 4.14 ± 0.08; your code computes 0. After the fix: pathwise, 9.0× lower variance than REINFORCE.';
    const hoverAt = { textDocument: { uri: uri('severed.ts') }, position: finding.range.start };
    const before = await session.connection.sendRequest(HoverRequest.type, hoverAt);
    expect(JSON.stringify(before)).not.toContain('lower variance');
    // A verdict for another version is ignored; one for this version shows in the hover.
    await session.connection.sendNotification('pathwise/didEstimate', { uri: uri('severed.ts'), version: 7, summaries: [{ name: 'mu', line }] });
    const stale = await session.connection.sendRequest(HoverRequest.type, hoverAt);
    expect(JSON.stringify(stale)).not.toContain('lower variance');
    await session.connection.sendNotification('pathwise/didEstimate', { uri: uri('severed.ts'), version: 1, summaries: [{ name: 'mu', line }] });
    const after = await session.connection.sendRequest(HoverRequest.type, hoverAt);
    const md = (after?.contents as { value: string }).value;
    expect(md).toContain('9\\.0× lower variance than REINFORCE');
    // The measured verdict comes before the explanation and the fix preview that would push it out of sight.
    const verdictAt = md.indexOf('lower variance');
    const explanationAt = md.indexOf((before?.contents as { value: string }).value.split('\n\n')[1].slice(0, 40));
    expect(explanationAt).toBeGreaterThan(0);
    expect(verdictAt).toBeLessThan(explanationAt);
    expect(verdictAt).toBeLessThan(md.indexOf('```diff'));
  });
});
