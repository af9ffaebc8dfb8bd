/**
 * Smoke check against the packaged extension (the `.vsix` installed into the real VS Code, not the
 * development folder): it is the installed copy that runs, and it reports and fixes a finding.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyAction, openFixture, pathwiseExtension, quickFixesFor, ruleOf, waitForDiagnostics } from './helpers';

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
});
