// `npm run bench`: runs every benchmark side by side in one process, prints a table and writes
// bench/results.json (one key per figure). Benchmarks of other parts are optional modules; a
// missing or failing one is reported and does not stop the others.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchAnalyzer } from './analyzer.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** [label, module file, exported function] of each benchmark. */
const SUITES = [
  ['analyzer', null, benchAnalyzer],
  ['detection', 'detection.mjs', 'benchDetection'],
  ['tracer (plain)', 'tracer-plain.mjs', 'benchTracerPlain'],
  ['tracer (tfjs)', 'tracer-tfjs.mjs', 'benchTracerTfjs'],
  ['webview', 'webview.mjs', 'benchWebview'],
  ['package', 'package.mjs', 'benchPackage'],
  ['project', 'project.mjs', 'benchProject'],
  ['estimate', 'estimate.mjs', 'benchEstimate'],
];

async function runSuite([label, file, fn]) {
  const started = Date.now();
  try {
    let f = fn;
    if (file) {
      const p = path.join(HERE, file);
      if (!fs.existsSync(p)) return { label, status: 'absent', figures: {} };
      const mod = await import(pathToFileURL(p).href);
      f = mod[fn];
      if (typeof f !== 'function') throw new Error(`${file} does not export ${fn}()`);
    }
    const figures = await f();
    return { label, status: `ok (${((Date.now() - started) / 1000).toFixed(1)} s)`, figures };
  } catch (e) {
    return { label, status: `failed: ${e?.message ?? e}`, figures: {}, error: e };
  }
}

const results = {};
const statuses = [];
for (const suite of SUITES) {
  const r = await runSuite(suite);
  statuses.push([r.label, r.status]);
  if (r.error) console.error(`[bench] ${r.label} failed:`, r.error);
  Object.assign(results, r.figures);
}
results['bench.date'] = new Date().toISOString();
results['bench.node'] = process.version;

const keyWidth = Math.max(...Object.keys(results).map((k) => k.length));
console.log('\nPathwise benchmarks\n');
for (const [label, status] of statuses) console.log(`  ${label.padEnd(16)} ${status}`);
console.log('');
console.log(`  ${'figure'.padEnd(keyWidth)}  value`);
console.log(`  ${'-'.repeat(keyWidth)}  ${'-'.repeat(12)}`);
for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(keyWidth)}  ${typeof v === 'object' ? JSON.stringify(v) : v}`);
fs.writeFileSync(path.join(HERE, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote ${path.relative(process.cwd(), path.join(HERE, 'results.json'))}`);
// A failing optional suite is reported above; the figures of the others are still written.
