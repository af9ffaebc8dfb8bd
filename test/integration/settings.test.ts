/**
 * Settings take effect without a reload: `pathwise.enable` clears and restores diagnostics, and the
 * per-rule `pathwise.severity` map re-styles or silences a rule.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, revertAndCloseAll, ruleOf, setSetting, waitForDiagnostics } from './helpers';

const isSampler = (d: vscode.Diagnostic) => ruleOf(d) === 'opaque-sampler';

describe('settings', () => {
  afterEach(async () => {
    await setSetting('pathwise.enable', undefined);
    await setSetting('pathwise.severity', undefined);
    await revertAndCloseAll();
  });

  it('pathwise.enable = false clears the diagnostics and true brings them back', async () => {
    const { document: doc } = await openFixture('settings.ts');
    await waitForDiagnostics(doc.uri, (ds) => ds.some(isSampler), 'the initial finding');
    await setSetting('pathwise.enable', false);
    await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'diagnostics to clear after disabling');
    await setSetting('pathwise.enable', true);
    await waitForDiagnostics(doc.uri, (ds) => ds.some(isSampler), 'diagnostics to return after enabling');
  });

  it('pathwise.severity overrides a rule severity, and "off" silences it', async () => {
    const { document: doc } = await openFixture('settings.ts');
    const initial = await waitForDiagnostics(doc.uri, (ds) => ds.some(isSampler));
    assert.equal(initial.find(isSampler)!.severity, vscode.DiagnosticSeverity.Warning);

    await setSetting('pathwise.severity', { 'opaque-sampler': 'error' });
    await waitForDiagnostics(
      doc.uri,
      (ds) => ds.some((d) => isSampler(d) && d.severity === vscode.DiagnosticSeverity.Error),
      'the finding to become an error',
    );
    await setSetting('pathwise.severity', { 'opaque-sampler': 'off' });
    await waitForDiagnostics(doc.uri, (ds) => !ds.some(isSampler), 'the rule to be silenced');
  });
});
