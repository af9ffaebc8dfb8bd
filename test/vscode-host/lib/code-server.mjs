// Starts and stops one fresh code-server (real VS Code 1.100.3 server + Node extension host).
// Every server gets its own HOME/XDG/TMPDIR, user-data and extensions folders and a free loopback
// port; it runs in its own process group so stopping it also ends the extension host it spawned.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODE_SERVER_BIN } from './paths.mjs';
import { freePort } from './free-port.mjs';

/** User settings for a quiet, deterministic workbench (see shared/reference/vscode-in-ci.md). */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'security.workspace.trust.startupPrompt': 'never',
  'chat.commandCenter.enabled': false,
};

function childEnv(dirs, extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Variables of an enclosing VS Code / Electron would make code-server talk to it instead.
    if (/^(VSCODE_|ELECTRON_)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    TMPDIR: dirs.tmp,
    ...extra,
  };
}

/** Creates the throwaway folders of one server (short paths: VS Code puts IPC sockets in TMPDIR). */
export function makeStateDirs() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-vsh-'));
  const dirs = {
    root,
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    browserProfile: path.join(root, 'browser'),
    config: path.join(root, 'config.yaml'),
  };
  for (const d of [dirs.home, dirs.tmp, dirs.userData, dirs.extensions, dirs.browserProfile]) {
    fs.mkdirSync(d, { recursive: true });
  }
  fs.writeFileSync(dirs.config, '');
  return dirs;
}

async function healthy(url) {
  try {
    const res = await fetch(`${url}/healthz`);
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts code-server on 127.0.0.1 with `folder` open.
 * @param {object} o
 * @param {string} o.folder workspace folder to open
 * @param {boolean} [o.trust=true] false starts without --disable-workspace-trust (restricted mode)
 * @param {string} [o.vsix] a packaged extension to install first
 * @param {Record<string,string>} [o.env] extra environment for the server and its extension host
 * @param {Record<string,unknown>} [o.settings] extra user settings
 * @param {number} [o.port] fixed port (default: a free one)
 * @param {string} [o.logFile] where the server's stdout/stderr go
 * @param {ReturnType<typeof makeStateDirs>} [o.dirs]
 */
export async function startCodeServer(o) {
  const dirs = o.dirs ?? makeStateDirs();
  const port = o.port ?? (await freePort());
  const env = childEnv(dirs, o.env ?? {});
  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...BASE_SETTINGS, ...(o.settings ?? {}) }, null, 2));

  const common = ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  if (o.vsix) {
    const r = spawnSync(CODE_SERVER_BIN, [...common, '--install-extension', o.vsix], { env, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`code-server --install-extension ${o.vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
  }

  const args = [
    ...common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(o.trust === false ? [] : ['--disable-workspace-trust']),
    o.folder,
  ];
  const logFile = o.logFile ?? path.join(dirs.root, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  // detached: its own process group, so stop() can signal the whole tree (extension host included).
  const child = spawn(CODE_SERVER_BIN, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  const url = `http://127.0.0.1:${port}`;
  const server = {
    url,
    port,
    pid: child.pid,
    dirs,
    logFile,
    authority: `127.0.0.1:${port}`,
    /** Stops the server's process group: SIGTERM, then SIGKILL after a grace period. */
    async stop() {
      await killGroup(child.pid, () => exited !== null);
    },
    /** Last lines of the server log, for failure messages. */
    logTail(lines = 40) {
      try {
        return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
  };

  const deadline = Date.now() + 60_000;
  while (!(await healthy(url))) {
    if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}):\n${server.logTail()}`);
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer /healthz within 60 s:\n${server.logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return server;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals process group `pgid` until nothing in it is left. */
export async function killGroup(pgid, leaderExited = () => false) {
  const signal = (sig) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 5_000;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pgid)) signal('SIGKILL');
  const hard = Date.now() + 5_000;
  while ((groupAlive(pgid) || !leaderExited()) && Date.now() < hard) await new Promise((r) => setTimeout(r, 50));
}
