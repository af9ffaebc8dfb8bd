/**
 * Builds the real tracer runner bundle (`src/tracer/runner.ts`, as esbuild.js does) into a
 * per-process cache file, so the process tests do not depend on the rest of the tree building.
 */
import * as esbuild from 'esbuild';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/trace');

let built: string | null = null;

/** Path of a freshly built `tracer-runner.js` (built once per test process). */
export function runnerPath(): string {
  if (built) return built;
  const out = path.join(ROOT, 'node_modules/.cache/pathwise-tracer-test', `tracer-runner-${process.pid}.js`);
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
