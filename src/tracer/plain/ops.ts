/**
 * Operations the instrumenter calls instead of JavaScript operators. Each has a fast path for two
 * plain numbers (inlined by V8), falls back to the exact native operator for anything that is not
 * numeric (strings, bigints, objects), and records a tape node with local partials otherwise.
 */
import { isActive, live, node1, node2, rec, nodeN, opCode, track, Val } from './state';
import { E_GRAD, K_NOISE } from './tape';
import { nextRandom } from '../rng';

const ADD = opCode('add');
const SUB = opCode('sub');
const MUL = opCode('mul');
const DIV = opCode('div');
const MOD = opCode('mod');
const POW = opCode('pow');
const NEG = opCode('neg');
const RANDOM = opCode('random');

/** The exact native operator, for operands that are not numbers (strings, bigints, objects). */
function native(op: number, a: unknown, b: unknown): unknown {
  const x = a as number, y = b as number;
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    case MOD: return x % y;
    default: return x ** y;
  }
}

// The slow paths below: at least one operand is not a plain number. A traced operand of the
// recording generation is "tracked" (has a tape node); a traced value of an older trace is a
// constant. Anything that is neither a number nor a traced value takes the native operator.

function addSlow(a: unknown, b: unknown, s: number): unknown {
  let x: number, y: number, ia = -1, ib = -1;
  if (a instanceof Val) {
    x = a.v;
    if (a.g === live) ia = a.i;
  } else if (typeof a === 'number') x = a;
  else return native(ADD, a, b);
  if (b instanceof Val) {
    y = b.v;
    if (b.g === live) ib = b.i;
  } else if (typeof b === 'number') y = b;
  else return native(ADD, a, b);
  const v = x + y;
  return ia < 0 && ib < 0 ? v : rec(ADD, s, v, ia, 1, ib, 1);
}
function subSlow(a: unknown, b: unknown, s: number): unknown {
  let x: number, y: number, ia = -1, ib = -1;
  if (a instanceof Val) {
    x = a.v;
    if (a.g === live) ia = a.i;
  } else if (typeof a === 'number') x = a;
  else return native(SUB, a, b);
  if (b instanceof Val) {
    y = b.v;
    if (b.g === live) ib = b.i;
  } else if (typeof b === 'number') y = b;
  else return native(SUB, a, b);
  const v = x - y;
  return ia < 0 && ib < 0 ? v : rec(SUB, s, v, ia, 1, ib, -1);
}
function mulSlow(a: unknown, b: unknown, s: number): unknown {
  let x: number, y: number, ia = -1, ib = -1;
  if (a instanceof Val) {
    x = a.v;
    if (a.g === live) ia = a.i;
  } else if (typeof a === 'number') x = a;
  else return native(MUL, a, b);
  if (b instanceof Val) {
    y = b.v;
    if (b.g === live) ib = b.i;
  } else if (typeof b === 'number') y = b;
  else return native(MUL, a, b);
  const v = x * y;
  return ia < 0 && ib < 0 ? v : rec(MUL, s, v, ia, y, ib, x);
}
function divSlow(a: unknown, b: unknown, s: number): unknown {
  let x: number, y: number, ia = -1, ib = -1;
  if (a instanceof Val) {
    x = a.v;
    if (a.g === live) ia = a.i;
  } else if (typeof a === 'number') x = a;
  else return native(DIV, a, b);
  if (b instanceof Val) {
    y = b.v;
    if (b.g === live) ib = b.i;
  } else if (typeof b === 'number') y = b;
  else return native(DIV, a, b);
  const v = x / y;
  return ia < 0 && ib < 0 ? v : rec(DIV, s, v, ia, 1 / y, ib, -x / (y * y));
}

// Rarer operators keep the generic helpers.
function isNum(x: unknown): boolean {
  return typeof x === 'number' || x instanceof Val;
}
function nv(x: unknown): number {
  return typeof x === 'number' ? x : (x as Val).v;
}
function ni(x: unknown): number {
  return typeof x === 'number' || (x as Val).g !== live ? -1 : (x as Val).i;
}

function modSlow(a: unknown, b: unknown, s: number): unknown {
  if (!isNum(a) || !isNum(b)) return native(MOD, a, b);
  const x = nv(a), y = nv(b), ia = ni(a), ib = ni(b);
  return ia < 0 && ib < 0 ? x % y : node2(MOD, s, x % y, ia, 1, ib, -Math.trunc(x / y));
}
function powSlow(a: unknown, b: unknown, s: number): unknown {
  if (!isNum(a) || !isNum(b)) return native(POW, a, b);
  const x = nv(a), y = nv(b), ia = ni(a), ib = ni(b);
  const v = x ** y;
  if (ia < 0 && ib < 0) return v;
  const pa = y === 0 ? 0 : y * x ** (y - 1);
  const pb = ib < 0 ? 0 : x > 0 ? v * Math.log(x) : 0;
  return node2(POW, s, v, ia, pa, ib, pb);
}

/** `a + b` (string concatenation stays native). */
export function add(a: unknown, b: unknown, s: number): unknown {
  return typeof a === 'number' && typeof b === 'number' ? a + b : addSlow(a, b, s);
}

/** `a - b`. */
export function sub(a: unknown, b: unknown, s: number): unknown {
  return typeof a === 'number' && typeof b === 'number' ? a - b : subSlow(a, b, s);
}

/** `a * b`. */
export function mul(a: unknown, b: unknown, s: number): unknown {
  return typeof a === 'number' && typeof b === 'number' ? a * b : mulSlow(a, b, s);
}

/** `a / b`. */
export function div(a: unknown, b: unknown, s: number): unknown {
  return typeof a === 'number' && typeof b === 'number' ? a / b : divSlow(a, b, s);
}

/** `a % b`: ∂/∂a = 1, ∂/∂b = -trunc(a / b). */
export function mod(a: unknown, b: unknown, s: number): unknown {
  return typeof a === 'number' && typeof b === 'number' ? a % b : modSlow(a, b, s);
}

/** `a ** b` (also `Math.pow`). */
export function pow(a: unknown, b: unknown, s: number): unknown {
  return typeof a === 'number' && typeof b === 'number' ? a ** b : powSlow(a, b, s);
}

/** Unary `-a`. */
export function neg(a: unknown, s: number): unknown {
  if (typeof a === 'number') return -a;
  if (!(a instanceof Val)) return -(a as number);
  const ia = track(a);
  return ia < 0 ? -a.v : node1(NEG, s, -a.v, ia, -1);
}

/**
 * `x + d` for `++x` / `--x` (d = ±1): a traced value gets a node with ∂/∂x = 1; anything else takes
 * JavaScript's own increment (ToNumeric first, so `"5"` becomes 6 and a bigint stays a bigint).
 */
export function inc(x: unknown, d: number, s: number): unknown {
  if (typeof x === 'number') return x + d;
  if (x instanceof Val) {
    const ix = track(x);
    return ix < 0 ? x.v + d : node1(ADD, s, x.v + d, ix, 1);
  }
  let y = x as number;
  return d > 0 ? ++y : --y;
}

/** The value of a postfix `x++` / `x--` (x before the step, as a number: ToNumeric). */
export function old(x: unknown): unknown {
  if (typeof x === 'number' || x instanceof Val) return x;
  let y = x as number;
  y++; // ToNumeric happens here, once, as in the native postfix operator
  return typeof y === 'bigint' ? (y as bigint) - 1n : (y as number) - 1;
}

/** Returns its first argument: `first(old(x), x = inc(x, 1))` is the instrumented `x++`. */
export function first(a: unknown, _b: unknown): unknown {
  return a;
}

/** Unary `+a`: a traced value stays traced. */
export function pos(a: unknown): unknown {
  return typeof a === 'number' || a instanceof Val ? a : +(a as number);
}

/** `a === b` where a traced value equals its number. */
export function seq(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return (a instanceof Val ? a.v : a) === (b instanceof Val ? b.v : b);
}

/** Relational comparison codes of {@link compareSlow}. */
const LT = 0, GT = 1, LE = 2, GE = 3;

/**
 * `a < b` & co. with a traced operand: compared by its number. (Native comparison would reach the
 * number through `Symbol.toPrimitive`, which costs more than the whole loop body around it.) Other
 * operands keep native semantics and coercion order.
 */
function compareSlow(op: number, a: unknown, b: unknown): boolean {
  const x = (a instanceof Val ? a.v : a) as number, y = (b instanceof Val ? b.v : b) as number;
  switch (op) {
    case LT: return x < y;
    case GT: return x > y;
    case LE: return x <= y;
    default: return x >= y;
  }
}

/** `a < b`. */
export function lt(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a < b : compareSlow(LT, a, b);
}

/** `a > b`. */
export function gt(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a > b : compareSlow(GT, a, b);
}

/** `a <= b`. */
export function le(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a <= b : compareSlow(LE, a, b);
}

/** `a >= b`. */
export function ge(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a >= b : compareSlow(GE, a, b);
}

/** The primitive behind `x` (a traced value's number; anything else unchanged). */
export function prim(x: unknown): unknown {
  return x instanceof Val ? x.v : x;
}

/** JavaScript truthiness of `x` (a traced 0 or NaN is falsy). */
export function truthy(x: unknown): boolean {
  if (x instanceof Val) return x.v !== 0 && x.v === x.v;
  return !!x;
}

/** `typeof x`, answering `number` for traced values. */
export function typeOf(x: unknown): string {
  return x instanceof Val ? 'number' : typeof x;
}

/** `Math.random()` in user code: a seeded draw, recorded as a noise node inside a context. */
export function random(s: number): unknown {
  const v = nextRandom();
  return isActive() ? nodeN(RANDOM, K_NOISE, s, v, [], E_GRAD) : v;
}

/** `Number.isFinite` & co. on the number behind a traced value. */
export const numberChecks = {
  isFinite: (x: unknown) => Number.isFinite(x instanceof Val ? x.v : x),
  isNaN: (x: unknown) => Number.isNaN(x instanceof Val ? x.v : x),
  isInteger: (x: unknown) => Number.isInteger(x instanceof Val ? x.v : x),
  isSafeInteger: (x: unknown) => Number.isSafeInteger(x instanceof Val ? x.v : x),
};

