// One build script for every bundle Pathwise ships:
//  - the extension (node, cjs, `vscode` external),
//  - the `pathwise` CLI (node, cjs),
//  - the tracer runner that executes user code in a child process (node, cjs),
//  - the language server and its analysis worker thread (node, cjs),
//  - the graph-inspector webview (browser, iife).
// `node esbuild.js --production` minifies; `--watch` rebuilds on change.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { webviewOptions } = require('./scripts/webview-bundle.cjs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Shared options for every bundle. */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Node bundles: the extension host and the two child-process programs. */
const nodeTargets = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['src/tracer/runner.ts'], outfile: 'dist/tracer-runner.js' },
  // The language server (VS Code starts it; `pathwise lsp --stdio` loads it) and its analysis thread.
  { entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['src/server/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' },
].map((t) => ({
  ...common,
  ...t,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // `typescript` stays bundled so the VSIX works without node_modules; user libraries the tracer
  // loads (tfjs, d3-random, ...) are resolved from the user's workspace at run time.
  // `esbuild` (the tracer bundles user code with it) is a native package: resolved at run time, never inlined.
  external: ['vscode', '@tensorflow/*', 'esbuild'],
}));

/** Browser bundle for the webview (and the self-contained HTML export). */
// ELK's worker build is inlined into it as text and started from a blob: URL (scripts/webview-bundle.cjs).
const webTargets = [webviewOptions('dist/webview.js', common)];

async function main() {
  fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
  const all = [...nodeTargets, ...webTargets];
  if (watch) {
    const contexts = await Promise.all(all.map((o) => esbuild.context(o)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[pathwise] watching for changes');
    return;
  }
  await Promise.all(all.map((o) => esbuild.build(o)));
  console.log(`[pathwise] built ${all.length} bundles${production ? ' (production)' : ''}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
