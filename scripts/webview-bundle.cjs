// Options of the browser bundle (the graph-inspector webview), shared by esbuild.js, the browser tests
// and the webview benchmark so all three build the same thing. ELK's worker build
// (`elkjs/lib/elk-worker.min.js`) is inlined as text under the module name `pathwise:elk-worker`: the
// page starts it as a Worker from a blob: URL (`worker-src blob:` in the CSP), which works in a VS Code
// webview (whose resource URLs are cross-origin to the page) and in the standalone HTML export alike.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** esbuild plugin: `import source from 'pathwise:elk-worker'` gives the worker script as a string. */
const elkWorkerText = {
  name: 'pathwise-elk-worker',
  setup(build) {
    build.onResolve({ filter: /^pathwise:elk-worker$/ }, () => ({ path: require.resolve('elkjs/lib/elk-worker.min.js', { paths: [ROOT] }), namespace: 'elk-worker-text' }));
    build.onLoad({ filter: /.*/, namespace: 'elk-worker-text' }, async (args) => ({ contents: await require('node:fs/promises').readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

/** esbuild options for `webview/main.ts` → `outfile`. */
function webviewOptions(outfile, extra = {}) {
  return {
    entryPoints: [path.join(ROOT, 'webview/main.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    plugins: [elkWorkerText],
    ...extra,
  };
}

module.exports = { webviewOptions, elkWorkerText };
