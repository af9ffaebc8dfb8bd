/**
 * The Graph Inspector command opens its webview panel beside the editor. (What the panel renders
 * is checked by the UI end-to-end test, which can read the webview's DOM.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, revertAndCloseAll, waitFor } from './helpers';

function inspectorTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && /pathwise|graph/i.test(t.label));
}

describe('graph inspector', () => {
  after(revertAndCloseAll);

  it('pathwise.openInspector opens the "Pathwise Graph" webview panel', async () => {
    await openFixture('vae-step.ts');
    assert.equal(inspectorTabs().length, 0);
    await vscode.commands.executeCommand('pathwise.openInspector');
    const tabs = await waitFor('the inspector tab', inspectorTabs, (t) => t.length === 1, 15_000);
    const input = tabs[0].input as vscode.TabInputWebview;
    assert.match(input.viewType, /pathwise/i, `unexpected view type ${input.viewType}`);
  });

  it('puts a "Trace" CodeLens above every gradient context, listed by the language server', async () => {
    const editor = await openFixture('scalar-vi.ts');
    const doc = editor.document;
    const lenses = await waitFor(
      'the Trace lens',
      async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [],
      (ls) => ls.some((l) => l.command?.title === 'Trace'),
      20_000,
    );
    const trace = lenses.filter((l) => l.command?.title === 'Trace');
    // One gradient context in the fixture: the objective `loss`, on line 5.
    assert.equal(trace.length, 1, trace.map((l) => `${l.range.start.line}: ${l.command?.tooltip}`).join('; '));
    assert.equal(trace[0].range.start.line, doc.lineAt(4).lineNumber);
    assert.equal(trace[0].command?.command, 'pathwise.traceEntry');
    assert.deepEqual(trace[0].command?.arguments?.slice(1), ['loss']);
  });

  it('puts a "Trace" CodeLens on a Layer call() that traces that layer (Class.call), not the file\'s entry', async () => {
    const editor = await openFixture('sampling-layer.ts');
    const doc = editor.document;
    const lenses = await waitFor(
      'the Trace lens of ZLayer.call',
      async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [],
      (ls) => ls.some((l) => l.command?.title === 'Trace'),
      20_000,
    );
    const trace = lenses.filter((l) => l.command?.title === 'Trace');
    assert.equal(trace.length, 1, trace.map((l) => `${l.range.start.line}: ${l.command?.tooltip}`).join('; '));
    assert.equal(trace[0].range.start.line, 10); // `call(inputs…)`, line 11
    assert.deepEqual(trace[0].command?.arguments?.slice(1), ['ZLayer.call']);
    assert.match(trace[0].command?.tooltip ?? '', /applies a new layer to inputs of the shape the module feeds it/);
  });

  it('opening it twice reuses the panel', async () => {
    await openFixture('scalar-vi.ts');
    await vscode.commands.executeCommand('pathwise.openInspector');
    await vscode.commands.executeCommand('pathwise.openInspector');
    await waitFor('a single inspector tab', inspectorTabs, (t) => t.length === 1, 15_000);
  });
});
