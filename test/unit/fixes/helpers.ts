/**
 * Test helpers of the fix engine: a finding located by a snippet of the text (the unit layer, used
 * until and beside the analyzer), and the text after a fix.
 */
import ts from 'typescript';
import { resolveOptions, type AnalyzeOptions } from '../../../src/core/config';
import { applyEdits } from '../../../src/core/api';
import { computeFixes } from '../../../src/core/fixes';
import type { Family, Finding, Fix, RuleId } from '../../../src/core/types';

export interface SiteSpec {
  /** The sampling expression as it appears in the text (first occurrence unless `nth`). */
  snippet: string;
  library?: string;
  entry?: string;
  family: Family;
  ruleId?: RuleId;
  nth?: number;
}

export function parse(text: string, fileName = 'case.ts'): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
}

/** A finding at the `nth` occurrence of `snippet`, as the analyzer reports it. */
export function findingAt(text: string, s: SiteSpec): Finding {
  let start = -1;
  for (let i = 0; i <= (s.nth ?? 0); i++) start = text.indexOf(s.snippet, start + 1);
  if (start < 0) throw new Error(`snippet not found: ${s.snippet}`);
  const end = start + s.snippet.length;
  const before = text.slice(0, start).split('\n');
  return {
    ruleId: s.ruleId ?? 'opaque-sampler',
    severity: 'warning',
    message: 'test finding',
    start,
    end,
    line: before.length,
    column: before[before.length - 1].length + 1,
    endLine: before.length,
    endColumn: before[before.length - 1].length + 1 + s.snippet.length,
    sampler: s.entry ?? null,
    family: s.family,
    severed: [],
    related: [],
    fixable: false,
    site: s.library && s.entry ? { library: s.library, entry: s.entry, callStart: start, callEnd: end } : undefined,
  };
}

export function fixesAt(text: string, s: SiteSpec, options?: AnalyzeOptions, fileName = 'case.ts'): Fix[] {
  return computeFixes(parse(text, fileName), findingAt(text, s), resolveOptions(options));
}

/** The text after the first (preferred) fix, or null when there is none. */
export function fixedText(text: string, s: SiteSpec, options?: AnalyzeOptions, which = 0): string | null {
  const fixes = fixesAt(text, s, options);
  return fixes[which] ? applyEdits(text, fixes[which].edits) : null;
}
