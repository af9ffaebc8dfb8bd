// Headless Debian Chromium driven by playwright-core, pointed at a code-server workbench.
// To load the extension from the development folder and run a mocha suite in the real extension
// host (what `--extensionDevelopmentPath/--extensionTestsPath` do on desktop), the workbench's own
// configuration is extended with `developmentOptions` by wrapping `Element.prototype.getAttribute`
// for the `<meta id="vscode-workbench-web-configuration">` element before any page script runs.
import { createRequire } from 'node:module';
import { format } from 'node:util';
import { HOST_DIR, CHROMIUM } from './paths.mjs';
import path from 'node:path';

const { chromium } = createRequire(path.join(HOST_DIR, 'package.json'))('playwright-core');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Runs in the page before the workbench: adds developmentOptions to the workbench configuration. */
function injectDevelopmentOptions({ authority, extensionPath, testsPath }) {
  const original = Element.prototype.getAttribute;
  Element.prototype.getAttribute = function (name) {
    const value = original.call(this, name);
    if (name !== 'data-settings' || this.id !== 'vscode-workbench-web-configuration' || !value) return value;
    const config = JSON.parse(value);
    // The real server authority: the default 'remote' placeholder cannot be fetched from.
    const remote = authority;
    const dev = { ...(config.developmentOptions || {}) };
    if (extensionPath) dev.extensions = [{ scheme: 'vscode-remote', authority: remote, path: extensionPath }];
    if (testsPath) dev.extensionTestsPath = { scheme: 'vscode-remote', authority: remote, path: testsPath };
    config.developmentOptions = dev;
    return JSON.stringify(config);
  };
}

/**
 * Opens the workbench of `server` with `folder`.
 * @param {object} o
 * @param {{url:string, authority:string, dirs:{browserProfile:string}}} o.server
 * @param {string} o.folder
 * @param {string} [o.extensionPath] development folder of the extension under test
 * @param {string} [o.testsPath] compiled suite `index.js` to run in the extension host
 * @param {(line:string)=>void} [o.log]
 */
export async function openWorkbench(o) {
  const log = o.log ?? (() => {});
  const context = await chromium.launchPersistentContext(o.server.dirs.browserProfile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    // Our runner handles Ctrl+C itself: playwright's own handlers would exit before code-server is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let resolveExit;
  const exit = new Promise((r) => (resolveExit = r));
  const automationLog = [];

  if (o.extensionPath || o.testsPath) {
    await page.addInitScript(injectDevelopmentOptions, {
      authority: o.server.authority,
      extensionPath: o.extensionPath ?? null,
      testsPath: o.testsPath ?? null,
    });
  }
  // The workbench reports the suite's console output and exit code through these two globals.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // Arguments are console.log-style (printf format first): mocha's reporter relies on it.
    const line = format(...(Array.isArray(args) ? args : [args]));
    automationLog.push(line);
    log(`[${type}] ${line}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  page.on('pageerror', (err) => log(`[pageerror] ${err.message}`));

  await page.goto(`${o.server.url}/?folder=${encodeURIComponent(o.folder)}`);
  return {
    context,
    page,
    automationLog,
    /** Resolves with the extension-host suite's exit code (or rejects after `ms`). */
    waitForExit(ms) {
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the suite did not finish within ${ms / 1000} s`)), ms);
      });
      return Promise.race([exit, timeout]).finally(() => clearTimeout(timer));
    },
    async close() {
      const timeout = new Promise((r) => setTimeout(r, 10_000).unref());
      await Promise.race([context.close().catch(() => {}), timeout]);
    },
  };
}
