/**
 * Host reads of tensors (`dataSync()`, `arraySync()`) while the estimator lab follows them: the
 * returned values stand in for the tensor's elements, and an element becomes a traced leaf of the
 * plain runtime only when user code reads it (by index, or by iterating/destructuring), so a large
 * read that is only printed costs nothing. The caller decides what a leaf is (a host-read input for
 * the score function, an index of a relaxed sample for the relaxed estimator).
 */
import type { TfTensor } from './tfjs/internals';
import { isActive, Val } from './plain/state';

/** Makes the traced value of element `index` (flat, row-major) whose number is `value`. */
export type LeafOf = (index: number, value: number) => unknown;

type AnyFn = (...a: unknown[]) => unknown;

const INDEX = /^(0|[1-9]\d*)$/;

/** One leaf per element and read: reading `a[3]` twice gives the same traced value. */
function memo(leaf: LeafOf): LeafOf {
  const seen = new Map<number, unknown>();
  return (index, value) => {
    let l = seen.get(index);
    if (l === undefined) seen.set(index, (l = leaf(index, value)));
    return l;
  };
}

/**
 * A proxy over `target` (a typed array from `dataSync`, or one innermost array of `arraySync`
 * whose first element is element `base` of the tensor) whose indexed elements and iteration give
 * leaves; everything else (length, methods, writes) behaves as on the array itself.
 */
function proxyOver<T extends object & ArrayLike<number>>(target: T, base: number, leaf: LeafOf): T {
  const bound = new Map<unknown, AnyFn>();
  return new Proxy(target, {
    get(t, key) {
      if (isActive()) {
        if (typeof key === 'string' && INDEX.test(key)) {
          const idx = Number(key);
          if (idx < t.length) return leaf(base + idx, t[idx]);
        }
        // `const [a, b] = x.arraySync()` and `for (const v of x.dataSync())` read every element.
        if (key === Symbol.iterator) {
          return function* () {
            for (let i = 0; i < t.length; i++) yield leaf(base + i, t[i]);
          };
        }
      }
      const v = Reflect.get(t, key, t);
      if (typeof v !== 'function') return v;
      let b = bound.get(v);
      if (!b) bound.set(v, (b = (v as AnyFn).bind(t)));
      return b;
    },
    set(t, key, value) {
      return Reflect.set(t, key, value instanceof Val ? value.v : value, t);
    },
  });
}

/** The flat array `dataSync()` returns, traced. */
export function tracedFlat<T extends object & ArrayLike<number>>(arr: T, leaf: LeafOf): T {
  return proxyOver(arr, 0, memo(leaf));
}

/**
 * What `arraySync()` returns for a tensor of `shape` with flat `values`, traced: nested plain
 * arrays whose innermost arrays are proxies (a scalar tensor gives its leaf itself).
 */
export function tracedNested(shape: readonly number[], values: ArrayLike<number>, leaf: LeafOf): unknown {
  const one = memo(leaf);
  if (shape.length === 0) return one(0, values[0]);
  const build = (base: number, dims: readonly number[]): unknown[] => {
    const [d, ...rest] = dims;
    if (!rest.length) return proxyOver(Array.from({ length: d }, (_, i) => values[base + i]), base, one);
    const stride = rest.reduce((a, b) => a * b, 1);
    return Array.from({ length: d }, (_, i) => build(base + i * stride, rest));
  };
  return build(0, shape);
}

/**
 * Replaces `dataSync` and `arraySync` on the tensor prototype: a read for which `leafFor(t, float)`
 * gives a leaf maker returns traced values, any other read the plain result. `values(t)` reads a
 * tensor without the hooks. Returns the undo.
 */
export function hookHostReads(proto: Record<string, unknown>, leafFor: (t: TfTensor, float: boolean) => LeafOf | null, values: (t: TfTensor) => Float32Array): () => void {
  const origData = proto.dataSync as AnyFn;
  proto.dataSync = function (this: TfTensor, ...args: unknown[]) {
    const v = origData.apply(this, args);
    const leaf = ArrayBuffer.isView(v) ? leafFor(this, v instanceof Float32Array) : null;
    return leaf ? tracedFlat(v as Float32Array, leaf) : v;
  };
  const origArray = proto.arraySync as AnyFn;
  proto.arraySync = function (this: TfTensor, ...args: unknown[]) {
    const numeric = this.dtype === 'float32' || this.dtype === 'int32';
    const leaf = numeric ? leafFor(this, this.dtype === 'float32') : null;
    // Read through the engine: the original calls the hooked dataSync, which would trace every element.
    return leaf ? tracedNested(this.shape, values(this), leaf) : origArray.apply(this, args);
  };
  return () => void ((proto.dataSync = origData), (proto.arraySync = origArray));
}
