/**
 * Emits the pair protocol for unboxed locals (see shadow-locals.ts and plain/pair-ops.ts): an
 * arithmetic expression over them becomes nested `__pw.addP(value, id, value, id, site)` calls
 * whose result id is read from the register alias `__pwR.L` right after each call, a write of an
 * unboxed local `x` becomes `x = value, __pwi_x = id`, and a read where the value escapes becomes
 * `__pw.box(x, __pwi_x)`. Sites are created in the same order as the boxed rewrite, so node ids
 * and folded graph ids do not depend on which form an expression took.
 */
import ts from 'typescript';
import type { Site } from './sites';
import type { PlainTest } from './plain-bindings';
import type { ShadowLocals } from './shadow-locals';
import { ARITH, COMPOUND, isNonNumericLiteral, strip } from './syntax';

/** What the pair emitter needs from the instrumenter. */
export interface PairHost {
  f: ts.NodeFactory;
  shadow: ShadowLocals;
  isPlain: PlainTest;
  /** NAME when the call is `Math.NAME(x)` of a unary Math function the instrumenter rewrites. */
  mathUnary(call: ts.CallExpression): string | undefined;
  site(node: ts.Node, extra?: Partial<Site>): number;
  /** The boxed rewrite of an original expression. */
  visitExpr(e: ts.Expression): ts.Expression;
  pw(name: string, args: ts.Expression[], range?: ts.Node): ts.Expression;
  label(init: ts.Expression | undefined, name: string): void;
}

const PAIR_OPS: Record<string, string> = { add: 'addP', sub: 'subP', mul: 'mulP', div: 'divP' };

/** Name of the module-level alias of the register `__pw.R`. */
export const REGISTER = '__pwR';

/** The pair emitter of one file. */
export function pairForm(h: PairHost) {
  const { f, shadow } = h;
  const L = () => f.createPropertyAccessExpression(f.createIdentifier(REGISTER), 'L');
  const none = () => f.createPrefixMinus(f.createNumericLiteral(1));
  const lit = (n: number) => f.createNumericLiteral(n);
  const ref = (name: string) => f.createIdentifier(name);
  const isNeg = (e: ts.Expression): e is ts.PrefixUnaryExpression =>
    ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && !ts.isNumericLiteral(strip(e.operand));

  /** The pair op of an arithmetic expression the protocol computes (not `%`, `**`, string `+`). */
  const pairOp = (e: ts.BinaryExpression): string | undefined => {
    const op = ARITH[e.operatorToken.kind];
    if (!op || !PAIR_OPS[op]) return undefined;
    if (op === 'add' && (isNonNumericLiteral(e.left) || isNonNumericLiteral(e.right))) return undefined;
    if (ts.isNumericLiteral(strip(e.left)) && ts.isNumericLiteral(strip(e.right))) return undefined;
    return PAIR_OPS[op];
  };

  /** True when an arithmetic tree reads an unboxed local directly (then it is computed as pairs). */
  function hasShadowLeaf(e0: ts.Expression): boolean {
    const e = strip(e0);
    if (ts.isIdentifier(e)) return !!shadow.refOf(e);
    if (h.isPlain(e)) return false;
    if (ts.isBinaryExpression(e)) return !!pairOp(e) && (hasShadowLeaf(e.left) || hasShadowLeaf(e.right));
    if (isNeg(e)) return hasShadowLeaf(e.operand);
    if (ts.isCallExpression(e) && h.mathUnary(e)) return hasShadowLeaf(e.arguments[0]);
    return false;
  }

  /** The unboxed local an assignment or `++` writes: [its name, its id local], or undefined. */
  const unboxedTarget = (e: ts.Expression): [string, string] | undefined => {
    const target = strip(e);
    const sh = ts.isIdentifier(target) ? shadow.refOf(target) : undefined;
    return sh && ts.isIdentifier(target) ? [target.text, sh] : undefined;
  };
  /** `(x = value, __pwi_x = id)`, mapped to `range`. */
  const assignPair = (x: string, sh: string, value: ts.Expression, id: ts.Expression, range: ts.Node) =>
    ts.setTextRange(f.createParenthesizedExpression(f.createComma(f.createAssignment(ref(x), value), f.createAssignment(ref(sh), id))), range);

  /** [value, id] of an original expression. */
  function pair(e0: ts.Expression): [ts.Expression, ts.Expression] {
    const e = strip(e0);
    if (ts.isIdentifier(e)) {
      const sh = shadow.refOf(e);
      if (sh) return [ref(e.text), ref(sh)];
    }
    if (h.isPlain(e)) return [h.visitExpr(e0), none()];
    if (ts.isBinaryExpression(e)) {
      const op = pairOp(e);
      if (op) {
        const s = h.site(e); // before the operands, as the boxed rewrite numbers it
        const [lv, li] = pair(e.left);
        const [rv, ri] = pair(e.right);
        return [h.pw(op, [lv, li, rv, ri, lit(s)], e), L()];
      }
    }
    if (isNeg(e)) {
      const [v, i] = pair(e.operand);
      return [h.pw('negP', [v, i, lit(h.site(e))], e), L()];
    }
    if (ts.isCallExpression(e)) {
      const name = h.mathUnary(e);
      if (name) {
        const [v, i] = pair(e.arguments[0]);
        return [h.pw(`MP.${name}`, [v, i, lit(h.site(e))], e), L()];
      }
    }
    return [h.pw('u', [h.visitExpr(e0)]), L()];
  }

  return {
    hasShadowLeaf,

    /** Boxed value of an arithmetic expression that reads unboxed locals. */
    boxedArith(e: ts.Expression): ts.Expression {
      return h.pw('bx', [pair(e)[0]], e);
    },

    /** Boxed read of an unboxed local (`valueOnly`: its number is all the context uses). */
    read(id: ts.Identifier, valueOnly: boolean): ts.Expression | undefined {
      const sh = shadow.refOf(id);
      if (!sh) return undefined;
      return valueOnly ? ref(id.text) : h.pw('box', [ref(id.text), ref(sh)]);
    },

    /** `x = e` / `x op= e` where x is an unboxed local: `(x = value, __pwi_x = id)`. */
    write(node: ts.BinaryExpression): ts.Expression | undefined {
      const written = unboxedTarget(node.left);
      if (!written) return undefined;
      const [x, sh] = written;
      const both = (value: ts.Expression, id: ts.Expression) => assignPair(x, sh, value, id, node);
      const k = node.operatorToken.kind;
      if (k === ts.SyntaxKind.EqualsToken) {
        const [v, i] = pair(node.right);
        h.label(node.right, x);
        return both(v, i);
      }
      const op = COMPOUND[k]!;
      if (op === 'add' && isNonNumericLiteral(node.right)) return both(f.createAdd(ref(x), h.visitExpr(node.right)), none());
      const s = h.site(node, { label: x });
      if (PAIR_OPS[op]) {
        const [rv, ri] = pair(node.right);
        return both(h.pw(PAIR_OPS[op], [ref(x), ref(sh), rv, ri, lit(s)], node), L());
      }
      return both(h.pw('u', [h.pw(op, [h.pw('box', [ref(x), ref(sh)]), h.visitExpr(node.right), lit(s)], node)]), L());
    },

    /** Statement `x++` / `--x` on an unboxed local. */
    step(node: ts.PrefixUnaryExpression | ts.PostfixUnaryExpression): ts.Expression | undefined {
      const written = unboxedTarget(node.operand);
      if (!written) return undefined;
      const [x, sh] = written;
      const s = h.site(node, { label: x });
      const d = node.operator === ts.SyntaxKind.PlusPlusToken ? lit(1) : none();
      return assignPair(x, sh, h.pw('incP', [ref(x), ref(sh), d, lit(s)], node), L(), node);
    },

    /** A declaration list with unboxed locals: each gets its id local declared right after it. */
    declarations(list: ts.VariableDeclarationList, visit: (d: ts.VariableDeclaration) => ts.VariableDeclaration): ts.VariableDeclarationList | undefined {
      if (!list.declarations.some((d) => shadow.declOf(d))) return undefined;
      const out = list.declarations.flatMap((d) => {
        const sh = shadow.declOf(d);
        if (!sh) return [visit(d)];
        if (!d.initializer) return [d, f.createVariableDeclaration(sh, undefined, undefined, none())];
        const [v, i] = pair(d.initializer);
        h.label(d.initializer, (d.name as ts.Identifier).text);
        return [f.updateVariableDeclaration(d, d.name, d.exclamationToken, d.type, v), f.createVariableDeclaration(sh, undefined, undefined, i)];
      });
      return f.updateVariableDeclarationList(list, out);
    },

    /** `let __pwi_a = (a = __pw.u(a), __pwR.L), …;` for the unboxed parameters of `orig`. */
    paramPrologue(orig: ts.Node): ts.Statement[] {
      const ps = shadow.paramsOf(orig);
      if (!ps.length) return [];
      const decls = ps.map(([p, sh]) =>
        f.createVariableDeclaration(sh, undefined, undefined, f.createParenthesizedExpression(f.createComma(f.createAssignment(ref(p), h.pw('u', [ref(p)])), L()))));
      return [f.createVariableStatement(undefined, f.createVariableDeclarationList(decls, ts.NodeFlags.Let))];
    },

    /** `const __pwR = __pw.R;` when the file has unboxed locals. */
    modulePrologue(): ts.Statement[] {
      if (!shadow.any) return [];
      const init = f.createPropertyAccessExpression(f.createIdentifier('__pw'), 'R');
      return [f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(REGISTER, undefined, undefined, init)], ts.NodeFlags.Const))];
    },
  };
}

/** The pair emitter's interface (for the instrumenter's closures). */
export type PairForm = ReturnType<typeof pairForm>;

/** `fn` with `stmts` put at the start of its block body. */
export function prependToBody<T extends ts.FunctionLikeDeclaration>(f: ts.NodeFactory, fn: T, stmts: ts.Statement[]): T {
  if (!stmts.length || !fn.body || !ts.isBlock(fn.body)) return fn;
  const body = f.updateBlock(fn.body, [...stmts, ...fn.body.statements]);
  if (ts.isFunctionDeclaration(fn)) return f.updateFunctionDeclaration(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.typeParameters, fn.parameters, fn.type, body) as unknown as T;
  if (ts.isFunctionExpression(fn)) return f.updateFunctionExpression(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.typeParameters, fn.parameters, fn.type, body) as unknown as T;
  if (ts.isArrowFunction(fn)) return f.updateArrowFunction(fn, fn.modifiers, fn.typeParameters, fn.parameters, fn.type, fn.equalsGreaterThanToken, body) as unknown as T;
  if (ts.isMethodDeclaration(fn)) {
    return f.updateMethodDeclaration(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.questionToken, fn.typeParameters, fn.parameters, fn.type, body) as unknown as T;
  }
  return fn;
}
