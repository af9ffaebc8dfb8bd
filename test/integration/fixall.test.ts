/**
 * Fix-all: the `source.fixAll.pathwise` source action applies every safe rewrite in the file and
 * leaves fixes that change the estimator alone; wired to `editor.codeActionsOnSave` it runs on save.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { codeActions, openFixture, revertAndCloseAll, ruleOf, setSetting, waitFor, waitForDiagnostics } from './helpers';

const FIX_ALL = 'source.fixAll.pathwise';

function checkFixedText(text: string) {
  assert.doesNotMatch(text, /randomNormal\(mu, (sigma|tau)\)/, `a safe fix was not applied:\n${text}`);
  assert.match(text, /mu \+ sigma \* eps/, text);
  assert.match(text, /mu \+ tau \* eps2/, `the second noise variable must get a fresh name:\n${text}`);
  assert.match(text, /Math\.random\(\) < p/, `fix-all must not apply the Bernoulli relaxation:\n${text}`);
}

describe('fix-all', () => {
  afterEach(async () => {
    await setSetting('editor.codeActionsOnSave', undefined);
    await revertAndCloseAll();
  });

  it('is offered as source.fixAll.pathwise and applies only the safe fixes', async () => {
    const { document: doc } = await openFixture('fix-all.ts');
    await waitForDiagnostics(doc.uri, (ds) => ds.filter((d) => ruleOf(d) === 'opaque-sampler').length === 2);
    const full = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(doc.uri, full, FIX_ALL);
    const fixAll = actions.filter((a) => a.kind?.value === FIX_ALL);
    assert.equal(fixAll.length, 1, `actions: ${JSON.stringify(actions.map((a) => [a.title, a.kind?.value]))}`);
    assert.ok(fixAll[0].edit, 'fix-all has no edit');
    assert.ok(await vscode.workspace.applyEdit(fixAll[0].edit));
    checkFixedText(doc.getText());
  });

  it('runs on save through editor.codeActionsOnSave', async () => {
    await setSetting('editor.codeActionsOnSave', { [FIX_ALL]: 'explicit' });
    const editor = await openFixture('fix-all.ts');
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, (ds) => ds.filter((d) => ruleOf(d) === 'opaque-sampler').length === 2);
    // Make the document dirty with a harmless edit so the save is a real one.
    await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount, 0), '\n'));
    // Saved with TextDocument.save() (an explicit save: codeActionsOnSave "explicit" runs). Through the
    // `workbench.action.files.save` command the file was sometimes written unfixed: 1 run in 5 with this
    // test alone and once in CI, even after the server had offered fix-all for the edited version; with
    // save() 0 in 7 (cause in VS Code not found; the participant swallows errors of applying an action).
    // The wait for the server's fix-all first keeps a slow machine from racing the analysis.
    const full = new vscode.Range(0, 0, doc.lineCount, 0);
    await waitFor('fix-all for the edited text', () => codeActions(doc.uri, full, FIX_ALL), (as) => as.some((a) => a.kind?.value === FIX_ALL && !!a.edit), 15_000);
    assert.ok(await doc.save(), 'the save failed');
    await waitFor('the save to finish', () => doc.isDirty, (dirty) => !dirty, 15_000);
    checkFixedText(fs.readFileSync(doc.uri.fsPath, 'utf8'));
  });
});
