// UI end-to-end test: drives the real workbench in headless Chromium as a person would. Open the
// VAE fixture from the explorer, see the squiggle and the Problems entry, open the Graph Inspector
// from the command palette and read the rendered SVG inside the webview's iframes, then Ctrl+. →
// apply the reparameterization, save, and check the file on disk. Screenshots go to
// artifacts/screenshots/. Steps depend on each other, so the first failure stops the test, except
// for the `optional` ones (hover, inspector) whose failure later steps do not depend on.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { goTo, hoverText, mod, renderedText, runCommand, runSteps } from './lib/workbench.mjs';

const FIXTURE = 'vae-step.ts';
const SAMPLER = 'tf.randomNormal([1], zMean';

/** 1-based line and column of `needle` in `text`. */
function positionOf(text, needle) {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `'${needle}' not in fixture`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.page a page showing the workbench with `o.workspace` open
 * @param {string} o.workspace folder on disk (the fixture is edited and saved there)
 * @param {string} o.artifactsDir screenshots go to `<artifactsDir>/screenshots`
 * @param {(msg:string)=>void} o.log
 */
export async function runE2E({ page, workspace, artifactsDir, log }) {
  const shots = path.join(artifactsDir, 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`) });
  const file = path.join(workspace, FIXTURE);
  const original = fs.readFileSync(file, 'utf8');
  const at = positionOf(original, SAMPLER);
  const measurements = {};
  const t0 = Date.now();

  const steps = [
    ['workbench loads and shows the fixture in the explorer', async () => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FIXTURE }).waitFor({ timeout: 30_000 });
      measurements.workbenchReadyMs = Date.now() - t0;
    }],
    ['opening the fixture shows a warning squiggle on the sampler', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FIXTURE }).click();
      await page.locator('.tabs-container .tab.active', { hasText: FIXTURE }).waitFor({ timeout: 15_000 });
      const opened = Date.now();
      await page.locator('.editor-instance .squiggly-warning').first().waitFor({ state: 'attached', timeout: 30_000 });
      measurements.squiggleAfterOpenMs = Date.now() - opened;
    }],
    ['the Problems panel lists the opaque-sampler finding', async () => {
      await page.keyboard.press(`${mod}+Shift+M`);
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'opaque-sampler' }).first();
      await row.waitFor({ timeout: 15_000 });
      const text = await row.innerText();
      assert.match(text, /randomNormal/, `Problems entry: ${text}`);
      await shot('squiggle-and-problems');
    }],
    ['the hover explains the finding', { optional: true }, async () => {
      await goTo(page, at.line, at.column + 4);
      const text = await hoverText(page, /reparameteri|\beps\b|ε/i);
      assert.match(text, /reparameteri|\beps\b|ε/i, `the hover does not explain the pathwise form: ${text}`);
      await shot('hover');
      await page.keyboard.press('Escape');
    }],
    ['Pathwise: Open Graph Inspector renders the graph as SVG in the webview', { optional: true }, async () => {
      await runCommand(page, 'Pathwise: Open Graph Inspector');
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const svg = frame.locator('#pw-graph svg').first();
      await svg.waitFor({ timeout: 30_000 });
      // The static graph draws at once; the traced one (the fixture trains one step at load) replaces it.
      await frame.locator('.pw-status[data-state="traced"], .pw-status[data-state="no-gradient"]').first().waitFor({ timeout: 60_000 });
      // Read the drawn node and edge label elements (the svg's own text starts with its <style> sheet).
      let nodes = [];
      let edges = [];
      const deadline = Date.now() + 20_000;
      do {
        // The bold first line of a node label is its name; edge labels are svg <g>s (textContent, no innerText).
        nodes = (await frame.locator('#pw-graph g.node .nodeLabel tspan.title').allTextContents()).map((t) => t.trim());
        edges = (await frame.locator('#pw-graph g.edgeLabel').allTextContents()).map((t) => t.trim()).filter(Boolean);
        if (nodes.includes('zMean') && nodes.includes('zMean.dataSync()') && edges.includes('?')) break;
        await page.waitForTimeout(250);
      } while (Date.now() < deadline);
      const status = await frame.locator('.pw-status').innerText();
      assert.match(status, /^Traced\b.* in \d+ ms$/, `the graph shown is not the traced one: ${status}`);
      assert.ok(nodes.includes('zMean'), `no node labelled zMean in the traced graph: ${nodes.join(' | ')}`);
      assert.ok(nodes.includes('zMean.dataSync()'), `no host-read node zMean.dataSync(): ${nodes.join(' | ')}`);
      assert.ok(edges.includes('?'), `the severed edge (labelled ?) is missing: edges ${edges.join(' | ')}`);
      await shot('inspector-severed');
    }],
    ['the inspector\'s trace of the file finishes (values and gradients, not "no gradient")', { optional: true }, async () => {
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const state = frame.locator('.pw-status[data-state="traced"], .pw-status[data-state="no-gradient"]').first();
      await state.waitFor({ timeout: 60_000 });
      const text = (await frame.locator('body').innerText()).replace(/\s+/g, ' ');
      await shot('inspector-traced');
      // The fixture runs one training step, so the trace must carry values, not only the static graph.
      assert.equal(await state.getAttribute('data-state'), 'traced', `the trace has no gradient: ${text.slice(0, 400)}`);
      assert.match(text, /∂L/, `no gradient labels in the traced graph: ${text.slice(0, 400)}`);
    }],
    ['Ctrl+. offers the reparameterization and applying it rewrites the sampler', async () => {
      // Back to the editor, at the sampler (the lightbulb appears for the cursor's line).
      await page.locator('.tabs-container .tab', { hasText: FIXTURE }).first().click();
      await goTo(page, at.line, at.column + 4);
      // The lightbulb shows that code actions were computed for the cursor; Ctrl+. before that races.
      await page.locator('.lightBulbWidget').first().waitFor({ state: 'attached', timeout: 10_000 })
        .catch(() => log('      (no lightbulb seen; trying Ctrl+. anyway)'));
      const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Reparameterize' }).first();
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press(`${mod}+Period`);
        try {
          await item.waitFor({ state: 'visible', timeout: 5_000 });
          break;
        } catch (err) {
          if (attempt >= 4) throw err;
          log(`      (Ctrl+. attempt ${attempt}: no menu yet, retrying)`);
          await page.keyboard.press('Escape');
          await goTo(page, at.line, at.column + 4);
        }
      }
      await shot('quick-fix-menu');
      // The menu sits behind a pointer-blocking layer: choose with the keyboard as a person would.
      const focused = page.locator('.action-widget .monaco-list-row.focused');
      for (let i = 0; i < 10 && !/Reparameterize/.test((await focused.innerText().catch(() => '')) ?? ''); i++) {
        await page.keyboard.press('ArrowDown');
      }
      assert.match(await focused.innerText(), /Reparameterize/);
      await page.keyboard.press('Enter');
      let text = '';
      const deadline = Date.now() + 15_000;
      do {
        text = await renderedText(page);
        if (/\beps\b/.test(text)) break;
        await page.waitForTimeout(200);
      } while (Date.now() < deadline);
      assert.match(text, /\beps\b/, `editor after the fix:\n${text}`);
    }],
    ['saving writes the pathwise form to disk and the squiggle goes away', async () => {
      await page.keyboard.press(`${mod}+S`);
      // VS Code truncates the file before writing it: wait for the whole new text, not just any change
      // (reading in between gave '' once in CI).
      await waitForDisk(file, (t) => t !== original && /eps\d* = tf\.randomNormal\(\[1\]\)/.test(t), 15_000);
      const saved = fs.readFileSync(file, 'utf8');
      assert.doesNotMatch(saved, /\.dataSync\(\)/, saved);
      assert.match(saved, /eps\d* = tf\.randomNormal\(\[1\]\)/, saved);
      await page.locator('.editor-instance .squiggly-warning').first().waitFor({ state: 'detached', timeout: 20_000 });
      await shot('after-fix');
    }],
    ['the inspector shows the repaired graph without a severed edge', { optional: true }, async () => {
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const svg = frame.locator('#pw-graph svg.pw-svg').first();
      // Bring the inspector tab forward again.
      await page.locator('.tabs-container .tab', { hasText: /Pathwise|Graph/ }).first().click();
      await svg.waitFor({ timeout: 30_000 });
      const deadline = Date.now() + 20_000;
      let labels = '';
      do {
        labels = (await svg.textContent()) ?? '';
        if (!/\?/.test(labels) && /eps|ε/.test(labels)) break;
        await page.waitForTimeout(250);
      } while (Date.now() < deadline);
      assert.doesNotMatch(labels, /\?/, `a severed edge is still drawn: ${labels.slice(0, 400)}`);
      assert.match(labels, /eps|ε/, `the noise input is missing: ${labels.slice(0, 400)}`);
      await shot('inspector-fixed');
    }],
    ['the Estimators tab on scalar-vi.ts: "as written" is 0 while pathwise and REINFORCE agree', { optional: true }, async () => {
      // The inspector follows the active editor: open the plain-TS fixture, then bring the panel back.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'scalar-vi.ts' }).click();
      await page.locator('.tabs-container .tab.active', { hasText: 'scalar-vi.ts' }).waitFor({ timeout: 15_000 });
      await page.locator('.tabs-container .tab', { hasText: /Pathwise|Graph/ }).first().click();
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await frame.locator('#pw-tab-estimators').click();
      await frame.locator('#pw-est-args input').fill('{"mu": 0.5, "sigma": 1}');
      await frame.locator('#pw-est-run').click();
      const summary = frame.locator('section.pw-est-param[data-param="mu"] .pw-est-summary');
      await summary.waitFor({ timeout: 60_000 });
      const text = await summary.innerText();
      await shot('inspector-estimators');
      // loss = (z − 3)², z ~ N(mu, sigma²): ∂E/∂mu = 2(mu − 3) = −5.
      assert.match(text, /^∂E\[loss\]\/∂mu ≈ -[45]\.\d+ ± [\d.]+; your code computes 0\. After the fix: pathwise, [\d.,]+× lower variance than REINFORCE\.$/, text);
      assert.equal(await frame.locator('section.pw-est-param[data-param="mu"] svg').count(), 2);
    }],
  ];

  const { passed, failed } = await runSteps({
    page, steps, label: 'e2e', log,
    failureShot: async (n) => (await shot(`e2e-failure-${n}`), `artifacts/screenshots/e2e-failure-${n}.png`),
  });
  measurements.e2eMs = Date.now() - t0;
  return { passed, failed, measurements };
}

async function waitForDisk(file, accept, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (accept(fs.readFileSync(file, 'utf8'))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path.basename(file)} was not saved within ${ms} ms`);
}
