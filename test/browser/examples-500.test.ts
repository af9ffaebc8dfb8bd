/**
 * Issue #13, "readable at first sight", on every shipped example: each `examples/<name>/<file>.ts`
 * that has a finding is traced for real (the entry the editor and `pathwise trace` pick, the
 * editor's seed) and opened in the inspector at the default split (a 500 × 820 panel, light theme,
 * real headless Chromium). The first view must show the finding at 100 %, with every box of the
 * severed / discrete path that is in view whole (not cut by the pane's edges, not under the zoom
 * buttons or the overview), its text at least 11 px on screen, and no group title under the
 * overview. The examples are found on disk, so a new one is covered without editing this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze } from '../../src/core/api';
import { listEntries, pickEntry } from '../../src/core/entries';
import { DEFAULT_TRACE_SEED } from '../../src/core/config';
import { runTrace } from '../../src/tracer/host';
import { runnerPath } from '../unit/tracer/runner-bundle';
import { buildWebview, openAtSplit, postAndRender, startHarness, type Harness } from './harness';
import { readFirstView } from './first-view';

const EXAMPLES = resolve(__dirname, '../../examples');
const SHOTS = resolve(__dirname, '../../artifacts/screenshots');

/** Example files with at least one finding, as `folder/file.ts`. */
function examplesWithFindings(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(EXAMPLES).sort()) {
    const abs = join(EXAMPLES, dir);
    if (!statSync(abs).isDirectory() || dir === 'node_modules') continue;
    for (const f of readdirSync(abs).sort()) {
      if (!f.endsWith('.ts') || f.endsWith('.d.ts')) continue;
      const file = join(abs, f);
      if (analyze(file, readFileSync(file, 'utf8')).findings.length > 0) out.push(`${dir}/${f}`);
    }
  }
  return out;
}

const CASES = examplesWithFindings();

let h: Harness;
beforeAll(async () => {
  await buildWebview();
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('every shipped example with a finding, first view at 500 px', () => {
  it('finds the examples on disk (the shipped ones with findings among them)', () => {
    expect(CASES).toEqual(expect.arrayContaining(['vae-tfjs/severed.ts', 'categorical-tfjs/severed.ts', 'scalar-vi/severed.ts']));
  });

  it.each(CASES)('%s: the finding at 100 %, its path whole and legible, no title under the overview', async (rel) => {
    const file = join(EXAMPLES, rel);
    const text = readFileSync(file, 'utf8');
    // The same choice as the editor and `pathwise trace` without --entry.
    const pick = pickEntry(listEntries(file, text));
    const graph = await runTrace({
      file,
      entry: pick.kind === 'entry' ? pick.entry : null,
      args: pick.kind === 'entry' ? pick.args : {},
      seed: DEFAULT_TRACE_SEED,
      runnerPath: runnerPath(),
      timeoutMs: 60_000,
    });
    expect(graph.error).toBeNull();
    expect(graph.nodes.length).toBeGreaterThan(0);

    const page = await openAtSplit(h);
    await page.evaluate((entry) => window.postMessage({ type: 'trace-state', trace: { state: 'traced', ms: 1240, entry } }, '*'), graph.entry ?? 'module');
    await postAndRender(page, { type: 'graph', file: `/w/examples/${rel}`, graph, fixes: [] });
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `split-500-${rel.replace(/\//g, '-').replace(/\.ts$/, '')}.png`) });
    const v = await readFirstView(page);
    await page.close();

    expect(v.scale).toBe(1);
    // The finding is in view: some box of its path is shown whole.
    expect(v.pathWhole.length).toBeGreaterThan(0);
    expect(v.pathCut).toEqual([]);
    expect(v.smallText).toEqual([]);
    expect(v.titlesUnderOverlay).toEqual([]);
  }, 120_000);
});
