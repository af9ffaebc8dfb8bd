/**
 * Statement evaluation and function invocation. Straight-line code updates bindings strongly;
 * inside branches and loops updates are weak (joined), loop bodies run twice so values flow around
 * the back edge, and the marks of enclosing conditions flow into assignments and returns (a value
 * chosen by `Math.random() < p` depends on that comparison).
 */
import ts from 'typescript';
import { K } from './kinds';
import { spelling as spellingOf, type Engine, type Invocation } from './engine';
import { bindName, evalExpr } from './expressions';
import { EMPTY, join, marksOnly, merge, type Candidate, type Closure, type Frame, type Value } from './value';

const MAX_DEPTH = 24;

/** Calls a same-file function with argument values and returns the union of its return values. */
export function invoke(e: Engine, fn: Closure, args: Value[], _site: ts.Node | null): Value {
  const node = fn.node;
  if (e.callStack.includes(node) || e.callStack.length >= MAX_DEPTH) return join(...args);
  const key = fn.env === null ? `${node.pos}:${e.inContext ? 1 : 0}:${args.map(signature).join('|')}` : undefined;
  if (key !== undefined) {
    const m = e.callMemo.get(key);
    if (m) return m;
  }
  const frame = e.newFrame(fn.env, fn.cls);
  bindParameters(e, node, args, frame);
  const ret = runBody(e, node, frame, false);
  if (key !== undefined) e.callMemo.set(key, ret);
  return ret;
}

/** Binds parameters to argument values (rest parameters take the union of the remaining ones). */
export function bindParameters(e: Engine, node: ts.SignatureDeclaration, args: Value[], frame: Frame): void {
  node.parameters.forEach((p, i) => {
    let v: Value = p.dotDotDotToken ? join(...args.slice(i)) : (args[i] ?? EMPTY);
    if (v === EMPTY && p.initializer) v = evalExpr(e, p.initializer, frame);
    bindName(e, p.name, v, frame);
  });
}

/** Evaluates a function body in `frame`; `root` marks a gradient context, whose returns are the loss. */
export function runBody(e: Engine, node: ts.SignatureDeclaration, frame: Frame, root: boolean): Value {
  const inv: Invocation = { ret: undefined, root };
  e.invocations.push(inv);
  e.callStack.push(node);
  const saved = { pc: e.pc, depth: e.branchDepth };
  e.pc = undefined;
  e.branchDepth = 0;
  try {
    const body = (node as ts.FunctionLikeDeclaration).body;
    if (!body) return EMPTY;
    if (ts.isBlock(body)) evalBlock(e, body.statements, frame);
    else returned(e, inv, evalExpr(e, body, frame), body);
    return inv.ret ?? EMPTY;
  } finally {
    e.pc = saved.pc;
    e.branchDepth = saved.depth;
    e.callStack.pop();
    e.invocations.pop();
  }
}

function returned(e: Engine, inv: Invocation, v: Value, at: ts.Node): void {
  if (e.pc) v = merge(v, e.pc);
  inv.ret = merge(inv.ret, v);
  if (!inv.root) return;
  if (e.graph && v.deps?.size) e.graph.edgesFrom(v.deps, e.graph.node(`l${at.pos}`, 'loss', spellingOf(at), 'output', at), 'grad');
  v.marks?.forEach((c: Candidate) => (c.reachedAt ??= at));
  // A log-likelihood target no reward weighs inside the loss: when the gradients are applied here
  // (minimize, an objective) it is not the REINFORCE estimator and the sample still severs; when
  // they are handed back (tf.variableGrads, tf.grad) a reward can scale them afterwards — the
  // score-function estimator of tfjs-examples' cart-pole.
  v.pending?.forEach((c: Candidate) => {
    if (!e.gradientsReturned) c.reachedAt ??= at;
    else if (!c.scoreAt) {
      c.scoreAt = at;
      c.scoreLater = true;
    }
  });
  v.scores?.forEach((c: Candidate) => (c.scoreAt ??= at));
}

/** A compact key of a value for memoising calls. */
function signature(v: Value): string {
  const ids = (s?: ReadonlySet<{ id: number }>) => (s ? [...s].map((x) => x.id).join(',') : '');
  let s = `${ids(v.taint)};${ids(v.marks)};${ids(v.scores)};${ids(v.pending)};${ids(v.selected)};${v.fn ? v.fn.node.pos : ''};${v.ref ? v.ref.lib.library + v.ref.path.join('.') : ''}`;
  s += `${v.kind ?? ''}${v.noise ? 'n' : ''}${v.logLik ? 'l' : ''}${v.factory ? "f" + v.factory.node.pos : ""}`;
  // Functions and classes of other modules (and what a factory or constructor bound them to) are part of the call's identity.
  const ext = (x: Value) => (x.external ? `x${x.external.at.file}:${x.external.at.start}:${x.external.name}` : '') + (x.bound ? `b${x.bound.args.map((a) => ids(a.taint)).join('/')}` : '') + (x.externalClass ? `c${x.externalClass.at.file}:${x.externalClass.at.start}` : '');
  s += ext(v);
  if (v.props) for (const [k, p] of v.props) s += `{${k}:${ids(p.taint)};${ids(p.marks)};${p.fn ? p.fn.node.pos : ''}${ext(p)}}`;
  return s;
}

/** Evaluates statements, hoisting function declarations first. */
export function evalBlock(e: Engine, stmts: readonly ts.Statement[], frame: Frame): void {
  for (const s of stmts) {
    if (ts.isFunctionDeclaration(s) && s.name) frame.vars.set(s, { fn: { node: s, env: frame, cls: frame.cls } });
  }
  for (const s of stmts) evalStatement(e, s, frame);
}

function branch(e: Engine, cond: Value | undefined, body: () => void): void {
  const saved = e.pc;
  if (cond && (cond.marks || cond.scores || cond.pending)) e.pc = merge(e.pc, marksOnly(cond));
  e.branchDepth++;
  try {
    body();
  } finally {
    e.branchDepth--;
    e.pc = saved;
  }
}

function evalStatement(e: Engine, s: ts.Statement, frame: Frame): void {
  e.tick();
  switch (s.kind) {
    case K.VariableStatement:
      return declare(e, (s as ts.VariableStatement).declarationList, frame);
    case K.ExpressionStatement:
      evalExpr(e, (s as ts.ExpressionStatement).expression, frame);
      return;
    case K.ReturnStatement: {
      const r = s as ts.ReturnStatement;
      const inv = e.invocations[e.invocations.length - 1];
      if (inv) returned(e, inv, r.expression ? evalExpr(e, r.expression, frame) : EMPTY, r.expression ?? r);
      return;
    }
    case K.Block:
      return evalBlock(e, (s as ts.Block).statements, e.newFrame(frame));
    case K.IfStatement: {
      const i = s as ts.IfStatement;
      const c = evalExpr(e, i.expression, frame);
      branch(e, c, () => {
        evalStatement(e, i.thenStatement, frame);
        if (i.elseStatement) evalStatement(e, i.elseStatement, frame);
      });
      return;
    }
    case K.ForStatement: {
      const f = s as ts.ForStatement;
      const inner = e.newFrame(frame);
      if (f.initializer) {
        if (ts.isVariableDeclarationList(f.initializer)) declare(e, f.initializer, inner);
        else evalExpr(e, f.initializer, inner);
      }
      loop(e, inner, f.condition, f.statement, f.incrementor);
      return;
    }
    case K.ForOfStatement:
    case K.ForInStatement: {
      const f = s as ts.ForOfStatement;
      const inner = e.newFrame(frame);
      const src = evalExpr(e, f.expression, frame);
      const elem = s.kind === K.ForOfStatement ? join(src) : marksOnly(src);
      if (ts.isVariableDeclarationList(f.initializer)) {
        for (const d of f.initializer.declarations) bindName(e, d.name, elem, inner);
      }
      loop(e, inner, undefined, f.statement, undefined);
      return;
    }
    case K.WhileStatement:
    case K.DoStatement: {
      const w = s as ts.WhileStatement;
      loop(e, frame, w.expression, w.statement, undefined);
      return;
    }
    case K.TryStatement: {
      const t = s as ts.TryStatement;
      branch(e, undefined, () => {
        evalBlock(e, t.tryBlock.statements, e.newFrame(frame));
        if (t.catchClause) {
          const inner = e.newFrame(frame);
          const vd = t.catchClause.variableDeclaration;
          if (vd) bindName(e, vd.name, EMPTY, inner);
          evalBlock(e, t.catchClause.block.statements, inner);
        }
      });
      if (t.finallyBlock) evalBlock(e, t.finallyBlock.statements, e.newFrame(frame));
      return;
    }
    case K.SwitchStatement: {
      const sw = s as ts.SwitchStatement;
      const c = evalExpr(e, sw.expression, frame);
      const inner = e.newFrame(frame);
      branch(e, c, () => {
        for (const cl of sw.caseBlock.clauses) {
          if (ts.isCaseClause(cl)) evalExpr(e, cl.expression, inner);
          evalBlock(e, cl.statements, inner);
        }
      });
      return;
    }
    case K.LabeledStatement:
      return evalStatement(e, (s as ts.LabeledStatement).statement, frame);
    case K.ThrowStatement:
      evalExpr(e, (s as ts.ThrowStatement).expression, frame);
      return;
    default:
      return;
  }
}

function declare(e: Engine, list: ts.VariableDeclarationList, frame: Frame): void {
  for (const d of list.declarations) {
    let v = d.initializer ? evalExpr(e, d.initializer, frame) : EMPTY;
    if (e.pc) v = merge(v, e.pc);
    bindName(e, d.name, v, frame);
  }
}

function loop(e: Engine, frame: Frame, cond: ts.Expression | undefined, body: ts.Statement, incr: ts.Expression | undefined): void {
  for (let i = 0; i < 2; i++) {
    const c = cond ? evalExpr(e, cond, frame) : undefined;
    branch(e, c, () => {
      evalStatement(e, body, frame);
      if (incr) evalExpr(e, incr, frame);
    });
  }
}
