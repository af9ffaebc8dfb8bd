/**
 * A stand-in for the VS Code webview host: builds the real webview bundle, serves it from 127.0.0.1
 * inside the same page and CSP the panel uses (`inspectorPage`), provides `acquireVsCodeApi` (posted
 * messages are recorded), and drives real headless Chromium through playwright-core.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inspectorPage, makeNonce } from '../../src/core/graph/html';
import type { ToWebview } from '../../src/core/protocol';

const ROOT = resolve(__dirname, '../..');
/** The browser bundle's options, shared with esbuild.js (ELK's worker inlined for a blob: URL). */
const { webviewOptions } = createRequire(join(ROOT, 'package.json'))('./scripts/webview-bundle.cjs') as {
  webviewOptions: (outfile: string, extra?: object) => import('esbuild').BuildOptions;
};
/** The test build goes to a temporary folder, so a production `dist/webview.js` is never overwritten. */
export const BUNDLE = join(mkdtempSync(join(tmpdir(), 'pathwise-webview-')), 'webview.js');

/** Builds `webview/main.ts` with the options of esbuild.js's browser target (scripts/webview-bundle.cjs). */
export async function buildWebview(): Promise<void> {
  await build(webviewOptions(BUNDLE, { minify: false, sourcemap: false, legalComments: 'none', logLevel: 'error' }));
}

/** VS Code's Light+ / Dark+ variables, enough for the panel to theme itself as in the editor. */
export const THEMES = {
  light: { cls: 'vscode-light', vars: { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-foreground': '#3b3b3b', '--vscode-editorWidget-background': '#f8f8f8', '--vscode-editorWidget-border': '#c8c8c8', '--vscode-descriptionForeground': '#717171', '--vscode-sideBar-background': '#f3f3f3', '--vscode-focusBorder': '#005fb8', '--vscode-errorForeground': '#e51400', '--vscode-panel-border': '#e5e5e5', '--vscode-font-family': 'system-ui, "Segoe UI", sans-serif', '--vscode-font-size': '13px', '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-input-border': '#cecece', '--vscode-checkbox-background': '#f8f8f8', '--vscode-checkbox-border': '#cecece', '--vscode-checkbox-foreground': '#3b3b3b', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#3b3b3b', '--vscode-dropdown-border': '#cecece' } },
  dark: { cls: 'vscode-dark', vars: { '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc', '--vscode-foreground': '#cccccc', '--vscode-editorWidget-background': '#2b2b2b', '--vscode-editorWidget-border': '#454545', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-sideBar-background': '#181818', '--vscode-focusBorder': '#0078d4', '--vscode-errorForeground': '#f85149', '--vscode-panel-border': '#2b2b2b', '--vscode-font-family': 'system-ui, "Segoe UI", sans-serif', '--vscode-font-size': '13px', '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c', '--vscode-checkbox-background': '#313131', '--vscode-checkbox-border': '#3c3c3c', '--vscode-checkbox-foreground': '#cccccc', '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc', '--vscode-dropdown-background': '#313131', '--vscode-dropdown-foreground': '#cccccc', '--vscode-dropdown-border': '#3c3c3c' } },
  hc: { cls: 'vscode-high-contrast', vars: { '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff', '--vscode-foreground': '#ffffff', '--vscode-editorWidget-background': '#0c141f', '--vscode-contrastBorder': '#6fc3df', '--vscode-descriptionForeground': '#ffffff', '--vscode-focusBorder': '#f38518', '--vscode-errorForeground': '#f48771', '--vscode-panel-border': '#6fc3df', '--vscode-font-family': 'system-ui, "Segoe UI", sans-serif', '--vscode-font-size': '13px', '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df', '--vscode-checkbox-background': '#000000', '--vscode-checkbox-border': '#6fc3df', '--vscode-checkbox-foreground': '#ffffff', '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df', '--vscode-button-secondaryForeground': '#ffffff' } },
} as const;
export type ThemeName = keyof typeof THEMES;

/** The host script VS Code injects: `acquireVsCodeApi`, plus recorders for posted messages and CSP violations. */
function hostScript(theme: ThemeName): string {
  const t = THEMES[theme];
  return `
window.__posted = []; window.__violations = []; window.__state = null;
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))), setState: (s) => { window.__state = s; }, getState: () => window.__state });
const vars = ${JSON.stringify(t.vars)};
for (const k in vars) document.documentElement.style.setProperty(k, vars[k]);
document.addEventListener('DOMContentLoaded', () => document.body.classList.add(${JSON.stringify(t.cls)}));
document.body && document.body.classList.add(${JSON.stringify(t.cls)});`;
}

export interface Harness {
  context: BrowserContext;
  url: string;
  /** Opens a fresh panel page in the given theme and waits until the webview said `ready`. */
  open(theme?: ThemeName): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const bundle = readFileSync(BUNDLE);
  const themes = new Map<string, ThemeName>();
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (u.pathname === '/dist/webview.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      return;
    }
    if (u.pathname === '/panel') {
      const nonce = makeNonce();
      const origin = `http://${req.headers.host}`;
      const theme = (u.searchParams.get('theme') as ThemeName) ?? 'light';
      themes.set(nonce, theme);
      // The host script goes first, exactly where VS Code puts acquireVsCodeApi.
      const page = inspectorPage({ nonce, cspSource: origin, scriptUri: `${origin}/dist/webview.js` })
        .replace('<body>', `<body>\n<script nonce="${nonce}">${hostScript(theme)}</script>`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const userDataDir = mkdtempSync(join(tmpdir(), 'pathwise-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
  });
  const url = `http://127.0.0.1:${port}/panel`;
  return {
    context,
    url,
    async open(theme: ThemeName = 'light') {
      const page = await context.newPage();
      await page.goto(`${url}?theme=${theme}`);
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
      return page;
    },
    async close() {
      await context.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Posts a message to the webview as the extension would, and waits for the next finished drawing. */
export async function postAndRender(page: Page, msg: ToWebview | Record<string, unknown>): Promise<void> {
  const before = await renderCount(page);
  await page.evaluate((m) => window.postMessage(m, '*'), msg);
  await page.waitForFunction((n) => Number(document.getElementById('pw-graph')?.dataset.rendered ?? 0) > n, before);
}

/** The panel at the default editor split: a page 500 px wide (the panel beside the editor), 820 px high. */
export async function openAtSplit(h: Harness, theme: ThemeName = 'light'): Promise<Page> {
  const page = await h.open(theme);
  await page.setViewportSize({ width: 500, height: 820 });
  return page;
}

export async function renderCount(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.getElementById('pw-graph')?.dataset.rendered ?? 0));
}

/** Messages the webview posted to the "extension" so far. */
export async function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
}

export async function violations(page: Page): Promise<{ directive: string; blocked: string; sample: string }[]> {
  return page.evaluate(() => (window as unknown as { __violations: { directive: string; blocked: string; sample: string }[] }).__violations);
}
