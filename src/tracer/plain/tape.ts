/**
 * The tape of the plain numeric runtime: every recorded value is a node in flat typed arrays
 * (value, op, kind, source site, and its input edges with local partial derivatives), so a long
 * numeric loop costs a few array writes per operation instead of an object graph.
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
  /** Number of edges. */
  m = 0;
  /** Incremented on every reset; values of an older generation count as constants. */
  gen = 0;
  /** Nodes the tape may hold before recording stops (values then flow on untracked). */
  readonly cap: number;
  /** True once a value could not be recorded because the cap was reached. */
  overflow = false;
  value = new Float64Array(1024);
  op = new Uint16Array(1024);
  kind = new Uint8Array(1024);
  site = new Int32Array(1024);
  /** Edges of node i are inStart[i] .. inStart[i + 1] - 1. */
  inStart = new Int32Array(1025);
  from = new Int32Array(2048);
  partial = new Float64Array(2048);
  ekind = new Uint8Array(2048);
  /** Display labels that are not derived from the site (parameter names, sampler names). */
  labels = new Map<number, string>();
  /** Buffers of {@link reverse}, reused across calls. */
  private gradBuf = new Float64Array(0);
  private reachedBuf = new Uint8Array(0);

  constructor(cap = 1_000_000) {
    this.cap = cap;
  }

  /** Forgets every node and starts a new generation. */
  reset(): void {
    this.n = 0;
    this.m = 0;
    this.gen++;
    this.overflow = false;
    this.labels.clear();
  }

  /** True when one more node with `edges` inputs fits (growing the arrays when needed). */
  reserve(edges: number): boolean {
    if (this.n >= this.cap) {
      this.overflow = true;
      return false;
    }
    if (this.n + 1 >= this.value.length) this.growNodes();
    while (this.m + edges >= this.from.length) this.growEdges();
    return true;
  }

  /** Appends a node; its edges must be added with {@link edge} right after. Returns its index. */
  push(op: number, kind: number, site: number, value: number): number {
    const i = this.n++;
    this.value[i] = value;
    this.op[i] = op;
    this.kind[i] = kind;
    this.site[i] = site;
    this.inStart[i] = this.m;
    this.inStart[i + 1] = this.m;
    return i;
  }

  /** Adds an input edge to the most recently pushed node. */
  edge(from: number, partial: number, kind: number): void {
    const j = this.m++;
    this.from[j] = from;
    this.partial[j] = partial;
    this.ekind[j] = kind;
    this.inStart[this.n] = this.m;
  }

  /** Hot path: appends an op node with one input edge; returns its index or -1 when the tape is full. */
  push1(op: number, site: number, value: number, a: number, pa: number, ek: number): number {
    const i = this.n;
    const m = this.m;
    if (i + 1 >= this.value.length || m + 1 >= this.from.length || i >= this.cap) {
      if (!this.reserve(1)) return -1;
    }
    this.value[i] = value;
    this.op[i] = op;
    this.kind[i] = K_OP;
    this.site[i] = site;
    this.from[m] = a;
    this.partial[m] = pa;
    this.ekind[m] = ek;
    this.m = m + 1;
    this.n = i + 1;
    this.inStart[i + 1] = m + 1;
    return i;
  }

  /** Hot path: appends an op node with two gradient edges; returns its index or -1 when the tape is full. */
  push2(op: number, site: number, value: number, a: number, pa: number, b: number, pb: number): number {
    const i = this.n;
    const m = this.m;
    if (i + 1 >= this.value.length || m + 2 >= this.from.length || i >= this.cap) {
      if (!this.reserve(2)) return -1;
    }
    this.value[i] = value;
    this.op[i] = op;
    this.kind[i] = K_OP;
    this.site[i] = site;
    this.from[m] = a;
    this.partial[m] = pa;
    this.ekind[m] = E_GRAD;
    this.from[m + 1] = b;
    this.partial[m + 1] = pb;
    this.ekind[m + 1] = E_GRAD;
    this.m = m + 2;
    this.n = i + 1;
    this.inStart[i + 1] = m + 2;
    return i;
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
    const grad = this.gradBuf.subarray(0, n);
    const reached = this.reachedBuf.subarray(0, n);
    // Only `reached` is cleared: a node's gradient is initialised by its first incoming edge
    // (consumers always have higher indices), and set to 0 when nothing reaches it.
    reached.fill(0);
    if (out < 0 || out >= n) {
      grad.fill(0);
      return { grad, reached };
    }
    if (out + 1 < n) grad.fill(0, out + 1);
    grad[out] = 1;
    reached[out] = 1;
    const { inStart, ekind, from, partial } = this;
    for (let i = out; i >= 0; i--) {
      if (reached[i] === 0) {
        grad[i] = 0;
        continue;
      }
      const g = grad[i];
      for (let j = inStart[i], end = inStart[i + 1]; j < end; j++) {
        const k = ekind[j];
        const f = from[j];
        if (k === E_GRAD) {
          if (reached[f] === 0) {
            reached[f] = 1;
            grad[f] = 0 + g * partial[j]; // `0 +` keeps the sign of zero as accumulation would
          } else grad[f] += g * partial[j];
        } else if (k === E_ZERO && reached[f] === 0) {
          // A zero edge reaches its input with an exact zero, even when g is infinite.
          reached[f] = 1;
          grad[f] = 0;
        }
      }
    }
    return { grad, reached };
  }

  /** Marks every node the output depends on through any edge kind (data provenance). */
  ancestors(out: number): Uint8Array {
    const seen = new Uint8Array(this.n);
    if (out < 0 || out >= this.n) return seen;
    seen[out] = 1;
    for (let i = out; i >= 0; i--) {
      if (!seen[i]) continue;
      for (let j = this.inStart[i], end = this.inStart[i + 1]; j < end; j++) seen[this.from[j]] = 1;
    }
    return seen;
  }

  private growNodes(): void {
    const size = this.value.length * 2;
    this.value = grow(this.value, new Float64Array(size));
    this.op = grow(this.op, new Uint16Array(size));
    this.kind = grow(this.kind, new Uint8Array(size));
    this.site = grow(this.site, new Int32Array(size));
    this.inStart = grow(this.inStart, new Int32Array(size + 1));
  }

  private growEdges(): void {
    const size = this.from.length * 2;
    this.from = grow(this.from, new Int32Array(size));
    this.partial = grow(this.partial, new Float64Array(size));
    this.ekind = grow(this.ekind, new Uint8Array(size));
  }
}

function grow<T extends { set(a: ArrayLike<number>): void }>(old: ArrayLike<number>, next: T): T {
  next.set(old);
  return next;
}
