/**
 * `score-function` (info): the sample reaches the loss as the target of a log-likelihood whose
 * parameters are trainable — `logProb(action, logits)`, `tf.losses.softmaxCrossEntropy(oneHot(a),
 * logits)`, `a * Math.log(p)`, or a log density written out (`-(x - mu)**2 / (2*s*s)` with x
 * sampled from N(mu, s)). That is the REINFORCE estimator, which needs no path through the sample.
 * This visitor turns such marks into score marks; a candidate reaching the loss with a score mark is
 * reported here, at info, instead of as a warning.
 */
import ts from 'typescript';
import { stripAliases } from '../catalogue/index';
import { isTainted, join, toScores, type Candidate, type Value } from '../analysis/value';
import { formatMessage, messageData, type CallInfo, type Rule } from './types';

const LOGLIK = /^(log_?prob(ability)?|log_?pdf|log_?pmf|log_?lik(elihood)?|log_?density|logProbs|logLikelihoodOf)$/i;
const TF_LOSSES = new Set(['softmaxCrossEntropy', 'sigmoidCrossEntropy', 'logLoss']);
const LOG_OPS = new Set(['log', 'logSoftmax', 'logSigmoid', 'log1p']);

/** `x - mu` where x was sampled with parameters that `mu` depends on: a log-density term. */
function densityTerm(a: Value, b: Value): Value | undefined {
  if (!a.marks || !b.taint) return undefined;
  const hit = (c: Candidate) => c.ruleId !== 'host-round-trip' && [...c.origins].some((o) => b.taint!.has(o));
  return [...a.marks].some(hit) ? toScores(join(a, b), hit) : undefined;
}

/** `sample * log p(…)`: the sample weights a log-probability of trainable parameters. */
function weightedLogProb(a: Value, b: Value): Value | undefined {
  if (!a.logLik || !b.marks) return undefined;
  const moved = new Set(b.marks);
  return toScores(join(a, b), (c) => moved.has(c) && c.ruleId !== 'host-round-trip');
}

/**
 * True when the difference at `node` is squared (`(x - mu) ** 2`, `Math.pow(x - mu, 2)`,
 * `x.sub(mu).square()`, `d * d`): the shape of a Gaussian log density. A bare `x - mu` is not enough.
 */
function isSquared(node: ts.Node): boolean {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && p.left === n) return p.right.getText() === '2';
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const other = p.left === n ? p.right : p.left;
    return other.getText().replace(/[()\s]/g, '') === n.getText().replace(/[()\s]/g, '');
  }
  if (ts.isCallExpression(p) && p.arguments[0] === n && /(^|\.)(pow|square)$/.test(p.expression.getText())) return true;
  if (ts.isPropertyAccessExpression(p) && p.expression === n && (p.name.text === 'square' || p.name.text === 'pow')) return true;
  return false;
}

function pair(op: 'sub' | 'mul', a: Value, b: Value, at: ts.Node, squared = isSquared(at)): Value | undefined {
  if (op === 'sub') return squared ? (densityTerm(a, b) ?? densityTerm(b, a)) : undefined;
  return weightedLogProb(a, b) ?? weightedLogProb(b, a);
}

function operands(call: CallInfo): [Value, Value] | undefined {
  if (call.callee.ref) return call.args.length >= 2 ? [call.args[0], call.args[1]] : undefined;
  return call.receiver && call.args.length >= 1 ? [call.receiver, call.args[0]] : undefined;
}

export const scoreFunction: Rule = {
  id: 'score-function',
  meta: {
    defaultSeverity: 'info',
    fixable: false,
    docs: { description: 'A sample used only as the target of a log-likelihood: the score-function (REINFORCE) estimator.', url: 'docs/rules/score-function.md' },
    messages: {
      score:
        'Score-function estimator: the {{sampler}} ({{family}}) sample is used as the target of a log-likelihood of {{names}} (REINFORCE). This is intentional: the gradient flows through log p, not through the sample, so no pathwise derivative is needed.',
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
      const all = [recv, ...call.args];
      if (isTfLoss || LOGLIK.test(name)) {
        if (!all.some((v) => isTainted(v))) return undefined;
        const labels = isTfLoss ? [call.args[0]] : call.args.filter((v) => v.marks && !isTainted(v));
        const moved = new Set(labels.flatMap((v) => [...(v?.marks ?? [])]));
        if (moved.size === 0) return undefined;
        return toScores(join(...all), (c) => moved.has(c) && c.ruleId !== 'host-round-trip');
      }
      if (LOG_OPS.has(name) && (tfPath?.length === 1 || (recv && isTainted(recv)) || (call.receiverNode && ts.isIdentifier(call.receiverNode) && call.receiverNode.text === 'Math'))) {
        const v = join(...all);
        return isTainted(v) ? { ...v, logLik: true } : undefined;
      }
      if (name === 'gather' || name === 'gatherND') {
        // logProbs.gather(action): the sampled index selects a log-probability of trainable parameters.
        const ops = operands(call);
        return ops && ops[0].logLik && ops[1].marks ? weightedLogProb(ops[0], ops[1]) : undefined;
      }
      if (name === 'sub' || name === 'squaredDifference' || name === 'mul') {
        const ops = operands(call);
        return ops ? pair(name === 'mul' ? 'mul' : 'sub', ops[0], ops[1], call.node, name === 'squaredDifference' || isSquared(call.node)) : undefined;
      }
      return undefined;
    },
    BinaryExpression(node, left, right) {
      const k = node.operatorToken.kind;
      if (k === ts.SyntaxKind.MinusToken) return pair('sub', left, right, node);
      if (k === ts.SyntaxKind.AsteriskToken) return pair('mul', left, right, node, false);
      return undefined;
    },
  },
  message(c) {
    return formatMessage(scoreFunction.meta.messages.score, messageData(c));
  },
};
