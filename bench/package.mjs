// Package figures for `npm run bench`: the size of the .vsix built now, and the extension's activation
// time as measured in the real VS Code by the last `npm run test:vscode` (the smoke session installs the
// .vsix; the suite session loads the development folder). Activation needs a whole code-server run, so
// it is read from that run's results rather than measured again here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageExtension } from '../scripts/package.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function benchPackage() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-bench-vsix-')), 'pathwise.vsix');
  const figures = {};
  try {
    packageExtension({ out });
    figures.vsixBytes = fs.statSync(out).size;
    figures.vsixFiles = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' }).trim().split('\n').length;
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    // Packaging leaves a minified production build in dist/; put the development build back.
    execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'ignore' });
  }
  const resultsFile = path.join(ROOT, 'artifacts', 'vscode-host-results.json');
  if (fs.existsSync(resultsFile)) {
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    const at = fs.statSync(resultsFile).mtime.toISOString();
    for (const s of results.sessions ?? []) {
      const ms = s.measurements?.activationMs;
      if (typeof ms === 'number') figures[s.name === 'smoke' ? 'activationMsVsix' : `activationMs.${s.name}`] = ms;
    }
    figures.activationMeasuredAt = at;
  } else {
    figures.activationMeasuredAt = 'not measured: run npm run test:vscode first';
  }
  return figures;
}
