/**
 * The tape of the plain numeric runtime: every recorded value is a node in flat typed arrays
 * (value, op, kind, source site, and its input edges with local partial derivatives), so a long
 * numeric loop costs a few array writes per operation instead of an object graph. Each node has
 * two input slots in node-indexed arrays (nearly every operation has one or two inputs); the
 * rare node with more inputs (a sampler with several traced parameters) keeps the rest in a side
 * table. Node-indexed slots make the reverse pass a straight loop without per-node edge ranges.
 */

/** Node kinds stored on the tape (codes into {@link KIND_NAMES}). */
export const K_OP = 0;
export const K_PARAM = 1;
export const K_NOISE = 2;
export const K_SAMPLE = 3;
export const K_INPUT = 4;
export const KIND_NAMES = ['op', 'param', 'noise', 'sample', 'input'] as const;

/** Edge kinds: gradient flows, provenance only (sampler), or a discrete step with zero derivative. */
export const E_GRAD = 0;
export const E_SEVERED = 1;
export const E_ZERO = 2;
export const EDGE_NAMES = ['grad', 'severed', 'zero'] as const;

/** Growable flat storage of recorded nodes and their input edges. */
export class Tape {
  /** Number of nodes. */
  n = 0;
  /** Incremented on every reset; values of an older generation count as constants. */
  gen = 0;
  /** Nodes the tape may hold before recording stops (values then flow on untracked). */
  readonly cap: number;
  /** True once a value could not be recorded because the cap was reached. */
  overflow = false;
  /** Recording needs a grow/cap check once `n` reaches this (min of array room and cap). */
  limit = 0;
  value = new Float64Array(1024);
  op = new Uint16Array(1024);
  kind = new Uint8Array(1024);
  site = new Int32Array(1024);
  /**
   * First and second input of node i at [2i] and [2i + 1] (-1 = none), their local partials and
   * edge kinds. Interleaved, so one node's inputs share a cache line (the reverse pass reads them
   * together; separate arrays made it almost twice as slow).
   */
  ins = new Int32Array(2048);
  ps = new Float64Array(2048);
  ks = new Uint8Array(2048);
  /** Inputs beyond the second, by node: flat [from, partial, kind] triples. */
  extra = new Map<number, number[]>();
  /** Display labels that are not derived from the site (parameter names, sampler names). */
  labels = new Map<number, string>();
  /** Buffers of {@link reverse}, reused across calls. */
  private gradBuf = new Float64Array(0);
  private reachedBuf = new Uint8Array(0);

  constructor(cap = 1_000_000) {
    this.cap = cap;
    this.limit = Math.min(this.value.length - 1, cap);
  }

  /** Forgets every node and starts a new generation. */
  reset(): void {
    // Kinds are 0 (K_OP, E_GRAD) unless written: clearing the used range here saves the hot path
    // three stores per node.
    this.kind.fill(0, 0, this.n);
    this.ks.fill(0, 0, 2 * this.n);
    this.n = 0;
    this.gen++;
    this.overflow = false;
    this.labels.clear();
    this.extra.clear();
  }

  /** True when one more node fits (growing the arrays when needed); sets `overflow` at the cap. */
  reserve(): boolean {
    if (this.n >= this.cap) {
      this.overflow = true;
      return false;
    }
    if (this.n + 1 >= this.value.length) this.grow();
    return true;
  }

  /** Appends a node without inputs; add them with {@link edge} right after. Returns its index. */
  push(op: number, kind: number, site: number, value: number): number {
    const i = this.n++;
    this.value[i] = value;
    this.op[i] = op;
    this.kind[i] = kind;
    this.site[i] = site;
    this.ins[2 * i] = -1;
    this.ins[2 * i + 1] = -1;
    this.ks[2 * i] = E_GRAD;
    this.ks[2 * i + 1] = E_GRAD;
    return i;
  }

  /** Adds an input edge to the most recently pushed node. */
  edge(from: number, partial: number, kind: number): void {
    const i = this.n - 1;
    const e = this.ins[2 * i] < 0 ? 2 * i : this.ins[2 * i + 1] < 0 ? 2 * i + 1 : -1;
    if (e >= 0) {
      this.ins[e] = from;
      this.ps[e] = partial;
      this.ks[e] = kind;
    } else {
      let list = this.extra.get(i);
      if (!list) this.extra.set(i, (list = []));
      list.push(from, partial, kind);
    }
  }

  /** Number of input edges of node `i`. */
  edgeCount(i: number): number {
    if (this.ins[2 * i] < 0) return 0;
    if (this.ins[2 * i + 1] < 0) return 1;
    return 2 + (this.extra.get(i)?.length ?? 0) / 3;
  }

  /** Input node of the `k`-th edge of node `i`. */
  edgeFrom(i: number, k: number): number {
    return k < 2 ? this.ins[2 * i + k] : this.extra.get(i)![3 * (k - 2)];
  }

  /** Local partial derivative of the `k`-th edge of node `i`. */
  edgePartial(i: number, k: number): number {
    return k < 2 ? this.ps[2 * i + k] : this.extra.get(i)![3 * (k - 2) + 1];
  }

  /** Kind (E_GRAD, E_SEVERED, E_ZERO) of the `k`-th edge of node `i`. */
  edgeKind(i: number, k: number): number {
    return k < 2 ? this.ks[2 * i + k] : this.extra.get(i)![3 * (k - 2) + 2];
  }

  /**
   * Reverse mode from node `out`: returns ∂out/∂node for every node and whether a gradient path
   * exists (severed edges carry no gradient; zero edges carry an exact zero). The two arrays are
   * views of buffers the tape reuses: they stay valid until the next call of `reverse`.
   */
  reverse(out: number): { grad: Float64Array; reached: Uint8Array } {
    const n = this.n;
    if (this.gradBuf.length < n) {
      this.gradBuf = new Float64Array(this.value.length);
      this.reachedBuf = new Uint8Array(this.value.length);
    }
    // The loop works on the whole buffers (faster element access than on views); callers get views.
    const grad = this.gradBuf;
    const reached = this.reachedBuf;
    const views = { grad: grad.subarray(0, n), reached: reached.subarray(0, n) };
    // Only `reached` is cleared: a node's gradient is initialised by its first incoming edge
    // (consumers always have higher indices), and set to 0 when nothing reaches it.
    reached.fill(0, 0, n);
    if (out < 0 || out >= n) {
      grad.fill(0, 0, n);
      return views;
    }
    if (out + 1 < n) grad.fill(0, out + 1, n);
    grad[out] = 1;
    reached[out] = 1;
    const { ins, ps, ks, extra } = this;
    const hasExtra = extra.size !== 0;
    for (let i = out; i >= 0; i--) {
      if (reached[i] === 0) {
        grad[i] = 0;
        continue;
      }
      const g = grad[i];
      // The two slots, written out (this loop is the whole reverse pass); see propagate().
      const e = 2 * i;
      let f = ins[e];
      if (f < 0) continue;
      let k = ks[e];
      if (k === E_GRAD) {
        if (reached[f] === 0) {
          reached[f] = 1;
          grad[f] = 0 + g * ps[e];
        } else grad[f] += g * ps[e];
      } else if (k === E_ZERO && reached[f] === 0) {
        reached[f] = 1;
        grad[f] = 0;
      }
      f = ins[e + 1];
      if (f < 0) continue;
      k = ks[e + 1];
      if (k === E_GRAD) {
        if (reached[f] === 0) {
          reached[f] = 1;
          grad[f] = 0 + g * ps[e + 1];
        } else grad[f] += g * ps[e + 1];
      } else if (k === E_ZERO && reached[f] === 0) {
        reached[f] = 1;
        grad[f] = 0;
      }
      if (hasExtra) {
        const list = extra.get(i);
        if (list) for (let j = 0; j < list.length; j += 3) propagate(grad, reached, list[j], g, list[j + 1], list[j + 2]);
      }
    }
    return views;
  }

  /** Marks every node the output depends on through any edge kind (data provenance). */
  ancestors(out: number): Uint8Array {
    const seen = new Uint8Array(this.n);
    if (out < 0 || out >= this.n) return seen;
    seen[out] = 1;
    for (let i = out; i >= 0; i--) {
      if (!seen[i]) continue;
      for (let k = 0, c = this.edgeCount(i); k < c; k++) seen[this.edgeFrom(i, k)] = 1;
    }
    return seen;
  }

  private grow(): void {
    const size = this.value.length * 2;
    this.value = grow(this.value, new Float64Array(size));
    this.op = grow(this.op, new Uint16Array(size));
    this.kind = grow(this.kind, new Uint8Array(size));
    this.site = grow(this.site, new Int32Array(size));
    this.ins = grow(this.ins, new Int32Array(2 * size));
    this.ps = grow(this.ps, new Float64Array(2 * size));
    this.ks = grow(this.ks, new Uint8Array(2 * size));
    this.limit = Math.min(size - 1, this.cap);
  }
}

/** One edge of the reverse pass: input `f` receives g × partial (kind permitting). */
function propagate(grad: Float64Array, reached: Uint8Array, f: number, g: number, partial: number, kind: number): void {
  if (kind === E_GRAD) {
    if (reached[f] === 0) {
      reached[f] = 1;
      grad[f] = 0 + g * partial; // `0 +` keeps the sign of zero as accumulation from 0 would
    } else grad[f] += g * partial;
  } else if (kind === E_ZERO && reached[f] === 0) {
    // A zero edge reaches its input with an exact zero, even when g is infinite.
    reached[f] = 1;
    grad[f] = 0;
  }
}

function grow<T extends { set(a: ArrayLike<number>): void }>(old: ArrayLike<number>, next: T): T {
  next.set(old);
  return next;
}
