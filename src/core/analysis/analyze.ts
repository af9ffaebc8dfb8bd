/**
 * Single-file analysis: parse with the TypeScript parser (no Program, no type checker), discover
 * gradient contexts, evaluate each with the dataflow engine, and report the severing sites whose
 * marks reach a context's loss. Never throws: a failure in one context loses only that context's
 * findings, and the parser recovers from syntax errors so the rest of the file is still analysed.
 */
import ts from 'typescript';
import type { AnalyzeOptions } from '../config';
import type { Finding } from '../types';
import { discoverContexts, type GradientContext } from './contexts';
import { BudgetExceeded, Engine } from './engine';
import type { GraphRecorder } from '../graph/static-graph';
import { toFinding } from './report';
import { bindName } from './expressions';
import { runBody } from './statements';
import { linkAndIndex } from './syntax-index';
import type { Value } from './value';
import type { ImportResolver } from '../project/types';

/** Evaluation steps allowed per gradient context: bounds time on pathological input. */
const CONTEXT_BUDGET = 300_000;

export interface RawAnalysis {
  sourceFile: ts.SourceFile;
  findings: Finding[];
  syntaxErrors: number;
  /** Set when the parser could not read the file at all: nothing was analysed. */
  unparsed: string | null;
  /** Parts of the file that could not be analysed (one reason per gradient context), so "no finding" is not "clean". */
  incomplete: string[];
}

/** Why a thrown error stopped analysis, in words for a notice. */
export function failureReason(err: unknown): string {
  if (err instanceof RangeError && /call stack/i.test(err.message)) return 'nesting too deep (stack overflow)';
  if (err instanceof BudgetExceeded) return 'analysis step budget exhausted';
  return `internal error: ${(err as Error)?.message ?? String(err)}`;
}

/** Script kind from the file extension (`.tsx`/`.jsx` enable JSX parsing). */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  const ext = /\.[^./\\]+$/.exec(fileName)?.[0].toLowerCase() ?? '';
  switch (ext) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    default:
      return ts.ScriptKind.TS;
  }
}

/**
 * Parses a file the way the analyzer does: with parent pointers (rules walk up from a node), and the
 * nodes context discovery reads recorded in the same walk ({@link linkAndIndex}).
 */
export function parse(fileName: string, text: string): ts.SourceFile {
  // JSDoc is not code: the analysis reads only the `@differentiable` tag, so comments are parsed
  // into JSDoc nodes only when the text has one (they were an eighth of the parse, and memory).
  const jsDocParsingMode = text.includes('@differentiable') ? ts.JSDocParsingMode.ParseAll : ts.JSDocParsingMode.ParseNone;
  const sf = ts.createSourceFile(fileName, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode }, false, scriptKindOf(fileName));
  linkAndIndex(sf);
  return sf;
}

/**
 * Runs every rule over one file. A project passes `imports` (values of imported project modules)
 * and may pass the tree it already parsed from `text` with {@link parse}.
 */
export function runAnalysis(fileName: string, text: string, options: Required<AnalyzeOptions>, imports?: ImportResolver | null, parsed?: ts.SourceFile): RawAnalysis {
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parsed ?? parse(fileName, text);
  } catch (err) {
    // The TypeScript parser itself is recursive and overflows the stack on pathological nesting
    // (about 1,000 parentheses): the file is reported as not analysed, never as clean.
    return { sourceFile: parse(fileName, ''), findings: [], syntaxErrors: 1, unparsed: `the TypeScript parser could not read it: ${failureReason(err)}`, incomplete: [] };
  }
  const syntaxErrors = ((sourceFile as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? []).length;
  const findings: Finding[] = [];
  const incomplete: string[] = [];
  try {
    const e = evaluateFile(sourceFile, options, null, imports, incomplete);
    for (const c of e.candidates.values()) {
      try {
        const f = toFinding(sourceFile, c, options);
        if (f) findings.push(f);
      } catch {
        // skip this finding
      }
    }
  } catch (err) {
    // never throw on user input
    incomplete.push(failureReason(err));
  }
  return { sourceFile, findings, syntaxErrors, unparsed: null, incomplete };
}

/**
 * Discovers the gradient contexts of a parsed file and evaluates each (optionally recording the
 * static graph). A failure in one context (a bug, an exhausted budget) loses only that context.
 */
export function evaluateFile(sourceFile: ts.SourceFile, options: Required<AnalyzeOptions>, graph: GraphRecorder | null, imports?: ImportResolver | null, failures: string[] = []): Engine {
  const e = new Engine(sourceFile, options);
  e.graph = graph;
  e.imports = imports ?? null;
  let contexts: GradientContext[] = [];
  try {
    contexts = discoverContexts(e);
  } catch (err) {
    contexts = [];
    failures.push(`gradient contexts could not be discovered: ${failureReason(err)}`);
  }
  for (const ctx of contexts) {
    try {
      evaluateContext(e, ctx);
    } catch (err) {
      // A bug, an overflow or an exhausted budget loses this context's remaining findings, nothing
      // else; the caller reports it so the file is not taken as clean.
      const at = sourceFile.getLineAndCharacterOfPosition(ctx.fn.getStart(sourceFile)).line + 1;
      failures.push(`the gradient context at line ${at} was not fully analysed: ${failureReason(err)}`);
    }
  }
  return e;
}

/** How a trainable parameter of each context kind is trainable, for related information. */
const ORIGIN_HOW: Record<GradientContext['kind'], string> = {
  grad: 'parameter of a differentiated function',
  variableGrads: 'parameter of a differentiated function',
  minimize: 'parameter of a differentiated function',
  'layer-call': "input of a Layer's call(): activations of the trainable layers before it",
  objective: 'parameter of a differentiable objective',
};

function evaluateContext(e: Engine, ctx: GradientContext): void {
  const frame = e.newFrame(ctx.env, ctx.cls);
  e.budget = CONTEXT_BUDGET;
  const saved = e.inContext;
  e.inContext = true;
  e.gradientsReturned = !!ctx.returnsGradients;
  try {
    ctx.fn.parameters.forEach((p) => {
      let v: Value = {};
      if (ctx.trainable.includes(p)) {
        const name = p.name.getText();
        v = e.trainable(e.origin(p, name, ORIGIN_HOW[ctx.kind]));
      }
      // An identifier parameter is its own graph node (the param), not an op derived from it.
      if (ts.isIdentifier(p.name)) frame.vars.set(p, v);
      else bindName(e, p.name, v, frame);
    });
    runBody(e, ctx.fn, frame, true);
  } finally {
    e.inContext = saved;
    e.gradientsReturned = false;
  }
}
