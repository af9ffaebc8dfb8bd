/**
 * Gumbel-softmax (Jang et al. 2017; Maddison et al. 2017) for `tf.multinomial(logits, 1)`: a soft
 * one-hot sample softmax((logits + g) / temperature) with Gumbel noise g = -log(-log u), and a
 * straight-through variant (hard one-hot forward, the soft sample's gradient backward, through
 * `tf.customGrad`). Both change the estimator and are never preferred.
 */
import ts from 'typescript';
import type { Fix } from '../types';
import { freshName, namesInFile, placementFor, skipOuter } from './locate';
import { declareAndReplace } from './place';
import { RELAX_TEMPERATURE } from './relax-constants';
import type { SamplerCall } from './sampler-call';
import { tfNamespace } from './tensor-style';

/** Index reshaping between `multinomial` and `oneHot` that the soft one-hot makes unnecessary. */
const INDEX_RESHAPES = new Set(['squeeze', 'reshape', 'flatten', 'as1D', 'toInt', 'asType', 'cast']);

/** `logits`, `this.logits`, `model.out.logits`: evaluated twice safely (no calls). */
function isSimple(e: ts.Expression): boolean {
  const n = skipOuter(e);
  return ts.isIdentifier(n) || n.kind === ts.SyntaxKind.ThisKeyword || (ts.isPropertyAccessExpression(n) && isSimple(n.expression));
}

/** `tf.oneHot(<site>.squeeze(), K)` around the multinomial: the whole one-hot is what gets relaxed. */
function enclosingOneHot(site: ts.Node, ns: string, sf: ts.SourceFile): ts.CallExpression | undefined {
  let n: ts.Node = site;
  while (ts.isPropertyAccessExpression(n.parent) && INDEX_RESHAPES.has(n.parent.name.text) && ts.isCallExpression(n.parent.parent)) n = n.parent.parent;
  const p = n.parent;
  if (ts.isCallExpression(p) && p.arguments[0] === n && p.expression.getText(sf) === `${ns}.oneHot`) return p;
  return undefined;
}

export function gumbelSoftmaxFixes(sf: ts.SourceFile, sc: SamplerCall): Fix[] {
  if (sc.entry.library !== 'tfjs' || sc.entry.entry !== 'multinomial') return [];
  const [logitsArg, countArg, , normalizedArg] = sc.call.arguments;
  if (!logitsArg || !countArg || !isSimple(logitsArg) || skipOuter(countArg).getText(sf) !== '1') return [];
  const ns = tfNamespace(sc, sf);
  if (!ns) return [];
  const target = enclosingOneHot(sc.site, ns, sf) ?? sc.site;
  const placement = placementFor(target, sf);
  if (placement.kind === 'inline') return [];
  const taken = namesInFile(sf);
  const u = freshName('u', taken);
  const tau = freshName('temperature', taken);
  const logitsText = skipOuter(logitsArg).getText(sf);
  const normalized = normalizedArg !== undefined && normalizedArg.kind === ts.SyntaxKind.TrueKeyword;
  const logits = normalized ? `${ns}.log(${logitsText})` : logitsText;
  const soft = `${ns}.softmax(${ns}.div(${ns}.sub(${logits}, ${ns}.log(${ns}.neg(${ns}.log(${u})))), ${tau}))`;
  const decls = [
    `const ${u} = ${ns}.randomUniform(${logitsText}.shape);`,
    `const ${tau} = ${RELAX_TEMPERATURE}; // relaxation temperature: lower is closer to one-hot, higher gives lower-variance gradients`,
  ];
  const shapeNote = target === sc.site ? '; gives one-hot vectors instead of indices' : '';
  const fixes: Fix[] = [
    {
      title: `Relax ${ns}.multinomial with Gumbel-softmax (temperature ${RELAX_TEMPERATURE}; changes the estimator: biased${shapeNote})`,
      preferred: false,
      safety: 'changes-estimator',
      edits: declareAndReplace(sf, target, placement, decls, soft),
    },
  ];
  // Straight-through: forward the hard one-hot of the soft sample, backward its gradient unchanged.
  const st = freshName('straightThrough', taken);
  const isJs = /\.[cm]?jsx?$/.test(sf.fileName);
  const s = isJs ? 's' : `s as ${ns}.Tensor`;
  const depth = `${logitsText}.shape[${logitsText}.shape.length - 1]`;
  const stDecl = `const ${st} = ${ns}.customGrad((s) => ({ value: ${ns}.cast(${ns}.oneHot(${ns}.argMax(${s}, -1), ${depth}), 'float32'), gradFunc: (dy) => dy }));`;
  fixes.push({
    title: `Straight-through Gumbel-softmax for ${ns}.multinomial (hard one-hot forward, relaxed gradient; changes the estimator: biased${shapeNote})`,
    preferred: false,
    safety: 'changes-estimator',
    edits: declareAndReplace(sf, target, placement, [...decls, stDecl], `${st}(${soft})`),
  });
  return fixes;
}
