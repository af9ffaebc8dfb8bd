#!/usr/bin/env node
// `npm start`: the playground. Builds and packages Pathwise, installs the .vsix into a local
// code-server (real VS Code 1.100.3) bound to 127.0.0.1 with the examples/ folder open, prints the
// URL and stays in the foreground until Ctrl+C.
//
// The first start installs the toolchain (test/vscode-host/setup.sh, about a minute); later starts
// reuse it, skip the build when the .vsix is newer than every input, and take seconds.
//   node scripts/start-playground.mjs [--port N] [--folder DIR] [--rebuild]
// (PATHWISE_PORT also sets the port; default 3939, or a free one when that is taken.)
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageExtension } from './package.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = path.join(ROOT, 'test', 'vscode-host');
const STATE = path.join(HOST, '.run', 'playground'); // gitignored, kept between starts
const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PATHWISE_PORT ?? '3939' },
    folder: { type: 'string', default: path.join(ROOT, 'examples') },
    rebuild: { type: 'boolean', default: false },
  },
});

const timings = {};
async function stage(name, fn) {
  const t = Date.now();
  const result = await fn();
  timings[name] = (Date.now() - t) / 1000;
  console.log(`[playground] ${name}: ${timings[name].toFixed(1)}s`);
  return result;
}

/** Newest modification time under the given paths (files or folders). */
function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach((p) => visit(path.join(ROOT, p)));
  return newest;
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Whether an executable named `cmd` is on PATH. */
function onPath(cmd) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, cmd)));
}

function ensureExamplesFolder(folder) {
  if (fs.existsSync(folder)) return;
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'README.md'), '# Pathwise examples\n\nExample models to open in the playground go here.\n');
}

async function main() {
  const started = Date.now();
  // 1. Toolchain (code-server, playwright-core, mocha + system packages): no-op when up to date.
  await stage('toolchain', () => execFileSync('bash', [path.join(HOST, 'setup.sh')], { stdio: 'inherit' }));

  // 2. Build + package, skipped when the .vsix is newer than everything that goes into it.
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
  const inputs = ['src', 'webview', 'media', 'docs/rules', 'bin', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'esbuild.js', 'scripts/webview-bundle.cjs', '.vscodeignore'];
  const fresh = fs.existsSync(vsix) && fs.statSync(vsix).mtimeMs > newestMtime(inputs);
  if (fresh && !opts.rebuild) console.log(`[playground] ${path.basename(vsix)} is up to date`);
  else await stage('build + package', () => packageExtension());

  // 3. Install into the playground's own extensions folder when the .vsix changed.
  const { startCodeServer, makeStateDirs } = await import('../test/vscode-host/lib/code-server.mjs');
  const dirs = makeStateDirs(); // throwaway HOME/TMPDIR (short socket paths) ...
  for (const [key, sub] of [['userData', 'user-data'], ['extensions', 'extensions']]) {
    dirs[key] = path.join(STATE, sub); // ... but user data and extensions persist between starts
    fs.mkdirSync(dirs[key], { recursive: true });
  }
  const digest = crypto.createHash('sha256').update(fs.readFileSync(vsix)).digest('hex');
  const stampFile = path.join(STATE, 'installed-vsix.sha256');
  const installed = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === digest;

  ensureExamplesFolder(opts.folder);
  let port = Number(opts.port);
  if (!(await portFree(port))) {
    const { freePort } = await import('../test/vscode-host/lib/free-port.mjs');
    const wanted = port;
    port = await freePort();
    console.log(`[playground] port ${wanted} is taken, using ${port}`);
  }

  // 4. Start code-server on loopback (no auth needed there) in the foreground.
  const server = await stage(installed ? 'start' : 'install + start', () =>
    startCodeServer({
      folder: opts.folder,
      port,
      dirs,
      vsix: installed ? undefined : vsix,
      logFile: path.join(STATE, 'code-server.log'),
      settings: { 'workbench.startupEditor': 'readme' },
    }),
  );
  fs.writeFileSync(stampFile, digest);
  const url = `${server.url}/?folder=${encodeURIComponent(opts.folder)}`;
  console.log(`\n[playground] Pathwise ${pkg.version} is ready (${((Date.now() - started) / 1000).toFixed(1)}s): ${url}`);
  console.log(`[playground] server pid ${server.pid}, log ${path.relative(ROOT, server.logFile)}. Ctrl+C stops it.`);
  if (onPath('code')) console.log('[playground] desktop VS Code found: `code --extensionDevelopmentPath=. examples` opens the same folder there.');
  console.log('');
  fs.writeFileSync(path.join(STATE, 'timings.json'), JSON.stringify({ ...timings, totalSeconds: (Date.now() - started) / 1000 }, null, 2));

  let stopping = false;
  let watch;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watch);
    console.log('\n[playground] stopping');
    await server.stop();
    fs.rmSync(dirs.root, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  // If the server dies on its own, leave with an error instead of hanging.
  watch = setInterval(() => {
    try {
      process.kill(server.pid, 0);
    } catch {
      if (stopping) return;
      console.error(`[playground] code-server exited:\n${server.logTail()}`);
      stop(1);
    }
  }, 1000);
}

main().catch((err) => {
  console.error(`[playground] ${err?.stack ?? err}`);
  process.exit(1);
});
