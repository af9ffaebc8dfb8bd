/**
 * Robustness: the analyzer runs over the installed node_modules (thousands of real JS/TS files of
 * every style) with zero exceptions, and reports its throughput. Files over 256 kB are left out to
 * keep the run within a minute on a 2-core machine (minified bundles; the size limit itself is
 * covered by the API's maxFileSize). The count is capped, spread evenly over all packages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { analyze } from '../../src/core/api';

const ROOT = join(__dirname, '..', '..', 'node_modules');
const MAX_SIZE = 256 * 1024;
const MAX_FILES = 6000;

function collect(dir: string, out: string[]): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of entries) {
    const p = join(dir, d.name);
    if (d.isDirectory()) collect(p, out);
    else if (d.isFile() && /\.(js|ts|mjs|cjs|mts|cts)$/.test(d.name)) out.push(p);
  }
}

it('analyses thousands of node_modules files without an exception', () => {
  const all: string[] = [];
  collect(ROOT, all);
  const sized = all.filter((f) => {
    try {
      return statSync(f).size <= MAX_SIZE;
    } catch {
      return false;
    }
  });
  const step = Math.max(1, sized.length / MAX_FILES);
  const files: string[] = [];
  for (let i = 0; i < sized.length && files.length < MAX_FILES; i += step) files.push(sized[Math.floor(i)]);
  expect(files.length).toBeGreaterThan(2000);
  const failures: string[] = [];
  let findings = 0;
  let bytes = 0;
  const t0 = performance.now();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    bytes += text.length;
    try {
      findings += analyze(f, text).findings.length;
    } catch (e) {
      failures.push(`${f}: ${(e as Error).stack}`);
    }
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `robustness: ${files.length} of ${all.length} files (${(bytes / 1e6).toFixed(1)} MB) in ${secs.toFixed(1)} s = ` +
      `${(files.length / secs).toFixed(0)} files/s, ${findings} findings`,
  );
  expect(failures).toEqual([]);
}, 180_000);
