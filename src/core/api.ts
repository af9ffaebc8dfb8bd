/**
 * The public entry points of the core, used by the editor adapter, the CLI and the tests.
 * Everything here is synchronous and pure (text in, data out).
 */
import { resolveOptions, type AnalyzeOptions } from './config';
import { runAnalysis } from './analysis/analyze';
import { computeFixes } from './fixes/index';
import type { Finding, Fix, TextEdit } from './types';

export interface AnalysisResult {
  findings: Finding[];
  /** Number of syntax errors the parser recovered from (the rest of the file is still analysed). */
  syntaxErrors: number;
  /** Set when the file was not analysed (too large), with the reason. */
  skipped: string | null;
}

/** Analyses one file's text and returns its findings sorted by position. Never throws on user input. */
export function analyze(fileName: string, text: string, options?: AnalyzeOptions): AnalysisResult {
  const opts = resolveOptions(options);
  if (text.length > opts.maxFileSize) {
    return { findings: [], syntaxErrors: 0, skipped: `file is larger than ${opts.maxFileSize} characters (pathwise.maxFileSize)` };
  }
  const raw = runAnalysis(fileName, text, opts);
  for (const f of raw.findings) f.fixable = safeFixes(() => computeFixes(raw.sourceFile, f, opts)).length > 0;
  raw.findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { findings: raw.findings, syntaxErrors: raw.syntaxErrors, skipped: null };
}

/** Fixes for one finding of `analyze(fileName, text)`, preferred first. */
export function getFixes(fileName: string, text: string, finding: Finding, options?: AnalyzeOptions): Fix[] {
  const opts = resolveOptions(options);
  const raw = runAnalysis(fileName, text, opts);
  return safeFixes(() => computeFixes(raw.sourceFile, finding, opts));
}

/** A fix engine bug must not take analysis down: it means "no fix" for that finding. */
function safeFixes(f: () => Fix[]): Fix[] {
  try {
    return f();
  } catch {
    return [];
  }
}

/**
 * Applies text edits to a text. Edits are applied from the end so offsets stay valid; an edit that
 * overlaps one already applied is dropped (its fix is left for a second pass).
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let floor = Infinity;
  for (const e of sorted) {
    if (e.end > floor) continue;
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    floor = e.start;
  }
  return out;
}
