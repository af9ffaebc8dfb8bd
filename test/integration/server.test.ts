/**
 * The language server is a separate process: if it dies, the client restarts it and diagnostics
 * come back (and follow later edits), without reloading the window.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { measurements, openFixture, pathwiseExtension, revertAndCloseAll, ruleOf, waitFor, waitForDiagnostics } from './helpers';

interface PathwiseApi {
  serverPid(): number | undefined;
}

describe('language server', () => {
  after(revertAndCloseAll);

  it('runs in its own process, and is restarted with diagnostics back after it is killed', async () => {
    const editor = await openFixture('scalar-vi.ts');
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'opaque-sampler'));
    const api = pathwiseExtension().exports as PathwiseApi;
    const first = api.serverPid();
    assert.ok(first && first !== process.pid, `the server must run in its own process (pid ${first}, host ${process.pid})`);

    const killedAt = Date.now();
    process.kill(first, 'SIGKILL');
    const second = await waitFor('a restarted server', () => api.serverPid(), (pid) => pid !== undefined && pid !== first, 30_000);
    assert.notEqual(second, first);
    // The restarted server analyses the current text: move the finding down two lines and see it follow.
    const line = (await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'opaque-sampler'))).find((d) => ruleOf(d) === 'opaque-sampler')!.range.start.line;
    measurements.serverRestartMs = Date.now() - killedAt;
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// one\n// two\n'));
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'opaque-sampler' && d.range.start.line === line + 2), 'the finding two lines lower');
  });
});
