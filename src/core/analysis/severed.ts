/**
 * Names the severed values at a site in source spelling: the identifiers (and `this.x` reads)
 * inside the cut expressions whose evaluated value is trainable, plus the values that crossed a
 * host round trip on their way there (`zMean` in `zMean.dataSync()[0]`).
 */
import ts from 'typescript';
import type { Engine } from './engine';
import { findDeclaration } from './scope';
import { isTainted, type Value } from './value';

export function severedNames(e: Engine, from: ts.Node[], values: Value[]): { names: Map<string, ts.Node>; roundTrips: string[] } {
  const names = new Map<string, ts.Node>();
  const roundTrips: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    const v = e.seen.get(n);
    if (v && isTainted(v) && (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n))) {
      const text = n.getText();
      if (!names.has(text)) names.set(text, ts.isIdentifier(n) ? (findDeclaration(n.text, n) ?? n) : n);
      return;
    }
    n.forEachChild(visit);
  };
  from.forEach(visit);
  for (const v of values) {
    for (const c of v.marks ?? []) {
      if (c.ruleId !== 'host-round-trip') continue;
      c.severed.forEach((d, n) => names.has(n) || names.set(n, d));
      const t = c.node.getText().replace(/\s+/g, ' ');
      if (!roundTrips.includes(t)) roundTrips.push(t);
    }
  }
  return { names, roundTrips };
}
