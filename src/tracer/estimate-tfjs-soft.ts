/**
 * The Gumbel-softmax sample of the relaxed estimator and its soft stand-ins for tfjs ops that take
 * a categorical sample as indices. Both ops are linear in the one-hot vector of each index (gather
 * along an axis of K entries is onehot(k) · x; oneHot is the one-hot vector itself), so replacing the
 * one-hot by the Gumbel-softmax vector y is the relaxation's own definition, not a guess. Any other use of an
 * index (arithmetic, comparison, control flow) has no such form; the caller reports it instead.
 */
import type { TfTensor } from './tfjs/internals';

type Op = (...a: unknown[]) => TfTensor;

/** The tfjs ops these stand-ins use (the user's own tf module). */
export type SoftOps = Record<'reshape' | 'transpose' | 'matMul' | 'cast' | 'add' | 'mul' | 'softmax' | 'div' | 'expandDims' | 'tensor' | 'concat' | 'gather' | 'oneHot', Op>;

/** A relaxed sample of indices of shape S: y has shape [...S, K] (each row on the simplex). */
export interface SoftSample {
  y: TfTensor;
  K: number;
}

/** Kernels that keep indices as indices (reshape, squeeze, cast): the soft rows follow their output. */
const FOLLOW = new Set(['Reshape', 'Cast', 'Identity']);

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/**
 * `gather(x, indices, axis)` with each index replaced by its soft one-hot row: Σ_k y_k x[…, k, …].
 * Returns the tensor (shape x.shape[:axis] + S + x.shape[axis+1:], as gather's), or why not.
 */
export function softGather(ops: SoftOps, x: TfTensor, idxShape: number[], s: SoftSample, axis: number, batchDims: number): TfTensor | string {
  if (batchDims) return `a batched gather (batchDims ${batchDims}) has no one-hot form here`;
  const rank = x.shape.length;
  const a = axis < 0 ? axis + rank : axis;
  if (!(a >= 0 && a < rank)) return `gather axis ${axis} is outside the tensor`;
  if (x.shape[a] !== s.K) return `the sample indexes an axis of ${x.shape[a]} entries, not the ${s.K} categories it was drawn over`;
  const pre = x.shape.slice(0, a);
  const post = x.shape.slice(a + 1);
  // [K, pre…, post…] so one matMul with the [m, K] rows does every gathered slice at once.
  const first = a === 0 ? x : ops.transpose(x, [a, ...range(0, a), ...range(a + 1, rank)]);
  const xf = x.dtype === 'float32' ? first : ops.cast(first, 'float32');
  const m = prod(idxShape);
  const out = ops.matMul(ops.reshape(s.y, [m, s.K]), ops.reshape(xf, [s.K, prod(pre) * prod(post)]));
  const r = ops.reshape(out, [...idxShape, ...pre, ...post]);
  if (a === 0) return r;
  // [S…, pre…, post…] → [pre…, S…, post…], gather's layout.
  const I = idxShape.length;
  return ops.transpose(r, [...range(I, I + a), ...range(0, I), ...range(I + a, I + a + post.length)]);
}

/** `oneHot(indices, depth, on, off)` with the soft rows: (on − off)·y + off. */
export function softOneHot(ops: SoftOps, s: SoftSample, depth: number, on: number, off: number): TfTensor | string {
  if (depth !== s.K) return `oneHot depth ${depth} differs from the ${s.K} categories the sample was drawn over`;
  if (on === 1 && off === 0) return s.y;
  return ops.add(ops.mul(s.y, on - off), off);
}

/**
 * The stand-in for kernel `name` whose input `input` is the relaxed sample `s`: a tensor, `follow`
 * (the output is the same indices reshaped or cast: the caller attaches the soft rows to it), or
 * why the use has no one-hot form.
 */
export function softKernel(ops: SoftOps, name: string, input: string, inputs: Record<string, TfTensor>, attrs: Record<string, unknown>, s: SoftSample): TfTensor | 'follow' | string {
  if (input === 'x' && FOLLOW.has(name)) return 'follow';
  if (input === 'indices' && name === 'GatherV2') return softGather(ops, inputs.x, inputs.indices.shape, s, Number(attrs.axis ?? 0), Number(attrs.batchDims ?? 0));
  if (input === 'indices' && name === 'OneHot') return softOneHot(ops, s, Number(attrs.depth), Number(attrs.onValue ?? 1), Number(attrs.offValue ?? 0));
  return `the sample is used by the ${name} kernel, which has no one-hot form`;
}

/**
 * A Gumbel-softmax draw of `n` samples per row of `logits` ([B, K], values `lv`): the hard samples
 * argmax(logits + g) ([B·n]; by the Gumbel-max trick distributed as the categorical sampler's) and
 * y = softmax((logits + g)/τ) ([B, n, K], recorded on the engine's tape, so it reaches the logits).
 */
export function gumbelSoftmax(ops: SoftOps, logits: TfTensor, lv: ArrayLike<number>, n: number, tau: number, rand: () => number): { hard: Int32Array; y: TfTensor } {
  const [B, K] = logits.shape;
  const g = new Float32Array(B * n * K);
  const hard = new Int32Array(B * n);
  for (let r = 0; r < B * n; r++) {
    let best = -Infinity;
    for (let j = 0; j < K; j++) {
      const u = Math.min(Math.max(rand(), 1e-12), 1 - 1e-12);
      const gj = (g[r * K + j] = -Math.log(-Math.log(u)));
      const s = lv[Math.floor(r / n) * K + j] + gj;
      if (s > best) (best = s), (hard[r] = j);
    }
  }
  const y = ops.softmax(ops.div(ops.add(ops.expandDims(logits, 1), ops.tensor(g, [B, n, K], 'float32')), tau));
  return { hard, y };
}

/** One element of an index array: an element of a relaxed sample (its row), or a constant index. */
export type IndexItem = { sample: SoftSample; index: number } | number;

/** The soft rows of an index array of `shape` ([...shape, K]): relaxed rows, and exact one-hot rows for constants. */
export function softRows(ops: SoftOps, items: IndexItem[], shape: number[], K: number): TfTensor {
  const rows = items.map((it) => (typeof it === 'number' ? ops.cast(ops.oneHot(ops.tensor([it], [1], 'int32'), K), 'float32') : ops.gather(it.sample.y, [it.index])));
  return ops.reshape(ops.concat(rows, 0), [...shape, K]);
}
