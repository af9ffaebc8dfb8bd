/**
 * The analyzer against the example models and their machine-readable expectations
 * (examples/expected.json): exact finding set by (rule, line), with column, severity, severed names,
 * sampler and family where given.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/api';

interface ExpectedFinding {
  ruleId: string;
  line: number;
  column?: number;
  severity?: string;
  severed?: string[];
  sampler?: string;
  family?: string;
}
const DIR = join(__dirname, '..', '..', '..', 'examples');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as { examples: { file: string; findings: ExpectedFinding[] }[] };

describe('examples/expected.json', () => {
  it.each(expected.examples.map((x) => [x.file, x] as const))('%s', (file, ex) => {
    const { findings } = analyze(file, readFileSync(join(DIR, file), 'utf8'));
    expect(findings.map((f) => `${f.ruleId}@${f.line}`)).toEqual(ex.findings.map((f) => `${f.ruleId}@${f.line}`));
    ex.findings.forEach((want, i) => {
      const got = findings[i];
      if (want.column !== undefined) expect(got.column).toBe(want.column);
      if (want.severity !== undefined) expect(got.severity).toBe(want.severity);
      if (want.severed !== undefined) expect([...got.severed].sort()).toEqual([...want.severed].sort());
      if (want.sampler !== undefined) expect(got.sampler).toBe(want.sampler);
      if (want.family !== undefined) expect(got.family).toBe(want.family);
    });
  });
});
