/**
 * Builds the real tracer runner bundle (`src/tracer/runner.ts`, as esbuild.js does) into a
 * per-process cache file, so the process tests do not depend on the rest of the tree building.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/trace');

let built: string | null = null;

/** Path of a freshly built `tracer-runner.js` (built once per test process). */
export function runnerPath(): string {
  if (built) return built;
  const dir = path.join(ROOT, 'node_modules/.cache/pathwise-tracer-test');
  const out = path.join(dir, `tracer-runner-${process.pid}.js`);
  // Builds of earlier test processes are left behind; drop the ones older than an hour.
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const p = path.join(dir, f);
    if (p !== out && p !== `${out}.map` && Date.now() - fs.statSync(p).mtimeMs > 3_600_000) fs.rmSync(p, { force: true });
  }
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'src/tracer/runner.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    external: ['vscode', '@tensorflow/*', 'esbuild'],
    logLevel: 'error',
  });
  built = out;
  return out;
}
