/**
 * Detects how the file spells tensor ops, so a rewrite matches it: `tf.add(a, b)` (function style)
 * or `a.add(b)` (method chaining), and which namespace identifier reaches tfjs.
 */
import ts from 'typescript';
import type { TensorStyle } from './expr';
import type { SamplerCall } from './sampler-call';
import { skipOuter } from './locate';

const OPS = new Set(['add', 'sub', 'mul', 'div', 'exp', 'log', 'sqrt', 'square', 'neg', 'pow', 'matMul', 'sum', 'mean', 'relu', 'sigmoid', 'tanh', 'abs', 'maximum', 'minimum']);
const TF_MODULE = /^@tensorflow\/tfjs(-core|-node|-node-gpu)?$/;

/** The tfjs namespace the sampler was called through (`tf` of `tf.randomNormal`), or a namespace import. */
export function tfNamespace(sc: SamplerCall, sf: ts.SourceFile): string | null {
  const callee = skipOuter(sc.call.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.expression.getText(sf);
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && TF_MODULE.test(st.moduleSpecifier.text)) {
      const nb = st.importClause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) return nb.name.text;
      if (st.importClause?.name) return st.importClause.name.text;
    }
  }
  return null;
}

const COUNTS = new WeakMap<ts.SourceFile, Map<string | null, TensorStyle>>();

/** Counts `ns.op(…)` against `x.op(…)` calls in the file; ties go to function style when a namespace exists. */
export function tensorStyle(sc: SamplerCall, sf: ts.SourceFile): TensorStyle {
  const ns = tfNamespace(sc, sf);
  let perFile = COUNTS.get(sf);
  if (!perFile) COUNTS.set(sf, (perFile = new Map()));
  const cached = perFile.get(ns);
  if (cached) return cached;
  let fnCalls = 0;
  let methodCalls = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && OPS.has(n.expression.name.text)) {
      const recv = n.expression.expression;
      if (ns !== null && recv.getText(sf) === ns) fnCalls++;
      else if (!(ts.isIdentifier(recv) && recv.text === 'Math')) methodCalls++;
    }
    n.forEachChild(visit);
  };
  visit(sf);
  const style: TensorStyle = { style: ns !== null && fnCalls >= methodCalls ? 'function' : 'method', ns };
  perFile.set(ns, style);
  return style;
}
