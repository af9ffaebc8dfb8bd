/**
 * Smoke check against the packaged extension (the `.vsix` installed into the real VS Code, not the
 * development folder): it is the installed copy that runs, and it reports and fixes a finding.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { applyAction, openFixture, pathwiseExtension, quickFixesFor, ruleOf, waitFor, waitForDiagnostics } from './helpers';

describe('packaged extension (.vsix)', () => {
  it('runs from the extensions folder, not from the development folder', () => {
    const ext = pathwiseExtension();
    const expected = process.env.PATHWISE_EXTENSIONS_DIR;
    assert.ok(expected, 'the runner did not set PATHWISE_EXTENSIONS_DIR');
    assert.ok(ext.extensionUri.fsPath.startsWith(expected), `extension loaded from ${ext.extensionUri.fsPath}`);
  });

  it('reports the VAE finding and applies its preferred fix', async () => {
    const { document: doc } = await openFixture('vae-step.ts');
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'opaque-sampler'));
    const fixes = await quickFixesFor(doc.uri, diags.find((d) => ruleOf(d) === 'opaque-sampler')!);
    const preferred = fixes.find((a) => a.isPreferred);
    assert.ok(preferred, 'no preferred fix');
    await applyAction(preferred);
    assert.doesNotMatch(doc.getText(), /\.dataSync\(\)/);
  });

  it('traces user code with the tracer shipped in the package', async () => {
    // Everything the tracer needs at run time must be inside the .vsix (no repo node_modules here).
    const marker = process.env.PATHWISE_MARKER;
    assert.ok(marker, 'the runner did not set PATHWISE_MARKER');
    await openFixture('trace-marker.ts');
    await vscode.commands.executeCommand('pathwise.traceCurrentFile');
    await waitFor('the traced fixture to write its marker', () => fs.existsSync(marker), (x) => x, 45_000);
  });
});
