#!/usr/bin/env node
// Last step of `npm test`: one closing line over every stage that ran (vitest's JSON report and the
// real-VS-Code sessions), in the plain `N passed, N failed` form CI logs are read for.
import fs from 'node:fs';

const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null);
let passed = 0;
let failed = 0;
const vitest = read('artifacts/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  console.log(`unit and browser tests: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
}
const host = read('artifacts/vscode-host-results.json');
for (const s of host?.sessions ?? []) {
  const m = /(\d+) passed, (\d+) failed/.exec(s.summary ?? '');
  if (!m) continue;
  passed += Number(m[1]);
  failed += Number(m[2]);
  console.log(`vscode ${s.name}: ${m[1]} passed, ${m[2]} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
