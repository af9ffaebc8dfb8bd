// Workbench gestures shared by the UI tests (e2e.mjs, e2e-examples.mjs): the command palette, Go to
// Line and the editor's rendered text, done the way a person does them.

const isMac = process.platform === 'darwin';
/** The platform's command modifier key. */
export const mod = isMac ? 'Meta' : 'Control';

/** Runs one command through the command palette (F1), picking the entry whose label matches. */
export async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** Text of the editor as rendered (monaco uses non-breaking spaces); '' when no editor is shown. */
export async function renderedText(page) {
  const text = await page.locator('.editor-instance .view-lines').first().innerText().catch(() => '');
  return text.replace(/\u00a0/g, ' ');
}

/** Go to Line (Ctrl+G), then wait until the status bar shows the new position. */
export async function goTo(page, line, column) {
  await page.keyboard.press(`${mod}+G`);
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  // Go to Line is Quick Open with the `:` prefix; fill() replaces the prefilled text.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: 10_000 });
}

/**
 * Runs UI test steps (`[title, fn]` or `[title, { optional }, fn]`) in order, logging `✓`/`✗` lines
 * under `label`. The first failure of a step that later ones depend on stops the run; an `optional`
 * step's failure closes what it left open (Escape twice) and the run goes on. `failureShot(n)` takes
 * the screenshot of failed step n (1-based) and returns where it went. Steps not run count as failed.
 */
export async function runSteps({ page, steps, label, log, failureShot }) {
  let passed = 0;
  let failed = 0;
  for (const [i, step] of steps.entries()) {
    const [title, { optional = false } = {}, fn] = step.length === 2 ? [step[0], {}, step[1]] : step;
    const started = Date.now();
    try {
      await fn();
      passed++;
      log(`  ✓ ${label}: ${title} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      log(`  ✗ ${label}: ${title}\n      ${String(err?.message ?? err).split('\n').slice(0, 20).join('\n      ')}`);
      const where = await failureShot(i + 1).catch(() => null);
      if (where) log(`      screenshot: ${where}`);
      if (!optional) break;
      // Later steps do not depend on this one: close whatever it left open and go on.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
    }
  }
  const skipped = steps.length - passed - failed;
  if (skipped) log(`  - ${label}: ${skipped} later step(s) not run`);
  return { passed, failed: failed + skipped };
}

/**
 * Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text once it matches `pattern`, or
 * what it shows after `timeout` ms: the diagnostic's own part comes first, Pathwise's arrives when its
 * provider answers.
 */
export async function hoverText(page, pattern, timeout = 15_000) {
  await page.keyboard.press(`${mod}+K`);
  await page.keyboard.press(`${mod}+I`);
  const hover = page.locator('.monaco-hover-content');
  await hover.first().waitFor({ timeout });
  let text = '';
  const deadline = Date.now() + timeout;
  do {
    text = (await hover.allInnerTexts()).join('\n');
    if (pattern.test(text)) break;
    await page.waitForTimeout(250);
  } while (Date.now() < deadline);
  return text;
}
