/**
 * Computes a module's export summaries with the same dataflow engine the rules run on. Each exported
 * function is evaluated once as if inside a gradient context, every parameter a distinct trainable
 * source: what reaches the result then says which parameters flow to it, which trainables of the
 * module taint it, and which severing sites (samplers, host round trips, discrete steps) its inputs
 * reach. Exported values (variables, models, optimizers) are evaluated outside any context.
 * Re-exports are returned as directives for the project index to follow.
 */
import ts from 'typescript';
import type { AnalyzeOptions } from '../config';
import { staticValue } from '../analysis/declarations';
import { Engine } from '../analysis/engine';
import { bindName, evalExpr } from '../analysis/expressions';
import { findDeclaration } from '../analysis/scope';
import { runBody } from '../analysis/statements';
import { syntaxIndex } from '../analysis/syntax-index';
import type { Origin, Value } from '../analysis/value';
import type { ExportSummary, FunctionSummary, ImportResolver, SamplerUse, SourceLoc, TrainableRef } from './types';

/** Evaluation steps allowed per exported function. */
const FUNCTION_BUDGET = 100_000;

/** `export … from` directives: `names` maps exported name → name in the source module; `null` is `export *`. */
export interface ReExport {
  specifier: string;
  names: Map<string, string> | null;
}

/** A module prepared for summaries: its export names, its re-exports, and summaries computed on demand. */
export interface PreparedModule {
  /** Local export names (re-exports are in `reExports`). */
  names: string[];
  reExports: ReExport[];
  /** The summary of local export `name` (undefined when it carries nothing the rules use). Never throws. */
  summarize(name: string): ExportSummary | undefined;
}

/**
 * Prepares a parsed file (parsed with `analysis/analyze.parse`) for summaries. Exports are
 * summarised only when an importer asks for them: most exports of a project are never imported by
 * code that runs inside a gradient context.
 */
export function prepareModule(sf: ts.SourceFile, options: Required<AnalyzeOptions>, imports: ImportResolver | null): PreparedModule {
  const reExports: ReExport[] = [];
  const decls = new Map<string, ts.Node>();
  for (const { name, decl } of exportedDeclarations(sf, reExports)) decls.set(name, decl);
  let e: Engine | undefined;
  let busy = false;
  const fnMemo = new Map<ts.Node, FunctionSummary>();
  return {
    names: [...decls.keys()],
    reExports,
    summarize(name) {
      const decl = decls.get(name);
      // Re-entered through an import cycle while this module's engine is evaluating: unknown.
      if (!decl || busy) return undefined;
      busy = true;
      try {
        if (!e) {
          e = new Engine(sf, options);
          e.imports = imports;
          indexAssignments(e);
        }
        return summarizeDeclaration(e, name, decl, fnMemo);
      } catch {
        return undefined; // a failure loses this export's summary only
      } finally {
        busy = false;
      }
    },
  };
}

/**
 * Fills the `name = expr` index declaration values use (what context discovery does for the rules,
 * without looking for contexts: a summary does not need them).
 */
function indexAssignments(e: Engine): void {
  for (const n of syntaxIndex(e.sourceFile)) {
    if (n.kind !== ts.SyntaxKind.BinaryExpression) continue;
    const b = n as ts.BinaryExpression;
    if (b.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(b.left)) {
      const list = e.assignments.get(b.left.text);
      if (list) list.push(b.right);
      else e.assignments.set(b.left.text, [b.right]);
    }
  }
}

function summarizeDeclaration(e: Engine, name: string, decl: ts.Node, memo: Map<ts.Node, FunctionSummary>): ExportSummary | undefined {
  const fn = functionOf(decl);
  if (fn) return summarizeFunction(e, name, fn, memo);
  const v = ts.isExpression(decl) ? e.outside(() => evalExpr(e, decl, null)) : staticValue(e, decl);
  if (v.fn && v.fn.env === null) return summarizeFunction(e, name, v.fn.node, memo);
  if (v.external) return v.external;
  const trainables = [...(v.taint ?? [])].map((o) => trainableRef(e.sourceFile, o));
  if (!trainables.length && !v.kind && !v.noise) return undefined;
  return { kind: 'value', name, at: loc(e.sourceFile, nameNode(decl)), trainables, valueKind: v.kind ?? null, noise: !!v.noise };
}

function functionOf(decl: ts.Node): ts.SignatureDeclaration | undefined {
  if (ts.isFunctionDeclaration(decl) && decl.body) return decl;
  if (ts.isArrowFunction(decl) || ts.isFunctionExpression(decl)) return decl;
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    let init: ts.Expression = decl.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** Evaluates one exported function with each parameter a distinct trainable source. */
function summarizeFunction(e: Engine, name: string, fn: ts.SignatureDeclaration, memo: Map<ts.Node, FunctionSummary>): FunctionSummary {
  const known = memo.get(fn);
  if (known) return { ...known, name };
  // Fresh per function: candidates and call results of another function's evaluation must not leak in.
  e.candidates.clear();
  e.callMemo.clear();
  e.seen.clear();
  e.outerWrites.clear();
  e.thisWrites.clear();
  const frame = e.newFrame(null, fn.parent && ts.isClassLike(fn.parent) ? fn.parent : undefined);
  const params = new Map<Origin, number>();
  e.budget = FUNCTION_BUDGET;
  e.inContext = true;
  let ret: Value = {};
  try {
    fn.parameters.forEach((p, i) => {
      const o = e.origin(p, p.name.getText(), 'parameter');
      params.set(o, i);
      const v = e.trainable(o);
      if (ts.isIdentifier(p.name)) frame.vars.set(p, v);
      else bindName(e, p.name, v, frame);
    });
    ret = runBody(e, fn, frame, false);
  } catch {
    // budget exhausted or a bug: summarise what was seen
  } finally {
    e.inContext = false;
  }
  const sf = e.sourceFile;
  const paramsToResult = new Set<number>();
  const resultTrainables: TrainableRef[] = [];
  for (const o of ret.taint ?? []) {
    const i = params.get(o);
    if (i !== undefined) paramsToResult.add(i);
    else resultTrainables.push(trainableRef(sf, o));
  }
  const reached = new Set([...(ret.marks ?? []), ...(ret.pending ?? [])]);
  const samplers: SamplerUse[] = [];
  for (const c of e.candidates.values()) {
    if (!reached.has(c)) continue;
    const ps: number[] = [];
    const ts_: TrainableRef[] = [];
    for (const o of c.origins) {
      const i = params.get(o);
      if (i !== undefined) ps.push(i);
      else ts_.push(trainableRef(sf, o));
    }
    if (!ps.length && !ts_.length) continue;
    const inner = c.external?.[0];
    samplers.push({
      ruleId: c.ruleId,
      sampler: c.sampler,
      family: c.family,
      params: ps.sort((a, b) => a - b),
      trainables: ts_,
      roundTrips: [...c.roundTrips],
      at: inner ? inner.at : loc(sf, c.node),
      via: inner ? [calleeName(c.node)] : [],
    });
  }
  let drewNoise = false;
  for (const v of e.seen.values()) if (v.noise) drewNoise = true;
  const rest = fn.parameters.findIndex((p) => !!p.dotDotDotToken);
  const s: FunctionSummary = {
    kind: 'function',
    name,
    at: loc(sf, fn.name ?? nameNode(fn.parent) ?? fn),
    paramsToResult: [...paramsToResult].sort((a, b) => a - b),
    rest,
    resultTrainables,
    samplers,
    resultKind: ret.kind ?? null,
    noise: !!ret.noise,
    pathwise: samplers.length === 0 && paramsToResult.size > 0 && (drewNoise || !!ret.noise),
  };
  memo.set(fn, s);
  return s;
}

function calleeName(n: ts.Node): string {
  return ts.isCallExpression(n) ? n.expression.getText().replace(/\s+/g, '') : n.getText().slice(0, 40);
}

function trainableRef(sf: ts.SourceFile, o: Origin): TrainableRef {
  if (o.at) return { name: o.name, how: o.how, at: o.at };
  const n = ts.isVariableDeclaration(o.node.parent) && o.node.parent.initializer === o.node ? o.node.parent.name : o.node;
  return { name: o.name, how: o.how, at: loc(n.getSourceFile() ?? sf, n) };
}

function nameNode(n: ts.Node): ts.Node {
  if ((ts.isVariableDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isPropertyAssignment(n) || ts.isBindingElement(n)) && n.name) return n.name;
  return n;
}

/** The location of a node of `sf`. */
export function loc(sf: ts.SourceFile, n: ts.Node): SourceLoc {
  const start = n.getStart(sf);
  const a = sf.getLineAndCharacterOfPosition(start);
  const b = sf.getLineAndCharacterOfPosition(n.end);
  return { file: sf.fileName, start, end: n.end, line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

/** Exported names of a file and the declarations (or expressions) they stand for; collects `export … from` directives. */
function exportedDeclarations(sf: ts.SourceFile, reExports: ReExport[]): { name: string; decl: ts.Node }[] {
  const out: { name: string; decl: ts.Node }[] = [];
  const local = (name: string, as: string) => {
    const d = findDeclaration(name, sf);
    if (d) out.push({ name: as, decl: d });
  };
  const isExported = (s: ts.Node) => ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (s: ts.Node) => ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && isExported(st)) {
      out.push({ name: isDefault(st) || !st.name ? 'default' : st.name.text, decl: st });
    } else if (ts.isVariableStatement(st) && isExported(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) out.push({ name: d.name.text, decl: d });
    } else if (ts.isExportAssignment(st)) {
      const x = st.expression;
      if (ts.isIdentifier(x)) local(x.text, 'default');
      else out.push({ name: 'default', decl: x });
    } else if (ts.isExportDeclaration(st)) {
      const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      const clause = st.exportClause;
      if (spec !== undefined) {
        if (!clause) reExports.push({ specifier: spec, names: null });
        else if (ts.isNamedExports(clause)) reExports.push({ specifier: spec, names: new Map(clause.elements.map((el) => [el.name.text, (el.propertyName ?? el.name).text])) });
      } else if (clause && ts.isNamedExports(clause)) {
        for (const el of clause.elements) local((el.propertyName ?? el.name).text, el.name.text);
      }
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      commonJsExport(st.expression, out, local);
    }
  }
  return out;
}

/** `module.exports = …`, `module.exports.x = …`, `exports.x = …`. */
function commonJsExport(b: ts.BinaryExpression, out: { name: string; decl: ts.Node }[], local: (name: string, as: string) => void): void {
  const target = b.left.getText().replace(/\s+/g, '');
  const rhs = b.right;
  const m = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
  if (m) {
    if (ts.isIdentifier(rhs)) local(rhs.text, m[1]);
    else out.push({ name: m[1], decl: rhs });
    return;
  }
  if (target !== 'module.exports') return;
  if (ts.isObjectLiteralExpression(rhs)) {
    for (const p of rhs.properties) {
      if (ts.isShorthandPropertyAssignment(p)) local(p.name.text, p.name.text);
      else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
        if (ts.isIdentifier(p.initializer)) local(p.initializer.text, p.name.text);
        else out.push({ name: p.name.text, decl: p.initializer });
      }
    }
  } else if (ts.isIdentifier(rhs)) local(rhs.text, 'default');
  else out.push({ name: 'default', decl: rhs });
}
