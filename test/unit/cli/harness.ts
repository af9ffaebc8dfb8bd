/**
 * Runs the real `pathwise` CLI as a child process. The CLI is bundled from `src/cli/main.ts` with the
 * options `esbuild.js` uses, into a temporary package layout (`bin/pathwise.js`, `dist/cli.js`,
 * `package.json`), so the launcher, the bundle and the package metadata are all exercised without
 * racing other builds of `dist/`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import esbuild from 'esbuild';

export const REPO = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/cli');

/** Temporary directories made by this module, removed by {@link cleanup}. */
const made: string[] = [];

/** Removes every temporary directory this test file created (call from `afterAll`). */
export function cleanup(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Bundles the CLI into a fresh temporary package and returns the path of its `bin/pathwise.js`. */
export function buildCli(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-cli-'));
  made.push(root);
  esbuild.buildSync({
    entryPoints: [path.join(REPO, 'src/cli/main.ts')],
    outfile: path.join(root, 'dist/cli.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', '@tensorflow/*'],
    logLevel: 'error',
  });
  fs.mkdirSync(path.join(root, 'bin'));
  fs.copyFileSync(path.join(REPO, 'bin/pathwise.js'), path.join(root, 'bin/pathwise.js'));
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(root, 'package.json'));
  return path.join(root, 'bin/pathwise.js');
}

/** Runs `node <bin> ...args` in `cwd` and collects its output. */
export function run(bin: string, args: string[], cwd: string): CliRun {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed by {@link cleanup}. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pathwise-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Copies a fixture directory into a fresh temporary directory and returns the copy's path. */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pathwise-${name}-`));
  made.push(dir);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** 1-based line and column of the first occurrence of `needle` in `text`, and of its end. */
export function locate(text: string, needle: string): { line: number; column: number; endLine: number; endColumn: number } {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`fixture does not contain ${needle}`);
  const pos = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const a = pos(start);
  const b = pos(start + needle.length);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}
