/**
 * `Math.*` for traced values: one data row per function with its local derivative. Discrete steps
 * (floor, ceil, round, trunc, sign) record a `zero` edge: the value depends on the input but the
 * derivative is zero almost everywhere.
 */
import { isActive, live, node1, node2, num, opCode, track, Val } from './state';
import { E_GRAD, E_ZERO } from './tape';
import { pow } from './ops';

/**
 * Records the result `y` of a unary function of the traced value `a` with local derivative `d`.
 * One specialised function per Math function below (not a shared closure): each keeps its own
 * type feedback, so V8 inlines the plain-number path into the user's loop.
 */
function rec(code: number, s: number, a: Val, y: number, d: number, ek: number): unknown {
  return a.g === live ? node1(code, s, y, a.i, d, ek) : y;
}

const C = Object.fromEntries(
  'exp expm1 log log1p log2 log10 sqrt cbrt sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh abs fround floor ceil round trunc sign'
    .split(' ')
    .map((k) => [k, opCode(k)]),
) as Record<string, number>;

type U = (a: unknown, s: number) => unknown;
const G = E_GRAD, Z = E_ZERO;
// Each: plain number → the Math function itself; traced value → value and derivative (ECMAScript
// ToNumber for anything else, as the Math function would do).
const UNARY: Record<string, U> = {
  exp: (a, s) => (typeof a === 'number' ? Math.exp(a) : a instanceof Val ? ((y) => rec(C.exp, s, a, y, y, G))(Math.exp(a.v)) : Math.exp(num(a))),
  expm1: (a, s) => (typeof a === 'number' ? Math.expm1(a) : a instanceof Val ? ((y) => rec(C.expm1, s, a, y, y + 1, G))(Math.expm1(a.v)) : Math.expm1(num(a))),
  log: (a, s) => (typeof a === 'number' ? Math.log(a) : a instanceof Val ? rec(C.log, s, a, Math.log(a.v), 1 / a.v, G) : Math.log(num(a))),
  log1p: (a, s) => (typeof a === 'number' ? Math.log1p(a) : a instanceof Val ? rec(C.log1p, s, a, Math.log1p(a.v), 1 / (1 + a.v), G) : Math.log1p(num(a))),
  log2: (a, s) => (typeof a === 'number' ? Math.log2(a) : a instanceof Val ? rec(C.log2, s, a, Math.log2(a.v), 1 / (a.v * Math.LN2), G) : Math.log2(num(a))),
  log10: (a, s) => (typeof a === 'number' ? Math.log10(a) : a instanceof Val ? rec(C.log10, s, a, Math.log10(a.v), 1 / (a.v * Math.LN10), G) : Math.log10(num(a))),
  sqrt: (a, s) => (typeof a === 'number' ? Math.sqrt(a) : a instanceof Val ? ((y) => rec(C.sqrt, s, a, y, 0.5 / y, G))(Math.sqrt(a.v)) : Math.sqrt(num(a))),
  cbrt: (a, s) => (typeof a === 'number' ? Math.cbrt(a) : a instanceof Val ? ((y) => rec(C.cbrt, s, a, y, 1 / (3 * y * y), G))(Math.cbrt(a.v)) : Math.cbrt(num(a))),
  sin: (a, s) => (typeof a === 'number' ? Math.sin(a) : a instanceof Val ? rec(C.sin, s, a, Math.sin(a.v), Math.cos(a.v), G) : Math.sin(num(a))),
  cos: (a, s) => (typeof a === 'number' ? Math.cos(a) : a instanceof Val ? rec(C.cos, s, a, Math.cos(a.v), -Math.sin(a.v), G) : Math.cos(num(a))),
  tan: (a, s) => (typeof a === 'number' ? Math.tan(a) : a instanceof Val ? ((y) => rec(C.tan, s, a, y, 1 + y * y, G))(Math.tan(a.v)) : Math.tan(num(a))),
  asin: (a, s) => (typeof a === 'number' ? Math.asin(a) : a instanceof Val ? rec(C.asin, s, a, Math.asin(a.v), 1 / Math.sqrt(1 - a.v * a.v), G) : Math.asin(num(a))),
  acos: (a, s) => (typeof a === 'number' ? Math.acos(a) : a instanceof Val ? rec(C.acos, s, a, Math.acos(a.v), -1 / Math.sqrt(1 - a.v * a.v), G) : Math.acos(num(a))),
  atan: (a, s) => (typeof a === 'number' ? Math.atan(a) : a instanceof Val ? rec(C.atan, s, a, Math.atan(a.v), 1 / (1 + a.v * a.v), G) : Math.atan(num(a))),
  sinh: (a, s) => (typeof a === 'number' ? Math.sinh(a) : a instanceof Val ? rec(C.sinh, s, a, Math.sinh(a.v), Math.cosh(a.v), G) : Math.sinh(num(a))),
  cosh: (a, s) => (typeof a === 'number' ? Math.cosh(a) : a instanceof Val ? rec(C.cosh, s, a, Math.cosh(a.v), Math.sinh(a.v), G) : Math.cosh(num(a))),
  tanh: (a, s) => (typeof a === 'number' ? Math.tanh(a) : a instanceof Val ? ((y) => rec(C.tanh, s, a, y, 1 - y * y, G))(Math.tanh(a.v)) : Math.tanh(num(a))),
  asinh: (a, s) => (typeof a === 'number' ? Math.asinh(a) : a instanceof Val ? rec(C.asinh, s, a, Math.asinh(a.v), 1 / Math.sqrt(a.v * a.v + 1), G) : Math.asinh(num(a))),
  acosh: (a, s) => (typeof a === 'number' ? Math.acosh(a) : a instanceof Val ? rec(C.acosh, s, a, Math.acosh(a.v), 1 / Math.sqrt(a.v * a.v - 1), G) : Math.acosh(num(a))),
  atanh: (a, s) => (typeof a === 'number' ? Math.atanh(a) : a instanceof Val ? rec(C.atanh, s, a, Math.atanh(a.v), 1 / (1 - a.v * a.v), G) : Math.atanh(num(a))),
  abs: (a, s) => (typeof a === 'number' ? Math.abs(a) : a instanceof Val ? rec(C.abs, s, a, Math.abs(a.v), a.v > 0 ? 1 : a.v < 0 ? -1 : 0, G) : Math.abs(num(a))),
  fround: (a, s) => (typeof a === 'number' ? Math.fround(a) : a instanceof Val ? rec(C.fround, s, a, Math.fround(a.v), 1, G) : Math.fround(num(a))),
  floor: (a, s) => (typeof a === 'number' ? Math.floor(a) : a instanceof Val ? rec(C.floor, s, a, Math.floor(a.v), 0, Z) : Math.floor(num(a))),
  ceil: (a, s) => (typeof a === 'number' ? Math.ceil(a) : a instanceof Val ? rec(C.ceil, s, a, Math.ceil(a.v), 0, Z) : Math.ceil(num(a))),
  round: (a, s) => (typeof a === 'number' ? Math.round(a) : a instanceof Val ? rec(C.round, s, a, Math.round(a.v), 0, Z) : Math.round(num(a))),
  trunc: (a, s) => (typeof a === 'number' ? Math.trunc(a) : a instanceof Val ? rec(C.trunc, s, a, Math.trunc(a.v), 0, Z) : Math.trunc(num(a))),
  sign: (a, s) => (typeof a === 'number' ? Math.sign(a) : a instanceof Val ? rec(C.sign, s, a, Math.sign(a.v), 0, Z) : Math.sign(num(a))),
};

const ATAN2 = opCode('atan2');
const MAX = opCode('max');
const MIN = opCode('min');

/** Replacement for `Math.NAME(...)`, keyed by NAME; the last argument is the site index. */
export const mathOps: Record<string, (...args: unknown[]) => unknown> = {
  ...(UNARY as Record<string, (...args: unknown[]) => unknown>),
  pow: (a, b, s) => pow(a, b, s as number),
  atan2: (a, b, s) => {
    if (typeof a === 'number' && typeof b === 'number') return Math.atan2(a, b);
    const y = num(a), x = num(b);
    const ia = track(a), ib = track(b);
    const v = Math.atan2(y, x);
    const r = x * x + y * y;
    return ia < 0 && ib < 0 ? v : node2(ATAN2, s as number, v, ia, x / r, ib, -y / r);
  },
};

/** `Math.max` / `Math.min`: the gradient goes to the (first) selected argument. */
export function extreme(isMax: boolean, s: number, args: unknown[]): unknown {
  const xs = args.map(num);
  const v = isMax ? Math.max(...xs) : Math.min(...xs);
  if (!isActive()) return v;
  const k = xs.indexOf(v);
  const ik = k < 0 ? -1 : track(args[k]);
  return ik < 0 ? v : node1(isMax ? MAX : MIN, s, v, ik, 1);
}

/** `Math.hypot`: ∂/∂x_k = x_k / hypot. */
export function hypot(s: number, args: unknown[]): unknown {
  const xs = args.map(num);
  const v = Math.hypot(...xs);
  if (!isActive() || !args.some((a) => track(a) >= 0)) return v;
  let out: unknown = 0;
  // Chained as sqrt(sum of squares) so every tracked argument gets its edge.
  for (let k = 0; k < args.length; k++) out = addSquare(out, args[k], s);
  return mathOps.sqrt(out, s);
}

const SQ = opCode('square');
const ADD = opCode('add');
function addSquare(acc: unknown, a: unknown, s: number): unknown {
  const x = num(a);
  const ia = track(a);
  const sq = ia < 0 ? x * x : node1(SQ, s, x * x, ia, 2 * x);
  const ic = track(acc), iq = track(sq);
  const v = num(acc) + x * x;
  return ic < 0 && iq < 0 ? v : node2(ADD, s, v, ic, 1, iq, 1);
}
