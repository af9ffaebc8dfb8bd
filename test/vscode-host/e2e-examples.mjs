// UI end-to-end test on the shipped examples: a copy of examples/ is the workspace, as in the playground.
// For every example listed in examples/expected.json: close everything, open the file from Quick Open,
// run "Pathwise: Open Graph Inspector" — no edit, no entry named — and read the webview: the status says
// "Traced <entry> in N ms" with the entry `pathwise trace` picks, the gradient table has ∂L values, the
// drawn nodes carry ∂L labels, and the tab is titled with the workspace-relative path. On the VAE it also
// takes the README pictures of the squiggle, the Problems entry and the quick-fix menu; on the scalar VI example the
// inspector before and after the fix (the preview traced with the same entry and seed, compared number by number).
// Screenshots at the default split (panel beside the editor) go to artifacts/screenshots/examples-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { goTo, hoverText, mod, renderedText, runCommand, runSteps } from './lib/workbench.mjs';

const TRACE_TIMEOUT = 90_000;

/** Opens `rel` with Quick Open (once the focused result is that file) and waits until its editor is active. */
async function openFile(page, rel) {
  const [dir, base] = [path.dirname(rel), path.basename(rel)];
  await page.keyboard.press(`${mod}+P`);
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(rel);
  // The list first shows recent files; Enter only once the focused row is the file asked for.
  const focused = page.locator('.quick-input-widget .monaco-list-row.focused');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = (await focused.first().innerText().catch(() => '')).replace(/\s+/g, ' ');
    if (text.includes(base) && text.includes(dir)) break;
    if (Date.now() > deadline) throw new Error(`Quick Open did not offer ${rel} (focused: "${text}")`);
    await page.waitForTimeout(100);
  }
  await page.keyboard.press('Enter');
  const crumbs = page.locator('.editor-group-container.active .breadcrumbs-control');
  const until = Date.now() + 15_000;
  for (;;) {
    const text = (await crumbs.first().innerText().catch(() => '')).replace(/\s+/g, ' ');
    if (text.includes(dir) && text.includes(base)) return;
    if (Date.now() > until) throw new Error(`${rel} did not open (breadcrumbs: "${text}")`);
    await page.waitForTimeout(100);
  }
}

const inspector = (page) => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

/** Waits for the one status to leave static/tracing; returns its text. */
async function waitForTraced(page) {
  const status = inspector(page).locator('.pw-status');
  const deadline = Date.now() + TRACE_TIMEOUT;
  let text = '';
  do {
    text = ((await status.textContent({ timeout: 5_000 }).catch(() => '')) ?? '').trim();
    if (/^Traced\b/.test(text)) return text;
    await page.waitForTimeout(200);
  } while (Date.now() < deadline);
  throw new Error(`the inspector never reached "Traced" (status: "${text}")`);
}

/** The gradient table's rows as [param, value, ∂L reverse, finite diff]. */
async function gradientRows(page) {
  const rows = await inspector(page).locator('.pw-table tbody tr').all();
  // Scope paths carry zero-width break opportunities after their slashes (webview/table.ts).
  return Promise.all(rows.map(async (r) => (await r.locator('td').allTextContents()).map((t) => t.replace(/\u200b/g, '').trim())));
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.page a page showing the workbench with `o.workspace` (a copy of examples/) open
 * @param {string} o.workspace
 * @param {string} o.artifactsDir
 * @param {(msg:string)=>void} o.log
 */
export async function runExamplesE2E({ page, workspace, artifactsDir, log }) {
  const shots = path.join(artifactsDir, 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  const shot = (name) => page.screenshot({ path: path.join(shots, `examples-${name}.png`) });
  const panelShot = (name) => page.locator('iframe.webview.ready').first().screenshot({ path: path.join(shots, `examples-${name}.png`) });
  const expected = JSON.parse(fs.readFileSync(path.join(workspace, 'expected.json'), 'utf8'));
  const only = process.env.PATHWISE_EXAMPLES ? process.env.PATHWISE_EXAMPLES.split(',') : null;
  const examples = expected.examples.filter((e) => e.trace && (!only || only.some((o) => e.file.includes(o))));
  const measurements = { firstTraceMs: {}, reportedTraceMs: {} };
  const t0 = Date.now();
  const vae = 'vae-tfjs/severed.ts';

  const steps = [
    ['workbench loads with the examples folder', async () => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'vae-tfjs' }).waitFor({ timeout: 30_000 });
      measurements.workbenchReadyMs = Date.now() - t0;
    }],
    ['the VAE: squiggle on the sampler and the Problems entry (README picture)', { optional: true }, async () => {
      await openFile(page, vae);
      await page.keyboard.press(`${mod}+Shift+M`);
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'opaque-sampler' }).first();
      await row.waitFor({ timeout: 30_000 });
      assert.match(await row.innerText(), /randomNormal/);
      // Squiggles are drawn only for the lines on screen: bring the sampler's line into view.
      const f = expected.examples.find((e) => e.file === vae).findings[0];
      await goTo(page, f.line, f.column + 4);
      await page.locator('.editor-instance .squiggly-warning').first().waitFor({ state: 'attached', timeout: 15_000 });
      await shot('squiggle-and-problems');
      await runCommand(page, 'View: Hide Panel');
    }],
    ['the VAE: Ctrl+. on the sampler offers the reparameterization (README picture)', { optional: true }, async () => {
      const line = expected.examples.find((e) => e.file === vae).findings[0];
      await goTo(page, line.line, line.column + 4);
      const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Reparameterize' }).first();
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press(`${mod}+Period`);
        try {
          await item.waitFor({ state: 'visible', timeout: 5_000 });
          break;
        } catch (err) {
          if (attempt >= 4) throw err;
          await page.keyboard.press('Escape');
        }
      }
      await shot('quick-fix-menu');
      await page.keyboard.press('Escape');
    }],
    ...examples.map((ex) => [`${ex.file}: opening the inspector shows values and gradients of ${ex.trace.entry} with no edit`, { optional: true }, async () => {
      await runCommand(page, 'View: Close All Editor Groups');
      await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
      await openFile(page, ex.file);
      const started = Date.now();
      await runCommand(page, 'Pathwise: Open Graph Inspector');
      const status = await waitForTraced(page);
      measurements.firstTraceMs[ex.file] = Date.now() - started;
      const m = /^Traced (\S+) in (\d+) ms$/.exec(status);
      assert.ok(m, `status "${status}" is not "Traced <entry> in N ms" (a trace without gradient?)`);
      assert.equal(m[1], ex.trace.entry, `the inspector traced ${m[1]}, pathwise trace picks ${ex.trace.entry}`);
      measurements.reportedTraceMs[ex.file] = Number(m[2]);
      assert.equal(await inspector(page).locator('.pw-reason').isVisible(), false, 'a "no values" reason is shown beside a traced status');
      // The traced graph replaces the static one: wait for ∂L labels on the drawn nodes.
      const labels = inspector(page).locator('#pw-graph g.node');
      const deadline = Date.now() + 20_000;
      let drawn = '';
      do {
        drawn = (await labels.allTextContents()).join(' | ');
        if (/∂L (μ )?[-\d.]/.test(drawn)) break;
        await page.waitForTimeout(250);
      } while (Date.now() < deadline);
      assert.match(drawn, /∂L (μ )?[-\d.]/, `no node shows a gradient value: ${drawn.slice(0, 300)}`);
      const rows = await gradientRows(page);
      assert.ok(rows.length > 0, 'the gradient table has no parameter rows');
      const withGrad = rows.filter((r) => r[2] && r[2] !== '—');
      assert.ok(withGrad.length > 0, `no parameter has a ∂L value: ${JSON.stringify(rows)}`);
      for (const name of ex.trace.paramsWithGrad ?? []) {
        assert.ok(withGrad.some((r) => r[0] === name), `${name} has no ∂L in the table: ${JSON.stringify(rows)}`);
      }
      for (const name of ex.trace.paramsWithoutGrad ?? []) {
        assert.ok(rows.some((r) => r[0] === name && r[2] === '—'), `${name} should show no ∂L (severed): ${JSON.stringify(rows)}`);
      }
      const title = page.locator('.tabs-container .tab', { hasText: `Graph: ${ex.file}` });
      assert.equal(await title.count(), 1, `no tab titled "Graph: ${ex.file}"`);
      await shot(ex.file.replace(/\.ts$/, '').replace(/[/]/g, '-'));
    }]),
    ['the VAE: the Estimators tab runs on the tfjs example, then the finding\'s hover carries its verdict', { optional: true }, async () => {
      await runCommand(page, 'View: Close All Editor Groups');
      await openFile(page, vae);
      await runCommand(page, 'Pathwise: Open Graph Inspector');
      await waitForTraced(page);
      await inspector(page).locator('#pw-tab-estimators').click();
      await inspector(page).locator('#pw-est-samples input').fill('200');
      await inspector(page).locator('#pw-est-run').click();
      const summary = inspector(page).locator('section.pw-est-param[data-param="dense_Dense1/kernel"] .pw-est-summary');
      await summary.waitFor({ timeout: TRACE_TIMEOUT });
      // The encoder still gets the KL term's gradient: as written is a constant, biased number.
      assert.match(await summary.innerText(), /^∂E\[loss\]\/∂dense_Dense1\/kernel·u ≈ [\d.]+ ± [\d.]+; your code computes -?[\d.]+ on every draw \(biased\)\. After the fix: pathwise/);
      // Back in the editor, the finding's hover names the variables the severed sampler leaves wrong.
      await page.locator('.tabs-container .tab', { hasText: 'severed.ts' }).first().click();
      const f = expected.examples.find((e) => e.file === vae).findings[0];
      await goTo(page, f.line, f.column + 4);
      const verdict = /∂E\[loss\]\/∂dense_Dense1\/kernel·u ≈ [\d.]+ ± [\d.]+; your code computes -?[\d.]+ on every draw \(biased\)/;
      const text = await hoverText(page, verdict);
      assert.match(text, verdict, `the hover has no estimator verdict: ${text.slice(0, 600)}`);
      await shot('vae-hover-verdict');
      await page.keyboard.press('Escape');
    }],
    ['scalar VI: "Show graph after fix" traces the fixed text; before → after, same loss, ∂L/∂mu appears (README pictures)', { optional: true }, async () => {
      await runCommand(page, 'View: Close All Editor Groups');
      await runCommand(page, 'View: Hide Panel').catch(() => page.keyboard.press('Escape'));
      await openFile(page, 'scalar-vi/severed.ts');
      await runCommand(page, 'Pathwise: Open Graph Inspector');
      await waitForTraced(page);
      await page.waitForTimeout(1500); // the traced graph's drawing settles
      await panelShot('vi-before');
      await inspector(page).locator('#pw-after').click();
      const compare = inspector(page).locator('.pw-compare tbody tr');
      await compare.first().waitFor({ timeout: TRACE_TIMEOUT });
      const rows = await Promise.all((await compare.all()).map(async (r) => (await r.locator('td').allTextContents()).map((t) => t.trim())));
      const byName = Object.fromEntries(rows.map((r) => [r[0], r.slice(1)]));
      // Same entry, same seed, same noise: the loss is the same number; only the gradients differ.
      assert.ok(byName.loss && byName.loss[0] === byName.loss[1], `loss before/after: ${JSON.stringify(byName.loss)}`);
      assert.equal(byName['∂L/∂mu']?.[0], '—', `∂L/∂mu before the fix: ${JSON.stringify(rows)}`);
      assert.match(byName['∂L/∂mu']?.[1] ?? '', /^-?\d/, `∂L/∂mu after the fix: ${JSON.stringify(rows)}`);
      const edges = (await inspector(page).locator('#pw-graph g.edgeLabel').allTextContents()).map((t) => t.trim());
      assert.ok(!edges.includes('?'), `a severed edge is still drawn after the fix: ${edges.join(' | ')}`);
      await page.waitForTimeout(1000);
      await panelShot('vi-after');
    }],
  ];

  const { passed, failed } = await runSteps({
    page, steps, label: 'examples', log,
    failureShot: async (n) => (await shot(`failure-${n}`), `artifacts/screenshots/examples-failure-${n}.png`),
  });
  measurements.examplesMs = Date.now() - t0;
  log(`  first trace per example (open → "Traced", ms): ${JSON.stringify(measurements.firstTraceMs)}`);
  return { passed, failed, measurements };
}

