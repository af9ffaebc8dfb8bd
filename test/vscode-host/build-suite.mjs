// Compiles test/integration/*.ts (the mocha suite the extension host runs) to CommonJS in
// test/vscode-host/out/integration, one file per source so the test files share helper state.
// Transpile only: `npx tsc -p test/integration` type-checks.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_DIR, SUITE_OUT_DIR, SUITE_SRC_DIR } from './lib/paths.mjs';

const esbuild = createRequire(path.join(REPO_DIR, 'package.json'))('esbuild');

/** Builds the suite and returns the path of its `index.js`. */
export async function buildSuite() {
  const entryPoints = fs
    .readdirSync(SUITE_SRC_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(SUITE_SRC_DIR, f));
  fs.rmSync(SUITE_OUT_DIR, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: SUITE_OUT_DIR,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return path.join(SUITE_OUT_DIR, 'index.js');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const index = await buildSuite();
  console.log(`[vscode-host] suite built: ${path.relative(process.cwd(), index)}`);
}
