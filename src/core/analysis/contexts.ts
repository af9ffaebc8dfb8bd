/**
 * Gradient-context discovery, in one walk over the file (which also indexes `name = expr`
 * assignments for declaration values): functions passed to `tf.grad/grads/valueAndGrad/
 * valueAndGrads/variableGrads`, `optimizer.minimize/computeGradients`, `call()` of a `Layer`
 * subclass, and plain objectives (name matching `objectivePattern`, or JSDoc `@differentiable`).
 */
import ts from 'typescript';
import { stripAliases } from '../catalogue/index';
import { isTfjsModule } from '../catalogue/tfjs';
import { objectivePattern, type NamePattern } from '../name-pattern';
import type { Engine } from './engine';
import { evalExpr } from './expressions';
import { syntaxIndex } from './syntax-index';
import type { Closure } from './value';

export interface GradientContext {
  fn: ts.SignatureDeclaration;
  kind: 'grad' | 'variableGrads' | 'minimize' | 'layer-call' | 'objective';
  /** Parameters that are trainable (differentiated arguments, numeric objective parameters, a Layer's call() inputs). */
  trainable: ts.ParameterDeclaration[];
  cls?: ts.ClassLikeDeclaration;
  env: Closure['env'];
  /**
   * True when the gradients are handed back to the caller (`tf.grad`, `tf.variableGrads`,
   * `optimizer.computeGradients`) instead of applied: a reward can still weight them afterwards,
   * as tfjs-examples' cart-pole does in `scaleAndAverageGradients`.
   */
  returnsGradients?: boolean;
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

/**
 * Whether a declaration names a plain objective. The pattern is tried first (the tag lookup reads
 * the JSDoc of every ancestor); the tag only where the file's text can hold one.
 */
function isObjective(sf: ts.SourceFile, name: ts.Node, decl: ts.Node, objective: NamePattern, tagged: boolean): boolean {
  return objective.test(name.getText(sf)) || (tagged && hasDifferentiableTag(decl));
}

/** Walks the file once; returns the contexts and fills `e.assignments`. */
export function discoverContexts(e: Engine): GradientContext[] {
  const sf = e.sourceFile;
  // Linear-time matching: a hostile pattern from a workspace config cannot stall the analysis.
  const objective = objectivePattern(e.options.objectivePattern);
  const usesTfjs = sf.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && isTfjsModule(s.moduleSpecifier.text)) ||
    /require\(\s*['"]@tensorflow\/tfjs/.test(sf.text);
  const gradCalls: ts.CallExpression[] = [];
  const objectives: [ts.SignatureDeclaration, ts.Node][] = [];
  const tagged = sf.text.includes('@differentiable');
  const layerCalls: [ts.MethodDeclaration, ts.ClassLikeDeclaration][] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const c = n.expression;
      const name = ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? c.text : undefined;
      if (name && (GRAD_FNS.has(name) || OPT_METHODS.has(name)) && n.arguments.length > 0) gradCalls.push(n);
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      if (ts.isIdentifier(n.left)) {
        const list = e.assignments.get(n.left.text);
        if (list) list.push(n.right);
        else e.assignments.set(n.left.text, [n.right]);
      } else if (ts.isPropertyAccessExpression(n.left) && isFunctionValue(n.right) && objective.test(n.left.name.text)) {
        objectives.push([n.right, n]); // module.exports.loss = function (…) {…}
      }
    } else if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) {
      if (n.name && n.body && isObjective(sf, n.name, n, objective, tagged)) objectives.push([n, n]);
    } else if (ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n)) {
      const init = n.initializer;
      if (init && isFunctionValue(init) && isObjective(sf, n.name, n, objective, tagged)) objectives.push([init, n]);
    } else if (ts.isClassLike(n) && extendsLayer(n)) {
      for (const m of n.members) if (ts.isMethodDeclaration(m) && m.name.getText(sf) === 'call' && m.body) layerCalls.push([m, n]);
    }
  };
  // The nodes of interest were recorded when the tree was parsed (one walk, not one per pass).
  for (const n of syntaxIndex(sf)) visit(n);
  const out: GradientContext[] = [];
  for (const call of gradCalls) {
    const ctx = gradContext(e, call);
    if (ctx) out.push(ctx);
  }
  // A Layer's call() inputs are the activations of the trainable layers before it (zMean, zLogVar
  // of a VAE's sampling layer): a host copy or opaque sample of them severs those layers' weights.
  for (const [m, cls] of layerCalls) out.push({ fn: m, kind: 'layer-call', trainable: m.parameters.slice(0, 1), cls, env: null });
  for (const [fn] of objectives) {
    const trainable = fn.parameters.filter((p) => isNumericParam(p, usesTfjs));
    const owner = ts.isMethodDeclaration(fn) ? fn.parent : ts.isPropertyDeclaration(fn.parent) ? fn.parent.parent : undefined;
    out.push({ fn, kind: 'objective', trainable, cls: owner && ts.isClassLike(owner) ? owner : undefined, env: null });
  }
  return out;
}

function extendsLayer(cls: ts.ClassLikeDeclaration): boolean {
  return !!cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword && h.types.some((t) => /(^|\.)Layer$/.test(t.expression.getText())));
}

/** Numeric parameters of a plain objective: annotated numeric, or unannotated in files that do not use tfjs. */
function isNumericParam(p: ts.ParameterDeclaration, usesTfjs: boolean): boolean {
  if (p.type) return isNumericType(p.type, 0);
  if (p.initializer) return ts.isNumericLiteral(p.initializer) || (ts.isPrefixUnaryExpression(p.initializer) && ts.isNumericLiteral(p.initializer.operand));
  return !usesTfjs && !p.dotDotDotToken;
}

/**
 * Numbers, numeric arrays and tuples, typed arrays, and object types (inline, or a same-file
 * interface / type alias) whose members are all numeric — `{ mu: number; sigma: number }`.
 */
function isNumericType(t: ts.TypeNode, depth: number): boolean {
  if (depth > 4) return false;
  if (NUMERIC_TYPE.test(t.getText().replace(/\s+/g, ''))) return true;
  if (ts.isParenthesizedTypeNode(t) || ts.isTypeOperatorNode(t)) return isNumericType(t.type, depth + 1);
  if (ts.isArrayTypeNode(t)) return isNumericType(t.elementType, depth + 1);
  if (ts.isTupleTypeNode(t)) return t.elements.length > 0 && t.elements.every((x) => isNumericType(ts.isNamedTupleMember(x) ? x.type : x, depth + 1));
  if (ts.isUnionTypeNode(t)) return t.types.every((x) => isNumericType(x, depth + 1));
  if (ts.isTypeLiteralNode(t)) return numericMembers(t.members, depth);
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) {
    const decl = findDeclarationOfType(t.typeName.text, t);
    if (decl && ts.isInterfaceDeclaration(decl)) return numericMembers(decl.members, depth);
    if (decl && ts.isTypeAliasDeclaration(decl)) return isNumericType(decl.type, depth + 1);
  }
  return false;
}

function numericMembers(members: ts.NodeArray<ts.TypeElement>, depth: number): boolean {
  return members.length > 0 && members.every((m) => ts.isPropertySignature(m) && !!m.type && isNumericType(m.type, depth + 1));
}

/** A same-file interface or type alias by name (types live in their own namespace, so scope lookup does not find them). */
function findDeclarationOfType(name: string, from: ts.Node): ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined {
  let found: ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) && n.name.text === name) found = n;
    else if (ts.isModuleDeclaration(n) || ts.isModuleBlock(n) || ts.isSourceFile(n)) n.forEachChild(visit);
  };
  visit(from.getSourceFile());
  return found;
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
  const returnsGradients = kind !== 'minimize' || name === 'computeGradients';
  return { fn: fnVal.node, kind, trainable, cls: fnVal.cls, env: fnVal.env, returnsGradients };
}
