#!/usr/bin/env node
// `npm run package`: production build, then `vsce package` offline into pathwise-<version>.vsix.
// `.vscodeignore` decides what ships; this script also checks the result (no sources, tests or
// source maps) and records the size in artifacts/package-info.json.
//   node scripts/package.mjs [--out file.vsix] [--skip-build]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Packs the extension and returns the absolute path of the .vsix. */
export function packageExtension({ out, skipBuild = false } = {}) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.resolve(ROOT, out ?? `${pkg.name}-${pkg.version}.vsix`);
  const t0 = Date.now();
  if (!skipBuild) execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'inherit' });
  vendorEsbuild();
  const built = Date.now();
  const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
  const args = [
    'package',
    '--no-dependencies', // everything the extension needs is bundled into dist/
    '--allow-missing-repository', // no public repository yet
    '--no-rewrite-relative-links', // README links to docs/rules/*.md stay relative (shipped in the vsix)
    '--target', `${process.platform}-${process.arch}`, // the vendored esbuild binary is platform-specific
    '--out', vsix,
  ];
  const r = spawnSync(vsce, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`vsce package failed with exit code ${r.status}`);
  }
  const files = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
  const forbidden = files.filter(
    (f) => /\.map$|^extension\/(src|test|webview|node_modules|scripts|bench|examples)\//.test(f) && !f.startsWith('extension/dist/node_modules/'),
  );
  if (forbidden.length) throw new Error(`the .vsix contains files that should not ship:\n${forbidden.join('\n')}`);
  for (const needed of ['extension/dist/node_modules/esbuild/package.json', 'extension/dist/extension.js', 'extension/dist/webview.js', 'extension/dist/tracer-runner.js', 'extension/dist/server.js', 'extension/dist/analysis-worker.js', 'extension/package.json']) {
    if (!files.includes(needed)) throw new Error(`the .vsix lacks ${needed}`);
  }
  const bytes = fs.statSync(vsix).size;
  const info = {
    vsix: path.relative(ROOT, vsix),
    bytes,
    files: files.length,
    buildSeconds: (built - t0) / 1000,
    packageSeconds: (Date.now() - built) / 1000,
  };
  fs.mkdirSync(path.join(ROOT, 'artifacts'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'artifacts', 'package-info.json'), JSON.stringify(info, null, 2));
  console.log(`[package] ${info.vsix}: ${(bytes / 1024 / 1024).toFixed(2)} MB, ${files.length} files (build ${info.buildSeconds}s, vsce ${info.packageSeconds}s)`);
  return vsix;
}

/**
 * The tracer bundles the user's model with esbuild at run time, and esbuild cannot be inlined (it drives a
 * native binary). Copy the JS package and this platform's binary package next to the bundles, where Node's
 * resolution from dist/tracer-runner.js finds them first; the .vsix is therefore platform-specific.
 */
function vendorEsbuild() {
  const dest = path.join(ROOT, 'dist', 'node_modules');
  fs.rmSync(dest, { recursive: true, force: true });
  const platformPkg = `@esbuild/${process.platform}-${process.arch}`;
  for (const name of ['esbuild', platformPkg]) {
    const src = path.join(ROOT, 'node_modules', name);
    if (!fs.existsSync(src)) throw new Error(`cannot vendor ${name}: ${src} is missing (run npm ci)`);
    fs.cpSync(src, path.join(dest, name), { recursive: true, dereference: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Parsed only when run as a script: run.mjs and start-playground.mjs import this module.
  const { values: opts } = parseArgs({
    options: { out: { type: 'string' }, 'skip-build': { type: 'boolean', default: false } },
  });
  try {
    packageExtension({ out: opts.out, skipBuild: opts['skip-build'] });
  } catch (err) {
    console.error(`[package] ${err.message}`);
    process.exit(1);
  }
}
