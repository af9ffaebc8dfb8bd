// Benchmark of the graph inspector webview in real headless Chromium, with the built bundle
// (dist/webview.js: own SVG drawing, ELK layout in a blob: Web Worker) inside the panel's CSP, at the
// default split (500 px wide). Graphs: layer-structured synthetic models (bench/model-graphs.mjs).
//  - first readable paint of a 20,000-node model: the graph message as the extension sends it (JSON text,
//    `graph-json`; an older baseline panel gets the object) → drawing on screen (at 100 %); also with the
//    object message on the current panel (`…ObjectMessage`);
//  - expanding one 490-node LSTM layer (double-click: everything inside opened), right after the first
//    paint and again after the panel was idle IDLE_S s (speculative layout of likely expansions), and
//    right after the first paint of a graph that arrived TRACE_S s after the panel opened (a trace);
//    `…ReadableMs` is the time until the boxes on screen are painted, `…Ms` until every box is;
//  - opening every group of a 2,000-node model, with the longest main-thread stall from the click until
//    the frame after the drawing is complete (a 5 ms timer's worst lateness: how late an input event
//    would be handled at worst) and the longest task Chromium reports (PerformanceObserver 'longtask');
//  - a deep 5,000-node chain with no groups at all (dagre overflowed its stack on such chains).
// Every figure is the median of PATHWISE_BENCH_RUNS runs (default 5; the stall is the median of the
// runs' worst). The panel marks its phases (performance.mark 'pw:draw', 'pw:sized', 'pw:laidout',
// 'pw:attached', 'pw:done'): the expansion's medians per phase are reported too.
// `benchWebview()` is called by bench/run.mjs; `node bench/webview.mjs` prints the result on its own.
// With PATHWISE_BENCH_BASELINE=<commit>, that commit's webview is built too and every scenario runs on
// both bundles, interleaved run by run (same machine load), reported as `…Baseline` figures beside the
// new ones with their ratio (`…Speedup` = baseline ÷ current; for the stalls, baseline ÷ current too).
// A baseline with the mermaid/dagre webview (before ELK) is timed on the full 200-node model instead.
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
const RUNS = Number(process.env.PATHWISE_BENCH_RUNS ?? 5);
/**
 * Seconds the panel is left idle before the expansion (PATHWISE_BENCH_IDLES, comma-separated): 0 = right
 * after the first paint; a short wait catches speculation half-way (does it get in the way?); the longest
 * is reported as `…AfterIdle…`, the others as `…AfterIdle<N>s…`.
 */
const IDLES = (process.env.PATHWISE_BENCH_IDLES ?? '0,1.5,8').split(',').map(Number);
const IDLE_S = Math.max(...IDLES);
/** Seconds a trace keeps the panel waiting for its graph in the `AfterTrace` expansion (PATHWISE_BENCH_TRACE_S; 0: skipped). */
const TRACE_S = Number(process.env.PATHWISE_BENCH_TRACE_S ?? 2.5);
/** PATHWISE_BENCH_ONLY=paint,expand,full,chain runs only those scenarios (all by default). */
const ONLY = new Set((process.env.PATHWISE_BENCH_ONLY ?? 'paint,expand,full,chain,dagre').split(','));

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
const WAIT = `window.__pwLong = [];
try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__pwLong.push([e.startTime, e.duration]); }).observe({ type: 'longtask' }); } catch {}
window.__pwWait = (n) => new Promise((resolve) => {
  const t0 = performance.now(); let last = t0; let worst = 0;
  const timer = setInterval(() => { const t = performance.now(); worst = Math.max(worst, t - last - 5); last = t; }, 5);
  const check = () => {
    const el = document.getElementById('pw-graph');
    if (Number(el?.dataset.rendered ?? 0) > n) {
      const done = performance.now();
      // Keep the stall probe running until the frame after the drawing has been rendered and a timer
      // has run: the drawing's own style, layout and paint count as a stall too.
      requestAnimationFrame(() => setTimeout(() => {
        clearInterval(timer);
        const longest = Math.max(0, ...window.__pwLong.filter(([s]) => s >= t0).map(([, d]) => d));
        resolve({ ms: done - t0, worst: Math.max(0, worst), longest, after: performance.now() - done });
      }, 0));
    }
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
  if (baseline) bundles.baseline = await buildBaseline(baseline);
  // A baseline without the ELK worker is the mermaid/dagre webview: only the 200-node full view is fair to it.
  const elkBaseline = Boolean(bundles.baseline && bundles.baseline.includes('elk.hierarchyHandling'));
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
  /** The bundle each page was opened with (it decides the message the page's extension would send). */
  const bundleOf = new WeakMap();
  const open = async (which = 'current') => {
    const p = await context.newPage();
    await p.goto(`${url}?b=${which}`);
    await p.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    await p.evaluate(WAIT);
    bundleOf.set(p, which);
    return p;
  };
  /**
   * Posts the graph as that bundle's extension sends it (JSON text where the panel takes `graph-json`,
   * else the object; `asObject` forces the object) and returns ms until the first drawing. The text is
   * made outside the timing: the extension host makes it, not the panel. Either way the page gets the
   * JSON text from here (and parses it before the clock starts when it posts the object): handing the
   * page a 2,000-node object through the debugging protocol took about 700 ms, which the panel spent
   * warming its layout workers up before the clock started, and made the object message look faster.
   */
  const texts = new WeakMap();
  const show = async (p, g, asObject = false) => {
    const object = asObject || !bundles[bundleOf.get(p) ?? 'current'].includes('graph-json');
    if (!texts.has(g)) texts.set(g, JSON.stringify({ type: 'graph', file: g.file, graph: g, fixes: [] }));
    return p.evaluate(async ([json, object]) => {
      const m = object ? JSON.parse(json) : { type: 'graph-json', json };
      const n = window.__pwRendered();
      const t0 = performance.now();
      window.postMessage(m, '*');
      await window.__pwWait(n);
      return performance.now() - t0;
    }, [texts.get(g), object]);
  };
  /** Milliseconds between the panel's phase marks after `t0` (page clock), by phase. */
  const phases = (p, t0) => p.evaluate((from) => {
    const out = {};
    let prev = from;
    for (const m of performance.getEntriesByType('mark')) {
      if (!m.name.startsWith('pw:') || m.startTime < from) continue;
      out[m.name.slice(3)] = (out[m.name.slice(3)] ?? 0) + (m.startTime - prev);
      prev = m.startTime;
    }
    return out;
  }, t0);
  const which = ['current', ...(elkBaseline ? ['baseline'] : [])];
  const result = {};
  /** Runs `once(bundle)` RUNS times per bundle, interleaved; records medians under `key` (+ `Baseline`, `Speedup`). */
  const sideBySide = async (once, record) => {
    const runs = Object.fromEntries(which.map((w) => [w, []]));
    for (let r = 0; r < RUNS; r++) for (const w of which) runs[w].push(await once(w));
    for (const w of which) record(runs[w], w === 'current' ? '' : 'Baseline');
    return runs;
  };
  const ratio = (key) => {
    if (result[`${key}Baseline`] !== undefined) result[`${key}Speedup`] = +(result[`${key}Baseline`] / Math.max(1, result[key])).toFixed(2);
  };
  try {
    // 1. First readable paint.
    for (const n of ONLY.has('paint') ? [2000, 20000] : []) {
      const g = modelGraph(n);
      let info = null;
      await sideBySide(async (w) => {
        const p = await open(w);
        const ms = await show(p, g);
        if (w === 'current') info = await p.evaluate(() => ({ boxes: document.querySelectorAll('#pw-graph g.node').length, scale: Number(document.querySelector('#pw-graph svg')?.dataset.scale), font: parseFloat(getComputedStyle(document.querySelector('#pw-graph g.node text') ?? document.body).fontSize) }));
        await p.close();
        return ms;
      }, (xs, suffix) => { result[`webviewFirstReadableMs${n}${suffix}`] = Math.round(median(xs)); });
      ratio(`webviewFirstReadableMs${n}`);
      // The same graph posted as an object (what the extension sent before `graph-json`), current panel.
      const asObject = [];
      for (let r = 0; r < RUNS; r++) {
        const p = await open('current');
        asObject.push(await show(p, g, true));
        await p.close();
      }
      result[`webviewFirstReadableMs${n}ObjectMessage`] = Math.round(median(asObject));
      if (n === 20000) result['webviewFirstReadable20000'] = { boxes: info.boxes, scale: info.scale, fontPxOnScreen: +(info.font * info.scale).toFixed(1) };
    }
    // 2. Expanding one layer of 490 nodes (double-click opens everything inside it), twice: right after
    //    the first paint (nothing laid out ahead: what a person clicking at once gets), and after the
    //    panel has been idle IDLE_S seconds (the current panel lays out likely expansions meanwhile;
    //    the baseline just waits). `…ElkRuns` = ELK calls the expansion still needed (0: all cached).
    //    Once more with the panel open TRACE_S seconds before its graph arrives, as when the graph is a
    //    trace's (a traced example takes 2–3 s): clicked right after the first paint (`AfterTrace`).
    const expansions = [...IDLES.map((idle) => ({ idle, arrive: 0 })), ...(TRACE_S ? [{ idle: 0, arrive: TRACE_S }] : [])];
    for (const { idle, arrive } of ONLY.has('expand') ? expansions : []) {
      const g = modelGraph(5000, { layers: 30 });
      const tag = arrive ? 'AfterTrace' : !idle ? '' : idle === IDLE_S ? 'AfterIdle' : `AfterIdle${String(idle).replace('.', '_')}s`;
      let boxes = 0;
      const parts = [];
      const extra = [];
      await sideBySide(async (w) => {
        const p = await open(w);
        if (arrive) await p.waitForTimeout(arrive * 1000);
        await show(p, g);
        if (idle) await p.waitForTimeout(idle * 1000);
        const layer = p.locator('#pw-graph g.node.pw-group', { hasText: 'lstm_LSTM4' }).first();
        const n = await p.evaluate(() => window.__pwRendered());
        const specViews = await p.evaluate(() => Number(document.getElementById('pw-graph')?.dataset.specViews ?? 0));
        // When the drawing's on-screen boxes are painted (`data-readable`; the rest fill in a slice per frame).
        const since = await p.evaluate(() => {
          const pane = document.getElementById('pw-graph');
          window.__pwReadable = 0;
          new MutationObserver((_, o) => { window.__pwReadable = performance.now(); o.disconnect(); }).observe(pane, { attributeFilter: ['data-readable'] });
          return performance.now();
        });
        const t0 = Date.now();
        await layer.dispatchEvent('dblclick');
        const { worst, longest, after } = await p.evaluate((k) => window.__pwWait(k), n);
        const ms = Date.now() - t0 - after;
        const readable = await p.evaluate((from) => (window.__pwReadable ? window.__pwReadable - from : null), since);
        if (w === 'current') {
          boxes = await p.locator('#pw-graph g.node').count();
          parts.push(await phases(p, since));
          extra.push({ specViews, elkRuns: await p.evaluate(() => Number(document.getElementById('pw-graph')?.dataset.layoutRuns ?? -1)) });
        }
        await p.close();
        return { ms, worst, longest, readable };
      }, (xs, suffix) => {
        result[`webviewExpandLayer490${tag}Ms${suffix}`] = Math.round(median(xs.map((x) => x.ms)));
        const readable = xs.map((x) => x.readable).filter((x) => x !== null);
        if (readable.length) result[`webviewExpandLayer490${tag}ReadableMs${suffix}`] = Math.round(median(readable));
        result[`webviewExpandLayer490${tag}LongestTaskMs${suffix}`] = Math.round(median(xs.map((x) => x.longest)));
        result[`webviewExpandLayer490${tag}MaxStallMs${suffix}`] = Math.round(median(xs.map((x) => x.worst)));
      });
      ratio(`webviewExpandLayer490${tag}Ms`);
      result.webviewExpandLayer490Boxes = boxes;
      const names = [...new Set(parts.flatMap((x) => Object.keys(x)))];
      result[`webviewExpandLayer490${tag}PhasesMs`] = Object.fromEntries(names.map((k) => [k, Math.round(median(parts.map((x) => x[k] ?? 0)))]));
      result[`webviewExpandLayer490${tag}ElkRuns`] = extra.map((x) => x.elkRuns);
      if (idle) result[`webviewExpandLayer490${tag}SpeculatedViews`] = extra.map((x) => x.specViews);
      if (idle === IDLE_S) result.webviewIdleSeconds = idle;
    }
    // 3. Every group of a 2,000-node model opened, with the worst main-thread stall meanwhile.
    if (ONLY.has('full')) {
      const g = modelGraph(2000);
      await sideBySide(async (w) => {
        const p = await open(w);
        await show(p, g);
        const n = await p.evaluate(() => window.__pwRendered());
        await p.locator('#pw-full').click();
        await p.locator('#pw-ask-yes').waitFor();
        const t0 = Date.now();
        const waiting = p.evaluate((k) => window.__pwWait(k), n);
        await p.locator('#pw-ask-yes').click();
        const { worst, longest, after } = await waiting;
        const ms = Date.now() - t0;
        await p.close();
        return { ms: ms - after, worst, longest };
      }, (xs, suffix) => {
        result[`webviewFullExpand2000Ms${suffix}`] = Math.round(median(xs.map((x) => x.ms)));
        result[`webviewFullExpand2000MaxStallMs${suffix}`] = Math.round(median(xs.map((x) => x.worst)));
        result[`webviewFullExpand2000LongestTaskMs${suffix}`] = Math.round(median(xs.map((x) => x.longest)));
      });
      ratio('webviewFullExpand2000Ms');
      ratio('webviewFullExpand2000MaxStallMs');
    }
    // 4. A 5,000-node chain without groups or locations (chunked into groups of 60).
    if (ONLY.has('chain')) {
      await sideBySide(async (w) => {
        const p = await open(w);
        const ms = await show(p, chainGraph(5000));
        await p.close();
        return ms;
      }, (xs, suffix) => { result[`webviewChain5000FirstMs${suffix}`] = Math.round(median(xs)); });
      ratio('webviewChain5000FirstMs');
    }
    // 5. Side by side: a mermaid/dagre baseline's full view (main thread) of a 200-node model.
    if (bundles.baseline && !elkBaseline && ONLY.has('dagre')) {
      const p = await open('baseline');
      const g = modelGraph(200, { layers: 3 });
      await show(p, g);
      const n = await p.evaluate(() => window.__pwRendered());
      const t0 = Date.now();
      await p.locator('#pw-full').click();
      const { after } = await p.evaluate((k) => window.__pwWait(k), n);
      result.webviewBaselineFull200Ms = Date.now() - t0 - after;
      await p.close();
      const q = await open();
      await show(q, g);
      const m = await q.evaluate(() => window.__pwRendered());
      const t1 = Date.now();
      await q.locator('#pw-full').click();
      const w = await q.evaluate((k) => window.__pwWait(k), m);
      result.webviewFull200Ms = Date.now() - t1 - w.after;
      result.webviewFull200SpeedupVsBaseline = +(result.webviewBaselineFull200Ms / Math.max(1, result.webviewFull200Ms)).toFixed(1);
      await q.close();
    }
    result.webviewRuns = RUNS;
    if (elkBaseline) result.webviewBaselineCommit = baseline;
  } finally {
    await context.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return result;
}

/** The webview bundle of another commit (built with this checkout's esbuild options), for side-by-side figures. */
async function buildBaseline(commit) {
  const dir = mkdtempSync(join(tmpdir(), 'pathwise-baseline-'));
  try {
    execFileSync('bash', ['-c', `git -C "${ROOT}" archive ${commit} webview src | tar -x -C "${dir}"`]);
    const out = join(dir, 'webview.js');
    const { build } = await import('esbuild');
    const { webviewOptions } = createRequire(import.meta.url)('../scripts/webview-bundle.cjs');
    await build(webviewOptions(out, { entryPoints: [join(dir, 'webview/main.ts')], minify: true, logLevel: 'error', nodePaths: [join(ROOT, 'node_modules')] }));
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  benchWebview().then((r) => console.log(JSON.stringify(r, null, 2)), (e) => { console.error(e); process.exit(1); });
}
