/**
 * The pair protocol: operations on unboxed locals. Instrumented code passes each operand as its
 * value and its node id (`x, __pwi_x`); the operation returns the plain result and leaves the
 * result's id in the register `R.L`, which the caller reads right after the call. Nothing is
 * allocated per operation, unlike the boxed values of ops.ts. Ids are `R.off + tape index`; an id
 * below `R.off` (-1, or one from an older trace) is a constant.
 *
 *   const y = __pw.addP(__pw.mulP(w, __pwi_w, x, -1, 1), __pwR.L, b, __pwi_b, 2), __pwi_y = __pwR.L;
 *
 * Anything that is not a number (strings, bigints, objects) takes the exact native operator.
 */
import { live, opCode, R, TAPE, Val } from './state';
import { E_GRAD } from './tape';
import { MATH_ROWS } from './math';

const ADD = opCode('add');
const SUB = opCode('sub');
const MUL = opCode('mul');
const DIV = opCode('div');
const NEG = opCode('neg');

const W = TAPE.write;

/**
 * Records a node with inputs `ia`, `ib` (pair ids; either may be untracked, not both) and returns
 * `v` with its id in `R.L`.
 */
function recP(op: number, s: number, v: number, ia: number, pa: number, ib: number, pb: number): number {
  const off = R.off;
  const i = W.op2(op, s, v, ia >= off ? ia - off : -1, pa, ib >= off ? ib - off : -1, pb);
  R.L = i < 0 ? -1 : off + i;
  return v;
}

/** Records a one-input node of edge kind `ek` (Math functions, negation, increments). */
function rec1P(op: number, s: number, v: number, ia: number, pa: number, ek: number): number {
  const off = R.off;
  const i = W.op1(op, s, v, ia - off, pa, ek);
  R.L = i < 0 ? -1 : off + i;
  return v;
}

/** True when neither operand is tracked, or either is not a number: the native operator applies. */
function untracked(x: unknown, ix: number, y: unknown, iy: number): boolean {
  const off = R.off;
  return (ix < off && iy < off) || typeof x !== 'number' || typeof y !== 'number';
}

/** `x + y`. */
export function addP(x: number, ix: number, y: number, iy: number, s: number): unknown {
  if (untracked(x, ix, y, iy)) {
    R.L = -1;
    return x + y;
  }
  return recP(ADD, s, x + y, ix, 1, iy, 1);
}

/** `x - y`. */
export function subP(x: number, ix: number, y: number, iy: number, s: number): unknown {
  if (untracked(x, ix, y, iy)) {
    R.L = -1;
    return x - y;
  }
  return recP(SUB, s, x - y, ix, 1, iy, -1);
}

/** `x * y`. */
export function mulP(x: number, ix: number, y: number, iy: number, s: number): unknown {
  if (untracked(x, ix, y, iy)) {
    R.L = -1;
    return x * y;
  }
  return recP(MUL, s, x * y, ix, y, iy, x);
}

/** `x / y`. */
export function divP(x: number, ix: number, y: number, iy: number, s: number): unknown {
  if (untracked(x, ix, y, iy)) {
    R.L = -1;
    return x / y;
  }
  return recP(DIV, s, x / y, ix, 1 / y, iy, -x / (y * y));
}

/** Unary `-x`. */
export function negP(x: number, ix: number, s: number): unknown {
  if (ix < R.off) {
    R.L = -1;
    return -x;
  }
  return rec1P(NEG, s, -x, ix, -1, E_GRAD);
}

/** `x + d` for a statement `x++` / `--x` (d = ±1); non-numbers take JavaScript's own increment. */
export function incP(x: unknown, ix: number, d: number, s: number): unknown {
  R.L = -1;
  if (typeof x !== 'number') {
    let y = x as number;
    return d > 0 ? ++y : --y;
  }
  return ix < R.off ? x + d : rec1P(ADD, s, x + d, ix, 1, E_GRAD);
}

/** Pair form of a boxed value: returns its number (or `e` itself) and leaves its id in `R.L`. */
export function u(e: unknown): unknown {
  if (e instanceof Val) {
    R.L = e.g === live ? R.off + e.i : -1;
    return e.v;
  }
  R.L = -1;
  return e;
}

/**
 * Boxed form of an unboxed local: a traced value when `id` is tracked, else `v` itself. The index
 * is truncated to an int32 on purpose: `R.off` is a double, and one Val whose index V8 sees as a
 * double turns the index field of every Val into a double, which made the reverse pass loop over
 * double indices (0.9 instead of 0.55 ms on the benchmark tape).
 */
export function box(v: unknown, id: number): unknown {
  return id >= R.off ? new Val(v as number, (id - R.off) | 0, live) : v;
}

/** Boxed form of a result whose id is in `R.L` (`__pw.bx(__pw.addP(…))`). */
export function bx(v: unknown): unknown {
  const id = R.L;
  return id >= R.off ? new Val(v as number, (id - R.off) | 0, live) : v; // int32: see box()
}

type UnaryP = (x: number, ix: number, s: number) => unknown;

/** Records `Math.NAME` of a tracked input (row: function, derivative, edge kind). */
function mathP(code: number, x: number, ix: number, s: number): unknown {
  const [f, d, ek] = MATH_ROWS[code]!;
  const y = f(x);
  return rec1P(code, s, y, ix, d(x, y), ek);
}

/** `Math.NAME(x)` in the pair protocol, keyed by NAME (`__pw.MP.sin(x, __pwi_x, site)`). */
export const mathPairOps: Record<string, UnaryP> = {};
for (const [code, row] of MATH_ROWS.entries()) {
  if (!row) continue;
  const f = row[0];
  // One closure per function; the untracked path calls the Math function itself.
  mathPairOps[f.name] = (x, ix, s) => {
    if (ix < R.off) {
      R.L = -1;
      return f(x);
    }
    return mathP(code, x, ix, s);
  };
}
