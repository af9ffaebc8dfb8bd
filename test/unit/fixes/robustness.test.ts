// Bad input: every table case and fixture, cut at many points (so it has syntax errors), analysed
// with the real analyzer; the fix engine must not throw on any finding, and no fix may add syntax
// errors to the broken text.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { applyEdits } from '../../../src/core/api';
import { runAnalysis } from '../../../src/core/analysis/analyze';
import { resolveOptions } from '../../../src/core/config';
import { computeFixes } from '../../../src/core/fixes';
import { parse } from './helpers';
import { PLAIN_CASES } from './plain-cases';
import { TFJS_CASES } from './tfjs-cases';

const dir = path.resolve(__dirname, '../../fixtures/fixes');
const texts = [
  ...[...PLAIN_CASES, ...TFJS_CASES].map((c) => ({ text: c.code, options: c.options })),
  ...fs.readdirSync(dir).map((n) => ({ text: fs.readFileSync(path.join(dir, n, 'case.ts'), 'utf8'), options: undefined })),
];
const errors = (t: string) => (parse(t) as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;

describe('fix engine on broken input', () => {
  it('never throws and never adds syntax errors', () => {
    let findings = 0;
    let fixes = 0;
    for (const { text, options } of texts) {
      const opts = resolveOptions(options);
      // Cuts: every 7th character, plus a version with a stray token in the middle.
      const variants = [text.slice(0, Math.floor(text.length / 2)) + ' ) ( ' + text.slice(Math.floor(text.length / 2))];
      for (let cut = 7; cut < text.length; cut += 7) variants.push(text.slice(0, cut));
      for (const v of variants) {
        const raw = runAnalysis('case.ts', v, opts);
        for (const f of raw.findings) {
          findings++;
          const fx = computeFixes(raw.sourceFile, f, opts);
          for (const x of fx) {
            fixes++;
            expect(errors(applyEdits(v, x.edits)), `fix "${x.title}" on a cut text`).toBeLessThanOrEqual(errors(v));
          }
        }
      }
    }
    // The corpus really exercises the engine.
    expect(findings).toBeGreaterThan(120);
    console.log(`robustness: ${findings} findings, ${fixes} fixes on broken texts`);
    expect(fixes).toBeGreaterThan(60);
  });
});
