/**
 * Lifts a number expression that reads tensors back to the host (`zMean.dataSync()[0]`,
 * `Math.exp(0.5 * zLogVar.dataSync()[0])`) into tensor arithmetic on those tensors, so the
 * gradient path is no longer cut. Number math around the round trip becomes tfjs ops.
 */
import ts from 'typescript';
import { add, div, fn, mul, neg, PREC, raw, sub, type Expr, type MathFn } from './expr';
import { precOf, skipOuter } from './locate';

/**
 * `element`: `t.dataSync()[i]` becomes `t.flatten().gather(i)` (exactly the same value, now
 * differentiable). `whole`: it becomes `t` itself — what VAE code usually means, but it changes the
 * meaning from "first element" to "the whole tensor" (broadcast).
 */
export type LiftMode = 'element' | 'whole';

export interface Lifted {
  expr: Expr;
  /** Number of host round trips removed. */
  roundTrips: number;
  /** True when some indexed read (`dataSync()[i]`) was replaced by the whole tensor. */
  widened: boolean;
}

export class Unliftable extends Error {}

const MATH_FNS: Record<string, MathFn> = {
  exp: 'exp',
  log: 'log',
  log1p: 'log1p',
  sqrt: 'sqrt',
  pow: 'pow',
  tan: 'tan',
  sign: 'sign',
  abs: 'abs',
  tanh: 'tanh',
  max: 'maximum',
  min: 'minimum',
};

const FLAT_READS = new Set(['dataSync', 'data']);
const NESTED_READS = new Set(['arraySync', 'array']);

/** Lifts `node`; throws {@link Unliftable} when a round trip sits somewhere it cannot be lifted from. */
export function liftNumber(node: ts.Expression, sf: ts.SourceFile, mode: LiftMode): Lifted {
  const state = { roundTrips: 0, widened: false };
  const expr = lift(node, sf, mode, state);
  return { expr, ...state };
}

function lift(node: ts.Expression, sf: ts.SourceFile, mode: LiftMode, st: { roundTrips: number; widened: boolean }): Expr {
  const n = skipOuter(node);
  const read = hostRead(n, sf);
  if (read) {
    st.roundTrips++;
    const t = read.tensor;
    const recv = precOf(t) >= PREC.postfix ? t.getText(sf) : `(${t.getText(sf)})`;
    if (read.indices.length === 0) {
      if (read.flat) throw new Unliftable('a whole typed array is not a number');
      return raw(t.getText(sf), precOf(t), true);
    }
    if (mode === 'whole') {
      st.widened = true;
      return raw(t.getText(sf), precOf(t), true);
    }
    const idx = read.indices.map((i) => `.gather(${i.getText(sf)})`).join('');
    return raw(read.flat ? `${recv}.flatten()${idx}` : `${recv}${idx}`, PREC.postfix, true);
  }
  if (ts.isIdentifier(n)) {
    // `const m = zMean.dataSync()[0]; … tf.randomNormal(s, m, 1)`: lift the initializer in place.
    const init = constInitializer(n, sf);
    if (init && containsRead(init, sf)) return lift(init, sf, mode, st);
  }
  if (!containsRead(n, sf)) return raw(n.getText(sf), precOf(n), false);
  if (ts.isBinaryExpression(n)) {
    const l = lift(n.left, sf, mode, st);
    const r = lift(n.right, sf, mode, st);
    switch (n.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return add(l, r);
      case ts.SyntaxKind.MinusToken:
        return sub(l, r);
      case ts.SyntaxKind.AsteriskToken:
        return mul(l, r);
      case ts.SyntaxKind.SlashToken:
        return div(l, r);
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return fn('pow', l, r);
    }
    throw new Unliftable(`operator ${n.operatorToken.getText(sf)}`);
  }
  if (ts.isPrefixUnaryExpression(n)) {
    if (n.operator === ts.SyntaxKind.MinusToken) return neg(lift(n.operand, sf, mode, st));
    if (n.operator === ts.SyntaxKind.PlusToken) return lift(n.operand, sf, mode, st);
  }
  if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression)) {
    const obj = n.expression.expression.text;
    const f = MATH_FNS[n.expression.name.text];
    if (obj === 'Math' && f) return fn(f, ...n.arguments.map((a) => lift(a, sf, mode, st)));
    // Number(t.dataSync()[0]) and parseFloat-style wrappers are the identity on numbers.
  }
  if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Number' && n.arguments.length === 1) {
    return lift(n.arguments[0], sf, mode, st);
  }
  throw new Unliftable(`cannot lift ${ts.SyntaxKind[n.kind]}`);
}

interface HostRead {
  tensor: ts.Expression;
  indices: ts.Expression[];
  flat: boolean;
}

/** `t.dataSync()[i]`, `t.arraySync()[i][j]`, `(await t.data())[i]`, `t.arraySync()` as a number. */
function hostRead(n: ts.Expression, sf: ts.SourceFile): HostRead | undefined {
  const indices: ts.Expression[] = [];
  let e = skipOuter(n);
  while (ts.isElementAccessExpression(e)) {
    indices.unshift(e.argumentExpression);
    e = skipOuter(e.expression);
  }
  if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  if (!ts.isCallExpression(e) || e.arguments.length > 0 || !ts.isPropertyAccessExpression(e.expression)) return undefined;
  const name = e.expression.name.text;
  if (!FLAT_READS.has(name) && !NESTED_READS.has(name)) return undefined;
  void sf;
  return { tensor: e.expression.expression, indices, flat: FLAT_READS.has(name) };
}

function containsRead(n: ts.Node, sf: ts.SourceFile): boolean {
  if (ts.isExpression(n) && hostRead(n, sf)) return true;
  return ts.forEachChild(n, (c) => containsRead(c, sf) || undefined) ?? false;
}

/** True when the expression reads a tensor back to the host somewhere inside. */
export function hasHostRead(n: ts.Node, sf: ts.SourceFile): boolean {
  return containsRead(n, sf);
}

/**
 * The initializer of the `const` that `id` refers to, when it is declared in an enclosing block of
 * the same function before `id` and not shadowed by a closer declaration of the same name.
 */
function constInitializer(id: ts.Identifier, sf: ts.SourceFile): ts.Expression | undefined {
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      if (scope.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === id.text)) return undefined;
    }
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const st of scope.statements) {
      if (st.getStart(sf) >= id.getStart(sf)) break;
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || d.name.text !== id.text) continue;
        return st.declarationList.flags & ts.NodeFlags.Const && d.initializer ? d.initializer : undefined;
      }
    }
    if (ts.isFunctionLike(scope.parent)) return undefined;
  }
  return undefined;
}
