/** Turns a recorded tensor value into the graph's `TensorSummary` (shape, dtype, first values, mean, min, max, L2 norm). */
import type { TensorSummary } from '../../core/graph/model';
import type { ValueRef } from './call-record';

/** How many leading values a summary keeps. */
export const FIRST_VALUES = 6;

/** Summary of a value reference, or null when its values were not readable. */
export function summarize(v: ValueRef | null | undefined): TensorSummary | null {
  if (!v || v.values == null) return null;
  const vals = v.values;
  const n = vals.length;
  const first: number[] = [];
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = Number(vals[i]);
    if (i < FIRST_VALUES) first.push(x);
    sum += x;
    squares += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (n === 0) return { shape: v.shape.slice(), dtype: v.dtype, first, mean: 0, min: 0, max: 0, norm: 0 };
  return { shape: v.shape.slice(), dtype: v.dtype, first, mean: sum / n, min, max, norm: l2(vals, squares, Math.max(-min, max)) };
}

/** The single number of a size-1 value (a scalar loss), else null. */
export function scalarOf(v: ValueRef | null | undefined): number | null {
  if (!v || v.values == null || v.values.length !== 1) return null;
  return Number(v.values[0]);
}

/** L2 norm from the sum of squares, rescaled by the largest magnitude when the plain sum overflowed. */
function l2(vals: ArrayLike<number>, squares: number, maxAbs: number): number {
  if (Number.isFinite(squares) || !Number.isFinite(maxAbs) || maxAbs === 0) return Math.sqrt(squares);
  let scaled = 0;
  for (let i = 0; i < vals.length; i++) {
    const r = Number(vals[i]) / maxAbs;
    scaled += r * r;
  }
  return maxAbs * Math.sqrt(scaled);
}
