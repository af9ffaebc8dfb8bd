/**
 * What the recorder keeps about one gradient-context call: the kernels on the tape (with
 * attributes and the place in the user's code that ran them), the leaf tensors they consumed,
 * tensors made by random ops and constants, host reads, the loss and the gradient of every
 * tensor. Values are kept as references to the CPU backend's typed arrays (no copy, no math):
 * only the LAST call becomes a graph, so statistics are computed once, in `buildGraph`.
 */
import type { TfEngine, TfTensor } from './internals';

/** Values of one tensor: the backend's array (or null when it cannot be read cheaply). */
export interface ValueRef {
  shape: number[];
  dtype: string;
  values: ArrayLike<number> | null;
}

export interface KernelRecord {
  tapeId: number;
  kernelName: string;
  /** The tfjs op the user called that ran this kernel (e.g. `matMul`), or null. */
  opName: string | null;
  inputs: Array<{ name: string; id: number }>;
  outputs: number[];
  attrs: Record<string, unknown> | undefined;
  site: Error | null;
  /** Layers, models and named scopes the kernel ran in, outermost first (see scopes.ts). */
  group: string[];
  seq: number;
}

export interface TensorRecord {
  id: number;
  value: ValueRef;
  /** Variable name when the tensor is a `tf.Variable`. */
  variable: { name: string; trainable: boolean; version: number; site: Error | null } | null;
  /** How a tensor created during the call came to be: random op name or a constant. */
  created: { randomOp: string | null; site: Error | null; seq: number; group: string[] } | null;
}

export interface HostRead {
  index: number;
  tensorId: number;
  /** The tensor read (kept to seed a reverse pass when an `--entry` loss is a read number). */
  tensor: TfTensor;
  method: string;
  value: ValueRef;
  site: Error | null;
  group: string[];
  seq: number;
  /** Random or constant tensors made after this read, linked by call order or equal value. */
  feeds: number[];
}

export interface CallRecord {
  label: string;
  kernels: KernelRecord[];
  tensors: Map<number, TensorRecord>;
  hostReads: HostRead[];
  /** Host reads not yet consumed by a random op (call-order provenance). */
  pendingReads: HostRead[];
  lossId: number | null;
  /** Ids of the tensors the call differentiates with respect to (`xs` of `engine.gradients`). */
  xsIds: number[];
  /** Names of those tensors when the caller knows them (a Layer entry's `inputs[0]`), else `arg0`, `arg1`… */
  xsNames: string[];
  /** Gradient of the loss per tensor id; absent = no gradient path (null in the graph). */
  grads: Map<number, ValueRef> | null;
  /** Set when the every-node pass fell back (the graph then has parameter grads only). */
  gradNote: string | null;
  seq: number;
}

export function newCallRecord(label: string): CallRecord {
  return {
    label,
    kernels: [],
    tensors: new Map(),
    hostReads: [],
    pendingReads: [],
    lossId: null,
    xsIds: [],
    xsNames: [],
    grads: null,
    gradNote: null,
    seq: 0,
  };
}

/**
 * Captures a call site cheaply: V8 formats `.stack` only when it is read (in buildGraph). The whole
 * stack is kept: the user's frame sits at its bottom, under every frame of tfjs (an LSTM step runs
 * some 60 frames deep inside tfjs-layers), so any fixed cut loses the location of deep kernels.
 */
export function captureSite(): Error | null {
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Infinity;
    return new Error('pathwise-site');
  } catch {
    return null;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** A reference to a tensor's values; only the CPU backend is read (it returns its own array). */
export function valueRef(engine: TfEngine, t: TfTensor): ValueRef {
  let values: ArrayLike<number> | null = null;
  try {
    if (engine.backendName === 'cpu' && t.dtype !== 'string' && t.dtype !== 'complex64' && !t.isDisposed) {
      const v = engine.readSync(t.dataId);
      if (v != null && typeof (v as ArrayLike<number>).length === 'number') values = v as ArrayLike<number>;
    }
  } catch {
    values = null;
  }
  return { shape: t.shape.slice(), dtype: t.dtype, values };
}

/** Registers a tensor seen as a kernel input/output (first sighting wins: the value at that time). */
export function noteTensor(
  rec: CallRecord,
  engine: TfEngine,
  t: TfTensor,
  isVariable: (t: TfTensor) => boolean,
  versionOf: (name: string) => number,
  siteOf: (name: string) => Error | null = () => null,
): void {
  const known = rec.tensors.get(t.id);
  if (known) {
    if (known.value.values === null) known.value = valueRef(engine, t);
    return;
  }
  const variable = isVariable(t)
    ? {
        name: String(t.name),
        trainable: t.trainable !== false,
        version: versionOf(String(t.name)),
        site: siteOf(String(t.name)),
      }
    : null;
  rec.tensors.set(t.id, { id: t.id, value: valueRef(engine, t), variable, created: null });
}
