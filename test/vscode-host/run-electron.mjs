#!/usr/bin/env node
// Runner 1: the same integration suite through `@vscode/test-electron` (desktop VS Code with
// extensionDevelopmentPath + extensionTestsPath), for machines that can download VS Code or have one.
//
//   npm run test:electron
//     - downloads (and caches in .vscode-test/) the newest stable VS Code and the minimum version
//       of engines.vscode (1.90.0), and runs the trusted suite on both, then the untrusted suite;
//     - VSCODE_EXECUTABLE_PATH=/path/to/code: use that VS Code instead (one run, no download);
//     - PATHWISE_VSCODE_VERSIONS=stable,1.95.0 chooses the versions.
// Without network access the download fails: this prints why and what to run instead (exit 1).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { buildSuite } from './build-suite.mjs';
import { prepareWorkspace } from './lib/workspace.mjs';
import { BASE_SETTINGS } from './lib/code-server.mjs';
import { HOST_DIR, REPO_DIR, RUNS_DIR } from './lib/paths.mjs';

const require = createRequire(path.join(REPO_DIR, 'package.json'));
const { runTests, downloadAndUnzipVSCode } = require('@vscode/test-electron');
const say = (msg) => console.log(`[test-electron] ${msg}`);

function minimumVersion() {
  const range = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')).engines.vscode;
  const m = /(\d+\.\d+\.\d+)/.exec(range);
  if (!m) throw new Error(`cannot read a version from engines.vscode '${range}'`);
  return m[1];
}

function preflight() {
  if (!fs.existsSync(path.join(HOST_DIR, 'node_modules', 'mocha'))) {
    console.error('mocha (test/vscode-host toolchain) is missing: run `npm run setup:vscode-host` first.');
    process.exit(2);
  }
  if (!fs.existsSync(path.join(REPO_DIR, 'dist', 'extension.js'))) {
    console.error('dist/extension.js is missing: run `npm run build` first.');
    process.exit(2);
  }
}

/** Resolves a VS Code executable for `version`, explaining an offline failure clearly. */
async function executableFor(version) {
  try {
    return await downloadAndUnzipVSCode(version);
  } catch (err) {
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|network/i.test(String(err?.message ?? err));
    const why = offline
      ? 'update.code.visualstudio.com is unreachable (no internet access here)'
      : String(err?.message ?? err);
    throw new Error(
      `cannot download VS Code ${version}: ${why}.\n` +
        '  Set VSCODE_EXECUTABLE_PATH to an installed VS Code, or run the same suite in code-server with `npm run test:vscode`.',
    );
  }
}

/** One run of one suite on one VS Code; returns the exit code. */
async function runOne({ label, vscodeExecutablePath, suite, suiteIndex, trusted }) {
  const runDir = path.join(RUNS_DIR, `electron-${label}-${suite}-${Date.now()}`);
  const { workspace, marker } = prepareWorkspace(runDir);
  // Short path: VS Code puts IPC sockets under the user-data folder.
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-vsc-'));
  const settings = { ...BASE_SETTINGS, 'security.workspace.trust.enabled': true };
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  say(`${label}: ${suite} suite`);
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO_DIR,
      extensionTestsPath: suiteIndex,
      extensionTestsEnv: {
        PATHWISE_SUITE: suite,
        PATHWISE_MARKER: marker,
        PATHWISE_RESULTS_FILE: path.join(runDir, 'results.json'),
      },
      launchArgs: [
        workspace,
        '--user-data-dir', userData,
        '--extensions-dir', path.join(userData, 'extensions'),
        '--disable-extensions', // other installed extensions stay out of the way
        '--skip-welcome',
        '--skip-release-notes',
        ...(trusted ? ['--disable-workspace-trust'] : []),
      ],
    });
  } catch (err) {
    console.error(`[test-electron] ${label} ${suite}: ${err?.message ?? err}`);
    return 1;
  } finally {
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

async function main() {
  preflight();
  const suiteIndex = await buildSuite();
  const targets = [];
  if (process.env.VSCODE_EXECUTABLE_PATH) {
    targets.push({ label: 'VSCODE_EXECUTABLE_PATH', vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH });
  } else {
    const versions = (process.env.PATHWISE_VSCODE_VERSIONS ?? `stable,${minimumVersion()}`).split(',');
    for (const version of versions) {
      say(`resolving VS Code ${version}`);
      targets.push({ label: version, vscodeExecutablePath: await executableFor(version) });
    }
  }
  let failed = 0;
  for (const [i, t] of targets.entries()) {
    if ((await runOne({ ...t, suite: 'trusted', suiteIndex, trusted: true })) !== 0) failed++;
    // The workspace-trust check once, on the first (newest) VS Code.
    if (i === 0 && (await runOne({ ...t, suite: 'untrusted', suiteIndex, trusted: false })) !== 0) failed++;
  }
  say(failed === 0 ? 'all runs passed' : `${failed} run(s) failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((err) => {
  console.error(`[test-electron] ${err?.message ?? err}`);
  process.exit(1);
});
