/**
 * Quick fixes through the real code-action machinery: `vscode.executeCodeActionProvider` on the
 * diagnostic's range, `workspace.applyEdit` of the chosen action, then the text is checked and the
 * finding must be gone. One undo must revert a fix.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyAction,
  codeActions,
  openFixture,
  quickFixesFor,
  revertAndCloseAll,
  ruleOf,
  waitFor,
  waitForDiagnostics,
} from './helpers';

async function firstFinding(name: string, rule: string) {
  const editor = await openFixture(name);
  const diags = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => ruleOf(d) === rule));
  return { editor, doc: editor.document, diag: diags.find((d) => ruleOf(d) === rule)! };
}

function titles(actions: vscode.CodeAction[]): string {
  return JSON.stringify(actions.map((a) => ({ title: a.title, preferred: a.isPreferred ?? false })));
}

/** Everything the providers offer at the diagnostic, for failure messages. */
async function everything(uri: vscode.Uri, diag: vscode.Diagnostic): Promise<string> {
  const all = await codeActions(uri, diag.range);
  return JSON.stringify(
    all.map((a) => ({ title: a.title, kind: a.kind?.value, preferred: a.isPreferred, diagnostics: a.diagnostics?.map(ruleOf) })),
  );
}

describe('quick fixes', () => {
  afterEach(revertAndCloseAll);

  it('rewrites a plain-number d3-random normal into mu + sigma * eps (preferred), and one undo reverts it', async () => {
    const { doc, diag } = await firstFinding('scalar-vi.ts', 'opaque-sampler');
    const before = doc.getText();
    const fixes = await quickFixesFor(doc.uri, diag);
    const preferred = fixes.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `expected one preferred fix, got ${titles(fixes)}; all actions: ${await everything(doc.uri, diag)}`);
    await applyAction(preferred[0]);

    const after = doc.getText();
    assert.match(after, /const eps = randomNormal\(0, 1\)\(\);?/, after);
    assert.match(after, /mu \+ sigma \* eps/, after);
    assert.doesNotMatch(after, /randomNormal\(mu, sigma\)/, after);
    await waitForDiagnostics(doc.uri, (ds) => ds.every((d) => ruleOf(d) !== 'opaque-sampler'), 'the finding to disappear');

    await vscode.commands.executeCommand('undo');
    await waitFor('one undo to restore the original text', () => doc.getText(), (t) => t === before, 5_000);
  });

  it('lifts the tfjs dataSync round trip into tensor arithmetic with eps = tf.randomNormal(shape)', async () => {
    const { doc, diag } = await firstFinding('vae-step.ts', 'opaque-sampler');
    const fixes = await quickFixesFor(doc.uri, diag);
    const preferred = fixes.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `expected one preferred fix, got ${titles(fixes)}; all actions: ${await everything(doc.uri, diag)}`);
    await applyAction(preferred[0]);

    const after = doc.getText();
    assert.doesNotMatch(after, /\.dataSync\(\)/, `round trip still present:\n${after}`);
    assert.match(after, /const eps\d* = tf\.randomNormal\(\[1\]\)/, `noise must keep the shape argument:\n${after}`);
    assert.match(after, /zMean[\w.()0-9]*\.add\(|tf\.add\(zMean/, `the sample must be tensor arithmetic on zMean:\n${after}`);
    assert.match(after, /exp\(/, `Math.exp on a tensor value must be lifted to a tensor op:\n${after}`);
    await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'all findings in the VAE step to disappear');
  });

  it('offers the Bernoulli relaxation as a non-preferred fix that says it changes the estimator', async () => {
    const { doc, diag } = await firstFinding('discrete-step.ts', 'discrete-step');
    const fixes = await quickFixesFor(doc.uri, diag);
    assert.ok(fixes.length >= 1, `no fix offered for Math.random() < p; all actions: ${await everything(doc.uri, diag)}`);
    for (const fix of fixes) {
      assert.notEqual(fix.isPreferred, true, `a relaxation must not be preferred: ${titles(fixes)}`);
      assert.match(fix.title, /relax|gumbel|straight.through|estimator/i, `title must say it changes the estimator: ${fix.title}`);
    }
    const before = doc.getText();
    await applyAction(fixes[0]);
    assert.notEqual(doc.getText(), before);
    assert.doesNotMatch(doc.getText(), /Math\.random\(\) < p/);
  });

  it('offers no reparameterization where the sample feeds a score-function term', async () => {
    const { doc, diag } = await firstFinding('reinforce.ts', 'score-function');
    const fixes = await quickFixesFor(doc.uri, diag);
    const rewrites = fixes.filter((a) => a.isPreferred || /reparameteri|eps/i.test(a.title));
    assert.deepEqual(titles(rewrites), '[]');
  });
});
