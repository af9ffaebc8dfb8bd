/**
 * Which expressions certainly evaluate to plain numbers, so the instrumenter can leave their
 * arithmetic native: a traced value only ever comes from a parameter, a sampler, `Math.random` or
 * a package, never from numeric literals. A `let`/`const` binding is plain when its initializer
 * is plain and it is never assigned afterwards except by `++`/`--` (a loop counter), and when its
 * name is declared nowhere else in the file (so every reference inside its scope means it; no
 * scope analysis beyond that is needed). Anything uncertain counts as possibly traced.
 */
import ts from 'typescript';
import { ARITH, MATH_UNARY, strip } from './syntax';

/** Answers "is this (original) expression certainly a plain number?". */
export type PlainTest = (e: ts.Expression) => boolean;

/** True when `id` is the name a declaration introduces (variable, parameter, function, class, import…). */
export function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p || (p as { name?: ts.Node }).name !== id) return false;
  return (
    ts.isVariableDeclaration(p) || ts.isBindingElement(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) ||
    ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isImportSpecifier(p) ||
    ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isImportEqualsDeclaration(p) || ts.isEnumDeclaration(p) ||
    ts.isModuleDeclaration(p) || ts.isEnumMember(p)
  );
}

/** Marks the identifiers an assignment (or for-in/of head) writes, including destructuring patterns. */
function markTargets(e: ts.Expression, written: Set<string>): void {
  e = strip(e);
  if (ts.isIdentifier(e)) written.add(e.text);
  else if (ts.isArrayLiteralExpression(e)) {
    for (const el of e.elements) markTargets(ts.isSpreadElement(el) ? el.expression : el, written);
  } else if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isShorthandPropertyAssignment(p)) written.add(p.name.text);
      else if (ts.isPropertyAssignment(p)) markTargets(p.initializer, written);
      else if (ts.isSpreadAssignment(p)) markTargets(p.expression, written);
    }
  } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) markTargets(e.left, written);
}

function isAssignment(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

/** The block-like node a `let`/`const` declaration is visible in. */
function scopeOf(decl: ts.VariableDeclaration): ts.Node {
  let n: ts.Node = decl.parent;
  while (n.parent && !(ts.isBlock(n) || ts.isSourceFile(n) || ts.isCaseBlock(n) || ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isModuleBlock(n))) {
    n = n.parent;
  }
  return n;
}

/** Analyses `sf` once; the returned test is used while instrumenting it. */
export function plainBindings(sf: ts.SourceFile): PlainTest {
  const declared = new Map<string, number>();
  const written = new Set<string>();
  const candidates: ts.VariableDeclaration[] = [];
  /** `eval` or `with` anywhere: names may not mean what they say, so nothing is assumed plain. */
  let hasEval = false;
  const walk = (node: ts.Node): void => {
    if (ts.isWithStatement(node)) hasEval = true; // `with` can resolve any name to an object's property
    else if (ts.isIdentifier(node)) {
      if (node.text === 'eval') hasEval = true;
      if (isDeclarationName(node)) declared.set(node.text, (declared.get(node.text) ?? 0) + 1);
    } else if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
      markTargets(node.left, written);
    } else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      markTargets(node.initializer, written);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (node.parent.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
      if (!ts.isForOfStatement(node.parent.parent) && !ts.isForInStatement(node.parent.parent)) candidates.push(node);
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  if (hasEval) return () => false;
  const mathFree = !declared.has('Math');

  /** Plain bindings by name, with the source range of their scope. */
  const plain = new Map<string, { pos: number; end: number }>();
  const test: PlainTest = (e) => {
    e = strip(e);
    if (ts.isNumericLiteral(e)) return true;
    if (ts.isIdentifier(e)) {
      const scope = plain.get(e.text);
      return !!scope && e.pos >= scope.pos && e.end <= scope.end;
    }
    if (ts.isPrefixUnaryExpression(e)) {
      return (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken) && test(e.operand);
    }
    if (ts.isBinaryExpression(e)) return !!ARITH[e.operatorToken.kind] && test(e.left) && test(e.right);
    if (ts.isCallExpression(e) && mathFree && e.arguments.length === 1 && !ts.isSpreadElement(e.arguments[0])) {
      const c = strip(e.expression);
      return ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && c.expression.text === 'Math' &&
        MATH_UNARY.has(c.name.text) && test(e.arguments[0]);
    }
    return false;
  };
  // In source order: an initializer can use bindings declared before it.
  for (const d of candidates) {
    const name = (d.name as ts.Identifier).text;
    // A `let` may still be counted up or down (`i++` keeps a number a number); any other write disqualifies.
    if (declared.get(name) !== 1 || written.has(name) || !test(d.initializer!)) continue;
    const scope = scopeOf(d);
    plain.set(name, { pos: scope.pos, end: scope.end });
  }
  return test;
}
