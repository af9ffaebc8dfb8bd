// Benchmark of the graph inspector webview in real headless Chromium, with the built bundle
// (dist/webview.js: own SVG drawing, ELK layout in a blob: Web Worker) inside the panel's CSP, at the
// default split (500 px wide). Graphs: layer-structured synthetic models (bench/model-graphs.mjs).
//  - first readable paint of a 20,000-node model: `graph` message → drawing on screen (at 100 %);
//  - expanding one 490-node LSTM layer (double-click: everything inside opened);
//  - opening every group of a 2,000-node model, with the longest main-thread stall while the layout
//    runs (a 5 ms timer's worst lateness: how late an input event would be handled at worst);
//  - a deep 5,000-node chain with no groups at all (dagre overflowed its stack on such chains).
// `benchWebview()` is called by bench/run.mjs; `node bench/webview.mjs` prints the result on its own.
// With PATHWISE_BENCH_BASELINE=<commit>, the same harness also times that commit's webview (mermaid/
// dagre on the main thread) drawing the full 200-node model, side by side.
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chainGraph, modelGraph } from './model-graphs.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ROOT, 'dist/webview.js');
const RUNS = 3;

async function ensureBundle() {
  if (existsSync(BUNDLE)) return;
  const { build } = await import('esbuild');
  const { webviewOptions } = createRequire(import.meta.url)('../scripts/webview-bundle.cjs');
  await build(webviewOptions(BUNDLE, { minify: true, logLevel: 'error' }));
}

function page(origin, nonce) {
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${origin} 'unsafe-inline'; img-src ${origin} data:; font-src ${origin} data:; worker-src blob:`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"></head>
<body><div id="app"></div>
<script nonce="${nonce}">window.__posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m),setState(){},getState(){return null}});</script>
<script nonce="${nonce}" src="${origin}/dist/webview.js"></script></body></html>`;
}

/** In the page: resolves when #pw-graph's render count passes `n`; records the worst timer lateness meanwhile. */
const WAIT = `window.__pwWait = (n) => new Promise((resolve) => {
  let last = performance.now(); let worst = 0;
  const timer = setInterval(() => { const t = performance.now(); worst = Math.max(worst, t - last - 5); last = t; }, 5);
  const check = () => {
    const el = document.getElementById('pw-graph');
    if (Number(el?.dataset.rendered ?? 0) > n) { clearInterval(timer); resolve({ worst: Math.max(0, worst) }); }
    else requestAnimationFrame(check);
  };
  check();
});
window.__pwRendered = () => Number(document.getElementById('pw-graph')?.dataset.rendered ?? 0);`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchWebview() {
  await ensureBundle();
  const { chromium } = await import('playwright-core');
  const bundles = { current: readFileSync(BUNDLE) };
  const baseline = process.env.PATHWISE_BENCH_BASELINE;
  if (baseline) bundles.baseline = buildBaseline(baseline);
  const server = createServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    const u = new URL(req.url ?? '/', origin);
    if (u.pathname === '/dist/webview.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundles[u.searchParams.get('b') ?? 'current']);
    else {
      const nonce = randomBytes(16).toString('base64');
      res.writeHead(200, { 'content-type': 'text/html' }).end(page(origin, nonce).replace('/dist/webview.js', `/dist/webview.js?b=${u.searchParams.get('b') ?? 'current'}`));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/panel`;
  const userDataDir = mkdtempSync(join(tmpdir(), 'pathwise-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 500, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const open = async (which = 'current') => {
    const p = await context.newPage();
    await p.goto(`${url}?b=${which}`);
    await p.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    await p.evaluate(WAIT);
    return p;
  };
  /** Posts the graph and returns ms until the first drawing. */
  const show = async (p, g) => p.evaluate(async (graph) => {
    const n = window.__pwRendered();
    const t0 = performance.now();
    window.postMessage({ type: 'graph', file: graph.file, graph, fixes: [] }, '*');
    await window.__pwWait(n);
    return performance.now() - t0;
  }, g);
  const result = {};
  try {
    // 1. First readable paint.
    for (const n of [2000, 20000]) {
      const g = modelGraph(n);
      const times = [];
      let info = null;
      for (let r = 0; r < RUNS; r++) {
        const p = await open();
        times.push(await show(p, g));
        info = await p.evaluate(() => ({ boxes: document.querySelectorAll('#pw-graph g.node').length, scale: Number(document.querySelector('#pw-graph svg')?.dataset.scale), font: parseFloat(getComputedStyle(document.querySelector('#pw-graph g.node text') ?? document.body).fontSize) }));
        await p.close();
      }
      result[`webviewFirstReadableMs${n}`] = Math.round(median(times));
      if (n === 20000) result['webviewFirstReadable20000'] = { boxes: info.boxes, scale: info.scale, fontPxOnScreen: +(info.font * info.scale).toFixed(1) };
    }
    // 2. Expanding one layer of 490 nodes (double-click opens everything inside it).
    {
      const g = modelGraph(5000, { layers: 30 });
      const times = [];
      let boxes = 0;
      for (let r = 0; r < RUNS; r++) {
        const p = await open();
        await show(p, g);
        const layer = p.locator('#pw-graph g.node.pw-group', { hasText: 'lstm_LSTM4' }).first();
        const n = await p.evaluate(() => window.__pwRendered());
        const t0 = Date.now();
        await layer.dispatchEvent('dblclick');
        await p.evaluate((k) => window.__pwWait(k), n);
        times.push(Date.now() - t0);
        boxes = await p.locator('#pw-graph g.node').count();
        await p.close();
      }
      result.webviewExpandLayer490Ms = Math.round(median(times));
      result.webviewExpandLayer490Boxes = boxes;
    }
    // 3. Every group of a 2,000-node model opened, with the worst main-thread stall meanwhile.
    {
      const g = modelGraph(2000);
      const times = [];
      const stalls = [];
      for (let r = 0; r < RUNS; r++) {
        const p = await open();
        await show(p, g);
        const n = await p.evaluate(() => window.__pwRendered());
        await p.locator('#pw-full').click();
        await p.locator('#pw-ask-yes').waitFor();
        const t0 = Date.now();
        const waiting = p.evaluate((k) => window.__pwWait(k), n);
        await p.locator('#pw-ask-yes').click();
        const { worst } = await waiting;
        times.push(Date.now() - t0);
        stalls.push(worst);
        await p.close();
      }
      result.webviewFullExpand2000Ms = Math.round(median(times));
      result.webviewFullExpand2000MaxStallMs = Math.round(Math.max(...stalls));
    }
    // 4. A 5,000-node chain without groups or locations (chunked into groups of 60).
    {
      const p = await open();
      result.webviewChain5000FirstMs = Math.round(await show(p, chainGraph(5000)));
      await p.close();
    }
    // 5. Side by side: the baseline commit's full view (mermaid/dagre, main thread) of a 200-node model.
    if (bundles.baseline) {
      const p = await open('baseline');
      const g = modelGraph(200, { layers: 3 });
      await show(p, g);
      const n = await p.evaluate(() => window.__pwRendered());
      const t0 = Date.now();
      await p.locator('#pw-full').click();
      await p.evaluate((k) => window.__pwWait(k), n);
      result.webviewBaselineFull200Ms = Date.now() - t0;
      await p.close();
      const q = await open();
      await show(q, g);
      const m = await q.evaluate(() => window.__pwRendered());
      const t1 = Date.now();
      await q.locator('#pw-full').click();
      await q.evaluate((k) => window.__pwWait(k), m);
      result.webviewFull200Ms = Date.now() - t1;
      result.webviewFull200SpeedupVsBaseline = +(result.webviewBaselineFull200Ms / Math.max(1, result.webviewFull200Ms)).toFixed(1);
      await q.close();
    }
  } finally {
    await context.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return result;
}

/** The webview bundle of another commit (its own esbuild options), for side-by-side figures. */
function buildBaseline(commit) {
  const dir = mkdtempSync(join(tmpdir(), 'pathwise-baseline-'));
  execFileSync('bash', ['-c', `git -C "${ROOT}" archive ${commit} webview src | tar -x -C "${dir}"`]);
  const out = join(dir, 'webview.js');
  execFileSync(process.execPath, ['-e', `require('esbuild').buildSync({ entryPoints: [${JSON.stringify(join(dir, 'webview/main.ts'))}], outfile: ${JSON.stringify(out)}, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'error', nodePaths: [${JSON.stringify(join(ROOT, 'node_modules'))}] })`], { cwd: ROOT });
  const text = readFileSync(out);
  rmSync(dir, { recursive: true, force: true });
  return text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  benchWebview().then((r) => console.log(JSON.stringify(r, null, 2)), (e) => { console.error(e); process.exit(1); });
}
