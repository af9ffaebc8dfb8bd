/**
 * `Math.*` for traced values: one data row per function with its local derivative. Discrete steps
 * (floor, ceil, round, trunc, sign) record a `zero` edge: the value depends on the input but the
 * derivative is zero almost everywhere.
 */
import { isActive, node1, node2, num, opCode, track } from './state';
import { E_GRAD, E_ZERO } from './tape';
import { pow } from './ops';

type Unary = (x: number) => number;

/** Unary Math functions: [implementation, derivative given input x and output y, edge kind]. */
const ROWS: Record<string, [Unary, (x: number, y: number) => number, number]> = {
  exp: [Math.exp, (_x, y) => y, E_GRAD],
  expm1: [Math.expm1, (_x, y) => y + 1, E_GRAD],
  log: [Math.log, (x) => 1 / x, E_GRAD],
  log1p: [Math.log1p, (x) => 1 / (1 + x), E_GRAD],
  log2: [Math.log2, (x) => 1 / (x * Math.LN2), E_GRAD],
  log10: [Math.log10, (x) => 1 / (x * Math.LN10), E_GRAD],
  sqrt: [Math.sqrt, (_x, y) => 0.5 / y, E_GRAD],
  cbrt: [Math.cbrt, (_x, y) => 1 / (3 * y * y), E_GRAD],
  sin: [Math.sin, (x) => Math.cos(x), E_GRAD],
  cos: [Math.cos, (x) => -Math.sin(x), E_GRAD],
  tan: [Math.tan, (_x, y) => 1 + y * y, E_GRAD],
  asin: [Math.asin, (x) => 1 / Math.sqrt(1 - x * x), E_GRAD],
  acos: [Math.acos, (x) => -1 / Math.sqrt(1 - x * x), E_GRAD],
  atan: [Math.atan, (x) => 1 / (1 + x * x), E_GRAD],
  sinh: [Math.sinh, (x) => Math.cosh(x), E_GRAD],
  cosh: [Math.cosh, (x) => Math.sinh(x), E_GRAD],
  tanh: [Math.tanh, (_x, y) => 1 - y * y, E_GRAD],
  asinh: [Math.asinh, (x) => 1 / Math.sqrt(x * x + 1), E_GRAD],
  acosh: [Math.acosh, (x) => 1 / Math.sqrt(x * x - 1), E_GRAD],
  atanh: [Math.atanh, (x) => 1 / (1 - x * x), E_GRAD],
  abs: [Math.abs, (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), E_GRAD],
  fround: [Math.fround, () => 1, E_GRAD],
  floor: [Math.floor, () => 0, E_ZERO],
  ceil: [Math.ceil, () => 0, E_ZERO],
  round: [Math.round, () => 0, E_ZERO],
  trunc: [Math.trunc, () => 0, E_ZERO],
  sign: [Math.sign, () => 0, E_ZERO],
};

/** Op code → its row (the slow paths look rows up by code). */
const BY_CODE: [Unary, (x: number, y: number) => number, number][] = [];
/** The rows of the unary Math functions by op code (sparse), for the pair protocol. */
export const MATH_ROWS: readonly ([Unary, (x: number, y: number) => number, number] | undefined)[] = BY_CODE;
const C = {} as Record<string, number>;
for (const [name, row] of Object.entries(ROWS)) {
  C[name] = opCode(name);
  BY_CODE[C[name]] = row;
}

/** A unary Math function of anything but a plain number: traced values record a node. */
function unarySlow(code: number, a: unknown, s: number): unknown {
  const [f, d, ek] = BY_CODE[code];
  const x = num(a);
  const y = f(x);
  const ia = track(a);
  return ia < 0 ? y : node1(code, s, y, ia, d(x, y), ek);
}

type U = (a: unknown, s: number) => unknown;
// One small function per Math function (not closures made by a factory, which would share type
// feedback): the plain-number path is the Math function itself and V8 inlines it into the loop.
const UNARY: Record<string, U> = {
  exp: (a, s) => (typeof a === 'number' ? Math.exp(a) : unarySlow(C.exp, a, s)),
  expm1: (a, s) => (typeof a === 'number' ? Math.expm1(a) : unarySlow(C.expm1, a, s)),
  log: (a, s) => (typeof a === 'number' ? Math.log(a) : unarySlow(C.log, a, s)),
  log1p: (a, s) => (typeof a === 'number' ? Math.log1p(a) : unarySlow(C.log1p, a, s)),
  log2: (a, s) => (typeof a === 'number' ? Math.log2(a) : unarySlow(C.log2, a, s)),
  log10: (a, s) => (typeof a === 'number' ? Math.log10(a) : unarySlow(C.log10, a, s)),
  sqrt: (a, s) => (typeof a === 'number' ? Math.sqrt(a) : unarySlow(C.sqrt, a, s)),
  cbrt: (a, s) => (typeof a === 'number' ? Math.cbrt(a) : unarySlow(C.cbrt, a, s)),
  sin: (a, s) => (typeof a === 'number' ? Math.sin(a) : unarySlow(C.sin, a, s)),
  cos: (a, s) => (typeof a === 'number' ? Math.cos(a) : unarySlow(C.cos, a, s)),
  tan: (a, s) => (typeof a === 'number' ? Math.tan(a) : unarySlow(C.tan, a, s)),
  asin: (a, s) => (typeof a === 'number' ? Math.asin(a) : unarySlow(C.asin, a, s)),
  acos: (a, s) => (typeof a === 'number' ? Math.acos(a) : unarySlow(C.acos, a, s)),
  atan: (a, s) => (typeof a === 'number' ? Math.atan(a) : unarySlow(C.atan, a, s)),
  sinh: (a, s) => (typeof a === 'number' ? Math.sinh(a) : unarySlow(C.sinh, a, s)),
  cosh: (a, s) => (typeof a === 'number' ? Math.cosh(a) : unarySlow(C.cosh, a, s)),
  tanh: (a, s) => (typeof a === 'number' ? Math.tanh(a) : unarySlow(C.tanh, a, s)),
  asinh: (a, s) => (typeof a === 'number' ? Math.asinh(a) : unarySlow(C.asinh, a, s)),
  acosh: (a, s) => (typeof a === 'number' ? Math.acosh(a) : unarySlow(C.acosh, a, s)),
  atanh: (a, s) => (typeof a === 'number' ? Math.atanh(a) : unarySlow(C.atanh, a, s)),
  abs: (a, s) => (typeof a === 'number' ? Math.abs(a) : unarySlow(C.abs, a, s)),
  fround: (a, s) => (typeof a === 'number' ? Math.fround(a) : unarySlow(C.fround, a, s)),
  floor: (a, s) => (typeof a === 'number' ? Math.floor(a) : unarySlow(C.floor, a, s)),
  ceil: (a, s) => (typeof a === 'number' ? Math.ceil(a) : unarySlow(C.ceil, a, s)),
  round: (a, s) => (typeof a === 'number' ? Math.round(a) : unarySlow(C.round, a, s)),
  trunc: (a, s) => (typeof a === 'number' ? Math.trunc(a) : unarySlow(C.trunc, a, s)),
  sign: (a, s) => (typeof a === 'number' ? Math.sign(a) : unarySlow(C.sign, a, s)),
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
