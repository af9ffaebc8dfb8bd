/**
 * Diagnostics for each rule on fixture files, as VS Code's Problems panel receives them:
 * source `pathwise`, code = rule id linking to its docs page, range on the severing expression,
 * severity warning for severed paths and info for the intentional score-function pattern.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, openFixture, revertAndCloseAll, ruleOf, summarize, waitForDiagnostics } from './helpers';

interface Case {
  fixture: string;
  rule: string;
  severity: vscode.DiagnosticSeverity;
  /** Text on the line the diagnostic must start on. */
  line: string;
  /** Text the diagnostic's range must cover. */
  covers: string;
  /** Trainable names the message must mention. */
  severed: string[];
  /** Whether other Pathwise diagnostics may appear in the file (e.g. a round trip inside the sampler's arguments). */
  exclusive: boolean;
}

const cases: Case[] = [
  {
    fixture: 'scalar-vi.ts',
    rule: 'opaque-sampler',
    severity: vscode.DiagnosticSeverity.Warning,
    line: 'randomNormal(mu, sigma)()',
    covers: 'randomNormal(mu, sigma)',
    severed: ['mu', 'sigma'],
    exclusive: true,
  },
  {
    fixture: 'vae-step.ts',
    rule: 'opaque-sampler',
    severity: vscode.DiagnosticSeverity.Warning,
    line: 'tf.randomNormal([1], zMean',
    covers: 'randomNormal',
    severed: ['zMean', 'zLogVar'],
    exclusive: false,
  },
  {
    fixture: 'host-round-trip.ts',
    rule: 'host-round-trip',
    severity: vscode.DiagnosticSeverity.Warning,
    line: '.dataSync()[0]',
    covers: 'dataSync',
    severed: ['w'],
    exclusive: true,
  },
  {
    fixture: 'discrete-step.ts',
    rule: 'discrete-step',
    severity: vscode.DiagnosticSeverity.Warning,
    line: 'Math.random() < p',
    covers: 'Math.random()',
    severed: ['p'],
    exclusive: true,
  },
  {
    fixture: 'reinforce.ts',
    rule: 'score-function',
    severity: vscode.DiagnosticSeverity.Information,
    line: 'randomNormal(mu, sigma)()',
    covers: 'randomNormal(mu, sigma)',
    severed: ['mu', 'sigma'],
    exclusive: true,
  },
];

describe('diagnostics', () => {
  after(revertAndCloseAll);

  for (const c of cases) {
    it(`${c.rule} on ${c.fixture}`, async () => {
      const { document: doc } = await openFixture(c.fixture);
      const diags = await waitForDiagnostics(
        doc.uri,
        (ds) => ds.some((d) => ruleOf(d) === c.rule),
        `a ${c.rule} diagnostic on ${c.fixture}`,
      );
      const found = diags.filter((d) => ruleOf(d) === c.rule);
      const shown = JSON.stringify(diags.map(summarize), null, 1);
      assert.equal(found.length, 1, `expected exactly one ${c.rule} diagnostic, got ${shown}`);
      const d = found[0];
      assert.equal(d.range.start.line + 1, lineOf(doc, c.line), `wrong line: ${shown}`);
      assert.ok(doc.getText(d.range).includes(c.covers), `range covers '${doc.getText(d.range)}', expected it to include '${c.covers}'`);
      assert.equal(vscode.DiagnosticSeverity[d.severity], vscode.DiagnosticSeverity[c.severity]);
      for (const name of c.severed) {
        assert.match(d.message, new RegExp(`\\b${name}\\b`), `message does not name '${name}': ${d.message}`);
      }
      if (c.exclusive) assert.equal(diags.length, 1, `unexpected extra diagnostics: ${shown}`);

      // The code links to the rule's documentation page.
      assert.ok(d.code && typeof d.code === 'object', 'diagnostic code has no documentation link');
      assert.match((d.code as { target: vscode.Uri }).target.toString(), new RegExp(`rules/${c.rule}(\\.md)?$`));
    });
  }

  it('opaque-sampler carries related information (where the trainables come from / reach the loss)', async () => {
    const { document: doc } = await openFixture('vae-step.ts');
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'opaque-sampler'));
    const d = diags.find((x) => ruleOf(x) === 'opaque-sampler')!;
    assert.ok((d.relatedInformation ?? []).length >= 1, 'no related information');
    for (const info of d.relatedInformation ?? []) assert.equal(info.location.uri.toString(), doc.uri.toString());
  });

  it('does not report sampling with constant parameters outside the gradient context (initialisation)', async () => {
    const { document: doc } = await openFixture('vae-step.ts');
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.length > 0);
    const initLines = [lineOf(doc, 'const encoderW'), lineOf(doc, 'const decoderW')];
    const onInit = diags.filter((d) => initLines.includes(d.range.start.line + 1));
    assert.deepEqual(onInit.map(summarize), []);
  });
});
