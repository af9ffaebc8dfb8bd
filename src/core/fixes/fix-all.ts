/**
 * Fix-all: applies every safe, preferred fix of a file, re-analyses, and repeats until nothing
 * fixable is left (a second sampler in one statement, or a fix whose noise name had to wait for the
 * first one's). Used by the "fix all" source action and `pathwise fix`.
 */
import ts from 'typescript';
import type { AnalyzeOptions } from '../config';
import { runAnalysis } from '../analysis/analyze';
import type { Finding, Fix, TextEdit } from '../types';
import { applyTextEdits, computeFixes, syntaxErrorCount } from './compute';
import { namesInFile, type TakenNames } from './locate';

/** Upper bound on re-analysis rounds; each round fixes at least one finding. */
const MAX_ROUNDS = 20;

export interface FixAllResult {
  /** The fixed text. */
  text: string;
  /** Number of fixes applied. */
  applied: number;
  /** Findings of the fixed text that are not score-function and have no safe preferred fix. */
  remaining: Finding[];
}

/** The safe, preferred fix of a finding (fix-all never applies anything else). */
function safeFix(sf: ts.SourceFile, f: Finding, options: Required<AnalyzeOptions>): Fix | undefined {
  try {
    return computeFixes(sf, f, options).find((x) => x.preferred && x.safety === 'safe');
  } catch {
    return undefined; // a fix engine bug means "no fix" for that finding, never a failed fix-all
  }
}

const overlaps = (a: TextEdit, b: TextEdit): boolean =>
  a.start < b.end && b.start < a.end ? true : a.start === a.end && b.start === b.end ? false : a.start === b.start && a.end === b.end;

/** Identifiers a fix introduces (its noise names): two fixes of one round must not both declare `eps`. */
function introducedNames(fix: Fix, existing: TakenNames): string[] {
  const out: string[] = [];
  for (const e of fix.edits) for (const m of e.text.matchAll(/\b(?:const|let|var|import)\s+([A-Za-z_$][\w$]*)/g)) if (!existing.has(m[1])) out.push(m[1]);
  for (const e of fix.edits) for (const m of e.text.matchAll(/,\s*([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?\s*$/g)) out.push(m[2] ?? m[1]);
  return out;
}

/** Picks a maximal set of compatible fixes for one round, in source order. */
function oneRound(sf: ts.SourceFile, findings: Finding[], options: Required<AnalyzeOptions>): Fix[] {
  const existing = namesInFile(sf);
  const chosen: Fix[] = [];
  const seen = new Set<string>();
  const names = new Set<string>();
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.ruleId === 'score-function' || options.severity[f.ruleId] === 'off') continue;
    const fix = safeFix(sf, f, options);
    if (!fix) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue; // the same rewrite reached from two findings (sampler + its round trip)
    const introduced = introducedNames(fix, existing);
    if (introduced.some((n) => names.has(n))) continue;
    if (chosen.some((c) => c.edits.some((a) => fix.edits.some((b) => overlaps(a, b))))) continue;
    seen.add(key);
    introduced.forEach((n) => names.add(n));
    chosen.push(fix);
  }
  return chosen;
}

/**
 * Fixes every reparameterizable finding of a text with its safe preferred fix, re-analysing
 * between rounds. Never returns a text with more syntax errors than the input.
 */
export function fixAllText(fileName: string, text: string, options: Required<AnalyzeOptions>): FixAllResult {
  let current = text;
  let applied = 0;
  let analysis = runAnalysis(fileName, current, options);
  const baseErrors = syntaxErrorCount(analysis.sourceFile);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fixes = oneRound(analysis.sourceFile, analysis.findings, options);
    if (fixes.length === 0) break;
    const next = applyTextEdits(current, fixes.flatMap((f) => f.edits));
    const nextAnalysis = runAnalysis(fileName, next, options);
    if (syntaxErrorCount(nextAnalysis.sourceFile) > baseErrors) break;
    current = next;
    analysis = nextAnalysis;
    applied += fixes.length;
  }
  const remaining = analysis.findings.filter(
    (f) => f.ruleId !== 'score-function' && options.severity[f.ruleId] !== 'off' && !safeFix(analysis.sourceFile, f, options),
  );
  return { text: current, applied, remaining };
}

/**
 * Text edits (against `sourceFile.text`) that apply every safe, preferred fix, iterated until the
 * re-analysed result has no fixable finding left. `findings` are the analysis of `sourceFile`; the
 * file is re-analysed between rounds. Returns one edit covering the changed region (one undo step),
 * or no edit when nothing is fixable.
 */
export function fixAll(sourceFile: ts.SourceFile, findings: Finding[], options: Required<AnalyzeOptions>): TextEdit[] {
  if (!findings.some((f) => f.ruleId !== 'score-function' && options.severity[f.ruleId] !== 'off' && safeFix(sourceFile, f, options))) return [];
  const { text } = fixAllText(sourceFile.fileName, sourceFile.text, options);
  return minimalEdit(sourceFile.text, text);
}

/** The single edit turning `before` into `after` (common prefix and suffix left alone). */
export function minimalEdit(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let s = 0;
  while (s < before.length && s < after.length && before[s] === after[s]) s++;
  let e = 0;
  while (e < before.length - s && e < after.length - s && before[before.length - 1 - e] === after[after.length - 1 - e]) e++;
  return [{ start: s, end: before.length - e, text: after.slice(s, after.length - e) }];
}
