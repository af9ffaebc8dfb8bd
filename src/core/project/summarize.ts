/**
 * Computes a module's export summaries with the same dataflow engine the rules run on: exported
 * functions (see `summarize-function.ts`), classes (static members; instance methods with the
 * constructor's parameters as bound sources), objects whose properties are functions or objects,
 * and values (variables, models, optimizers, evaluated outside any context). Re-exports are
 * returned as directives for the project index to follow.
 */
import ts from 'typescript';
import type { AnalyzeOptions } from '../config';
import { staticValue } from '../analysis/declarations';
import { Engine } from '../analysis/engine';
import { evalExpr } from '../analysis/expressions';
import { findDeclaration, localClassChain } from '../analysis/scope';
import { syntaxIndex } from '../analysis/syntax-index';
import type { Origin, Value } from '../analysis/value';
import { exportedDeclarations, type ReExport } from './exports';
import { externalBase, inheritedMembers, instanceMembers } from './inherit';
import { loc, nameNode, summarizeFunction, trainableRef } from './summarize-function';
import type { ClassSummary, ExportSummary, FunctionSummary, ImportResolver } from './types';

export type { ReExport } from './exports';
export { loc } from './summarize-function';

/** How deep object members are followed (`lib.samplers.normal` is depth 2). */
const MAX_MEMBER_DEPTH = 3;

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
  const cls = classOf(decl);
  if (cls) return summarizeClass(e, name, cls, memo);
  if (ts.isNamespaceImport(decl)) {
    // `import * as ns from './m'; export { ns }`: the same as `export * as ns from './m'`.
    const spec = decl.parent.parent.moduleSpecifier;
    const m = ts.isStringLiteral(spec) ? e.imports?.exportsOf(spec.text) : undefined;
    return m ? { kind: 'namespace', name, file: m.file } : undefined;
  }
  const v = ts.isExpression(decl) ? e.outside(() => evalExpr(e, decl, null)) : staticValue(e, decl);
  const instance = instanceOf(e, decl);
  if (instance) {
    // `export const sampler = new Sampler(0.1)`: its methods, as the members of a value, with the
    // arguments given here settled by `instanceMembers`.
    const methods = instance.local ? summarizeClass(e, `${name}`, instance.local, memo).methods : (instance.imported?.methods ?? {});
    const members = instanceMembers(e, methods, instance.args);
    const base = valueSummary(e, name, nameNode(decl), v, memo, 0);
    if (Object.keys(members).length) return { kind: 'value', name, at: loc(e.sourceFile, nameNode(decl)), trainables: [], valueKind: null, noise: false, ...(base?.kind === 'value' ? base : {}), members };
    return base;
  }
  return valueSummary(e, name, nameNode(decl), v, memo, 0);
}

/**
 * The class of a module-level `new C(…)` initializer and its arguments: a class of this file, or
 * the summary of one imported from another module.
 */
function instanceOf(e: Engine, decl: ts.Node): { local?: ts.ClassLikeDeclaration; imported?: ClassSummary; args: readonly ts.Expression[] } | undefined {
  const init = ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  if (!init || !ts.isNewExpression(init)) return undefined;
  const args = init.arguments ?? [];
  const d = ts.isIdentifier(init.expression) ? findDeclaration(init.expression.text, init) : undefined;
  if (d && ts.isClassDeclaration(d)) return { local: d, args };
  const imported = e.outside(() => evalExpr(e, init.expression, null)).externalClass;
  return imported ? { imported, args } : undefined;
}

/** The summary of a value: a function, an imported function or class, an object of members, or data. */
function valueSummary(e: Engine, name: string, at: ts.Node, v: Value, memo: Map<ts.Node, FunctionSummary>, depth: number): ExportSummary | undefined {
  if (v.fn && v.fn.env === null) return summarizeFunction(e, name, v.fn.node, memo, { env: null, cls: v.fn.cls });
  if (v.external && !v.bound) return { ...v.external, name };
  if (v.externalClass) return { ...v.externalClass, name };
  let members: Record<string, ExportSummary> | undefined;
  if (v.props && depth < MAX_MEMBER_DEPTH) {
    for (const [k, pv] of v.props) {
      if (!pv.fn && !pv.external && !pv.externalClass && !pv.props) continue;
      const m = valueSummary(e, `${name}.${k}`, at, pv, memo, depth + 1);
      if (m) (members ??= {})[k] = m;
    }
  }
  const trainables = [...(v.taint ?? [])].map((o) => trainableRef(e.sourceFile, o));
  if (!trainables.length && !v.kind && !v.noise && !members) return undefined;
  return { kind: 'value', name, at: loc(e.sourceFile, at), trainables, valueKind: v.kind ?? null, noise: !!v.noise, ...(members ? { members } : {}) };
}

/**
 * Static methods (and static arrow properties) as functions; instance methods with the
 * constructor's parameters as bound sources, so `new Gaussian(mu).sample()` can see `mu` reach a
 * sampler through `this.mean`.
 */
function summarizeClass(e: Engine, name: string, cls: ts.ClassLikeDeclaration, memo: Map<ts.Node, FunctionSummary>): ClassSummary {
  const statics: Record<string, FunctionSummary> = {};
  const methods: Record<string, FunctionSummary> = {};
  // Base classes first (an imported one, then those of this file), so a subclass's own members
  // override what it inherits; the constructor that runs is the nearest one declared here.
  const chain = localClassChain(cls);
  const ctor = chain.map((c) => c.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body)).find((m) => !!m);
  const bound = new Map<Origin, number>();
  // Constructor parameters read outside the constructor's frame (`this.mean = mean`, parameter
  // properties) get their value from the static memo: make it the bound source while methods run.
  const seeded: ts.Node[] = [];
  ctor?.parameters.forEach((p, i) => {
    if (!ts.isIdentifier(p.name)) return;
    const o = e.origin(p, p.name.text, 'constructor parameter');
    bound.set(o, i);
    e.staticMemo.set(p, e.trainable(o));
    seeded.push(p);
  });
  try {
    // A base class from another module comes first: everything declared here overrides it.
    const imported = externalBase(e, chain);
    if (imported) {
      const inherited = inheritedMembers(e, imported, chain, ctor, bound);
      Object.assign(statics, inherited.statics);
      Object.assign(methods, inherited.methods);
    }
    for (const c of [...chain].reverse()) {
      for (const m of c.members) {
        const key = m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) || ts.isPrivateIdentifier(m.name)) ? m.name.text : undefined;
        const fn = key === undefined ? undefined : memberFunction(m);
        if (key === undefined || !fn) continue;
        const isStatic = ts.canHaveModifiers(m) && !!ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
        if (isStatic) statics[key] = summarizeFunction(e, `${name}.${key}`, fn, memo, { env: null, cls: c });
        else methods[key] = summarizeFunction(e, `${name}.prototype.${key}`, fn, memo, { env: null, cls: c, bound });
      }
    }
  } finally {
    for (const p of seeded) e.staticMemo.delete(p);
  }
  return { kind: 'class', name, at: loc(e.sourceFile, cls.name ?? cls), statics, methods };
}

/** A class member's function: a method with a body, or a property initialised with an arrow/function expression. */
function memberFunction(m: ts.ClassElement): ts.SignatureDeclaration | undefined {
  if (ts.isMethodDeclaration(m)) return m.body ? m : undefined;
  if (ts.isPropertyDeclaration(m) && m.initializer) return functionOf(m.initializer);
  return undefined;
}

function functionOf(decl: ts.Node): ts.SignatureDeclaration | undefined {
  if (ts.isFunctionDeclaration(decl) && decl.body) return decl;
  if (ts.isMethodDeclaration(decl) && decl.body) return decl;
  let init: ts.Node | undefined = decl;
  if (ts.isVariableDeclaration(decl)) init = decl.initializer;
  while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
  if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return init;
  return undefined;
}

function classOf(decl: ts.Node): ts.ClassLikeDeclaration | undefined {
  if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) return decl;
  let init: ts.Node | undefined = ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init))) init = init.expression;
  return init && ts.isClassExpression(init) ? init : undefined;
}
