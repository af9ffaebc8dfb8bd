/**
 * What the instrumenter emits besides rewritten syntax: numbered sites (the original line and
 * column of each traced expression, in creation order, which is also node-id order) and calls of
 * the runtime object `__pw`.
 */
import ts from 'typescript';
import type { Site } from './sites';
import { strip } from './syntax';

/** The emitter of one file. */
export interface Emitter {
  /** Appends a site for an original node and returns its number. */
  site(node: ts.Node, extra?: Partial<Site>): number;
  /** `__pw.NAME(args)` (or `__pw.A.B(args)` for a dotted name), mapped to `range` in the source map. */
  pw(name: string, args: ts.Expression[], range?: ts.Node): ts.Expression;
  lit(n: number): ts.NumericLiteral;
  /** Labels the site of an initializer (or of the sampler call inside it) with the variable name. */
  label(init: ts.Expression | undefined, name: string): void;
}

/** Creates the emitter of `sf`; `fnStack` is the instrumenter's stack of enclosing function names. */
export function createEmitter(f: ts.NodeFactory, sf: ts.SourceFile, opts: { file: string; sites: Site[] }, fnStack: readonly string[]): Emitter {
  /** Site created for an original expression node (to label it with the variable it is assigned to). */
  const siteOfNode = new Map<ts.Node, number>();

  const site = (node: ts.Node, extra: Partial<Site> = {}): number => {
    const a = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const b = sf.getLineAndCharacterOfPosition(node.getEnd());
    const s: Site = { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1, file: opts.file, ...extra };
    if (fnStack.length) s.fn = fnStack[fnStack.length - 1];
    opts.sites.push(s);
    siteOfNode.set(node, opts.sites.length - 1);
    return opts.sites.length - 1;
  };
  const pw = (name: string, args: ts.Expression[], range?: ts.Node): ts.Expression => {
    const callee = name.includes('.')
      ? f.createPropertyAccessExpression(f.createPropertyAccessExpression(f.createIdentifier('__pw'), name.split('.')[0]), name.split('.')[1])
      : f.createPropertyAccessExpression(f.createIdentifier('__pw'), name);
    const call = f.createCallExpression(callee, undefined, args);
    return range ? ts.setTextRange(call, range) : call;
  };
  const lit = (n: number) => f.createNumericLiteral(n);
  const label = (init: ts.Expression | undefined, name: string) => {
    if (!init) return;
    // A factory draw `randomNormal(mu, s)()` / `jStat.normal(m, s).sample()` is labelled through its inner call.
    let e = strip(init);
    while (!siteOfNode.has(e) && (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e))) e = strip(e.expression);
    const s = siteOfNode.get(e);
    if (s !== undefined && opts.sites[s].label === undefined) opts.sites[s].label = name;
  };
  return { site, pw, lit, label };
}
