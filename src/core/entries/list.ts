/**
 * The gradient contexts of a file as traceable entries: every function the analyzer treats as a
 * gradient context (found by the analyzer's own `discoverContexts`, not a second heuristic) with
 * its name, location, parameters, default arguments, the arguments a trace can start with, and
 * which top-level function the tracer calls to reach it. Also finds the module-level calls that
 * reach a context when the module simply runs (`optimizer.minimize(() => loss(data))` at the top).
 */
import ts from 'typescript';
import { parse } from '../analysis/analyze';
import { discoverContexts, type GradientContext } from '../analysis/contexts';
import { Engine } from '../analysis/engine';
import { resolveOptions, type AnalyzeOptions } from '../config';
import { layerStart } from './layer-recipe';
import { inferTensorRecipe, moduleConstants, type TensorRecipe } from './recipe';

/** One parameter of an entry. */
export interface EntryParam {
  /** Name, or null for a destructured or rest parameter. */
  name: string | null;
  /** Declared type as written, when there is one. */
  type?: string;
  /** Source text of the default value, when there is one. */
  defaultText?: string;
  /** True when the caller may leave it out (a default, `?`, or a rest parameter). */
  optional: boolean;
  /** A tensor-typed parameter (tfjs). */
  tensor: boolean;
  /** For a tensor parameter without a default: how to build an input, when it can be inferred. */
  recipe?: TensorRecipe;
}

/** A 1-based source range. */
export interface EntryRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A gradient context of the file, as something the tracer can run. */
export interface TraceEntry {
  /** What the user reads: `loss`, `Encoder.call`, `main › optimizer.minimize callback`. */
  name: string;
  kind: GradientContext['kind'];
  /** Range of the function (its first line carries the CodeLens). */
  range: EntryRange;
  params: EntryParam[];
  /**
   * What the tracer calls (`--entry`) to run this context: the function itself, for a callback like
   * `() => loss(data)` the objective it calls, for a Layer's `call()` `Class.call` (the tracer
   * constructs the layer and applies it). Null when nothing top-level reaches it (a closure built
   * inside another function, a Layer class defined inside a function).
   */
  callable: string | null;
  /**
   * Arguments by name the trace can start with: defaults are left to the function, tensors get
   * recipes; for a Layer, `$new` holds the constructor's arguments when it needs some.
   */
  args: Record<string, unknown>;
  /** Required parameters with neither a default nor an inferable input (the user must give them). */
  missing: string[];
  /** A suggestion for the input box: `args` plus a placeholder for every missing parameter. */
  suggested: Record<string, unknown>;
  /** True when the callable is exported (preferred when picking). */
  exported: boolean;
}

/** A call made while the module itself runs (outside any function) that reaches a gradient context. */
export interface ModuleCall {
  /** Callee as written (`optimizer.minimize`, `loss`). */
  callee: string;
  line: number;
}

export interface FileEntries {
  entries: TraceEntry[];
  moduleCalls: ModuleCall[];
}

const GRAD_APIS = new Set(['grad', 'grads', 'valueAndGrad', 'valueAndGrads', 'variableGrads', 'minimize', 'computeGradients']);
const TENSOR_TYPE = /^(tf\.)?(Tensor|Tensor[1-6]D|Scalar|Variable)\b/;
/** Placeholder for a required number the user has to choose (prefilled in the input box). */
const NUMBER_PLACEHOLDER = 0.5;

/** Lists the gradient contexts of `text` as traceable entries (never throws: a broken file gives what parses). */
export function listEntries(fileName: string, text: string, options?: AnalyzeOptions): FileEntries {
  let sf: ts.SourceFile;
  let contexts: GradientContext[];
  try {
    sf = parse(fileName, text);
    contexts = discoverContexts(new Engine(sf, resolveOptions(options)));
  } catch {
    return { entries: [], moduleCalls: [] };
  }
  const topLevel = topLevelFunctions(sf);
  const constants = moduleConstants(sf);
  const seen = new Set<ts.Node>();
  const entries: TraceEntry[] = [];
  for (const ctx of contexts) {
    if (seen.has(ctx.fn)) continue;
    seen.add(ctx.fn);
    const params = ctx.fn.parameters.map((p) => describeParam(p, sf, constants));
    const layer = layerEntry(ctx, sf, constants);
    if (layer) {
      entries.push({ name: entryName(ctx, sf), kind: ctx.kind, range: rangeOf(ctx.fn, sf), params, ...layer });
      continue;
    }
    const own = topLevel.get(ctx.fn);
    const target = own ? { name: own.name, exported: own.exported, fn: ctx.fn } : calledObjective(ctx.fn, topLevel);
    // The callable's own parameters decide the arguments (for a callback, the objective it calls).
    const callParams = target && target.fn !== ctx.fn ? target.fn.parameters.map((p) => describeParam(p, sf, constants)) : params;
    const { args, missing, suggested } = startArgs(callParams);
    entries.push({
      name: entryName(ctx, sf),
      kind: ctx.kind,
      range: rangeOf(ctx.fn, sf),
      params,
      callable: target?.name ?? null,
      args,
      missing,
      suggested,
      exported: target?.exported ?? false,
    });
  }
  entries.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  return { entries, moduleCalls: findModuleCalls(sf, contexts, topLevel) };
}

function describeParam(p: ts.ParameterDeclaration, sf: ts.SourceFile, constants: Map<string, ts.Expression>): EntryParam {
  const name = ts.isIdentifier(p.name) && !p.dotDotDotToken ? p.name.text : null;
  const type = p.type?.getText(sf);
  const tensor = !!type && TENSOR_TYPE.test(type.replace(/\s+/g, ''));
  const out: EntryParam = { name, optional: !!p.initializer || !!p.questionToken || !!p.dotDotDotToken, tensor };
  if (type) out.type = type;
  if (p.initializer) out.defaultText = p.initializer.getText(sf);
  if (tensor && !p.initializer && type) {
    const recipe = inferTensorRecipe(type, sf, constants);
    if (recipe) out.recipe = recipe;
  }
  return out;
}

/**
 * A Layer's `call()` of a named top-level class is its own entry, `Class.call`: the tracer
 * constructs the layer and runs `layer.apply(inputs)` (see layer-recipe.ts for the arguments).
 */
function layerEntry(ctx: GradientContext, sf: ts.SourceFile, constants: Map<string, ts.Expression>): Pick<TraceEntry, 'callable' | 'args' | 'missing' | 'suggested' | 'exported'> | null {
  const cls = ctx.cls;
  if (ctx.kind !== 'layer-call' || !ts.isMethodDeclaration(ctx.fn) || !cls || !ts.isClassDeclaration(cls) || !cls.name || cls.parent !== sf) return null;
  const exported = !!ts.getModifiers(cls)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return { callable: `${cls.name.text}.${ctx.fn.name.getText(sf)}`, exported, ...layerStart(ctx.fn, cls, sf, constants) };
}

/** Arguments to start a trace with: tensor recipes for tensor inputs; required numbers are missing. */
function startArgs(params: EntryParam[]): { args: Record<string, unknown>; missing: string[]; suggested: Record<string, unknown> } {
  const args: Record<string, unknown> = {};
  const suggested: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const p of params) {
    if (p.optional) {
      const lit = p.defaultText !== undefined ? literalValue(p.defaultText) : undefined;
      if (p.name && lit !== undefined) suggested[p.name] = lit;
      continue;
    }
    if (!p.name) {
      missing.push('(destructured parameter)');
      continue;
    }
    if (p.recipe) {
      args[p.name] = { $tensor: p.recipe };
      suggested[p.name] = { $tensor: p.recipe };
      continue;
    }
    missing.push(p.name);
    suggested[p.name] = p.tensor ? { $tensor: { shape: [1] } } : NUMBER_PLACEHOLDER;
  }
  return { args, missing, suggested };
}

/** The JSON value of a literal default (`0.5`, `-2`, `'a'`, `[1, 2]`), else undefined. */
function literalValue(text: string): unknown {
  try {
    return JSON.parse(text.replace(/'/g, '"'));
  } catch {
    return undefined;
  }
}

interface TopLevelFn {
  name: string;
  exported: boolean;
  fn: ts.SignatureDeclaration;
}

/** Top-level function declarations and `const f = (…) => …`, by their function node. */
function topLevelFunctions(sf: ts.SourceFile): Map<ts.Node, TopLevelFn> {
  const out = new Map<ts.Node, TopLevelFn>();
  const exportedNames = new Set<string>();
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) exportedNames.add((el.propertyName ?? el.name).text);
    }
  }
  const isExported = (st: ts.Statement, name: string) =>
    exportedNames.has(name) || !!ts.getModifiers(st as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && st.body) out.set(st, { name: st.name.text, exported: isExported(st, st.name.text), fn: st });
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (init && ts.isIdentifier(d.name) && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          out.set(init, { name: d.name.text, exported: isExported(st, d.name.text), fn: init });
        }
      }
    }
  }
  return out;
}

/** For a callback whose body is (or returns) one call of a top-level function — `() => loss(data)` — that function. */
function calledObjective(fn: ts.SignatureDeclaration, topLevel: Map<ts.Node, TopLevelFn>): TopLevelFn | null {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return null;
  let expr: ts.Expression | undefined;
  if (!ts.isBlock(body)) expr = body;
  else {
    const ret = body.statements.find(ts.isReturnStatement);
    expr = ret?.expression;
  }
  while (expr && (ts.isAsExpression(expr) || ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr))) expr = expr.expression;
  if (!expr || !ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression)) return null;
  const name = expr.expression.text;
  for (const t of topLevel.values()) if (t.name === name) return t;
  return null;
}

/** Calls that run when the module is loaded (outside every function, not behind `require.main === module`). */
function findModuleCalls(sf: ts.SourceFile, contexts: GradientContext[], topLevel: Map<ts.Node, TopLevelFn>): ModuleCall[] {
  const contextNames = new Set<string>();
  for (const c of contexts) {
    const t = topLevel.get(c.fn);
    if (t) contextNames.add(t.name);
  }
  const out: ModuleCall[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isIfStatement(n) && /\brequire\.main\b|\bimport\.meta\.main\b/.test(n.expression.getText(sf))) {
      if (n.elseStatement) visit(n.elseStatement);
      return;
    }
    if (ts.isCallExpression(n)) {
      const c = n.expression;
      const name = ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? c.text : null;
      if (name && (contextNames.has(name) && ts.isIdentifier(c) || (GRAD_APIS.has(name) && n.arguments.length > 0 && reachesContext(n.arguments[0], contexts)))) {
        out.push({ callee: c.getText(sf), line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
      }
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(sf, visit);
  return out;
}

/** True when a gradient API's function argument is one of the contexts (inline, or by name). */
function reachesContext(arg: ts.Expression, contexts: GradientContext[]): boolean {
  return contexts.some((c) => c.fn === arg || (ts.isIdentifier(arg) && nameOf(c.fn) === arg.text));
}

function nameOf(fn: ts.SignatureDeclaration): string | null {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const p = fn.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && ts.isIdentifier(p.name)) return p.name.text;
  return null;
}

function entryName(ctx: GradientContext, sf: ts.SourceFile): string {
  const own = nameOf(ctx.fn);
  const cls = ctx.cls?.name?.text;
  if (own) return cls && ts.isMethodDeclaration(ctx.fn) ? `${cls}.${own}` : own;
  // A callback: name it after the API it is passed to and the function around it.
  const call = ctx.fn.parent;
  const api = call && ts.isCallExpression(call) ? call.expression.getText(sf) : ctx.kind;
  let outer: ts.Node | undefined = ctx.fn.parent;
  while (outer && !(ts.isFunctionLike(outer) && nameOf(outer as ts.SignatureDeclaration))) outer = outer.parent;
  const where = outer ? nameOf(outer as ts.SignatureDeclaration) : null;
  return where ? `${where} › ${api} callback` : `${api} callback`;
}

function rangeOf(n: ts.Node, sf: ts.SourceFile): EntryRange {
  const s = sf.getLineAndCharacterOfPosition(n.getStart(sf));
  const e = sf.getLineAndCharacterOfPosition(n.getEnd());
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}
