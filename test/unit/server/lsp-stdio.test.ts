/**
 * The language server driven by a real LSP client outside VS Code (`pathwise lsp --stdio`, JSON-RPC
 * over the child's stdio): open → publishDiagnostics, code action → apply the edit → diagnostics
 * gone; fix-all and hover; the time budget (a hostile `objectivePattern` from the folder's
 * `pathwise.config.json` gives an information diagnostic instead of a hung server); trust and settings.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CancellationTokenSource,
  CodeActionRequest,
  LSPErrorCodes,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { buildPackage, LspSession, REPO, tempDir } from './lsp-client';

let root: string;
let bin: string;
const sessions: LspSession[] = [];

beforeAll(() => {
  root = tempDir('lsp');
  bin = buildPackage(path.join(root, 'pkg'));
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh workspace folder holding `files`, and a server initialized on it. */
async function start(files: Record<string, string>, init: Record<string, unknown> = {}) {
  const ws = fs.mkdtempSync(path.join(root, 'ws-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(ws, name), text);
  const session = new LspSession(bin, ws);
  sessions.push(session);
  const result = await session.initialize(pathToFileURL(ws).toString(), init);
  const docs = new Map<string, TextDocument>();
  const open = async (name: string) => {
    const uri = pathToFileURL(path.join(ws, name)).toString();
    const doc = TextDocument.create(uri, 'typescript', 1, fs.readFileSync(path.join(ws, name), 'utf8'));
    docs.set(name, doc);
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: doc.getText() } });
    return doc;
  };
  /** Applies a code action's edit the way an editor does, and tells the server (full-text change). */
  const apply = async (action: CodeAction) => {
    const change = action.edit!.documentChanges![0] as TextDocumentEdit;
    const doc = [...docs.values()].find((d) => d.uri === change.textDocument.uri)!;
    expect(change.textDocument.version).toBe(doc.version);
    const text = TextDocument.applyEdits(doc, change.edits);
    const next = TextDocument.create(doc.uri, 'typescript', doc.version + 1, text);
    docs.set([...docs.entries()].find(([, d]) => d === doc)![0], next);
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: doc.uri, version: next.version }, contentChanges: [{ text }] });
    return next;
  };
  return { session, result, open, apply, ws };
}

const example = (p: string) => fs.readFileSync(path.join(REPO, 'examples', p), 'utf8');
const rules = (ds: Diagnostic[]) => ds.map((d) => d.code);

describe('pathwise lsp --stdio', () => {
  it('refuses to start without --stdio (usage error, exit 2)', () => {
    const r = spawnSync(process.execPath, [bin, 'lsp'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the only transport is --stdio/);
  });

  it('publishes diagnostics, and a quick fix applied by the client makes them go away', async () => {
    const { session, result, open, apply } = await start({ 'severed.ts': example('scalar-vi/severed.ts') });
    expect(result.capabilities.codeActionProvider).toMatchObject({ codeActionKinds: ['quickfix', 'source.fixAll.pathwise'] });
    const t0 = performance.now();
    const doc = await open('severed.ts');
    const first = await session.diagnostics(doc.uri, (p) => p.diagnostics.length > 0);
    console.log(`lsp: first diagnostics ${Math.round(performance.now() - t0)} ms after didOpen (cold worker)`);
    const d = first.diagnostics.find((x) => x.code === 'opaque-sampler')!;
    expect(d).toMatchObject({ source: 'pathwise', severity: 2, range: { start: { line: 38, character: 12 } } });
    expect(d.codeDescription?.href).toMatch(/\/docs\/rules\/opaque-sampler\.md$/);
    expect(d.relatedInformation?.length).toBeGreaterThan(0);
    expect(d.relatedInformation!.every((r) => r.location.uri === doc.uri)).toBe(true);

    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: doc.uri },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    })) as CodeAction[];
    const preferred = actions.filter((a) => a.isPreferred);
    expect(preferred.map((a) => a.kind)).toEqual(['quickfix']);
    const t1 = performance.now();
    const fixed = await apply(preferred[0]);
    expect(fixed.getText()).toMatch(/mu \+ Math\.exp\(logSigma\) \* eps/);
    expect(fixed.getText()).not.toContain('randomNormal(mu, Math.exp(logSigma))()');
    const after = await session.diagnostics(doc.uri, (p) => p.version === 2);
    console.log(`lsp: diagnostics of the edited version ${Math.round(performance.now() - t1)} ms after didChange (debounce 300 ms included)`);
    expect(rules(after.diagnostics)).not.toContain('opaque-sampler');
  });

  it('offers source.fixAll.pathwise as one edit and answers hovers', async () => {
    const { session, open, apply } = await start({ 'vae.ts': example('vae-tfjs/severed.ts') });
    const doc = await open('vae.ts');
    const first = await session.diagnostics(doc.uri, (p) => rules(p.diagnostics).includes('opaque-sampler'));
    const d = first.diagnostics.find((x) => x.code === 'opaque-sampler')!;
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: doc.uri }, position: d.range.start });
    expect(JSON.stringify(hover?.contents)).toMatch(/opaque-sampler/);
    const whole = { start: { line: 0, character: 0 }, end: { line: doc.lineCount, character: 0 } };
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: doc.uri },
      range: whole,
      context: { diagnostics: [], only: ['source.fixAll.pathwise'] },
    })) as CodeAction[];
    expect(actions.map((a) => a.kind)).toEqual(['source.fixAll.pathwise']);
    expect((actions[0].edit!.documentChanges![0] as TextDocumentEdit).edits).toHaveLength(1);
    const fixed = await apply(actions[0]);
    expect(fixed.getText()).not.toContain('zMean.dataSync()[0], Math.exp');
    const after = await session.diagnostics(doc.uri, (p) => p.version === 2);
    expect(rules(after.diagnostics)).not.toContain('opaque-sampler');
  });

  it('answers a cancelled request at once, while the analysis it waited for goes on to publish diagnostics', async () => {
    const big = Array.from({ length: 3000 }, (_, i) => `/** @differentiable */\nexport function f${i}(mu: number) { const z = randomNormal(mu, 1)(); return (z - mu) * (z + ${i}); }\n`).join('');
    const { session, open } = await start({ 'big.ts': `import { randomNormal } from 'd3-random';\n${big}` });
    const doc = await open('big.ts');
    const source = new CancellationTokenSource();
    const whole = { start: { line: 0, character: 0 }, end: { line: doc.lineCount, character: 0 } };
    const t0 = performance.now();
    const answer = session.connection
      .sendRequest(CodeActionRequest.type, { textDocument: { uri: doc.uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll.pathwise'] } }, source.token)
      .then((r) => ({ r }), (e: { code?: number }) => ({ e }));
    setTimeout(() => source.cancel(), 50);
    const settled = await answer;
    const cancelledAfter = performance.now() - t0;
    // Ordering, not timing: when the cancelled answer arrived, the file's diagnostics were not out yet.
    const publishedBefore = session.published.filter((p) => p.uri === doc.uri && p.diagnostics.length > 0).length;
    const published = await session.diagnostics(doc.uri, (p) => p.diagnostics.length > 0);
    const analysedAfter = performance.now() - t0;
    console.log(`lsp: cancelled request answered after ${Math.round(cancelledAfter)} ms; diagnostics after ${Math.round(analysedAfter)} ms`);
    // Cancelled: an empty answer or the RequestCancelled error, before the analysis finished.
    expect('e' in settled ? settled.e.code : (settled.r ?? []).length).toBe('e' in settled ? LSPErrorCodes.RequestCancelled : 0);
    expect(publishedBefore).toBe(0);
    expect(rules(published.diagnostics)).toContain('opaque-sampler');
  });

  it('reports a file whose analysis exceeds the budget as not analysed, and keeps serving other files', async () => {
    // About 600 KB of gradient contexts: far more work than the 400 ms budget allows.
    const big = Array.from({ length: 6000 }, (_, i) => `/** @differentiable */\nexport function f${i}(mu: number) { const z = randomNormal(mu, 1)(); return (z - mu) * (z + ${i}); }\n`).join('');
    const { session, open } = await start(
      { 'big.ts': `import { randomNormal } from 'd3-random';\n${big}`, 'severed.ts': example('scalar-vi/severed.ts') },
      { trusted: false, analysisBudgetMs: 400 },
    );
    const t0 = performance.now();
    const bad = await open('big.ts');
    const good = await open('severed.ts');
    const notAnalysed = await session.diagnostics(bad.uri, (p) => p.diagnostics.length > 0);
    console.log(`lsp: over-budget file reported as not analysed after ${Math.round(performance.now() - t0)} ms (budget 400 ms)`);
    expect(notAnalysed.diagnostics).toHaveLength(1);
    expect(notAnalysed.diagnostics[0]).toMatchObject({ code: 'not-analysed', severity: 3, source: 'pathwise' });
    expect(notAnalysed.diagnostics[0].message).toMatch(/longer than 400 ms/);
    const other = await session.diagnostics(good.uri, (p) => p.diagnostics.length > 0);
    expect(rules(other.diagnostics)).toContain('opaque-sampler');
    expect(rules(other.diagnostics)).not.toContain('not-analysed');
  });

  it('a catastrophic objectivePattern in an untrusted folder costs nothing: matched in linear time, the file is analysed', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `${'a'.repeat(30 + i)}b`);
    const hostile = names.map((n) => `export function ${n}(x: number) { return x * 2; }\n`).join('');
    const { session, open } = await start(
      { 'pathwise.config.json': JSON.stringify({ objectivePattern: '^(a+)+$' }), 'hostile.ts': hostile, 'severed.ts': example('scalar-vi/severed.ts') },
      { trusted: false, analysisBudgetMs: 1500 },
    );
    const t0 = performance.now();
    const bad = await open('hostile.ts');
    const published = await session.diagnostics(bad.uri, () => true);
    const ms = performance.now() - t0;
    console.log(`lsp: hostile objectivePattern analysed in ${Math.round(ms)} ms`);
    expect(published.diagnostics).toEqual([]);
    const good = await open('severed.ts');
    const other = await session.diagnostics(good.uri, () => true);
    expect(rules(other.diagnostics)).not.toContain('not-analysed');
  });

  it('publishes at most 200 diagnostics per file and says how many more there are', async () => {
    const body = Array.from({ length: 450 }, () => '  s += randomNormal(mu, sigma)();').join('\n');
    const text = `import { randomNormal } from 'd3-random';\nexport function loss(mu: number, sigma: number) {\n  let s = 0;\n${body}\n  return s;\n}\n`;
    const { session, open } = await start({ 'many.ts': text });
    const doc = await open('many.ts');
    const p = await session.diagnostics(doc.uri, (x) => x.diagnostics.length > 0);
    expect(p.diagnostics).toHaveLength(201);
    expect(p.diagnostics.filter((d) => d.code === 'opaque-sampler')).toHaveLength(200);
    expect(p.diagnostics[200]).toMatchObject({ code: 'too-many-findings', severity: 3 });
    expect(p.diagnostics[200].message).toMatch(/^Pathwise: 250 more finding/);
  });

  it('ignores pathwise.samplers from settings when the client says the workspace is untrusted', async () => {
    const text = `declare function mySampler(m: number, s: number): number;\nexport function loss(mu: number, sigma: number) {\n  const z = mySampler(mu, sigma);\n  return z * z;\n}\n`;
    const settings = { samplers: [{ name: 'mySampler', family: 'normal', params: [0, 1] }] };
    for (const trusted of [true, false]) {
      const { session, open } = await start({ 'custom.ts': text }, { trusted, settings });
      const doc = await open('custom.ts');
      const p = await session.diagnostics(doc.uri, () => true);
      expect({ trusted, rules: rules(p.diagnostics) }).toEqual({ trusted, rules: trusted ? ['opaque-sampler'] : [] });
    }
  });
});
