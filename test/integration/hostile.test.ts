/**
 * Restricted Mode with hostile input: an 80 KB file and a catastrophic `objectivePattern` in the
 * folder's `pathwise.config.json`. Analysis runs in the language server's worker thread, so the
 * extension host's event loop is never blocked more than 50 ms by Pathwise; the pattern is matched by
 * a linear-time engine, so it costs nothing and still means what it says (an analysis that does
 * overrun its budget is reported as not analysed: test/unit/server/lsp-stdio.test.ts).
 * The event loop is measured inside this extension host (the one Pathwise runs in): the raw delay
 * with perf_hooks.monitorEventLoopDelay (recorded; on a loaded machine it is mostly scheduling), and
 * the time it was blocked by work in this process with the CPU-charged probe of loop-probe.ts (asserted).
 */
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { startLoopProbe } from './loop-probe';
import { fixtureUri, measurements, openFixture, pathwiseExtension, ruleOf, sleep, waitFor, waitForDiagnostics } from './helpers';

const LIMIT_MS = 50;

/** About 80 KB of plain-number model code with a finding per line pair and loop-carried data flow. */
function largeFile(): string {
  const lines = ["import { randomNormal } from 'd3-random';", 'export function loss(mu: number, sigma: number) {', '  let x = mu; let y = sigma;', '  for (let i = 0; i < 3; i++) {'];
  for (let i = 0; lines.join('\n').length < 80_000; i++) lines.push(`    x = y + x * ${i}; y = x - randomNormal(x, y)();`);
  return [...lines, '  }', '  return x;', '}', ''].join('\n');
}

/**
 * Functions whose long names make `^(a+)+$` backtrack for minutes in a backtracking engine, and one
 * the pattern does match (`aaaa`, an objective with an opaque sampler: its finding proves the pattern applied).
 */
function longNames(): string {
  const names = Array.from({ length: 12 }, (_, i) => `export function ${'a'.repeat(30 + i)}b(x: number) { return x * 2; }\n`).join('');
  return `import { randomNormal } from 'd3-random';\n${names}export function aaaa(mu: number) { const z = randomNormal(mu, 1)(); return (z - 3) ** 2; }\n`;
}

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = fixtureUri(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

describe('hostile input in Restricted Mode', () => {
  let histogram: IntervalHistogram;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    // Activation (loading the extension bundle) is not what is measured.
    await openFixture('scalar-vi.ts');
    await waitFor('activation', () => pathwiseExtension().isActive, (a) => a, 30_000);
    await waitForDiagnostics(fixtureUri('scalar-vi.ts'), (ds) => ds.some((d) => ruleOf(d) === 'opaque-sampler'));
    histogram = monitorEventLoopDelay({ resolution: 10 });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try {
      await vscode.workspace.fs.delete(fixtureUri('pathwise.config.json'));
    } catch {
      /* not written */
    }
  });

  it('an 80 KB file is analysed without blocking the extension host', async () => {
    const uri = await write('hostile-large.ts', largeFile());
    histogram.enable();
    const started = Date.now();
    const probe = startLoopProbe();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const ds = await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics (or the not-analysed notice) on the 80 KB file', 60_000);
    measurements.largeFileDiagnosticsMs = Date.now() - started;
    await sleep(1000); // the diagnostics reach the Problems panel, lenses and hovers refresh
    const report = probe.stop();
    histogram.disable();
    measurements.largeFileDiagnostics = ds.length;
    measurements.largeFileHostMaxDelayMs = Math.round(histogram.max / 1e6);
    measurements.largeFileHostBlockedMs = report.maxBlockedMs;
    assert.ok(report.maxBlockedMs < LIMIT_MS, `extension host blocked ${report.maxBlockedMs} ms (gaps t:wall/cpu/gc ${report.gaps.join(' ')})`);
  });

  it('a catastrophic objectivePattern in pathwise.config.json costs nothing and still applies', async () => {
    histogram.reset();
    histogram.enable();
    const started = Date.now();
    const probe = startLoopProbe();
    await write('pathwise.config.json', JSON.stringify({ objectivePattern: '^(a+)+$' }));
    const uri = await write('hostile-names.ts', longNames());
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'opaque-sampler'), 'the finding in the objective aaaa', 60_000);
    measurements.hostilePatternDiagnosticsMs = Date.now() - started;
    await sleep(1000);
    const report = probe.stop();
    histogram.disable();
    measurements.hostilePatternHostMaxDelayMs = Math.round(histogram.max / 1e6);
    measurements.hostilePatternHostBlockedMs = report.maxBlockedMs;
    // Exactly the objective the pattern names is analysed; nothing was cut short.
    assert.deepEqual(ds.map(ruleOf), ['opaque-sampler']);
    assert.equal(ds[0].range.start.line, 13);
    assert.ok(report.maxBlockedMs < LIMIT_MS, `extension host blocked ${report.maxBlockedMs} ms (gaps t:wall/cpu/gc ${report.gaps.join(' ')})`);
  });
});
