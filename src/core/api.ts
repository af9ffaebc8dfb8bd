/**
 * The public entry points of the core, used by the editor adapter, the CLI and the tests.
 * Everything here is synchronous and pure (text in, data out).
 */
import { resolveOptions, type AnalyzeOptions } from './config';
import { parse, runAnalysis } from './analysis/analyze';
import { computeFixes } from './fixes/index';
import type { Finding, Fix, TextEdit } from './types';
import type { ImportResolver } from './project/types';
import type ts from 'typescript';

export interface AnalysisResult {
  findings: Finding[];
  /** Number of syntax errors the parser recovered from (the rest of the file is still analysed). */
  syntaxErrors: number;
  /** Set when the file was not analysed at all (too large, unreadable for the parser), with the reason. */
  skipped: string | null;
  /**
   * Set when part of the file could not be analysed (a gradient context nested too deep or over
   * the step budget), with the reason; the findings cover the rest. Like `skipped`, it means "no
   * finding" does not mean "clean": the CLI lists it under `notAnalysed` and exits 2.
   */
  incomplete: string | null;
}

/** The reason a file was not (fully) analysed, or null: what the CLI lists under `notAnalysed`. */
export function notAnalysedReason(r: AnalysisResult): string | null {
  return r.skipped ?? r.incomplete;
}

/** How {@link analyze} settles each finding's `fixable`. */
export interface AnalyzeRun {
  /**
   * `eager` (default): computed before returning (the CLI reports it for every finding).
   * `lazy`: computed on first read of `fixable`, then kept. The editor analyses on every edit but
   * asks for fixes only where a code action or hover is requested, so it should not pay for
   * building and re-parsing every finding's rewrite on each keystroke.
   */
  fixable?: 'eager' | 'lazy';
  /**
   * Project information (see `core/project`): resolves imports of other project modules so that
   * trainables and sampler wrappers defined there are seen. Without it the analysis is per file.
   */
  imports?: ImportResolver | null;
  /** The tree `parse(fileName, text)` made of exactly this text, when the caller keeps one (the project index). */
  sourceFile?: ts.SourceFile;
}

/** Analyses one file's text and returns its findings sorted by position. Never throws on user input. */
export function analyze(fileName: string, text: string, options?: AnalyzeOptions, run: AnalyzeRun = {}): AnalysisResult {
  const opts = resolveOptions(options);
  if (text.length > opts.maxFileSize) {
    return { findings: [], syntaxErrors: 0, skipped: `file is larger than ${opts.maxFileSize} characters (pathwise.maxFileSize)`, incomplete: null };
  }
  const raw = runAnalysis(fileName, text, opts, run.imports, run.sourceFile);
  // Lazy: the tree is parsed again when a code action or hover first asks, instead of being held
  // by every cached result (a project index keeps one result per file: 200 trees alive cost the
  // garbage collector more than parsing them).
  let tree: ts.SourceFile | undefined = run.fixable === 'lazy' ? undefined : raw.sourceFile;
  const sourceFile = () => (tree ??= parse(fileName, text));
  for (const f of raw.findings) {
    const compute = () => safeFixes(() => computeFixes(sourceFile(), f, opts)).length > 0;
    if (run.fixable === 'lazy') defineLazy(f, 'fixable', compute);
    else f.fixable = compute();
  }
  raw.findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { findings: raw.findings, syntaxErrors: raw.syntaxErrors, skipped: raw.unparsed, incomplete: raw.incomplete.length ? raw.incomplete.join('; ') : null };
}

/** Fixes for one finding of `analyze(fileName, text)`, preferred first. */
export function getFixes(fileName: string, text: string, finding: Finding, options?: AnalyzeOptions): Fix[] {
  const opts = resolveOptions(options);
  const raw = runAnalysis(fileName, text, opts);
  return safeFixes(() => computeFixes(raw.sourceFile, finding, opts));
}

/**
 * Makes `obj[key]` a value computed on first read. It stays an enumerable data property afterwards,
 * so copies (`{ ...f }`, JSON, structured clone) see a plain boolean.
 */
function defineLazy<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    // `this`, not `obj`: a copy made with the descriptors (applySeverity) settles its own property.
    get(this: T): T[K] {
      const value = compute();
      Object.defineProperty(this, key, { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
    set(this: T, value: T[K]): void {
      Object.defineProperty(this, key, { value, writable: true, configurable: true, enumerable: true });
    },
  });
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
