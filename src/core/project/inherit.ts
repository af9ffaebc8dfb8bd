/**
 * Class summaries that reach into other modules: the methods a class inherits from a base class
 * imported from another module, and the methods of an exported instance (`export const sampler =
 * new Gaussian(0.1)`) whose arguments at the `new` site are known. Both rewrite the `bound`
 * indices of method summaries (constructor parameters, see {@link SamplerUse.bound}): inherited
 * ones onto the subclass's own constructor parameters, an instance's away once its arguments are
 * known to carry no trainable.
 */
import ts from 'typescript';
import { originsOf } from '../analysis/candidates';
import type { Engine } from '../analysis/engine';
import { evalExpr } from '../analysis/expressions';
import { extendsExpression } from '../analysis/scope';
import type { Origin } from '../analysis/value';
import type { ClassSummary, FunctionSummary, SamplerUse } from './types';

/**
 * Maps a base constructor's parameter index to the indices of the subclass constructor's
 * parameters whose values reach it (`[]`: a constant or nothing; `null`: not known).
 */
type ArgMap = (i: number) => number[] | null;

/** The class an `extends` clause names, when the expression evaluates to a class of another module. */
export function externalBase(e: Engine, chain: ts.ClassLikeDeclaration[]): ClassSummary | undefined {
  const last = chain[chain.length - 1];
  const base = extendsExpression(last);
  if (!base) return undefined;
  try {
    // The import (or `lib.Base` of a namespace import) evaluates to the other module's class summary;
    // reading it records the dependency, so an edit of the base's module re-summarises this one.
    return e.outside(() => evalExpr(e, base, null)).externalClass;
  } catch {
    return undefined;
  }
}

/**
 * The statics and instance methods `chain` (nearest first, all of this file) inherits from `base`,
 * an imported class, with their bound indices moved onto the constructor that runs here. `ctor` is
 * the nearest declared constructor of the chain; `bound` maps its parameters' sources to indices
 * (they are seeded as the static values of those parameters while this runs).
 */
export function inheritedMembers(
  e: Engine,
  base: ClassSummary,
  chain: ts.ClassLikeDeclaration[],
  ctor: ts.ConstructorDeclaration | undefined,
  bound: Map<Origin, number>,
): Pick<ClassSummary, 'statics' | 'methods'> {
  const map = ctor ? superArgs(e, chain, ctor, bound) : undefined;
  const methods: Record<string, FunctionSummary> = {};
  for (const [k, m] of Object.entries(base.methods)) {
    // Without a constructor of its own the subclass's arguments go to the base's unchanged.
    const r = map ? rebind(m, map) : m;
    if (r) methods[k] = r;
  }
  return { statics: { ...base.statics }, methods };
}

/** How the `super(…)` call of `ctor` hands the subclass's parameters to the imported base. */
function superArgs(e: Engine, chain: ts.ClassLikeDeclaration[], ctor: ts.ConstructorDeclaration, bound: Map<Origin, number>): ArgMap {
  const unknown: ArgMap = () => null;
  const owner = chain.indexOf(ctor.parent);
  // A local class between this constructor and the imported base declares its own: its parameters
  // are not this one's, and following two hops of super calls is not worth the risk of wrong indices.
  if (owner < 0 || chain.slice(owner + 1).some((c) => c.members.some((m) => ts.isConstructorDeclaration(m) && !!m.body))) return unknown;
  const call = ctor.body?.statements
    .map((s) => (ts.isExpressionStatement(s) ? s.expression : undefined))
    .find((x): x is ts.CallExpression => !!x && ts.isCallExpression(x) && x.expression.kind === ts.SyntaxKind.SuperKeyword);
  if (!call) return unknown;
  const args = call.arguments.map((a): number[] | null => {
    if (ts.isSpreadElement(a)) return null;
    try {
      // Constructor parameters are seeded as bound sources: `super(mean.mul(2))` reaches index of `mean`.
      const out: number[] = [];
      for (const o of originsOf(e.outside(() => evalExpr(e, a, null)))) {
        const i = bound.get(o);
        if (i === undefined) return null; // a trainable of this module handed to the base: not followed
        out.push(i);
      }
      return out;
    } catch {
      return null;
    }
  });
  return (i) => (i < args.length ? args[i] : []);
}

/** `m` with its bound indices mapped through `map`; undefined when one is not known. */
function rebind(m: FunctionSummary, map: ArgMap): FunctionSummary | undefined {
  const move = (xs: number[] | undefined): number[] | undefined | null => {
    if (!xs) return undefined;
    const out = new Set<number>();
    for (const x of xs) {
      const to = map(x);
      if (!to) return null;
      to.forEach((t) => out.add(t));
    }
    return [...out].sort((a, b) => a - b);
  };
  const boundToResult = move(m.boundToResult);
  if (boundToResult === null) return undefined;
  const samplers: SamplerUse[] = [];
  for (const u of m.samplers) {
    const b = move(u.bound);
    if (b === null) return undefined;
    const { bound: _old, ...rest } = u;
    samplers.push(b?.length ? { ...rest, bound: b } : rest);
  }
  const { boundToResult: _b, ...rest } = m;
  return { ...rest, ...(boundToResult?.length ? { boundToResult } : {}), samplers };
}

/**
 * The methods of an exported instance as its importers can call them. Its constructor arguments
 * are fixed at the `new` site: when none of them carries a trainable, what a method reads from
 * them cannot sever a gradient, so the bound sources are dropped and the rest of the method (its
 * own parameters, the module's trainables) is exposed. Otherwise only methods that do not use
 * them are: which trainable reaches which call would be this module's claim, not the caller's.
 */
export function instanceMembers(e: Engine, methods: Record<string, FunctionSummary>, args: readonly ts.Expression[]): Record<string, FunctionSummary> {
  const harmless = args.every((a) => {
    if (ts.isSpreadElement(a)) return false;
    try {
      return originsOf(e.outside(() => evalExpr(e, a, null))).size === 0;
    } catch {
      return false;
    }
  });
  const out: Record<string, FunctionSummary> = {};
  for (const [k, m] of Object.entries(methods)) {
    if (harmless) out[k] = unbind(m);
    else if (!m.boundToResult && m.samplers.every((u) => !u.bound)) out[k] = m;
  }
  return out;
}

/** `m` without bound sources: sites only they reached disappear. */
function unbind(m: FunctionSummary): FunctionSummary {
  const samplers = m.samplers
    .map(({ bound: _b, ...u }) => u)
    .filter((u) => u.params.length > 0 || u.trainables.length > 0);
  const { boundToResult: _r, ...rest } = m;
  return { ...rest, samplers };
}
