/**
 * Entry point of the integration suite, in the shape `@vscode/test-electron` (and code-server's
 * `developmentOptions.extensionTestsPath`) runs: the extension host loads this file and awaits
 * `run()`; a rejection makes the host exit with code 1.
 *
 * `PATHWISE_SUITE` picks the test files: `trusted` (default), `untrusted` (the workspace-trust test,
 * run by a server started without `--disable-workspace-trust`) or `smoke` (the installed `.vsix`).
 * When `PATHWISE_RESULTS_FILE` is set, a JSON summary (titles, states, errors, measurements) is written
 * there so the runner can print failures even when the host's console is not forwarded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { measurements } from './helpers';

const SUITES: Record<string, string[]> = {
  trusted: [
    'activation.test.js',
    'diagnostics.test.js',
    'quickfix.test.js',
    'fixall.test.js',
    'settings.test.js',
    'inspector.test.js',
    'trace.test.js',
    'server.test.js',
  ],
  untrusted: ['untrusted.test.js', 'hostile.test.js'],
  smoke: ['activation.test.js', 'smoke.test.js'],
};

interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

/** Runs the selected mocha files and resolves when all pass; rejects with the failure count otherwise. */
export async function run(): Promise<void> {
  const suiteName = process.env.PATHWISE_SUITE ?? 'trusted';
  const files = SUITES[suiteName];
  if (!files) throw new Error(`unknown PATHWISE_SUITE '${suiteName}'`);

  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.PATHWISE_TEST_TIMEOUT ?? 60_000),
    grep: process.env.PATHWISE_GREP || undefined,
  });
  for (const file of files) mocha.addFile(path.resolve(__dirname, file));

  const records: TestRecord[] = [];
  const resultsFile = process.env.PATHWISE_RESULTS_FILE;
  let current: string | undefined;
  // Written after every test, so a hung host still leaves the results so far (and what was running).
  const save = (failures: number | null) => {
    if (!resultsFile) return;
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    const summary = { suite: suiteName, failures, running: current, tests: records, measurements };
    fs.writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
  };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.on('test', (t) => (current = t.fullTitle()));
    runner.on('hook', (h) => (current = h.fullTitle()));
    runner.on('pass', (t) => records.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('pending', (t) => records.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('fail', (t, err: Error) =>
      records.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }),
    );
    for (const event of ['pass', 'pending', 'fail', 'hook end'] as const) runner.on(event, () => save(null));
  });
  current = undefined;
  save(failures);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
