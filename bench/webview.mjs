// Benchmark of the graph inspector webview: time from the `graph` message to the first rendered SVG
// for synthetic graphs of 50, 500 and 2,000 nodes (collapsed view), in real headless Chromium with the
// built bundle (dist/webview.js) inside the panel's CSP. `benchWebview()` is called by bench/run.mjs;
// `node bench/webview.mjs` prints the result on its own.
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ROOT, 'dist/webview.js');
const RUNS = 3;

/**
 * A synthetic model graph of `n` nodes: parameters, inputs and noise feeding ops in four functions,
 * a loop whose iterations share a source position (folded by the collapsed view), a severed sample.
 */
export function syntheticGraph(n) {
  const nodes = [];
  const edges = [];
  const add = (node) => { nodes.push({ value: Math.random(), grad: Math.random() - 0.5, shape: null, ...node }); return node.id; };
  const fns = ['encoder', 'decoder', 'klNormal', 'elbo'];
  const params = Math.max(2, Math.round(n * 0.05));
  for (let i = 0; i < params; i++) add({ id: `p${i}`, label: `w${i}`, op: 'param', kind: 'param', loc: { line: 2, column: 10 + i, fn: 'elbo' } });
  add({ id: 'x', label: 'x', op: 'input', kind: 'input', loc: { line: 3, column: 5, fn: 'elbo' } });
  add({ id: 'eps', label: 'eps', op: 'randomNormal', kind: 'noise', loc: { line: 4, column: 5, fn: 'elbo' } });
  add({ id: 'z', label: 'z', op: 'randomNormal(mu, sigma)', kind: 'sample', loc: { line: 5, column: 5, fn: 'elbo' } });
  edges.push({ from: 'p0', to: 'z', kind: 'severed' }, { from: 'p1', to: 'z', kind: 'severed' });
  let prev = 'x';
  const rest = n - nodes.length - 1;
  for (let i = 0; i < rest; i++) {
    const looped = i % 3 === 0; // a third of the nodes are iterations of one loop body per function
    const fn = fns[i % fns.length];
    const line = looped ? 100 + (i % fns.length) : 200 + i;
    const id = add({ id: `o${i}`, label: looped ? 'acc' : `t${i}`, op: i % 2 ? 'mul' : 'add', kind: 'op', loc: { line, column: 7, fn } });
    edges.push({ from: prev, to: id, kind: 'grad' });
    edges.push({ from: i % 5 === 0 ? 'z' : `p${i % params}`, to: id, kind: i % 17 === 0 ? 'zero' : 'grad' });
    prev = id;
  }
  add({ id: 'loss', label: 'loss', op: 'add', kind: 'output', loc: { line: 9, column: 10, fn: 'elbo' } });
  edges.push({ from: prev, to: 'loss', kind: 'grad' });
  return {
    version: 1, file: `synthetic-${n}.ts`, entry: 'elbo', seed: 1, runtime: 'plain', output: { value: 1 },
    params: nodes.filter((x) => x.kind === 'param').map((p) => ({ name: p.label, value: p.value, grad: p.grad })),
    nodes, edges, gradcheck: [], error: null,
  };
}

async function ensureBundle() {
  if (existsSync(BUNDLE)) return;
  const { build } = await import('esbuild');
  await build({ entryPoints: [join(ROOT, 'webview/main.ts')], outfile: BUNDLE, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'error' });
}

function page(origin, nonce) {
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${origin} 'unsafe-inline'; img-src ${origin} data:; font-src ${origin} data:`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"></head>
<body><div id="app"></div>
<script nonce="${nonce}">window.__posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m),setState(){},getState(){return null}});</script>
<script nonce="${nonce}" src="${origin}/dist/webview.js"></script></body></html>`;
}

/** Median ms from the `graph` message to the first SVG in the DOM, per graph size. */
export async function benchWebview() {
  await ensureBundle();
  const { chromium } = await import('playwright-core');
  const bundle = readFileSync(BUNDLE);
  const server = createServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    if (req.url === '/dist/webview.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(page(origin, randomBytes(16).toString('base64')));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/panel`;
  const userDataDir = mkdtempSync(join(tmpdir(), 'pathwise-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const result = {};
  try {
    for (const n of [50, 500, 2000]) {
      const graph = syntheticGraph(n);
      const times = [];
      for (let r = 0; r < RUNS; r++) {
        const p = await context.newPage();
        await p.goto(url);
        await p.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
        const ms = await p.evaluate(async (g) => {
          const el = document.getElementById('pw-graph');
          const t0 = performance.now();
          window.postMessage({ type: 'graph', file: g.file, graph: g, fixes: [] }, '*');
          await new Promise((resolve) => {
            const check = () => (el.querySelector('svg g.node') ? resolve() : requestAnimationFrame(check));
            check();
          });
          return performance.now() - t0;
        }, graph);
        times.push(ms);
        await p.close();
      }
      times.sort((a, b) => a - b);
      result[`webviewFirstSvgMs${n}`] = Math.round(times[Math.floor(times.length / 2)]);
    }
  } finally {
    await context.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  benchWebview().then((r) => console.log(JSON.stringify(r, null, 2)), (e) => { console.error(e); process.exit(1); });
}
