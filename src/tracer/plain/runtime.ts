/**
 * The `__pw` object instrumented code calls. Installed on `globalThis` in the tracer child before
 * the user's bundle runs; the names here are the instrumenter's vocabulary.
 */
import { add, div, first, ge, gt, inc, le, lt, mod, mul, neg, numberChecks, old, pos, pow, prim, random, seq, sub, truthy, typeOf } from './ops';
import { extreme, hypot, mathOps } from './math';
import { callm, ext, extm } from './samplers';
import { enter, exit, fail, leave, param } from './context';
import { addP, box, bx, divP, incP, mathPairOps, mulP, negP, subP, u } from './pair-ops';
import { R } from './state';

/** Top-level functions of the traced file by name (registered at the end of its module). */
export const topLevel = new Map<string, unknown>();

/** The runtime API used by instrumented code. */
export const runtime = {
  add,
  sub,
  mul,
  div,
  mod,
  pow,
  neg,
  inc,
  old,
  first,
  pos,
  seq,
  lt,
  gt,
  le,
  ge,
  prim,
  truthy,
  typeOf,
  random,
  M: mathOps,
  N: numberChecks,
  extreme: (isMax: boolean, s: number, args: unknown[]) => extreme(isMax, s, args),
  hypot: (s: number, args: unknown[]) => hypot(s, args),
  ext,
  extm,
  callm,
  enter,
  param,
  exit,
  fail,
  leave,
  // The pair protocol of unboxed locals (pair-ops.ts); `R` is its register.
  R,
  addP,
  subP,
  mulP,
  divP,
  negP,
  incP,
  MP: mathPairOps,
  u,
  box,
  bx,
  top: (name: string, fn: unknown) => {
    topLevel.set(name, fn);
  },
};

/** Makes `__pw` visible to instrumented code. */
export function installRuntime(): void {
  (globalThis as Record<string, unknown>).__pw = runtime;
}
