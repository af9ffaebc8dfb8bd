/**
 * Applies quick fixes to a whole file until nothing fixable is left: the engine behind
 * `pathwise fix` and the editor's "Fix all" source action. Pure (text in, text out).
 *
 * Fixes are applied one at a time with a re-analysis after each. Two fixes computed against the
 * same text may each declare the same fresh noise name (`eps`); applying them one by one lets the
 * fix engine see the names the previous fix introduced.
 */
import ts from 'typescript';
import { analyze, applyEdits, getFixes } from './api';
import type { AnalyzeOptions } from './config';
import { applySeverity } from './report';
import type { Finding, Fix, TextEdit } from './types';

/** `RejectedFix.reason` of a fix whose output would not parse. */
export const UNPARSABLE = 'the rewritten file would not parse';

export interface FixLoopOptions {
  /** Also apply fixes that change the estimator or the semantics (never done by default). */
  unsafe?: boolean;
  /** Upper bound on applied-or-rejected fix attempts (each costs one analysis). */
  maxAttempts?: number;
}

export interface AppliedFix {
  title: string;
  ruleId: string;
  /** 1-based line of the finding in the text the fix was applied to. */
  line: number;
}

export interface RejectedFix extends AppliedFix {
  reason: string;
}

export interface FixLoopResult {
  /** The rewritten text (identical to the input when nothing was applied). */
  text: string;
  applied: AppliedFix[];
  /** Fixes that were computed but not applied because their output was not acceptable. */
  rejected: RejectedFix[];
  /** Findings of the final text (after severity settings). */
  remaining: Finding[];
  /** Set when the file was not analysed (too large). */
  skipped: string | null;
}

/** Fixes `text` to a fixpoint. Never returns a text with more syntax errors than the input had. */
export function fixToFixpoint(fileName: string, text: string, options: AnalyzeOptions = {}, loop: FixLoopOptions = {}): FixLoopResult {
  const maxAttempts = loop.maxAttempts ?? 200;
  const baseErrors = countSyntaxErrors(fileName, text);
  const applied: AppliedFix[] = [];
  const rejected: RejectedFix[] = [];
  const tried = new Set<string>();
  let current = text;
  let result = analyze(fileName, current, options);
  if (result.skipped) return { text, applied, rejected, remaining: [], skipped: result.skipped };
  let findings = applySeverity(result.findings, options.severity);

  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const pick = pickFix(fileName, current, findings, options, loop.unsafe === true, tried);
    if (!pick) break;
    const { finding, fix } = pick;
    const info = { title: fix.title, ruleId: finding.ruleId, line: finding.line };
    tried.add(attemptKey(finding, fix));
    const next = applyEdits(current, fix.edits);
    if (next === current) {
      rejected.push({ ...info, reason: 'the fix changes nothing' });
      continue;
    }
    if (countSyntaxErrors(fileName, next) > baseErrors) {
      rejected.push({ ...info, reason: UNPARSABLE });
      continue;
    }
    const nextResult = analyze(fileName, next, options);
    const nextFindings = applySeverity(nextResult.findings, options.severity);
    // A fix that leaves its finding in place would be applied again and again.
    if (countSame(nextFindings, finding) >= countSame(findings, finding)) {
      rejected.push({ ...info, reason: 'the fix does not remove the finding' });
      continue;
    }
    current = next;
    result = nextResult;
    findings = nextFindings;
    applied.push(info);
  }
  return { text: current, applied, rejected, remaining: findings, skipped: null };
}

/** The first finding (in position order) that has an acceptable fix not tried yet, with that fix. */
function pickFix(
  fileName: string,
  text: string,
  findings: Finding[],
  options: AnalyzeOptions,
  unsafe: boolean,
  tried: Set<string>,
): { finding: Finding; fix: Fix } | null {
  for (const finding of findings) {
    if (!finding.fixable) continue;
    const fixes = getFixes(fileName, text, finding, options);
    const candidates = unsafe ? [...fixes.filter((f) => f.safety === 'safe'), ...fixes.filter((f) => f.safety !== 'safe')] : fixes.filter((f) => f.safety === 'safe');
    const fix = candidates.find((f) => !tried.has(attemptKey(finding, f)));
    if (fix) return { finding, fix };
  }
  return null;
}

/** Identifies a (finding, fix) pair across edits elsewhere in the file (offsets shift, these do not). */
function attemptKey(f: Finding, fix: Fix): string {
  return `${sameKey(f)}|${fix.title}`;
}

function sameKey(f: Finding): string {
  return `${f.ruleId}|${f.sampler ?? ''}|${f.severed.join(',')}|${f.message}`;
}

function countSame(findings: Finding[], f: Finding): number {
  const k = sameKey(f);
  return findings.filter((g) => sameKey(g) === k).length;
}

/** Number of syntax errors TypeScript's parser recovers from in `text`. */
export function countSyntaxErrors(fileName: string, text: string): number {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKind(fileName));
  // `parseDiagnostics` is not in the public typings but is what the parser fills in; fall back to the
  // public (slower) syntactic diagnostics of a one-file program when it is missing.
  const diags = (sf as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  if (Array.isArray(diags)) return diags.length;
  const out = ts.transpileModule(text, { fileName, reportDiagnostics: true });
  return out.diagnostics?.length ?? 0;
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/i.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * The smallest single edit turning `before` into `after` (common prefix and suffix kept), or null
 * when they are equal. The editor applies fix-all as this one edit so markers outside it survive.
 */
export function minimalEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, text: after.slice(start, endA) };
}
