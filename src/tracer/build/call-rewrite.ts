/**
 * The instrumenter's rewrite of calls: `Math.*` and `Number.*` on traced values, calls into
 * imported packages (traced numbers go in as plain numbers; samplers of the catalogue are
 * recognised by the runtime), methods of package objects, and the user's declared samplers.
 */
import ts from 'typescript';
import type { UserSamplerSpec } from '../../core/config';
import type { ExternalBinding } from './externals';
import type { PlainTest } from './plain-bindings';
import type { Emitter } from './emit';
import type { PairForm } from './pair-form';
import { MATH_UNARY, NUMBER_CHECKS, isPlainReceiver, strip } from './syntax';

/** What the call rewrite needs from the instrumenter. */
export interface CallHost extends Pick<Emitter, 'site' | 'pw' | 'lit'> {
  f: ts.NodeFactory;
  ctx: ts.TransformationContext;
  visit(node: ts.Node): ts.Node;
  visitExpr(e: ts.Expression): ts.Expression;
  isPlain: PlainTest;
  externals: Map<string, ExternalBinding>;
  userSamplers: UserSamplerSpec[];
  /** The pair emitter (made after this rewriter, which it needs for `mathUnary`). */
  pairs(): PairForm;
}

/** The call rewrite of one file. */
export function callRewriter(h: CallHost) {
  const { f, ctx, visit, visitExpr, site, pw, lit, isPlain, externals } = h;
  const samplers = new Map(h.userSamplers.map((s) => [s.name, s]));
  const externalRoot = (e: ts.Expression): { binding: ExternalBinding; members: string[] } | null => {
    const members: string[] = [];
    while (ts.isPropertyAccessExpression(e) && !e.questionDotToken) {
      members.unshift(e.name.text);
      e = e.expression;
    }
    if (!ts.isIdentifier(e)) return null;
    const binding = externals.get(e.text);
    return binding ? { binding, members } : null;
  };

  /** NAME of a `Math.NAME(x)` call the instrumenter rewrites as a unary Math function. */
  const mathUnary = (node: ts.CallExpression): string | undefined => {
    const c = strip(node.expression);
    if (node.questionDotToken || node.arguments.length !== 1 || ts.isSpreadElement(node.arguments[0])) return undefined;
    if (!ts.isPropertyAccessExpression(c) || !ts.isIdentifier(c.expression) || c.expression.text !== 'Math' || externals.has('Math')) return undefined;
    return MATH_UNARY.has(c.name.text) ? c.name.text : undefined;
  };

  function visitCall(node: ts.CallExpression): ts.Node {
    const callee = strip(node.expression);
    if (node.questionDotToken || ts.isOptionalChain(node)) return ts.visitEachChild(node, visit, ctx);
    const args = () => node.arguments.map(visitExpr);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && !externals.has(callee.expression.text)) {
      const obj = callee.expression.text;
      const name = callee.name.text;
      if (obj === 'Math') {
        if (name === 'random' && node.arguments.length === 0) return pw('random', [lit(site(node))], node);
        if (name === 'max' || name === 'min') return pw('extreme', [name === 'max' ? f.createTrue() : f.createFalse(), lit(site(node)), f.createArrayLiteralExpression(args())], node);
        if (name === 'hypot') return pw('hypot', [lit(site(node)), f.createArrayLiteralExpression(args())], node);
        const spread = node.arguments.some(ts.isSpreadElement);
        if (!spread && MATH_UNARY.has(name) && node.arguments.length === 1) {
          if (isPlain(node.arguments[0])) {
            // Left native, but its site is still numbered (in the same order) so node ids do not move.
            const out = ts.visitEachChild(node, visit, ctx);
            site(node);
            return out;
          }
          if (h.pairs().hasShadowLeaf(node)) return h.pairs().boxedArith(node);
          return pw(`M.${name}`, [...args(), lit(site(node))], node);
        }
        if (!spread && (name === 'pow' || name === 'atan2') && node.arguments.length === 2) return pw(`M.${name}`, [...args(), lit(site(node))], node);
      }
      if (obj === 'Number' && NUMBER_CHECKS.has(name)) return pw(`N.${name}`, args(), node);
    }
    const ext = externalRoot(callee);
    if (ext) {
      const path = [ext.binding.path, ...ext.members].filter(Boolean).join('.');
      const s = site(node, { ext: { module: ext.binding.module, path } });
      const argList = f.createArrayLiteralExpression(args());
      if (ts.isPropertyAccessExpression(callee)) {
        return pw('extm', [lit(s), visitExpr(callee.expression), f.createStringLiteral(callee.name.text), argList], node);
      }
      return pw('ext', [lit(s), visitExpr(callee), f.createIdentifier('undefined'), argList], node);
    }
    if (
      externals.size > 0 && ts.isPropertyAccessExpression(callee) && !callee.questionDotToken && ts.isIdentifier(callee.name) &&
      node.arguments.length > 0 && !isPlainReceiver(callee.expression)
    ) {
      // A method of an object the package may have made (a tensor): traced numbers are unwrapped for it.
      return pw('callm', [visitExpr(callee.expression), f.createStringLiteral(callee.name.text), f.createArrayLiteralExpression(args())], node);
    }
    if (ts.isIdentifier(callee) && samplers.has(callee.text)) {
      const spec = samplers.get(callee.text)!;
      const s = site(node, { userSampler: { name: spec.name, params: spec.params, form: spec.form ?? 'direct', family: spec.family } });
      return pw('ext', [lit(s), visitExpr(callee), f.createIdentifier('undefined'), f.createArrayLiteralExpression(args())], node);
    }
    return ts.visitEachChild(node, visit, ctx);
  }
  return { visitCall, mathUnary };
}
