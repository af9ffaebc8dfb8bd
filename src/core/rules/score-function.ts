/**
 * `score-function` (info): the REINFORCE estimator, recognised in two steps so that ordinary
 * losses are not mistaken for it.
 * 1. A log-likelihood of trainable parameters takes the sample as its target: an explicit log-prob
 *    call (`logProb(a, logits)`, `dist.logPdf(x)`), a tfjs cross-entropy loss with a label made
 *    from the sample, a log of trainable probabilities selected by a discrete sample
 *    (`oneHot(a).mul(tf.logSoftmax(logits))`, `tf.log(tf.gather(probs, a))`, `a * Math.log(p)`,
 *    `a ? Math.log(p) : Math.log(1 - p)`), or a written-out Gaussian log density whose squared
 *    difference subtracts the sampler's own parameter (`(x - mu) ** 2` with x ~ N(mu, s)). The
 *    sample becomes `pending`.
 * 2. That term is multiplied by a reward: a value computed from the sample without trainables
 *    (`reward(a)`, `f(x)`) or one named as a reward, return or advantage (`-logp * R`). Only then
 *    the sample becomes a score mark. Pending samples that reach the loss unweighted also become
 *    score marks when the context hands its gradients back (`tf.variableGrads`, `tf.grad`): the
 *    reward may scale the gradients later (tfjs-examples' cart-pole). Otherwise (minimize, plain
 *    objectives), and for any value use of the sample, they stay `opaque-sampler` /
 *    `discrete-step` warnings (see `analysis/report.ts`).
 */
import ts from 'typescript';
import { nodeText } from '../analysis/scope';
import { stripAliases } from '../catalogue/index';
import { isTainted, join, relabel, withoutPending, type Candidate, type Value } from '../analysis/value';
import { formatMessage, messageData, type CallInfo, type Rule } from './types';

const LOGLIK = /^(log_?prob(ability)?|log_?pdf|log_?pmf|log_?lik(elihood)?|log_?density|logProbs|logLikelihoodOf)$/i;
const TF_LOSSES = new Set(['softmaxCrossEntropy', 'sigmoidCrossEntropy', 'logLoss']);
const LOG_OPS = new Set(['log', 'logSoftmax', 'logSigmoid', 'log1p']);
/** Name parts of a reward-like weight (`rewards`, `discountedReturns`, `advantage`, `adv_t`). */
const REWARD_WORDS = new Set(['reward', 'rewards', 'return', 'returns', 'ret', 'rets', 'advantage', 'advantages', 'adv', 'advs', 'payoff', 'payoffs', 'gain', 'gains', 'utility', 'fitness', 'cost', 'costs']);
const REWARD_LETTERS = new Set(['R', 'G', 'A', 'Q']);

/** Sample marks a value can carry as a log-likelihood target (a host copy is not a sample). */
function sampleMarks(v: Value, discreteOnly: boolean): Set<Candidate> {
  const ok = (c: Candidate) => c.ruleId !== 'host-round-trip' && (!discreteOnly || (c.ruleId === 'discrete-step' && c.family !== null));
  return new Set([...(v.marks ?? [])].filter(ok));
}

/** `probs` selected by a discrete sample `labels` (an index, a one-hot, a Bernoulli outcome). */
function selectionBy(labels: Value): Set<Candidate> {
  return isTainted(labels) ? new Set() : sampleMarks(labels, true);
}

/** True when an identifier in the expression names a reward, return or advantage. */
function namesReward(node: ts.Node | undefined): boolean {
  if (!node) return false;
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
    if (REWARD_LETTERS.has(node.text)) return true;
    return node.text.split(/_|(?=[A-Z][a-z])/).some((w) => REWARD_WORDS.has(w.toLowerCase()));
  }
  if (ts.isFunctionLike(node)) return false;
  return !!node.forEachChild((n) => (namesReward(n) ? true : undefined));
}

/** True when the expression is a constant (literals and `Math.PI`-style members only): a scale, not a reward. */
function isConstant(node: ts.Node): boolean {
  if (ts.isIdentifier(node)) return node.text === 'undefined' || node.text === 'Infinity' || node.text === 'NaN';
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Math') return true;
  if (ts.isCallExpression(node) || ts.isFunctionLike(node)) return false;
  return !node.forEachChild((n) => (isConstant(n) ? undefined : true));
}

/**
 * `logp * R`: a pending log-likelihood weighted by a reward turns its targets into score marks. A
 * reward is named as one (`-logp * advantage`) or is not a function of trainables and not a
 * constant (`reward(a)`, `f(x)`, `returns[t]`).
 */
function weighted(logp: Value, w: Value, wNode: ts.Node | undefined): Value | undefined {
  const targets = logp.pending;
  if (!targets?.size || !wNode || [...(w.pending ?? [])].some((c) => targets.has(c))) return undefined;
  if (!namesReward(wNode) && (isTainted(w) || isConstant(wNode))) return undefined;
  // f(a) in R(a) · log p(a) is what the estimator replaces the path through a with.
  return relabel([withoutPending(logp, targets)], [w], targets, 'scores');
}

/** `oneHot(a) * log p` / `a * Math.log(p)`: a discrete sample selects a log-probability of trainables. */
function selected(logp: Value, labels: Value): Value | undefined {
  if (!logp.logLik) return undefined;
  const which = selectionBy(labels);
  return which.size ? relabel([logp], [labels], which, 'pending') : undefined;
}

function strip(n: ts.Node): ts.Node {
  let x = n;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
  return x;
}

/** Normalised text of an expression; a host copy of a parameter (`mu.dataSync()[0]`) reads as the parameter. */
function textOf(n: ts.Node): string {
  const x = strip(ts.isPropertyAssignment(n) ? n.initializer : n);
  return nodeText(x).replace(/\s/g, '').replace(/\.(dataSync|arraySync|bufferSync|item)\(\)(\[\d+\])*$/, '').replace(/[()]/g, '');
}

/**
 * `x - mu` inside a square, where x was drawn with `mu` as one of its distribution parameters
 * (same expression): the data term of a Gaussian log density with the sample as target.
 */
function densityTerm(x: Value, mu: Value, muNode: ts.Node): Value | undefined {
  if (!x.marks || isTainted(x) || !isTainted(mu)) return undefined;
  const t = textOf(muNode);
  const which = new Set([...sampleMarks(x, false)].filter((c) => c.params.some((p) => textOf(p) === t)));
  return which.size ? relabel([mu], [x], which, 'pending') : undefined;
}

/**
 * True when the difference at `node` is squared, possibly after scaling (`(x - mu) ** 2`,
 * `((x - mu) / s) ** 2`, `Math.pow(x - mu, 2)`, `x.sub(mu).square()`, `d * d`).
 */
function isSquared(node: ts.Node): boolean {
  let n = node;
  for (;;) {
    while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
    const p = n.parent;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.SlashToken && p.left === n) n = p;
    else if (ts.isPropertyAccessExpression(p) && p.name.text === 'div' && ts.isCallExpression(p.parent) && p.parent.expression === p) n = p.parent;
    else break;
  }
  const p = n.parent;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && p.left === n) return ts.isNumericLiteral(p.right) && p.right.text === '2';
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const other = p.left === n ? p.right : p.left;
    // `d * d`: same text on both sides. Long operands are never a squared difference (and comparing
    // them inside a long product would cost the product's length at every factor).
    if (other.end - other.pos > 400 || n.end - n.pos > 400) return false;
    return nodeText(other).replace(/[()\s]/g, '') === nodeText(n).replace(/[()\s]/g, '');
  }
  if (ts.isCallExpression(p) && p.arguments[0] === n && /(^|\.)(pow|square)$/.test(nodeText(p.expression))) return true;
  if (ts.isPropertyAccessExpression(p) && p.expression === n && (p.name.text === 'square' || p.name.text === 'pow')) return true;
  return false;
}

type Operand = [Value, ts.Node | undefined];

function sub([a, an]: Operand, [b, bn]: Operand, squared: boolean): Value | undefined {
  if (!squared || !an || !bn) return undefined;
  return densityTerm(a, b, bn) ?? densityTerm(b, a, an);
}

function mul([a, an]: Operand, [b, bn]: Operand): Value | undefined {
  return weighted(a, b, bn) ?? weighted(b, a, an) ?? selected(a, b) ?? selected(b, a);
}

/** The two operands of `x.op(y)` or `tf.op(x, y)`. */
function operands(call: CallInfo): [Operand, Operand] | undefined {
  const a = call.node.arguments;
  if (call.callee.ref) return call.args.length >= 2 ? [[call.args[0], a[0]], [call.args[1], a[1]]] : undefined;
  return call.receiver && call.args.length >= 1 ? [[call.receiver, call.receiverNode], [call.args[0], a[0]]] : undefined;
}

/** `logProb(x, mu)`, `dist.logPdf(x)`, `tf.losses.softmaxCrossEntropy(oneHot(a), logits)`. */
function logLikelihoodCall(call: CallInfo, isTfLoss: boolean, recv: Value | undefined): Value | undefined {
  const all = [recv, ...call.args].filter((v): v is Value => !!v);
  const labels = isTfLoss ? call.args.slice(0, 1) : all.filter((v) => v.marks && !isTainted(v));
  const params = isTfLoss ? call.args.slice(1) : all.filter((v) => !labels.includes(v));
  if (!params.some(isTainted) || labels.some(isTainted)) return undefined;
  const which = new Set(labels.flatMap((v) => [...sampleMarks(v, false)]));
  return which.size ? relabel(params, labels, which, 'pending') : undefined;
}

export const scoreFunction: Rule = {
  id: 'score-function',
  meta: {
    defaultSeverity: 'info',
    fixable: false,
    docs: { description: 'A sample used only as the reward-weighted target of a log-likelihood: the score-function (REINFORCE) estimator.', url: 'docs/rules/score-function.md' },
    messages: {
      score:
        'Score-function estimator: the {{sampler}} ({{family}}) sample is used only as the target of a reward-weighted log-likelihood of {{names}} (REINFORCE). This is intentional: the gradient flows through log p, not through the sample, so no pathwise derivative is needed.',
      scoreLater:
        'Score-function estimator: the {{sampler}} ({{family}}) sample is used only as the target of a log-likelihood of {{names}} whose gradients are returned to the caller, where rewards can weight them (REINFORCE). This is intentional: the gradient flows through log p, not through the sample; make sure the returned gradients are scaled by the rewards.',
    },
  },
  visitor: {
    CallExpression(call) {
      const name = call.name;
      if (!name) return undefined;
      const ref = call.callee.ref;
      const tfPath = ref?.lib.library === 'tfjs' ? stripAliases(ref.lib, ref.path) : undefined;
      const isTfLoss = !!tfPath && tfPath.length === 2 && tfPath[0] === 'losses' && TF_LOSSES.has(tfPath[1]);
      const recv = call.receiver && !call.receiver.ref && !call.receiver.fn ? call.receiver : undefined;
      if (isTfLoss || LOGLIK.test(name)) return logLikelihoodCall(call, isTfLoss, recv);
      const isMath = !!call.receiverNode && ts.isIdentifier(call.receiverNode) && call.receiverNode.text === 'Math';
      if (LOG_OPS.has(name) && (tfPath?.length === 1 || isMath || (recv && isTainted(recv)))) {
        const x = tfPath || isMath ? call.args[0] : recv;
        if (!x || !isTainted(x)) return undefined;
        const v = join(recv, ...call.args);
        // log(probs selected at the sampled index) is a log-likelihood with the sample as target.
        if (x.selected?.size && name === 'log') return relabel([], [v], x.selected, 'pending');
        return { ...v, logLik: true };
      }
      if (name === 'gather' || name === 'gatherND') {
        const ops = operands(call);
        if (!ops) return undefined;
        const [[params], [index]] = ops;
        if (params.logLik) return selected(params, index);
        const which = isTainted(params) ? selectionBy(index) : new Set<Candidate>();
        return which.size ? { ...join(params, index), selected: which } : undefined;
      }
      if (name === 'sub' || name === 'squaredDifference') {
        const ops = operands(call);
        return ops ? sub(ops[0], ops[1], name === 'squaredDifference' || isSquared(call.node)) : undefined;
      }
      if (name === 'mul') {
        const ops = operands(call);
        return ops ? mul(ops[0], ops[1]) : undefined;
      }
      return undefined;
    },
    BinaryExpression(node, left, right) {
      const k = node.operatorToken.kind;
      if (k === ts.SyntaxKind.MinusToken) return sub([left, node.left], [right, node.right], isSquared(node));
      if (k === ts.SyntaxKind.AsteriskToken) return mul([left, node.left], [right, node.right]);
      return undefined;
    },
    ConditionalExpression(_node, cond, yes, no) {
      // `a ? Math.log(p) : Math.log(1 - p)`: a Bernoulli outcome selects the log-probability.
      if (!yes.logLik || !no.logLik) return undefined;
      const which = selectionBy(cond);
      return which.size ? relabel([yes, no], [cond], which, 'pending') : undefined;
    },
  },
  message(c) {
    return formatMessage(scoreFunction.meta.messages[c.scoreLater ? 'scoreLater' : 'score'], messageData(c));
  },
};
