/**
 * `discrete-step`: a piecewise-constant function of a trainable value reaching the loss —
 * `Math.random() < p` (a Bernoulli draw by threshold), `Math.floor/round/ceil/sign/trunc`, the tfjs
 * ops whose registered gradient is identically zero (`argMax/argMin/round/floor/ceil/sign/step`,
 * from the data table `catalogue/tfjs-gradients.ts`, tested against TF.js itself), and discrete
 * catalogue samplers (`tf.multinomial`, `randomBernoulli`; those are created by the sampler
 * visitor). Casts are not steps: TF.js's Cast gradient passes `dy` straight through. A step that
 * reaches the loss only as the target of a `tf.losses` comparison (`catalogue/tfjs-losses.ts`) is a
 * bootstrapped target, the constant of the loss by design (double DQN's `argMax`), and is let go.
 */
import ts from 'typescript';
import { nodeText } from '../analysis/scope';
import { stripAliases } from '../catalogue/index';
import { ZERO_GRADIENT_OPS } from '../catalogue/tfjs-gradients';
import { lossTargetIndex } from '../catalogue/tfjs-losses';
import { isTainted, join, passedMarks, withoutMarks, type Candidate, type Value } from '../analysis/value';
import { formatMessage, messageData, type CallInfo, type Rule, type RuleApi } from './types';

const MATH = new Set(['floor', 'round', 'ceil', 'sign', 'trunc']);
const COMPARE = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
]);

function stepped(api: RuleApi, at: ts.Node, op: string, src: Value, srcNode: ts.Node, family: 'bernoulli' | null = null): Value {
  const c = api.candidate('discrete-step', at, { sampler: op, family, from: [srcNode], values: [src] });
  const marks = passedMarks(src);
  if (c) marks.add(c);
  const out: Value = {};
  if (marks.size) out.marks = marks;
  if (src.scores) out.scores = src.scores;
  return out;
}

/**
 * `tf.losses.<comparison>(target, prediction, …)` whose target carries deterministic steps: the loss
 * value without those steps' marks (a sampled target is the score-function rule's business).
 */
function targetSteps(call: CallInfo, target: number): Value | undefined {
  const t = call.args[target];
  const steps = new Set<Candidate>([...(t?.marks ?? [])].filter((c) => c.ruleId === 'discrete-step' && c.family === null));
  if (!t || steps.size === 0) return undefined;
  return join(...call.args.map((v, i) => (i === target ? withoutMarks(v, steps) : v)));
}

export const discreteStep: Rule = {
  id: 'discrete-step',
  meta: {
    defaultSeverity: 'warning',
    fixable: true,
    docs: { description: 'A discrete or threshold step on a trainable value has zero gradient almost everywhere.', url: 'docs/rules/discrete-step.md' },
    messages: {
      sampler:
        'Discrete sampler {{sampler}} ({{family}}) draws from parameters that depend on trainable {{names}}: a discrete sample has no pathwise derivative, so ∂loss/∂{{first}} through it is 0.',
      threshold:
        'Threshold step {{text}} (bernoulli) on trainable {{names}}: the comparison is piecewise constant in {{first}}, so autodiff sees no path and ∂loss/∂{{first}} through it is 0.',
      step: 'Discrete step {{sampler}} on trainable {{names}}: its output is piecewise constant, so ∂loss/∂{{first}} through it is 0 almost everywhere.',
    },
  },
  visitor: {
    CallExpression(call: CallInfo, api: RuleApi) {
      const name = call.name;
      if (!name) return undefined;
      const recvNode = call.receiverNode;
      if (recvNode && ts.isIdentifier(recvNode) && recvNode.text === 'Math' && MATH.has(name) && api.isGlobal('Math', recvNode)) {
        const a = call.node.arguments[0];
        return a && isTainted(call.args[0]) ? stepped(api, call.node, `Math.${name}`, join(...call.args), a) : undefined;
      }
      const ref = call.callee.ref;
      if (ref?.lib.library === 'tfjs') {
        const path = stripAliases(ref.lib, ref.path);
        const target = path.length === 2 && path[0] === 'losses' ? lossTargetIndex(path[1]) : undefined;
        if (target !== undefined) return targetSteps(call, target);
      }
      if (!ZERO_GRADIENT_OPS.has(name)) return undefined;
      if (ref?.lib.library === 'tfjs') {
        const path = stripAliases(ref.lib, ref.path);
        const a = call.node.arguments[0];
        if (path.length !== 1 || !a || !isTainted(call.args[0])) return undefined;
        return stepped(api, call.node, `tf.${name}`, join(...call.args), a);
      }
      if (recvNode && call.receiver && !call.receiver.ref && isTainted(call.receiver)) {
        return stepped(api, call.node, name, join(call.receiver, ...call.args), recvNode);
      }
      return undefined;
    },
    BinaryExpression(node, left, right, api) {
      if (!COMPARE.has(node.operatorToken.kind)) return undefined;
      const [noise, other, otherNode, noiseNode] = left.noise ? [left, right, node.right, node.left] : [right, left, node.left, node.right];
      if (!noise.noise || !isTainted(other)) return undefined;
      const op = /Math\.random\s*\(/.test(nodeText(noiseNode)) ? 'Math.random' : nodeText(noiseNode).replace(/\s+/g, ' ');
      return stepped(api, node, op, join(other, noise), otherNode, 'bernoulli');
    },
  },
  message(c) {
    const id = c.entry ? 'sampler' : c.family === 'bernoulli' ? 'threshold' : 'step';
    return formatMessage(discreteStep.meta.messages[id], messageData(c));
  },
};
