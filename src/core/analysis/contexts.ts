/**
 * Gradient-context discovery, in one walk over the file (which also indexes `name = expr`
 * assignments for declaration values): functions passed to `tf.grad/grads/valueAndGrad/
 * valueAndGrads/variableGrads`, `optimizer.minimize/computeGradients`, `call()` of a `Layer`
 * subclass, and plain objectives (name matching `objectivePattern`, or JSDoc `@differentiable`).
 */
import ts from 'typescript';
import { stripAliases } from '../catalogue/index';
import { isTfjsModule } from '../catalogue/tfjs';
import type { Engine } from './engine';
import { evalExpr } from './expressions';
import type { Closure } from './value';

export interface GradientContext {
  fn: ts.SignatureDeclaration;
  kind: 'grad' | 'variableGrads' | 'minimize' | 'layer-call' | 'objective';
  /** Parameters that are trainable (differentiated arguments, numeric objective parameters). */
  trainable: ts.ParameterDeclaration[];
  cls?: ts.ClassLikeDeclaration;
  env: Closure['env'];
}

const GRAD_FNS = new Set(['grad', 'grads', 'valueAndGrad', 'valueAndGrads', 'variableGrads']);
const OPT_METHODS = new Set(['minimize', 'computeGradients']);
const OPT_RE = /(^|\.)(\w*optim\w*|opt|\w*Opt)$/i;
const NUMERIC_TYPE = /^(number|bigint|number\[\]|readonly number\[\]|Array<number>|Float(32|64)Array|number\[\]\[\])$/;

function isFunctionValue(n: ts.Node): n is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(n) || ts.isFunctionExpression(n);
}

function hasDifferentiableTag(n: ts.Node): boolean {
  return ts.getJSDocTags(n).some((t) => t.tagName.text === 'differentiable');
}

/** Walks the file once; returns the contexts and fills `e.assignments`. */
export function discoverContexts(e: Engine): GradientContext[] {
  const sf = e.sourceFile;
  const objective = safeRegExp(e.options.objectivePattern);
  const usesTfjs = sf.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && isTfjsModule(s.moduleSpecifier.text)) ||
    /require\(\s*['"]@tensorflow\/tfjs/.test(sf.text);
  const gradCalls: ts.CallExpression[] = [];
  const objectives: [ts.SignatureDeclaration, ts.Node][] = [];
  const layerCalls: [ts.MethodDeclaration, ts.ClassLikeDeclaration][] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const c = n.expression;
      const name = ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? c.text : undefined;
      if (name && (GRAD_FNS.has(name) || OPT_METHODS.has(name)) && n.arguments.length > 0) gradCalls.push(n);
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left)) {
      const list = e.assignments.get(n.left.text);
      if (list) list.push(n.right);
      else e.assignments.set(n.left.text, [n.right]);
    } else if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) {
      if (n.name && n.body && (objective.test(n.name.getText()) || hasDifferentiableTag(n))) objectives.push([n, n]);
    } else if (ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n)) {
      const init = n.initializer;
      if (init && isFunctionValue(init) && (objective.test(n.name.getText()) || hasDifferentiableTag(n))) objectives.push([init, n]);
    } else if (ts.isClassLike(n) && extendsLayer(n)) {
      for (const m of n.members) if (ts.isMethodDeclaration(m) && m.name.getText() === 'call' && m.body) layerCalls.push([m, n]);
    }
    n.forEachChild(visit);
  };
  visit(sf);
  const out: GradientContext[] = [];
  for (const call of gradCalls) {
    const ctx = gradContext(e, call);
    if (ctx) out.push(ctx);
  }
  for (const [m, cls] of layerCalls) out.push({ fn: m, kind: 'layer-call', trainable: [], cls, env: null });
  for (const [fn] of objectives) {
    const trainable = fn.parameters.filter((p) => isNumericParam(p, usesTfjs));
    out.push({ fn, kind: 'objective', trainable, cls: ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent) ? fn.parent : undefined, env: null });
  }
  return out;
}

function safeRegExp(src: string): RegExp {
  try {
    return new RegExp(src);
  } catch {
    return /^(loss|objective|elbo|nll)$/;
  }
}

function extendsLayer(cls: ts.ClassLikeDeclaration): boolean {
  return !!cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword && h.types.some((t) => /(^|\.)Layer$/.test(t.expression.getText())));
}

/** Numeric parameters of a plain objective: annotated numeric, or unannotated in files that do not use tfjs. */
function isNumericParam(p: ts.ParameterDeclaration, usesTfjs: boolean): boolean {
  if (p.type) return NUMERIC_TYPE.test(p.type.getText().replace(/\s+/g, ''));
  if (p.initializer) return ts.isNumericLiteral(p.initializer) || (ts.isPrefixUnaryExpression(p.initializer) && ts.isNumericLiteral(p.initializer.operand));
  return !usesTfjs && !p.dotDotDotToken;
}

function gradContext(e: Engine, call: ts.CallExpression): GradientContext | undefined {
  const c = call.expression;
  const name = ts.isPropertyAccessExpression(c) ? c.name.text : (c as ts.Identifier).text;
  let kind: GradientContext['kind'];
  if (GRAD_FNS.has(name)) {
    const callee = e.outside(() => evalExpr(e, c, null));
    const ref = callee.ref;
    const viaTf = ref?.lib.library === 'tfjs' && stripAliases(ref.lib, ref.path).join('.') === name;
    const viaGlobal = ts.isPropertyAccessExpression(c) && c.expression.getText() === 'tf';
    if (!viaTf && !viaGlobal) return undefined;
    kind = name === 'variableGrads' ? 'variableGrads' : 'grad';
  } else {
    if (!ts.isPropertyAccessExpression(c)) return undefined;
    const recv = e.outside(() => evalExpr(e, c.expression, null));
    if (recv.kind !== 'optimizer' && !OPT_RE.test(c.expression.getText())) return undefined;
    kind = 'minimize';
  }
  const fnVal = e.outside(() => evalExpr(e, call.arguments[0], null)).fn;
  if (!fnVal) return undefined;
  const trainable = kind === 'grad' ? [...fnVal.node.parameters] : [];
  return { fn: fnVal.node, kind, trainable, cls: fnVal.cls, env: fnVal.env };
}
