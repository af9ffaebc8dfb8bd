/**
 * RuleTester-style case tables: each case is a file (name + code + options) and the exact findings
 * expected from `analyze` (rule, 1-based line and column, severed names; optionally sampler,
 * severity and whether a catalogue site is attached).
 */
import { expect } from 'vitest';
import { analyze } from '../../../src/core/api';
import type { AnalyzeOptions } from '../../../src/core/config';
import type { RuleId, Severity } from '../../../src/core/types';

export interface Expected {
  ruleId: RuleId;
  line: number;
  column: number;
  severed: string[];
  sampler?: string;
  severity?: Severity;
  /** Catalogue library of the attached site; `null` means no site. */
  site?: string | null;
}

export interface Case {
  name: string;
  /** File name (extension picks the parser's script kind); default `case.ts`. */
  file?: string;
  code: string;
  options?: AnalyzeOptions;
  /** Empty for valid cases. */
  findings: Expected[];
  /** Expected number of recovered syntax errors (default 0). */
  syntaxErrors?: number;
}

/** Analyses a case and checks its findings exactly (same count, order by position). */
export function check(c: Case): void {
  const r = analyze(c.file ?? 'case.ts', c.code, c.options);
  const got = r.findings.map((f) => {
    const o: Expected = { ruleId: f.ruleId, line: f.line, column: f.column, severed: f.severed };
    return o;
  });
  expect(got).toEqual(c.findings.map(({ ruleId, line, column, severed }) => ({ ruleId, line, column, severed })));
  c.findings.forEach((x, i) => {
    const f = r.findings[i];
    if (x.sampler !== undefined) expect(f.sampler).toBe(x.sampler);
    expect(f.severity).toBe(x.severity ?? (x.ruleId === 'score-function' ? 'info' : 'warning'));
    if (x.site !== undefined) expect(f.site?.library ?? null).toBe(x.site);
    expect(f.message.length).toBeGreaterThan(40);
    expect(f.related.length).toBeGreaterThanOrEqual(2);
  });
  expect(r.syntaxErrors > 0).toBe((c.syntaxErrors ?? 0) > 0);
}
