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
  /**
   * Id of node 0 in the pair protocol (unboxed locals carry `base + index`). It grows past every id
   * handed out before on each reset, so an id kept from an older generation is below it: a constant.
   */
  base = 0;
  /** Nodes the tape may hold before recording stops (values then flow on untracked). */
  readonly cap: number;
  /** True once a value could not be recorded because the cap was reached. */
  overflow = false;
  /** Recording needs a cap check once `n` reaches this. */
  readonly limit: number;
  readonly value: Float64Array;
  readonly op: Uint16Array;
  readonly kind: Uint8Array;
  readonly site: Int32Array;
  /**
   * First and second input of node i at [2i] and [2i + 1] (-1 = none), their local partials and
   * edge kinds. Interleaved, so one node's inputs share a cache line (the reverse pass reads them
   * together; separate arrays made it almost twice as slow).
   */
  readonly ins: Int32Array;
  readonly ps: Float64Array;
  readonly ks: Uint8Array;
  /** Inputs beyond the second, by node: flat [from, partial, kind] triples. */
  extra = new Map<number, number[]>();
  /** Display labels that are not derived from the site (parameter names, sampler names). */
  labels = new Map<number, string>();
  /** Buffers of {@link reverse}, reused across calls. */
  private readonly gradBuf: Float64Array;
  private readonly reachedBuf: Uint8Array;
  private readonly sweep: Sweep;
  /** Node writers of the hot path (see {@link TapeWriters}). */
  readonly write: TapeWriters;

  /**
   * The arrays are allocated for `cap` nodes at once and never replaced. Memory the tape does not
   * use costs address space only (the system maps zero pages on first write), and fixed arrays let
   * V8 treat them as constants in the recording and reverse-pass code.
   */
  constructor(cap = 1_000_000) {
    this.cap = cap;
    this.limit = cap;
    const size = cap + 1;
    this.value = new Float64Array(size);
    this.op = new Uint16Array(size);
    this.kind = new Uint8Array(size);
    this.site = new Int32Array(size);
    this.ins = new Int32Array(2 * size);
    this.ps = new Float64Array(2 * size);
    this.ks = new Uint8Array(2 * size);
    this.gradBuf = new Float64Array(size);
    this.reachedBuf = new Uint8Array(size);
    this.sweep = makeSweep(this.ins, this.ps, this.ks, this.gradBuf, this.reachedBuf);
    this.write = makeWriters(this);
  }

  /** Forgets every node and starts a new generation. */
  reset(): void {
    // Kinds are 0 (K_OP, E_GRAD) unless written: clearing the used range here saves the hot path
    // three stores per node.
    this.kind.fill(0, 0, this.n);
    this.ks.fill(0, 0, 2 * this.n);
    this.base += this.n + 1;
    this.n = 0;
    this.gen++;
    this.overflow = false;
    this.labels.clear();
    this.extra.clear();
  }

  /** True when one more node fits; sets `overflow` at the cap. */
  reserve(): boolean {
    if (this.n >= this.cap) {
      this.overflow = true;
      return false;
    }
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
    // `out | 0`: an index V8 holds as a double would make the whole sweep loop run on double indices.
    this.sweep(out | 0, this.extra.size !== 0 ? this.extra : null);
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
}

/**
 * Appends op nodes: the hot path of every traced operation, boxed (state.ts) or unboxed
 * (pair-ops.ts). Made once per tape as closures over its arrays, which never change: where V8
 * inlines a writer into the user's loop it uses the arrays' addresses directly instead of
 * reloading them from the tape object at every operation (with the reverse sweep below, this
 * took the benchmark loop from about 9× to 7–8×).
 */
export interface TapeWriters {
  /** Node with inputs `a` and `b` (either may be -1 = none, not both) and their partials; its index, or -1 at the cap. */
  op2(op: number, site: number, v: number, a: number, pa: number, b: number, pb: number): number;
  /** Node with the one input `a` over an edge of kind `ek`; its index, or -1 at the cap. */
  op1(op: number, site: number, v: number, a: number, pa: number, ek: number): number;
}

function makeWriters(t: Tape): TapeWriters {
  const { value, op: opOf, kind, site: siteOf, ins, ps, ks } = t;
  return {
    op2(op, site, v, a, pa, b, pb) {
      if (a < 0) {
        // Slot 0 holds the input when there is one (the reverse pass stops at an empty slot 0).
        a = b;
        pa = pb;
        b = -1;
      }
      const i = t.n;
      if (i >= t.limit && !t.reserve()) return -1;
      value[i] = v;
      opOf[i] = op;
      // kind[i] and the edge kinds are K_OP / E_GRAD already (0 since the tape's last reset).
      siteOf[i] = site;
      ins[2 * i] = a;
      ins[2 * i + 1] = b;
      ps[2 * i] = pa;
      ps[2 * i + 1] = pb;
      t.n = i + 1;
      return i;
    },
    op1(op, site, v, a, pa, ek) {
      const i = t.n;
      if (i >= t.limit && !t.reserve()) return -1;
      value[i] = v;
      opOf[i] = op;
      kind[i] = K_OP;
      siteOf[i] = site;
      ins[2 * i] = a;
      ins[2 * i + 1] = -1;
      ps[2 * i] = pa;
      ks[2 * i] = ek;
      t.n = i + 1;
      return i;
    },
  };
}

type Sweep = (out: number, extra: Map<number, number[]> | null) => void;

/**
 * The reverse sweep over nodes `out` … 0 of one tape's arrays. A closure over constants made once
 * per tape (the tracer has one): V8 then compiles the loop against those very arrays. On the
 * benchmark's 100,000-node tape the pass went from 1.1–1.5 ms to 0.8–0.9 ms with this, and to
 * 0.4–0.55 ms once the output index reached it as an int32 (see `reverse`). A tape made in a test
 * beside the tracer's gets a second closure and slower, generic code, with the same results.
 */
function makeSweep(ins: Int32Array, ps: Float64Array, ks: Uint8Array, grad: Float64Array, reached: Uint8Array): Sweep {
  return (out, extra) => {
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
      if (extra !== null) {
        const list = extra.get(i);
        if (list) for (let j = 0; j < list.length; j += 3) propagate(grad, reached, list[j], g, list[j + 1], list[j + 2]);
      }
    }
  };
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

