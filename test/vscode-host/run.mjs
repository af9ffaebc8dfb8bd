#!/usr/bin/env node
// Runner 2: the integration suite and the UI end-to-end test in a real VS Code (code-server
// 4.100.3) driven by headless Chromium. Each session gets a fresh server, workspace copy, user-data
// and extensions folder on a free port, and is torn down (process group) whatever happens.
//
//   node test/vscode-host/run.mjs                      suite + untrusted + e2e + examples, development folder
//   node test/vscode-host/run.mjs --only suite,e2e     a subset (suite | untrusted | e2e | examples | smoke)
//   node test/vscode-host/run.mjs --vsix x.vsix        also install the package: smoke suite + e2e run
//                                                      against it (suite/untrusted stay on the dev folder)
//   node test/vscode-host/run.mjs --package            build + package first (scripts/package.mjs), then as --vsix
//   options: --grep <re> (suite tests), --keep (keep run folders), --timeout <s> (per session)
//
// Exit code: 0 when every session passed, 1 otherwise. Failures print the mocha errors and save a
// screenshot and the server log under artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSuite } from './build-suite.mjs';
import { startCodeServer, makeStateDirs } from './lib/code-server.mjs';
import { openWorkbench } from './lib/browser.mjs';
import { prepareExamplesWorkspace, prepareWorkspace } from './lib/workspace.mjs';
import { ARTIFACTS_DIR, CODE_SERVER_BIN, HOST_DIR, REPO_DIR, RUNS_DIR } from './lib/paths.mjs';
import { runE2E } from './e2e.mjs';
import { runExamplesE2E } from './e2e-examples.mjs';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    vsix: { type: 'string' },
    package: { type: 'boolean', default: false },
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '300' },
    verbose: { type: 'boolean', default: false },
  },
});

const SMOKE_ANCHOR = path.join(HOST_DIR, 'smoke-anchor');
const t0 = Date.now();
/** Cleanups of the sessions in flight (browser + server), run on Ctrl+C. */
const active = new Set();
const secs = (from) => ((Date.now() - from) / 1000).toFixed(1);
const say = (msg) => console.log(`[vscode-host] ${msg}`);

function preflight() {
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    console.error('code-server is not installed: run `npm run setup:vscode-host` (test/vscode-host/setup.sh) first.');
    process.exit(2);
  }
  if (!fs.existsSync(path.join(REPO_DIR, 'dist', 'extension.js'))) {
    console.error('dist/extension.js is missing: run `npm run build` first.');
    process.exit(2);
  }
  if (!opts.package && opts.vsix && !fs.existsSync(opts.vsix)) {
    console.error(`--vsix ${opts.vsix}: no such file (run \`npm run package\`).`);
    process.exit(2);
  }
}

/** Which sessions to run: explicit --only, else everything (smoke only when there is a package). */
function plannedSessions() {
  if (opts.only) return opts.only.split(',').map((s) => s.trim()).filter(Boolean);
  return opts.vsix ? ['suite', 'untrusted', 'smoke', 'e2e', 'examples'] : ['suite', 'untrusted', 'e2e', 'examples'];
}

/**
 * One session: fresh workspace + server + browser; either runs an in-host mocha suite or the UI test.
 * @returns {Promise<{name:string, ok:boolean, seconds:string, summary:string, measurements?:object}>}
 */
async function runSession(name, suiteIndex) {
  const started = Date.now();
  const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`;
  const runDir = path.join(RUNS_DIR, stamp);
  const { workspace, marker } = name === 'examples' ? prepareExamplesWorkspace(runDir) : prepareWorkspace(runDir);
  const resultsFile = path.join(runDir, 'results.json');
  const dirs = makeStateDirs();
  const inHostSuite = { suite: 'trusted', untrusted: 'untrusted', smoke: 'smoke' }[name];
  const useVsix = Boolean(opts.vsix) && name !== 'suite' && name !== 'untrusted';
  const lines = [];
  const log = (line) => {
    lines.push(line);
    if (opts.verbose) console.log(`  ${line}`);
  };

  let server;
  let browser;
  const cleanup = async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dirs.root, { recursive: true, force: true });
  };
  active.add(cleanup);
  let ok = false;
  let summary = '';
  let measurements;
  try {
    server = await startCodeServer({
      folder: workspace,
      trust: name !== 'untrusted',
      vsix: useVsix ? path.resolve(opts.vsix) : undefined,
      dirs,
      logFile: path.join(runDir, 'code-server.log'),
      env: {
        PATHWISE_SUITE: inHostSuite ?? '',
        PATHWISE_RESULTS_FILE: resultsFile,
        PATHWISE_MARKER: marker,
        PATHWISE_EXTENSIONS_DIR: dirs.extensions,
        PATHWISE_GREP: opts.grep ?? '',
      },
    });
    log(`server pid ${server.pid} at ${server.url}`);
    browser = await openWorkbench({
      server,
      folder: workspace,
      // With a .vsix, the suite still needs development mode to run: load an empty anchor extension.
      extensionPath: useVsix ? (inHostSuite ? SMOKE_ANCHOR : undefined) : REPO_DIR,
      testsPath: inHostSuite ? suiteIndex : undefined,
      log,
    });

    if (inHostSuite) {
      let code = null;
      let timeoutError = null;
      try {
        code = await browser.waitForExit(Number(opts.timeout) * 1000);
      } catch (err) {
        timeoutError = err;
      }
      const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : null;
      measurements = results?.measurements;
      printSuiteResults(name, results, browser.automationLog);
      ok = code === 0 && results !== null && results.failures === 0;
      const tests = results?.tests ?? [];
      const failed = tests.filter((t) => t.state === 'failed').length;
      summary = results
        ? `${tests.filter((t) => t.state === 'passed').length} passed, ${failed} failed`
        : `no results (exit code ${code})`;
      if (timeoutError) summary += `; ${timeoutError.message} (hung in: ${results?.running ?? 'unknown'})`;
    } else {
      const e2e = await (name === 'examples' ? runExamplesE2E : runE2E)({ page: browser.page, workspace, artifactsDir: ARTIFACTS_DIR, log: say });
      ok = e2e.failed === 0;
      summary = `${e2e.passed} passed, ${e2e.failed} failed`;
      measurements = e2e.measurements;
    }
  } catch (err) {
    summary = `error: ${err?.stack ?? err}`;
    console.error(`[vscode-host] ${name}: ${summary}`);
    if (!opts.verbose && lines.length) console.error(lines.slice(-30).map((l) => `  ${l}`).join('\n'));
  } finally {
    if (!ok && browser) await saveFailureArtifacts(name, browser, server);
    await cleanup();
    active.delete(cleanup);
    if (ok && !opts.keep) fs.rmSync(runDir, { recursive: true, force: true });
    else if (!ok) say(`${name}: run folder kept at ${path.relative(REPO_DIR, runDir)}`);
  }
  return { name, ok, seconds: secs(started), summary, measurements };
}

function printSuiteResults(name, results, automationLog) {
  if (!results) {
    console.log(`--- ${name}: the suite wrote no results; extension host output:`);
    console.log(automationLog.slice(-60).join('\n'));
    return;
  }
  for (const t of results.tests) {
    const mark = { passed: '✓', failed: '✗', pending: '-' }[t.state];
    console.log(`  ${mark} ${t.title}${t.durationMs ? ` (${t.durationMs} ms)` : ''}`);
  }
  for (const t of results.tests.filter((x) => x.state === 'failed')) {
    console.log(`\n  ✗ ${t.title}\n${t.error.split('\n').slice(0, 40).map((l) => `      ${l}`).join('\n')}`);
  }
}

async function saveFailureArtifacts(name, browser, server) {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const shot = path.join(ARTIFACTS_DIR, `vscode-${name}-failure.png`);
  try {
    await browser.page.screenshot({ path: shot });
    say(`${name}: screenshot ${path.relative(REPO_DIR, shot)}`);
  } catch (err) {
    say(`${name}: no screenshot (${err.message})`);
  }
  if (server) fs.copyFileSync(server.logFile, path.join(ARTIFACTS_DIR, `vscode-${name}-server.log`));
}

async function main() {
  if (opts.package) {
    const { packageExtension } = await import('../../scripts/package.mjs');
    const packStart = Date.now();
    opts.vsix = packageExtension();
    say(`packaged in ${secs(packStart)}s`);
  }
  preflight();
  const sessions = plannedSessions();
  if (sessions.includes('smoke') && !opts.vsix) {
    console.error('the smoke session checks an installed package: pass --vsix FILE or --package');
    process.exit(2);
  }
  const buildStart = Date.now();
  const suiteIndex = await buildSuite();
  say(`suite compiled in ${secs(buildStart)}s; sessions: ${sessions.join(', ')}${opts.vsix ? ` (vsix ${opts.vsix})` : ''}`);

  const results = [];
  for (const name of sessions) {
    say(`${name}: starting`);
    const r = await runSession(name, suiteIndex);
    say(`${name}: ${r.ok ? 'PASS' : 'FAIL'} - ${r.summary} (${r.seconds}s)`);
    results.push(r);
  }
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(ARTIFACTS_DIR, 'vscode-host-results.json'),
    JSON.stringify({ sessions: results, totalSeconds: Number(secs(t0)) }, null, 2),
  );
  const failed = results.filter((r) => !r.ok);
  say(`${failed.length === 0 ? 'all sessions passed' : `${failed.length} session(s) failed: ${failed.map((r) => r.name).join(', ')}`} in ${secs(t0)}s`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

// Ctrl+C: code-server runs in its own process group, so stop it (and the browser) explicitly.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    say(`${sig}: stopping servers`);
    await Promise.allSettled([...active].map((fn) => fn()));
    process.exit(130);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
