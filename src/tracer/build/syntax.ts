/**
 * Syntax facts the instrumenter relies on: which operators it rewrites, which expressions are
 * certainly booleans or certainly not numbers, what is safe to evaluate twice, and the name of a
 * function-like node.
 */
import ts from 'typescript';

export const ARITH: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.PlusToken]: 'add',
  [ts.SyntaxKind.MinusToken]: 'sub',
  [ts.SyntaxKind.AsteriskToken]: 'mul',
  [ts.SyntaxKind.SlashToken]: 'div',
  [ts.SyntaxKind.PercentToken]: 'mod',
  [ts.SyntaxKind.AsteriskAsteriskToken]: 'pow',
};
export const COMPOUND: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.PlusEqualsToken]: 'add',
  [ts.SyntaxKind.MinusEqualsToken]: 'sub',
  [ts.SyntaxKind.AsteriskEqualsToken]: 'mul',
  [ts.SyntaxKind.SlashEqualsToken]: 'div',
  [ts.SyntaxKind.PercentEqualsToken]: 'mod',
  [ts.SyntaxKind.AsteriskAsteriskEqualsToken]: 'pow',
};
/** Relational operators rewritten to `__pw.lt` & co. (a traced operand compares by its number). */
export const RELATIONAL: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.LessThanToken]: 'lt',
  [ts.SyntaxKind.GreaterThanToken]: 'gt',
  [ts.SyntaxKind.LessThanEqualsToken]: 'le',
  [ts.SyntaxKind.GreaterThanEqualsToken]: 'ge',
};
/** Math functions with a traced replacement (`__pw.M.name(x, site)`). */
export const MATH_UNARY = new Set(
  'exp expm1 log log1p log2 log10 sqrt cbrt sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh abs fround floor ceil round trunc sign'.split(' '),
);
export const NUMBER_CHECKS = new Set(['isFinite', 'isNaN', 'isInteger', 'isSafeInteger']);
export const BOOLEAN_OPS = new Set([
  ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.InstanceOfKeyword, ts.SyntaxKind.InKeyword,
]);

export function strip(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

/** True for expressions that certainly evaluate to a primitive boolean. */
export function isBooleanish(e: ts.Expression): boolean {
  e = strip(e);
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    if (BOOLEAN_OPS.has(k)) return true;
    if (k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.BarBarToken) return isBooleanish(e.left) && isBooleanish(e.right);
  }
  return false;
}

/**
 * True when only the primitive value of the expression matters where it stands: an operand of a
 * comparison, a condition, the operand of `!`. An unboxed local is read there as its number.
 */
export function isValueOnly(e: ts.Expression): boolean {
  let n: ts.Node = e;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isBinaryExpression(p)) {
    const k = p.operatorToken.kind;
    return BOOLEAN_OPS.has(k) && k !== ts.SyntaxKind.InstanceOfKeyword && k !== ts.SyntaxKind.InKeyword;
  }
  if (ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) return p.expression === n;
  if (ts.isForStatement(p) || ts.isConditionalExpression(p)) return p.condition === n;
  return ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken;
}

/** True for generator and async functions (their activations outlive a call, so they are left alone). */
export function isAsyncOrGenerator(fn: ts.FunctionLikeDeclaration): boolean {
  return !!fn.asteriskToken || (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0;
}

/** True for operands whose `===` can never involve a traced number. */
export function isNonNumericLiteral(e: ts.Expression): boolean {
  e = strip(e);
  return (
    ts.isStringLiteralLike(e) || ts.isTemplateExpression(e) || ts.isTypeOfExpression(e) || ts.isObjectLiteralExpression(e) ||
    ts.isArrayLiteralExpression(e) || e.kind === ts.SyntaxKind.NullKeyword || e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(e) && e.text === 'undefined')
  );
}

/** Identifier / `this` / property-access chain of those: safe to evaluate twice. */
export function isSimpleRef(e: ts.Expression): boolean {
  e = strip(e);
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(e) && !e.questionDotToken && isSimpleRef(e.expression);
}

/** Receivers whose methods are built-ins or local code and take traced values as they are. */
export const PLAIN_RECEIVERS = new Set(['console', 'Math', 'JSON', 'Object', 'Array', 'Number', 'String', 'Promise', 'Reflect', 'process']);
export function isPlainReceiver(e: ts.Expression): boolean {
  e = strip(e);
  if (e.kind === ts.SyntaxKind.ThisKeyword || e.kind === ts.SyntaxKind.SuperKeyword) return true;
  if (ts.isArrayLiteralExpression(e) || ts.isStringLiteralLike(e)) return true;
  return ts.isIdentifier(e) && PLAIN_RECEIVERS.has(e.text);
}

export function fnName(node: ts.FunctionLikeDeclaration): string | undefined {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) return node.name.text;
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isBinaryExpression(p) && ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  return undefined;
}

export function isTopLevel(node: ts.Node): boolean {
  if (ts.isFunctionDeclaration(node)) return ts.isSourceFile(node.parent);
  const d = node.parent;
  return !!d && ts.isVariableDeclaration(d) && ts.isVariableStatement(d.parent.parent) && ts.isSourceFile(d.parent.parent.parent);
}

