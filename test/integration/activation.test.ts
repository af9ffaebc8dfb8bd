/**
 * Activation: Pathwise does no work until a TS/JS file is opened, then activates within a few
 * seconds. The time from opening the file to `isActive` is recorded as `activationMs`.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { measurements, openFixture, pathwiseExtension, waitFor } from './helpers';

describe('activation', () => {
  it('is lazy: not active before a TypeScript file is opened', () => {
    // The runner opens the workspace with no editors (workbench.startupEditor: none).
    assert.equal(pathwiseExtension().isActive, false);
  });

  it('activates when a TypeScript file is opened', async () => {
    const ext = pathwiseExtension();
    const started = Date.now();
    const editor = await openFixture('scalar-vi.ts');
    assert.equal(editor.document.languageId, 'typescript');
    await waitFor('the extension to activate', () => ext.isActive, (active) => active, 30_000);
    measurements.activationMs = Date.now() - started;
    console.log(`      activation took ${measurements.activationMs} ms`);
  });

  it('registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['pathwise.openInspector', 'pathwise.traceCurrentFile']) {
      assert.ok(all.includes(id), `command ${id} is not registered`);
    }
  });
});
