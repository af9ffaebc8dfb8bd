/**
 * Syntactic name resolution without a type checker: finds the declaration a name refers to by
 * walking the enclosing scopes. Each scope's declarations are collected once and cached, so
 * resolution costs one map lookup per enclosing scope.
 */
import ts from 'typescript';

/** A scope's declarations: name → declaring node (VariableDeclaration, BindingElement, Parameter, FunctionDeclaration, ClassDeclaration, ImportSpecifier…). */
type DeclMap = Map<string, ts.Node>;

const cache = new WeakMap<ts.Node, DeclMap>();

function addBinding(name: ts.BindingName, map: DeclMap): void {
  if (ts.isIdentifier(name)) {
    if (!map.has(name.text)) map.set(name.text, name.parent);
    return;
  }
  for (const el of name.elements) {
    if (ts.isBindingElement(el)) addBinding(el.name, map);
  }
}

function addStatement(st: ts.Statement, map: DeclMap): void {
  if (ts.isVariableStatement(st)) {
    for (const d of st.declarationList.declarations) addBinding(d.name, map);
  } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) {
    map.set(st.name.text, st);
  } else if (ts.isImportDeclaration(st) && st.importClause) {
    const c = st.importClause;
    if (c.name) map.set(c.name.text, c);
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) map.set(nb.name.text, nb);
    if (nb && ts.isNamedImports(nb)) for (const s of nb.elements) map.set(s.name.text, s);
  } else if (ts.isImportEqualsDeclaration(st)) {
    map.set(st.name.text, st);
  } else if (ts.isExportDeclaration(st) || ts.isExportAssignment(st)) {
    // exports declare nothing new
  } else if (ts.isLabeledStatement(st)) {
    addStatement(st.statement, map);
  }
}

/** `var` declarations are function-scoped: collect them from nested blocks (not nested functions). */
function addVars(node: ts.Node, map: DeclMap): void {
  const stack: ts.Node[] = [];
  const push = (c: ts.Node) => {
    if (!ts.isFunctionLike(c) && !ts.isClassLike(c)) stack.push(c);
  };
  node.forEachChild(push);
  while (stack.length) {
    const c = stack.pop()!;
    if (ts.isVariableDeclarationList(c) && !(c.flags & ts.NodeFlags.BlockScoped)) {
      for (const d of c.declarations) addBinding(d.name, map);
    }
    // Only statements and blocks can contain `var` declarations; expressions cannot (except in functions, skipped).
    if (ts.isStatement(c) || ts.isBlock(c) || ts.isVariableDeclarationList(c) || ts.isCaseBlock(c) || ts.isCaseOrDefaultClause(c) || ts.isCatchClause(c) || ts.isModuleBlock(c)) {
      c.forEachChild(push);
    }
  }
}

function declsOf(scope: ts.Node): DeclMap {
  let map = cache.get(scope);
  if (map) return map;
  map = new Map();
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    for (const st of scope.statements) addStatement(st, map);
  } else if (ts.isCaseBlock(scope)) {
    for (const cl of scope.clauses) for (const st of cl.statements) addStatement(st, map);
  } else if (ts.isFunctionLike(scope)) {
    for (const p of scope.parameters) addBinding(p.name, map);
    if ((ts.isFunctionExpression(scope) || ts.isFunctionDeclaration(scope)) && scope.name && !map.has(scope.name.text)) {
      map.set(scope.name.text, scope);
    }
    const body = (scope as ts.FunctionLikeDeclaration).body;
    if (body) addVars(body, map);
  } else if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
    const init = scope.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) addBinding(d.name, map);
  } else if (ts.isCatchClause(scope)) {
    if (scope.variableDeclaration) addBinding(scope.variableDeclaration.name, map);
  } else if (ts.isClassExpression(scope) && scope.name) {
    map.set(scope.name.text, scope);
  }
  if (ts.isSourceFile(scope)) addVars(scope, map);
  cache.set(scope, map);
  return map;
}

/** Node kinds that open a scope, as a table (this runs for every ancestor of every name). */
const SCOPE_KINDS = new Uint8Array(1 + Math.max(...Object.values(ts.SyntaxKind).filter((v): v is number => typeof v === 'number')));
for (const k of [
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.Block,
  ts.SyntaxKind.ModuleBlock,
  ts.SyntaxKind.CaseBlock,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.CatchClause,
  ts.SyntaxKind.ClassExpression,
]) {
  SCOPE_KINDS[k] = 1;
}

function isScope(n: ts.Node): boolean {
  return SCOPE_KINDS[n.kind] === 1;
}

/** Ancestors walked without the memo before `scopeAbove` falls back to it. */
const SHORT_WALK = 32;

/**
 * The nearest scope strictly above a node. Almost every name is a few levels below its scope, so a
 * plain walk up finds it; the memo is only for deep nodes (a name inside a long operator chain,
 * `a + a + …`, 100k levels, would otherwise walk every ancestor again, making resolution quadratic).
 * A WeakMap entry per node for every name had cost about a tenth of the analysis and much of its GC.
 */
function scopeAbove(node: ts.Node): ts.Node | undefined {
  let n = node.parent;
  for (let i = 0; n && i < SHORT_WALK; i++, n = n.parent) if (isScope(n)) return n;
  return n ? deepScopeAbove(node) : undefined;
}

/**
 * `scopeAbove` through the memo: the first walk up from a node fills it for every node it passes,
 * so each node is visited once per file however many names lie below it.
 */
const scopeAboveMemo = new WeakMap<ts.Node, ts.Node | null>();

function deepScopeAbove(node: ts.Node): ts.Node | undefined {
  const known = scopeAboveMemo.get(node);
  if (known !== undefined) return known ?? undefined;
  const path: ts.Node[] = [];
  let found: ts.Node | null = null;
  for (let n = node.parent; ; n = n.parent) {
    if (!n) break;
    const memo = scopeAboveMemo.get(n);
    if (isScope(n)) {
      found = n;
      break;
    }
    if (memo !== undefined) {
      found = memo;
      break;
    }
    path.push(n);
  }
  scopeAboveMemo.set(node, found);
  for (const n of path) scopeAboveMemo.set(n, found);
  return found ?? undefined;
}

/** The expression a class `extends` (`Base`, `lib.Base`), if any. */
export function extendsExpression(cls: ts.ClassLikeDeclaration): ts.Expression | undefined {
  return cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
}

/**
 * `cls` and the classes of this file it extends, nearest first, at most eight (a base from another
 * module, or one seen already, ends the chain).
 */
export function localClassChain(cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
  const out = [cls];
  for (let c: ts.ClassLikeDeclaration | undefined = cls; c && out.length < 8; ) {
    const base = extendsExpression(c);
    const d: ts.Node | undefined = base && ts.isIdentifier(base) ? findDeclaration(base.text, base) : undefined;
    c = d && ts.isClassDeclaration(d) && !out.includes(d) ? d : undefined;
    if (c) out.push(c);
  }
  return out;
}

/** The declaring node of `name` as seen from `from`, or undefined for globals and unknown names. */
export function findDeclaration(name: string, from: ts.Node): ts.Node | undefined {
  for (let n: ts.Node | undefined = isScope(from) ? from : scopeAbove(from); n; n = scopeAbove(n)) {
    const d = declsOf(n).get(name);
    if (d) return d;
  }
  return undefined;
}

/** The source file of a node, through the memoised scope chain (`node.getSourceFile()` walks every ancestor). */
export function sourceFileOf(node: ts.Node): ts.SourceFile {
  let n: ts.Node | undefined = node;
  while (n && !ts.isSourceFile(n)) n = scopeAbove(n);
  return (n as ts.SourceFile | undefined) ?? node.getSourceFile();
}

/**
 * The source text of a node. Use instead of `node.getText()`, which finds the source file by
 * walking all ancestors: inside a 100k-term expression that made each call cost the depth.
 */
export function nodeText(node: ts.Node): string {
  return node.getText(sourceFileOf(node));
}

/** The innermost function-like node containing `node` (or the source file). */
export function enclosingFunction(node: ts.Node): ts.Node {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n) || ts.isSourceFile(n)) return n;
  return node.getSourceFile();
}

/** The class a method or property belongs to. */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
  }
  return undefined;
}
