/** Shared setup for the tfjs recorder tests: the real tfjs on the CPU backend and a stack mapper. */
import * as tf from '@tensorflow/tfjs';
import type { GraphNode, TensorSummary, TraceGraph } from '../../../src/core/graph/model';
import { frameFunction } from '../../../src/tracer/sourcemap';

export { tf };

export async function cpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

const TEST_FRAME = /([^\s(]*test\/unit\/tracer-tfjs\/[\w.-]+\.ts):(\d+):(\d+)/;

/**
 * Maps a stack to the first frame in a recorder test file (stands in for the runner's mapper), with
 * the nearest named function of those frames, as the runner's source-map mapper gives it.
 */
export function testFileMapper(stack: string): { line: number; column: number; fn?: string } | null {
  const lines = stack.split('\n').map((l) => l.trim());
  const i = lines.findIndex((l) => TEST_FRAME.test(l));
  if (i < 0) return null;
  const m = TEST_FRAME.exec(lines[i])!;
  const pos: { line: number; column: number; fn?: string } = { line: Number(m[2]), column: Number(m[3]) };
  for (let j = i; j < lines.length && !pos.fn; j++) if (TEST_FRAME.test(lines[j])) pos.fn = frameFunction(lines[j]);
  if (!pos.fn) delete pos.fn;
  return pos;
}

export function summaryOf(values: ArrayLike<number>): { mean: number; min: number; max: number; first: number[] } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  return { mean: sum / values.length, min, max, first: Array.from(values).slice(0, 6) };
}

/** Largest absolute difference between a recorded summary and reference values. */
export function summaryError(s: unknown, ref: ArrayLike<number>): number {
  const got = s as TensorSummary;
  const want = summaryOf(ref);
  let err = Math.max(Math.abs(got.mean - want.mean), Math.abs(got.min - want.min), Math.abs(got.max - want.max));
  want.first.forEach((x, i) => (err = Math.max(err, Math.abs(got.first[i] - x))));
  return err;
}

/** The node whose value starts with the given reference values (identifies a tensor by value). */
export function nodeByValue(g: Partial<TraceGraph>, ref: ArrayLike<number>, op?: string): GraphNode | undefined {
  const want = Array.from(ref).slice(0, 6);
  return g.nodes!.find(
    (n) =>
      (op === undefined || n.op === op) &&
      n.kind !== 'host' &&
      n.value !== null &&
      typeof n.value === 'object' &&
      want.every((x, i) => Math.abs((n.value as TensorSummary).first[i] - x) < 1e-7),
  );
}
