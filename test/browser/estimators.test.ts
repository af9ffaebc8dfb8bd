/**
 * The inspector's Estimators tab in real headless Chromium: the built webview bundle in the panel's
 * page and CSP, driven by a real estimate report of the shipped severed example.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { EstimateReport } from '../../src/core/estimators/report';
import { runEstimate } from '../../src/tracer/estimate-host';
import { runnerPath } from '../unit/tracer/runner-bundle';
import { buildWebview, posted, startHarness, violations, type Harness } from './harness';

const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'artifacts/screenshots');
let h: Harness;
let report: EstimateReport;

beforeAll(async () => {
  await buildWebview();
  h = await startHarness();
  report = await runEstimate({ file: join(ROOT, 'examples/scalar-vi/severed.ts'), entry: 'elbo', samples: 400, runnerPath: runnerPath() });
  expect(report.error).toBeNull();
}, 120_000);
afterAll(async () => h?.close());

async function send(page: Page, m: unknown): Promise<void> {
  await page.evaluate((x) => window.postMessage(x, '*'), m);
}

async function openTab(theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await h.open(theme);
  await page.click('#pw-tab-estimators');
  await page.waitForFunction(() => !document.getElementById('pw-estimators')!.hidden);
  return page;
}

describe('Estimators tab (headless Chromium)', () => {
  it('Run posts an estimate request; progress and the report show "as written" at 0 beside the converging estimators', async () => {
    const page = await openTab();
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.pw-body')!).display)).toBe('none');
    await page.click('#pw-est-run');
    expect((await posted(page)).filter((m) => m.type === 'estimate')).toEqual([{ type: 'estimate', samples: 1000, entry: null, args: {} }]);
    await page.locator('#pw-est-args input').fill('{"mu": 0.5');
    await page.click('#pw-est-run');
    expect(await page.textContent('#pw-est-status')).toMatch(/arguments must be a JSON object/);
    await page.locator('#pw-est-args input').fill('{"mu": 0.5}');
    await page.locator('#pw-est-entry input').fill('elbo');
    await page.click('#pw-est-run');
    expect((await posted(page)).filter((m) => m.type === 'estimate')).toEqual([
      { type: 'estimate', samples: 1000, entry: null, args: {} },
      { type: 'estimate', samples: 1000, entry: 'elbo', args: { mu: 0.5 } },
    ]);
    await send(page, { type: 'estimate-state', state: { state: 'running', done: 250, total: 1000 } });
    await page.waitForFunction(() => (document.getElementById('pw-est-progress') as HTMLProgressElement).value === 0.25);
    expect(await page.textContent('#pw-est-status')).toBe('250 / 1,000 draws');
    await send(page, { type: 'estimates', report });
    await page.waitForSelector('section.pw-est-param[data-param="logSigma"]');
    const view = await page.evaluate(() => ({
      params: [...document.querySelectorAll('section.pw-est-param')].map((s) => (s as HTMLElement).dataset.param),
      summary: document.querySelector('section[data-param="mu"] .pw-est-summary')!.textContent,
      svgs: document.querySelectorAll('#pw-est-results svg').length,
      lines: [...document.querySelectorAll('section[data-param="mu"] polyline.pw-mean')].map((p) => p.getAttribute('data-estimator')),
      bands: [...document.querySelectorAll('section[data-param="mu"] polygon.pw-band')].map((p) => p.getAttribute('data-estimator')),
      asWrittenYs: [...new Set(document.querySelector('section[data-param="mu"] polyline[data-estimator="as-written"]')!.getAttribute('points')!.split(' ').map((p) => p.split(',')[1]))],
      rows: [...document.querySelectorAll('section[data-param="mu"] tbody tr')].map((r) => r.firstElementChild!.textContent),
    }));
    expect(view.params).toEqual(['mu', 'logSigma']);
    expect(view.summary).toMatch(/^∂E\[elbo\]\/∂mu ≈ 4\.\d+ ± 0\.\d+; your code computes 0\. After the fix: pathwise, [\d.]+× lower variance than REINFORCE\.$/);
    expect(view.svgs).toBe(4);
    expect(view.lines).toEqual(['as-written', 'pathwise', 'score', 'score-baseline']);
    expect(view.bands).toEqual(['as-written', 'pathwise', 'score', 'score-baseline']);
    expect(view.asWrittenYs).toHaveLength(1); // a flat line: the code computes 0 at every N
    expect(view.rows).toEqual(['as written', 'pathwise (after the fix)', 'score function', 'score function + baseline']);
    expect(await violations(page)).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'estimators-light.png'), fullPage: true });
    await page.close();
  });

  it('charts follow the theme and export as standalone SVG (variables resolved) and PNG', async () => {
    const page = await openTab('dark');
    await send(page, { type: 'estimates', report });
    await page.waitForSelector('section.pw-est-param[data-param="mu"] svg');
    const fill = await page.evaluate(() => getComputedStyle(document.querySelector('section[data-param="mu"] svg text')!).fill);
    expect(fill).toBe('rgb(204, 204, 204)');
    await page.click('section[data-param="mu"] .pw-est-figure vscode-button:first-child');
    await page.click('section[data-param="mu"] .pw-est-figure vscode-button:nth-child(2)');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'export-chart').length === 2);
    const [svg, png] = (await posted(page)).filter((m) => m.type === 'export-chart') as unknown as { format: string; name: string; content: string }[];
    expect(svg).toMatchObject({ format: 'svg', name: 'mu.running-mean' });
    expect(svg.content).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.content).not.toContain('var(');
    expect(svg.content).toContain('fill="#cccccc"');
    expect(png.format).toBe('png');
    expect(png.content).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(png.content.length).toBeGreaterThan(5000);
    await page.close();
  });

  it('a TensorFlow.js report (the VAE example): tensor variables with their shape, the code\'s biased gradient beside the true one', async () => {
    const vae = await runEstimate({ file: join(ROOT, 'examples/vae-tfjs/severed.ts'), entry: 'loss', samples: 100, runnerPath: runnerPath() });
    expect(vae.error).toBeNull();
    const page = await openTab('dark');
    await send(page, { type: 'estimates', report: { ...vae, params: [{ ...vae.params[0], shape: 'x' }] } });
    await send(page, { type: 'estimates', report: vae });
    await page.waitForSelector('section.pw-est-param[data-param="dense_Dense4/bias"]');
    const view = await page.evaluate(() => ({
      params: document.querySelectorAll('section.pw-est-param').length,
      heading: document.querySelector('section[data-param="dense_Dense1/kernel"] h2')!.textContent,
      summary: document.querySelector('section[data-param="dense_Dense1/kernel"] .pw-est-summary')!.textContent,
      lines: [...document.querySelectorAll('section[data-param="dense_Dense1/kernel"] polyline.pw-mean')].map((p) => p.getAttribute('data-estimator')),
    }));
    expect(view.params).toBe(8);
    expect(view.heading).toMatch(/^dense_Dense1\/kernel \[4×8\], mean element -?[\d.]+; estimates along u = /);
    expect(view.summary).toMatch(/^∂E\[loss\]\/∂dense_Dense1\/kernel·u ≈ [\d.]+ ± [\d.]+; your code computes [\d.]+ on every draw \(biased\)\. After the fix: pathwise, [\d.]+× lower variance than REINFORCE\.$/);
    expect(view.lines).toEqual(['as-written', 'pathwise', 'score', 'score-baseline']);
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'estimators-vae-dark.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('ignores a malformed report and escapes parameter names', async () => {
    const page = await openTab();
    await send(page, { type: 'estimates', report: { ...report, params: [{ name: 1 }] } });
    const evil = { ...report, params: [{ ...report.params[0], name: '<img src=x onerror=alert(1)>' }] };
    await send(page, { type: 'estimates', report: evil });
    await page.waitForSelector('section.pw-est-param');
    expect(await page.evaluate(() => document.querySelectorAll('#pw-est-results img').length)).toBe(0);
    expect(await page.textContent('section.pw-est-param h2')).toContain('<img src=x onerror=alert(1)>');
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
