/**
 * Structural types for the parts of the TensorFlow.js engine the recorder touches. The recorder
 * receives the user's `tf` module as `unknown` (it must not import its own copy: two copies of
 * tfjs-core would not share tensor classes), so these interfaces describe what tfjs 4.x exposes
 * at run time: `tf.engine()` (the `Engine` singleton), its `state`, and the tape nodes that
 * `Engine.addTapeNode` pushes while a gradient tape is on.
 */

/** A tfjs tensor as seen at run time. */
export interface TfTensor {
  id: number;
  shape: number[];
  dtype: string;
  size: number;
  dataId: object;
  isDisposed?: boolean;
  /** Present on `tf.Variable`s. */
  name?: string;
  trainable?: boolean;
  dispose(): void;
}

/** Gradient thunks per input name, as returned by a tape node's `gradient` closure. */
export type NamedGradientMap = Record<string, () => TfTensor>;

/** One entry of `engine.state.activeTape` (see tfjs-core `tape.ts`). */
export interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, TfTensor>;
  outputs: TfTensor[];
  saved?: TfTensor[];
  gradient?: (dys: Array<TfTensor | null>) => NamedGradientMap;
}

export interface ScopeInfo {
  name: string;
  id: number;
}

export interface EngineState {
  gradientDepth: number;
  kernelDepth: number;
  activeTape: TapeNode[] | null;
  activeScope: ScopeInfo | null;
  scopeStack: ScopeInfo[];
}

/** The `Engine` instance returned by `tf.engine()`. Methods are own-instance-overridable. */
export interface TfEngine {
  state: EngineState;
  backendName: string | null;
  gradients(
    f: () => TfTensor,
    xs: TfTensor[],
    dy?: TfTensor | null,
    allowNoGradients?: boolean,
  ): { value: TfTensor; grads: Array<TfTensor | undefined> };
  addTapeNode(
    kernelName: string,
    inputs: Record<string, TfTensor>,
    outputs: TfTensor[],
    gradientsFunc: unknown,
    saved: TfTensor[],
    attrs: Record<string, unknown> | undefined,
  ): void;
  makeTensor(values: unknown, shape: number[], dtype?: string, backend?: unknown): TfTensor;
  startTape(): void;
  endTape(): void;
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  tidy<T>(nameOrFn: string | (() => T), fn?: () => T): T;
  readSync(dataId: object): ArrayLike<number> | unknown;
}

/** The subset of the `tf` namespace the recorder uses. */
export interface TfModule {
  engine(): TfEngine;
  add(a: TfTensor, b: TfTensor): TfTensor;
  Tensor: { prototype: Record<string, unknown> } & (new (...args: never[]) => TfTensor);
  Variable: { prototype: Record<string, unknown> } & (new (...args: never[]) => TfTensor);
}

/** True when `tf` looks like a tfjs 4.x namespace this recorder can hook. */
export function isTfModule(tf: unknown): tf is TfModule {
  if (typeof tf !== 'object' || tf === null) return false;
  const m = tf as Partial<TfModule>;
  if (typeof m.engine !== 'function' || typeof m.add !== 'function') return false;
  if (typeof m.Tensor !== 'function' || typeof m.Variable !== 'function') return false;
  try {
    const e = m.engine();
    return (
      typeof e === 'object' &&
      e !== null &&
      typeof e.gradients === 'function' &&
      typeof e.addTapeNode === 'function' &&
      typeof e.makeTensor === 'function' &&
      typeof e.state === 'object'
    );
  } catch {
    return false;
  }
}

/** Throws like tfjs's `util.assert` so replacements fail with the engine's own messages. */
export function tfAssert(cond: boolean, msg: () => string): asserts cond {
  if (!cond) throw new Error(msg());
}
