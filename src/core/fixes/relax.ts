/**
 * Continuous relaxations for discrete samples, offered but never preferred (they change the
 * estimator: biased, temperature-dependent): the relaxed Bernoulli (binary Concrete) for
 * `Math.random() < p` used as a number and for Bernoulli samplers, and Gumbel-softmax for
 * `tf.multinomial` (see gumbel-softmax.ts).
 */
import ts from 'typescript';
import type { Finding, Fix } from '../types';
import { add, div, fn, neg, printPlain, raw, sub, type Expr, mul } from './expr';
import { freshName, namesInFile, nodeAt, placementFor, precOf, skipOuter } from './locate';
import { declareAndReplace } from './place';
import { requiredPrec } from './rewrite';
import type { SamplerCall } from './sampler-call';
import { siblingNoise, type NoiseDraw } from './noise';
import { gumbelSoftmaxFixes } from './gumbel-softmax';
import { RELAX_TEMPERATURE } from './relax-constants';

export { RELAX_TEMPERATURE };

/** Relaxation fixes for a discrete-step finding or a discrete sampler; empty when none applies. */
export function relaxationFixes(sf: ts.SourceFile, finding: Finding, sc: SamplerCall | undefined): Fix[] {
  if (sc?.entry.family === 'categorical') return gumbelSoftmaxFixes(sf, sc);
  if (sc?.entry.family === 'bernoulli' && sc.args[0]) {
    const noise = siblingNoise(sc, 'uniform', sf, namesInFile(sf));
    if (!noise) return [];
    const one = raw('1');
    return relaxedBernoulli(sf, { use: sc.site, p: sc.args[0], onTrue: one, onFalse: raw('0') }, noise);
  }
  if (finding.ruleId !== 'discrete-step') return [];
  const cmp = bernoulliComparison(sf, finding);
  return cmp ? relaxedBernoulli(sf, cmp, { text: 'Math.random()', edits: [] }) : [];
}

interface BernoulliComparison {
  /** The node replaced: the comparison's numeric use (`c ? 1 : 0`, `Number(c)`, `+c`). */
  use: ts.Expression;
  p: ts.Expression;
  /** Value when the event happens and when it does not. */
  onTrue: Expr;
  onFalse: Expr;
}

const isMathRandom = (e: ts.Expression): boolean => {
  const n = skipOuter(e);
  return ts.isCallExpression(n) && n.arguments.length === 0 && n.expression.getText() === 'Math.random';
};

/** `Math.random() < p` (or `p > Math.random()`) that is used as a number. */
function bernoulliComparison(sf: ts.SourceFile, finding: Finding): BernoulliComparison | undefined {
  for (let n = nodeAt(sf, finding.start, finding.end); n; n = n.parent) {
    if (!ts.isBinaryExpression(n)) continue;
    const op = n.operatorToken.kind;
    let p: ts.Expression | undefined;
    if ((op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken) && isMathRandom(n.left)) p = n.right;
    if ((op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken) && isMathRandom(n.right)) p = n.left;
    if (!p) continue;
    let use: ts.Node = n;
    while (ts.isParenthesizedExpression(use.parent)) use = use.parent;
    const parent = use.parent;
    const txt = (e: ts.Expression): Expr => raw(e.getText(sf), precOf(e));
    if (ts.isConditionalExpression(parent) && parent.condition === use) {
      return { use: parent, p, onTrue: txt(parent.whenTrue), onFalse: txt(parent.whenFalse) };
    }
    if (ts.isCallExpression(parent) && parent.expression.getText(sf) === 'Number' && parent.arguments.length === 1) {
      return { use: parent, p, onTrue: raw('1'), onFalse: raw('0') };
    }
    if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.PlusToken) {
      return { use: parent, p, onTrue: raw('1'), onFalse: raw('0') };
    }
    return undefined;
  }
  return undefined;
}

function relaxedBernoulli(sf: ts.SourceFile, c: BernoulliComparison, noise: NoiseDraw): Fix[] {
  const placement = placementFor(c.use, sf);
  if (placement.kind === 'inline') return [];
  const taken = namesInFile(sf);
  const u = freshName('u', taken);
  const tau = freshName('temperature', taken);
  const p = raw(c.p.getText(sf), precOf(c.p));
  const U = raw(u);
  // Binary Concrete: sigmoid((logit p + logit u) / tau), logit x = log x - log1p(-x).
  const logit = (x: Expr): Expr => sub(fn('log', x), fn('log1p', neg(x)));
  const soft = fn('sigmoid', div(add(logit(p), logit(U)), raw(tau)));
  const isOneZero = c.onTrue.k === 'raw' && c.onTrue.text === '1' && c.onFalse.k === 'raw' && c.onFalse.text === '0';
  const value = isOneZero ? soft : add(c.onFalse, mul(sub(c.onTrue, c.onFalse), soft));
  const printed = printPlain(value);
  const text = printed.prec < requiredPrec(c.use) ? `(${printed.text})` : printed.text;
  const decls = [`const ${u} = ${noise.text};`, `const ${tau} = ${RELAX_TEMPERATURE}; // relaxation temperature: lower is closer to 0/1, higher gives lower-variance gradients`];
  return [
    {
      title: `Relax the Bernoulli draw (binary Concrete, temperature ${RELAX_TEMPERATURE}; changes the estimator: biased, values in (0, 1))`,
      preferred: false,
      safety: 'changes-estimator',
      edits: [...noise.edits, ...declareAndReplace(sf, c.use, placement, decls, text)],
    },
  ];
}
