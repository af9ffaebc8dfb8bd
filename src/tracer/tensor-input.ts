/**
 * Tensor inputs of a trace: an argument `{ "$tensor": { "shape": [8, 4] } }` (the input recipe of a
 * tensor parameter, or of a Layer's call() inputs) becomes a standard-normal tfjs tensor of that
 * shape, seeded from the trace's seed; arrays of recipes (a Layer with several inputs) become arrays
 * of tensors, each with its own seed so two inputs of one shape differ. Other values pass as they are.
 */
import { tfjsModule } from './tfjs-hook';

type RandomNormal = (s: number[], m: number, sd: number, dt: string, seed: number) => unknown;

/** Builds the tensors of `args` (positional), numbering the seeds across all of them. */
export function tensorInputs(args: unknown[], seed: number | null): unknown[] {
  const counter = { next: (seed ?? 0) + 1 };
  return args.map((a) => build(a, counter));
}

function build(a: unknown, counter: { next: number }): unknown {
  if (Array.isArray(a)) return a.some(isRecipe) ? a.map((x) => build(x, counter)) : a;
  if (!isRecipe(a)) return a;
  const shape = (a as { $tensor: { shape?: unknown } }).$tensor.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d > 0)) throw new Error(`a tensor input needs a shape of positive integers, got ${JSON.stringify(shape)}`);
  const tf = tfjsModule() as { randomNormal?: RandomNormal } | null;
  if (!tf?.randomNormal) throw new Error('a tensor input needs TensorFlow.js, which the program did not load');
  return tf.randomNormal(shape as number[], 0, 1, 'float32', counter.next++);
}

function isRecipe(a: unknown): boolean {
  return !!a && typeof a === 'object' && !Array.isArray(a) && '$tensor' in a && typeof (a as { $tensor: unknown }).$tensor === 'object';
}
