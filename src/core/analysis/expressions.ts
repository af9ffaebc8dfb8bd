/**
 * Expression evaluation over abstract values: data dependence joins operand values, comparisons
 * keep only marks (a boolean carries no gradient), property reads follow module references, object
 * shapes and `this` fields, and rules get a look at every binary expression.
 */
import ts from 'typescript';
import { K } from './kinds';
import { RULES } from '../rules/index';
import { evalCall, evalNew, ruleApi, wireGraph } from './calls';
import { globalValue, staticValue, thisProp } from './declarations';
import { nameFromContext, spelling, type Engine } from './engine';
import { findDeclaration, enclosingClass } from './scope';
import { EMPTY, join, marksOnly, merge, type Frame, type Value } from './value';

/** Properties whose value does not depend on tensor contents. */
const NON_DATA = new Set(['shape', 'dtype', 'rank', 'size', 'length', 'id', 'name', 'isDisposed', 'rankType']);
/** Properties of a model/layer that are its trainable weights. */
const WEIGHTS = new Set(['trainableWeights', 'weights', 'trainableVariables', 'kernel', 'bias']);

const COMPARISON = new Set<ts.SyntaxKind>([
  K.LessThanToken,
  K.GreaterThanToken,
  K.LessThanEqualsToken,
  K.GreaterThanEqualsToken,
  K.EqualsEqualsToken,
  K.EqualsEqualsEqualsToken,
  K.ExclamationEqualsToken,
  K.ExclamationEqualsEqualsToken,
  K.InstanceOfKeyword,
  K.InKeyword,
]);

/** Evaluates an expression in `frame` (null: outside any evaluated function). */
export function evalExpr(e: Engine, node: ts.Expression, frame: Frame | null): Value {
  e.tick();
  switch (node.kind) {
    case K.Identifier:
      return evalIdentifier(e, node as ts.Identifier, frame);
    case K.ParenthesizedExpression:
    case K.AsExpression:
    case K.NonNullExpression:
    case K.TypeAssertionExpression:
    case K.SatisfiesExpression:
    case K.AwaitExpression:
    case K.SpreadElement:
    case K.PartiallyEmittedExpression:
      return evalExpr(e, (node as ts.ParenthesizedExpression).expression, frame);
    case K.PropertyAccessExpression: {
      const pa = node as ts.PropertyAccessExpression;
      if (pa.expression.kind === K.ThisKeyword) {
        const cls = frame?.cls ?? enclosingClass(pa);
        const v = cls ? thisProp(e, cls, pa.name.text) : EMPTY;
        e.seen.set(pa, v);
        return v;
      }
      const v = propOf(e, evalExpr(e, pa.expression, frame), pa.name.text, pa);
      // `p.mu` names a severed value better than `p` (not for callees: `mu.dataSync` is not a value).
      if (ts.isIdentifier(pa.expression) && !(ts.isCallExpression(pa.parent) && pa.parent.expression === pa)) e.seen.set(pa, v);
      return v;
    }
    case K.ElementAccessExpression: {
      const ea = node as ts.ElementAccessExpression;
      const obj = evalExpr(e, ea.expression, frame);
      const idx = evalExpr(e, ea.argumentExpression, frame);
      const arg = ea.argumentExpression;
      if (ts.isStringLiteral(arg) || ts.isNumericLiteral(arg)) {
        const p = obj.props?.get(arg.text);
        if (p) return merge(p, marksOnly(idx));
        if (obj.ref) return propOf(e, obj, arg.text, ea);
      }
      return join(propOf(e, obj, '[]', ea), marksOnly(idx));
    }
    case K.CallExpression:
      return evalCall(e, node as ts.CallExpression, frame);
    case K.NewExpression:
      return evalNew(e, node as ts.NewExpression, frame);
    case K.BinaryExpression:
      return evalBinary(e, node as ts.BinaryExpression, frame);
    case K.PrefixUnaryExpression: {
      const u = node as ts.PrefixUnaryExpression;
      const v = evalExpr(e, u.operand, frame);
      if (u.operator === K.PlusPlusToken || u.operator === K.MinusMinusToken) assign(e, u.operand, v, frame);
      return u.operator === K.ExclamationToken ? marksOnly(v) : join(v);
    }
    case K.PostfixUnaryExpression:
      return join(evalExpr(e, (node as ts.PostfixUnaryExpression).operand, frame));
    case K.ConditionalExpression: {
      const c = node as ts.ConditionalExpression;
      const cond = evalExpr(e, c.condition, frame);
      const yes = evalExpr(e, c.whenTrue, frame);
      const no = evalExpr(e, c.whenFalse, frame);
      const api = ruleApi(e);
      for (const rule of RULES) {
        e.lastCandidate = null;
        const out = rule.visitor.ConditionalExpression?.(c, cond, yes, no, api);
        if (out) return wireGraph(e, c, out, [cond, yes, no], '?:');
      }
      return merge(merge(yes, no), marksOnly(cond));
    }
    case K.ArrayLiteralExpression: {
      const elems = (node as ts.ArrayLiteralExpression).elements.map((x) => evalExpr(e, x, frame));
      const props = new Map<string, Value>();
      elems.forEach((v, i) => props.set(String(i), v));
      return { ...join(...elems), props };
    }
    case K.ObjectLiteralExpression:
      return evalObject(e, node as ts.ObjectLiteralExpression, frame);
    case K.ArrowFunction:
    case K.FunctionExpression:
      return { fn: { node: node as ts.ArrowFunction, env: frame, cls: frame?.cls ?? enclosingClass(node) } };
    case K.TemplateExpression:
      return join(...(node as ts.TemplateExpression).templateSpans.map((s) => evalExpr(e, s.expression, frame)));
    case K.TaggedTemplateExpression: {
      const t = (node as ts.TaggedTemplateExpression).template;
      return ts.isTemplateExpression(t) ? evalExpr(e, t, frame) : EMPTY;
    }
    case K.CommaListExpression:
      return join(...(node as ts.CommaListExpression).elements.map((x) => evalExpr(e, x, frame)));
    default:
      return EMPTY;
  }
}

function evalIdentifier(e: Engine, id: ts.Identifier, frame: Frame | null): Value {
  const decl = findDeclaration(id.text, id);
  let v: Value;
  if (!decl) v = id.text === 'undefined' ? EMPTY : globalValue(id.text);
  else {
    const f = e.frameOf(decl, frame);
    if (f) v = f.vars.get(decl)!;
    else {
      const w = e.outerWrites.get(decl);
      v = w ? merge(w, staticValue(e, decl)) : staticValue(e, decl);
    }
  }
  e.seen.set(id, v);
  return v;
}

function evalObject(e: Engine, o: ts.ObjectLiteralExpression, frame: Frame | null): Value {
  const props = new Map<string, Value>();
  let all: Value = EMPTY;
  for (const p of o.properties) {
    let v: Value = EMPTY;
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)) ? p.name.text : undefined;
    if (ts.isPropertyAssignment(p)) v = evalExpr(e, p.initializer, frame);
    else if (ts.isShorthandPropertyAssignment(p)) v = evalExpr(e, p.name, frame);
    else if (ts.isSpreadAssignment(p)) {
      v = evalExpr(e, p.expression, frame);
      v.props?.forEach((pv, k) => props.set(k, pv));
    } else if (ts.isMethodDeclaration(p)) v = { fn: { node: p, env: frame, cls: frame?.cls } };
    if (key !== undefined) props.set(key, v);
    all = join(all, v);
  }
  return { ...all, props };
}

/** Reads property `name` of a value (`'[]'` for an unknown element). */
export function propOf(e: Engine, obj: Value, name: string, at: ts.Node): Value {
  if (obj.ref) return { ref: { lib: obj.ref.lib, path: [...obj.ref.path, name] } };
  const p = obj.props?.get(name);
  if (p) return p;
  if (obj.factory) return { factory: obj.factory };
  if (obj.kind === 'model') {
    if (WEIGHTS.has(name) && e.inContext) {
      const o = e.origin(at, nameFromContext(at), 'trainable weights');
      return { ...e.trainable(o), kind: 'model' };
    }
    return { ...join(obj), kind: 'model' };
  }
  if (NON_DATA.has(name)) return EMPTY;
  return join(obj);
}

/** Operators whose left operand is evaluated as a plain value (not an assignment target or a sequence). */
function isValueOperator(op: ts.SyntaxKind): boolean {
  return op !== K.EqualsToken && op !== K.CommaToken && !(op >= K.FirstCompoundAssignment && op <= K.LastCompoundAssignment);
}

function evalBinary(e: Engine, b: ts.BinaryExpression, frame: Frame | null): Value {
  const op = b.operatorToken.kind;
  if (op === K.EqualsToken) {
    const v = evalExpr(e, b.right, frame);
    assign(e, b.left, v, frame);
    return v;
  }
  if (op === K.CommaToken) {
    evalExpr(e, b.left, frame);
    return evalExpr(e, b.right, frame);
  }
  if (!isValueOperator(op)) return combine(e, b, evalExpr(e, b.left, frame), evalExpr(e, b.right, frame), frame);
  // Long left-nested chains (`a + b + c + …`, generated code) are folded iteratively, not recursively.
  const chain: ts.BinaryExpression[] = [b];
  let leftmost: ts.Expression = b.left;
  while (ts.isBinaryExpression(leftmost) && isValueOperator(leftmost.operatorToken.kind)) {
    chain.push(leftmost);
    leftmost = leftmost.left;
  }
  let acc = evalExpr(e, leftmost, frame);
  for (let i = chain.length - 1; i >= 0; i--) acc = combine(e, chain[i], acc, evalExpr(e, chain[i].right, frame), frame);
  return acc;
}

/** The value of a binary expression from its operand values: rules first, then data dependence. */
function combine(e: Engine, b: ts.BinaryExpression, l: Value, r: Value, frame: Frame | null): Value {
  e.tick();
  const op = b.operatorToken.kind;
  const api = ruleApi(e);
  for (const rule of RULES) {
    e.lastCandidate = null;
    const out = rule.visitor.BinaryExpression?.(b, l, r, api);
    if (out) return wireGraph(e, b, out, [l, r], ts.tokenToString(b.operatorToken.kind) ?? 'op');
  }
  if (COMPARISON.has(op)) return marksOnly(join(l, r));
  if (op >= K.FirstCompoundAssignment && op <= K.LastCompoundAssignment) {
    const v = join(l, r);
    assign(e, b.left, v, frame);
    return v;
  }
  if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) {
    return merge(l, r);
  }
  return join(l, r);
}

/** Assigns to a target expression (identifier, destructuring pattern, element or property). */
export function assign(e: Engine, target: ts.Expression, v: Value, frame: Frame | null): void {
  if (e.pc) v = merge(v, e.pc);
  if (ts.isParenthesizedExpression(target)) return assign(e, target.expression, v, frame);
  if (ts.isIdentifier(target)) {
    const decl = findDeclaration(target.text, target);
    if (!decl) return;
    const f = e.frameOf(decl, frame);
    if (f) f.vars.set(decl, e.branchDepth > 0 ? merge(f.vars.get(decl), v) : v);
    else e.outerWrites.set(decl, merge(e.outerWrites.get(decl), v));
    return;
  }
  if (ts.isArrayLiteralExpression(target)) {
    target.elements.forEach((el, i) => assign(e, ts.isSpreadElement(el) ? el.expression : el, v.props?.get(String(i)) ?? join(v), frame));
    return;
  }
  if (ts.isObjectLiteralExpression(target)) {
    for (const p of target.properties) {
      if (ts.isShorthandPropertyAssignment(p)) assign(e, p.name, propOf(e, v, p.name.text, p), frame);
      else if (ts.isPropertyAssignment(p)) assign(e, p.initializer, propOf(e, v, p.name.getText(), p), frame);
    }
    return;
  }
  if (ts.isPropertyAccessExpression(target) && target.expression.kind === K.ThisKeyword) {
    const cls = frame?.cls ?? enclosingClass(target);
    if (cls) {
      const key = `${cls.pos}:${target.name.text}`;
      e.thisWrites.set(key, merge(e.thisWrites.get(key), v));
    }
    return;
  }
  if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
    // Storing into a container makes the container carry the value (weakly).
    let root: ts.Expression = target;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
    if (ts.isIdentifier(root)) {
      const depth = e.branchDepth;
      e.branchDepth = 1;
      assign(e, root, join(evalIdentifier(e, root, frame), v), frame);
      e.branchDepth = depth;
    }
  }
}

/** Binds a declaration name (identifier or pattern) in `frame`. */
export function bindName(e: Engine, name: ts.BindingName, v: Value, frame: Frame): void {
  if (ts.isIdentifier(name)) {
    if (e.graph && e.inContext && v.deps?.size) {
      const d = name.parent;
      const op = ts.isVariableDeclaration(d) && d.initializer ? spelling(d.initializer, 48) : ts.isParameter(d) ? 'parameter' : 'binding';
      const id = e.graph.node(`o${d.pos}`, name.text, op, 'op', name);
      e.graph.edgesFrom(v.deps, id, 'grad');
      v = { ...v, deps: new Set([id]) };
    }
    frame.vars.set(name.parent, v);
    return;
  }
  name.elements.forEach((el, i) => {
    if (!ts.isBindingElement(el)) return;
    let sub: Value;
    if (ts.isObjectBindingPattern(name)) {
      const key = el.propertyName ?? el.name;
      sub = ts.isIdentifier(key) || ts.isStringLiteral(key) ? propOf(e, v, key.text, el) : join(v);
    } else sub = el.dotDotDotToken ? join(v) : (v.props?.get(String(i)) ?? propOf(e, v, '[]', el));
    if (el.initializer && sub === EMPTY) sub = evalExpr(e, el.initializer, frame);
    bindName(e, el.name, sub, frame);
  });
}
