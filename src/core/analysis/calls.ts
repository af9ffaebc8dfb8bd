/**
 * Call evaluation: library built-ins that create trainable values (`tf.variable`, layer weights,
 * model outputs inside a gradient context), `tf.tidy` and callbacks, then the rules' visitors
 * (samplers, host round trips, discrete steps, log-likelihoods), then same-file functions
 * (interprocedural), and finally the default: the result depends on the receiver and arguments.
 */
import ts from 'typescript';
import { RULES } from '../rules/index';
import type { CallInfo, RuleApi } from '../rules/types';
import { displayName, stripAliases } from '../catalogue/index';
import { thisProp } from './declarations';
import { callExternal, importValue, instanceValue, localSubclassInstance } from './imported';
import { nameFromContext, spelling, type Engine } from './engine';
import { evalExpr, propOf, assign } from './expressions';
import { candidate, originsOf } from './candidates';
import { findDeclaration, enclosingClass } from './scope';
import { invoke } from './statements';
import { EMPTY, join, type Frame, type Value } from './value';

/** Receivers that look like tfjs models or layers when their creation is not visible. */
const MODEL_RE = /(model|layer|encoder|decoder|net|network|dense|conv|lstm|gru|rnn|policy|actor|critic|generator|discriminator|mlp|head)s?\d*$/i;
const APPLY = new Set(['apply', 'predict', 'call', 'execute', 'executeAsync', 'predictOnBatch']);
const MODEL_FACTORIES = new Set(['sequential', 'model', 'loadLayersModel', 'loadGraphModel', 'layers']);
const NOISE: Value = Object.freeze({ noise: true });

/** Evaluates a call expression. */
export function evalCall(e: Engine, call: ts.CallExpression, frame: Frame | null): Value {
  let calleeNode: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(calleeNode)) calleeNode = calleeNode.expression;
  const info: CallInfo = { node: call, name: undefined, callee: EMPTY, args: [], frame };
  if (ts.isPropertyAccessExpression(calleeNode)) {
    info.name = calleeNode.name.text;
    info.receiverNode = calleeNode.expression;
    if (calleeNode.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = frame?.cls ?? enclosingClass(calleeNode);
      info.receiver = EMPTY;
      info.callee = cls ? thisProp(e, cls, info.name) : EMPTY;
    } else {
      info.receiver = evalExpr(e, calleeNode.expression, frame);
      info.callee = propOf(e, info.receiver, info.name, calleeNode);
    }
  } else {
    if (ts.isIdentifier(calleeNode)) info.name = calleeNode.text;
    info.callee = evalExpr(e, calleeNode, frame);
  }
  if (info.name === 'require' && ts.isIdentifier(calleeNode) && !findDeclaration('require', calleeNode)) {
    const a = call.arguments[0];
    return a && ts.isStringLiteralLike(a) ? importValue(e, a.text, 'namespace', undefined, call) : EMPTY;
  }
  info.args = call.arguments.map((a) => evalExpr(e, a, frame));
  const b = builtin(e, info);
  if (b) return b === NOISE ? wireGraph(e, call, b, [], 'Math.random') : b;
  const api = ruleApi(e);
  for (const rule of RULES) {
    e.lastCandidate = null;
    const out = rule.visitor.CallExpression?.(info, api);
    if (out) return wireGraph(e, call, out, [info.receiver, ...info.args], info.callee.factory ? displayName(info.callee.factory.entry) : (info.name ?? 'call'));
  }
  if (info.callee.fn) return invoke(e, info.callee.fn, info.args, call);
  if (info.callee.external) return wireGraph(e, call, callExternal(e, info, info.callee.external, info.callee.bound), info.args, info.name ?? 'call');
  if (info.callee.ref) {
    const path = stripAliases(info.callee.ref.lib, info.callee.ref.path).join('.');
    if (info.callee.ref.lib.constructors?.includes(path)) return { ref: { lib: info.callee.ref.lib, path: [] } };
  }
  return withCallbacks(e, info, defaultResult(info));
}

/** `new Chance()`, `new Random()`: library instances; everything else is opaque data of its arguments. */
export function evalNew(e: Engine, node: ts.NewExpression, frame: Frame | null): Value {
  const callee = evalExpr(e, node.expression, frame);
  const args = (node.arguments ?? []).map((a) => evalExpr(e, a, frame));
  if (callee.externalClass) return instanceValue(callee.externalClass, args, [...(node.arguments ?? [])]);
  const inherited = localSubclassInstance(e, node.expression, args, [...(node.arguments ?? [])]);
  if (inherited) return inherited;
  if (callee.ref) {
    const path = stripAliases(callee.ref.lib, callee.ref.path).join('.');
    if (callee.ref.lib.constructors?.includes(path)) return { ref: { lib: callee.ref.lib, path: [] } };
  }
  return join(...args);
}

function defaultResult(info: CallInfo): Value {
  const recv = info.receiver && !info.receiver.ref && !info.receiver.fn ? info.receiver : undefined;
  return join(recv, ...info.args);
}

/** Functions passed as arguments (`tf.tidy(fn)`, `xs.map(fn)`) run with the call's data as their parameters. */
function withCallbacks(e: Engine, info: CallInfo, data: Value): Value {
  if (!e.inContext) return data;
  let out = data;
  for (const a of info.args) {
    if (!a.fn) continue;
    const params = a.fn.node.parameters.map(() => data);
    out = join(out, invoke(e, a.fn, params, info.node));
  }
  return out;
}

function tfjsPath(v: Value): string[] | undefined {
  return v.ref?.lib.library === 'tfjs' ? stripAliases(v.ref.lib, v.ref.path) : undefined;
}

function builtin(e: Engine, info: CallInfo): Value | undefined {
  const { name, node } = info;
  const ref = info.callee.ref;
  // `randomNormal.source(rng)` is the same factory with another uniform source.
  if (ref && ref.path.length > 1 && ref.path[ref.path.length - 1] === 'source') return { ref: { lib: ref.lib, path: ref.path.slice(0, -1) } };
  const tf = tfjsPath(info.callee);
  if (tf && tf.length === 1 && tf[0] === 'tidy') {
    const fn = [...info.args].reverse().find((a) => a.fn)?.fn;
    return fn ? invoke(e, fn, [], node) : EMPTY;
  }
  if (tf && tf.length === 1 && tf[0] === 'variable') {
    const t = node.arguments[1];
    const frozen =
      t && (t.kind === ts.SyntaxKind.FalseKeyword || (ts.isObjectLiteralExpression(t) && /trainable\s*:\s*false/.test(t.getText())));
    if (frozen) return join(info.args[0]);
    return e.trainable(e.origin(node, nameFromContext(node), 'tf.variable'));
  }
  if (tf && tf.length >= 1 && MODEL_FACTORIES.has(tf[0])) return { kind: 'model' };
  if (tf && tf[0] === 'train') return { kind: 'optimizer' };
  if (!name || !info.receiverNode) return undefined;
  const recvNode = info.receiverNode;
  const recv = info.receiver ?? EMPTY;
  if (ts.isIdentifier(recvNode) && recvNode.text === 'Math' && !findDeclaration('Math', recvNode) && name === 'random') return NOISE;
  if ((name === 'addWeight' || name === 'add_weight') && recvNode.kind === ts.SyntaxKind.ThisKeyword) {
    return e.trainable(e.origin(node, nameFromContext(node), 'layer weight'));
  }
  if (APPLY.has(name) && !recv.fn && !recv.ref) {
    const isModel = recv.kind === 'model' || (MODEL_RE.test(spelling(recvNode, 200)) && name !== 'call');
    if (isModel) {
      if (!e.inContext) return { ...join(...info.args) };
      const key = ts.isIdentifier(recvNode) ? (findDeclaration(recvNode.text, recvNode) ?? recvNode) : recvNode;
      const o = e.origin(key, spelling(recvNode), `weights of ${spelling(recvNode)}`);
      return join(e.trainable(o), ...info.args);
    }
  }
  if ((name === 'push' || name === 'unshift') && ts.isIdentifier(recvNode)) {
    assign(e, recvNode, join(recv, ...info.args), info.frame);
    return EMPTY;
  }
  if ((name === 'apply' || name === 'call') && recv.fn) {
    const rest = name === 'apply' ? [join(info.args[1])] : info.args.slice(1);
    return invoke(e, recv.fn, rest, node);
  }
  return undefined;
}

/**
 * In graph mode, connects a rule's result to the static graph: the severing node it created, a
 * noise node for parameter-free draws, or else the nodes of its inputs.
 */
export function wireGraph(e: Engine, at: ts.Node, out: Value, inputs: (Value | undefined)[], op: string): Value {
  const g = e.graph;
  if (!g) return out;
  const c = e.lastCandidate;
  e.lastCandidate = null;
  if (c) return { ...out, deps: new Set([`c${c.id}`]) };
  if (out.noise && e.inContext) {
    const id = g.node(`n${at.pos}`, /uniform|random$/i.test(op) ? 'u' : 'eps', op, 'noise', at);
    return { ...out, deps: new Set([id]) };
  }
  return out.deps ? out : { ...out, deps: join(...inputs).deps };
}

/** The services rules use (see {@link RuleApi}). */
export function ruleApi(e: Engine): RuleApi {
  return (e.api ??= {
    get inContext() {
      return e.inContext;
    },
    noise: NOISE,
    options: e.options,
    candidate: (ruleId, node, init) => candidate(e, ruleId, node, init),
    originsOf: (v) => originsOf(v),
    isGlobal: (name, at) => !findDeclaration(name, at),
  });
}


