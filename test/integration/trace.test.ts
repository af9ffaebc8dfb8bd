/**
 * Positive control for the workspace-trust test: in a trusted workspace, tracing a file does run
 * it (the fixture writes a marker file). The untrusted suite checks the same command runs nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { openFixture, revertAndCloseAll, waitFor } from './helpers';

describe('tracing in a trusted workspace', () => {
  after(revertAndCloseAll);

  it('pathwise.traceCurrentFile executes the user code', async () => {
    const marker = process.env.PATHWISE_MARKER;
    assert.ok(marker, 'the runner did not set PATHWISE_MARKER');
    assert.equal(vscode.workspace.isTrusted, true);
    assert.equal(fs.existsSync(marker), false, 'marker exists before tracing');
    await openFixture('trace-marker.ts');
    await vscode.commands.executeCommand('pathwise.traceCurrentFile');
    await waitFor('the traced fixture to write its marker', () => fs.existsSync(marker), (x) => x, 30_000);
  });
});
