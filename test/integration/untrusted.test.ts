/**
 * Workspace trust: in a restricted (untrusted) workspace Pathwise still analyses statically, but
 * running user code is refused — tracing the marker fixture must leave no marker behind.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { openFixture, pathwiseExtension, ruleOf, sleep, waitFor, waitForDiagnostics } from './helpers';

describe('untrusted workspace', () => {
  it('is really untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still activates and reports diagnostics (limited support)', async () => {
    const { document: doc } = await openFixture('scalar-vi.ts');
    await waitFor('activation', () => pathwiseExtension().isActive, (a) => a, 30_000);
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'opaque-sampler'));
  });

  it('pathwise.traceCurrentFile runs no user code', async () => {
    const marker = process.env.PATHWISE_MARKER;
    assert.ok(marker, 'the runner did not set PATHWISE_MARKER');
    await openFixture('trace-marker.ts');
    try {
      await vscode.commands.executeCommand('pathwise.traceCurrentFile');
    } catch {
      // Refusing with an error is an acceptable way to decline; running the code is not.
    }
    // Give a (wrongly) started tracer ample time to execute the file.
    await sleep(5_000);
    assert.equal(fs.existsSync(marker), false, `user code ran in an untrusted workspace: ${marker} exists`);
  });
});
