/**
 * Which locals the instrumenter keeps unboxed. A traced number normally travels as a boxed value
 * (one small object per operation); a local that only its own function sees can instead hold the
 * plain number, with its tape node id in a companion local (`__pwi_x`) beside it. Arithmetic on
 * such locals then allocates nothing (source-transformation AD with shadow ids). A value is boxed
 * only where it escapes: a call argument, a return, a store, a closure.
 *
 * A local qualifies when every reference to it is certain to mean it and every write can be
 * rewritten as a pair of assignments:
 * - a `let`/`const` declaration (not `var`, not destructuring, not a for-in/of head) or a simple
 *   parameter of a function with a block body, whose name is declared once in that function;
 * - no reference from a nested function or class (closures keep the boxed value), and none in a
 *   parameter default; no `arguments` in a function whose parameter it is;
 * - every write is `x = e`, an arithmetic `x op= e` or `x++`/`--x` in statement position;
 * - it is never a receiver (`x.f`, `x[k]`), a callee or a destructuring target (objects stay boxed);
 * - at least one read is an arithmetic operand (otherwise keeping it unboxed gains nothing).
 */
import ts from 'typescript';
import { isDeclarationName, type PlainTest } from './plain-bindings';
import { ARITH, COMPOUND, MATH_UNARY, isAsyncOrGenerator, strip } from './syntax';

/** The locals kept unboxed in one file, by original syntax node. */
export interface ShadowLocals {
  /** Shadow id local of the local an original identifier reference reads or writes. */
  refOf(id: ts.Identifier): string | undefined;
  /** Shadow id local of an original variable declaration. */
  declOf(decl: ts.VariableDeclaration): string | undefined;
  /** Unboxed parameters of an original function: [parameter name, shadow name]. */
  paramsOf(fn: ts.Node): [string, string][];
  /** True when the file has any (the module then needs the register alias). */
  readonly any: boolean;
}

/** No unboxed locals: every traced value stays boxed. */
export const NO_SHADOW_LOCALS: ShadowLocals = { refOf: () => undefined, declOf: () => undefined, paramsOf: () => [], any: false };

type Owner = ts.FunctionLikeDeclaration | ts.ClassStaticBlockDeclaration | ts.SourceFile;

/** The function (or static block, or file) whose activation holds a local declared at `n`. */
function ownerOf(n: ts.Node): Owner {
  let p = n.parent;
  while (p && !ts.isFunctionLike(p) && !ts.isClassStaticBlockDeclaration(p) && !ts.isSourceFile(p)) p = p.parent;
  return p as Owner;
}

/** True when the identifier names a binding here (declaration), not a reference to one. */
function isNonReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((p as { name?: ts.Node }).name === id && !ts.isShorthandPropertyAssignment(p)) return true;
  if (ts.isBindingElement(p) && p.propertyName === id) return true;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return true;
  return ts.isQualifiedName(p) || ts.isExportSpecifier(p) || ts.isImportSpecifier(p);
}

function isStatementPosition(e: ts.Node): boolean {
  const p = e.parent;
  return ts.isExpressionStatement(p) || (ts.isForStatement(p) && (p.incrementor === e || p.initializer === e));
}

/** Identifiers written by destructuring assignments and expression for-in/of heads. */
function destructured(root: ts.Node): Set<string> {
  const out = new Set<string>();
  const mark = (e: ts.Expression): void => {
    e = strip(e);
    if (ts.isIdentifier(e)) out.add(e.text);
    else if (ts.isArrayLiteralExpression(e)) e.elements.forEach((el) => mark(ts.isSpreadElement(el) ? el.expression : el));
    else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isShorthandPropertyAssignment(p)) out.add(p.name.text);
        else if (ts.isPropertyAssignment(p)) mark(p.initializer);
        else if (ts.isSpreadAssignment(p)) mark(p.expression);
      }
    } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) mark(e.left);
  };
  const walk = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && !ts.isIdentifier(strip(n.left))) mark(n.left);
    if ((ts.isForOfStatement(n) || ts.isForInStatement(n)) && !ts.isVariableDeclarationList(n.initializer)) mark(n.initializer);
    ts.forEachChild(n, walk);
  };
  walk(root);
  return out;
}

/** True when `id` is directly an operand of arithmetic the pair protocol computes. */
function isArithOperand(id: ts.Identifier): boolean {
  let e: ts.Node = id;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent)) e = e.parent;
  const p = e.parent;
  if (ts.isBinaryExpression(p)) return !!ARITH[p.operatorToken.kind] || (!!COMPOUND[p.operatorToken.kind] && p.left === e);
  if (ts.isPrefixUnaryExpression(p)) return p.operator !== ts.SyntaxKind.ExclamationToken && p.operator !== ts.SyntaxKind.TildeToken;
  if (ts.isPostfixUnaryExpression(p)) return true;
  if (ts.isCallExpression(p) && p.arguments.length === 1) {
    const c = strip(p.expression);
    return ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && c.expression.text === 'Math' && MATH_UNARY.has(c.name.text);
  }
  return false;
}

/** True when a reference disqualifies its local (the instrumenter could not rewrite it). */
function badReference(id: ts.Identifier, owner: Owner, isParam: boolean): boolean {
  if (ownerOf(id) !== owner) return true; // a closure or a nested function sees the boxed value only
  if (isParam && (owner as ts.FunctionLikeDeclaration).parameters?.some((p) => id.pos >= p.pos && id.end <= p.end)) return true;
  let e: ts.Node = id;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent) || ts.isSatisfiesExpression(e.parent)) e = e.parent;
  const p = e.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === e) return true;
  if ((ts.isCallExpression(p) || ts.isNewExpression(p) || ts.isTaggedTemplateExpression(p)) && (p as { expression?: ts.Node }).expression === e) return true;
  if (ts.isTaggedTemplateExpression(p) && p.tag === e) return true;
  if (ts.isDeleteExpression(p)) return true;
  if (ts.isBinaryExpression(p) && p.left === e && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
    const k = p.operatorToken.kind;
    if (e !== id) return true; // `(x as T) = …` and the like
    if (k !== ts.SyntaxKind.EqualsToken && !COMPOUND[k]) return true;
    return !isStatementPosition(p);
  }
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) &&
    (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) {
    return e !== id || !isStatementPosition(p);
  }
  return false;
}

/** Analyses `sf` once; `isPlain` tells which bindings already stay plain numbers (loop counters). */
export function shadowLocals(sf: ts.SourceFile, isPlain: PlainTest): ShadowLocals {
  const refs = new Map<ts.Identifier, string>();
  const decls = new Map<ts.VariableDeclaration, string>();
  const params = new Map<ts.Node, [string, string][]>();
  let hasEval = false;
  // Identifiers by name, and declaration counts by owner function and name.
  const byName = new Map<string, ts.Identifier[]>();
  const declCount = new Map<Owner, Map<string, number>>();
  const usesArguments = new Set<Owner>();
  const candidates: { name: ts.Identifier; owner: Owner; scope: ts.Node; decl: ts.VariableDeclaration | ts.ParameterDeclaration }[] = [];
  const countIn = (owner: Owner, name: string) => {
    let m = declCount.get(owner);
    if (!m) declCount.set(owner, (m = new Map()));
    m.set(name, (m.get(name) ?? 0) + 1);
  };
  const walk = (n: ts.Node): void => {
    if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return;
    if (ts.isWithStatement(n)) hasEval = true;
    if (ts.isIdentifier(n)) {
      if (n.text === 'eval') hasEval = true;
      if (n.text === 'arguments') usesArguments.add(ownerOf(n));
      const list = byName.get(n.text);
      if (list) list.push(n);
      else byName.set(n.text, [n]);
      if (isDeclarationName(n)) {
        // Every enclosing function counts the declaration (a nested one shadows the name there).
        for (let o: Owner = ownerOf(n.parent); ; o = ownerOf(o)) {
          countIn(o, n.text);
          if (ts.isSourceFile(o)) break;
        }
      }
    }
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && (n.parent.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) &&
      (ts.isVariableStatement(n.parent.parent) || (ts.isForStatement(n.parent.parent) && n.parent.parent.initializer === n.parent))) {
      const owner = ownerOf(n);
      if (ts.isFunctionLike(owner)) candidates.push({ name: n.name, owner, scope: scopeOf(n), decl: n });
    }
    if (ts.isParameter(n) && ts.isIdentifier(n.name) && !n.dotDotDotToken) {
      const fn = n.parent;
      if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn) || ts.isMethodDeclaration(fn)) && fn.body && ts.isBlock(fn.body)) {
        candidates.push({ name: n.name, owner: fn, scope: fn, decl: n });
      }
    }
    ts.forEachChild(n, walk);
  };
  walk(sf);
  if (hasEval) return NO_SHADOW_LOCALS;
  const written = destructured(sf);
  for (const c of candidates) {
    const name = c.name.text;
    const isParam = ts.isParameter(c.decl);
    if (name === 'arguments' || written.has(name) || isPlain(c.name)) continue;
    if (declCount.get(c.owner)?.get(name) !== 1) continue;
    if (isParam && usesArguments.has(c.owner)) continue;
    if (isAsyncOrGenerator(c.owner as ts.FunctionLikeDeclaration)) continue;
    const mine = (byName.get(name) ?? []).filter((id) => id !== c.name && !isNonReference(id) && id.pos >= c.scope.pos && id.end <= c.scope.end);
    if (mine.some((id) => badReference(id, c.owner, isParam)) || !mine.some(isArithOperand)) continue;
    const shadow = `__pwi_${name}`;
    for (const id of mine) refs.set(id, shadow);
    if (isParam) {
      const list = params.get(c.owner) ?? [];
      list.push([name, shadow]);
      params.set(c.owner, list);
    } else decls.set(c.decl as ts.VariableDeclaration, shadow);
  }
  return {
    refOf: (id) => refs.get(ts.getOriginalNode(id) as ts.Identifier),
    declOf: (d) => decls.get(ts.getOriginalNode(d) as ts.VariableDeclaration),
    paramsOf: (fn) => params.get(ts.getOriginalNode(fn)) ?? [],
    any: refs.size > 0,
  };
}

/** The block-like node a `let`/`const` declaration is visible in. */
function scopeOf(decl: ts.VariableDeclaration): ts.Node {
  let n: ts.Node = decl.parent;
  while (n.parent && !(ts.isBlock(n) || ts.isSourceFile(n) || ts.isCaseBlock(n) || ts.isForStatement(n) || ts.isModuleBlock(n))) n = n.parent;
  return n;
}
