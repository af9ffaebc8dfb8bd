/**
 * Shared state of the plain runtime and the boxed value it hands to user code. A {@link Val} is a
 * number that remembers its tape node; it converts to its number wherever uninstrumented code
 * coerces it (`valueOf`, `Symbol.toPrimitive`, `toJSON`, `toFixed`, string templates, `util.inspect`).
 */
import type { Site } from '../build/sites';
import { E_GRAD, Tape } from './tape';

/** A traced number: value `v`, tape node `i`, tape generation `g`. */
export class Val {
  constructor(
    readonly v: number,
    readonly i: number,
    readonly g: number,
  ) {}
  valueOf(): number {
    return this.v;
  }
  toString(radix?: number): string {
    return this.v.toString(radix);
  }
  toJSON(): number {
    return this.v;
  }
  toFixed(digits?: number): string {
    return this.v.toFixed(digits);
  }
  toPrecision(precision?: number): string {
    return this.v.toPrecision(precision);
  }
  toExponential(digits?: number): string {
    return this.v.toExponential(digits);
  }
  toLocaleString(locales?: string | string[], options?: Intl.NumberFormatOptions): string {
    return this.v.toLocaleString(locales, options);
  }
  [Symbol.toPrimitive](hint: string): number | string {
    return hint === 'string' ? String(this.v) : this.v;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): number {
    return this.v;
  }
}

/** What the runtime is doing: tracing every gradient context, only the requested entry, or nothing. */
export type TraceMode = 'auto' | 'entry' | 'off';

/** Tape generation whose values are live (recording), or -1 while nothing records. Written only here. */
export let live = -1;

/** The tape of the process (also `rt.tape`); the hot path uses it directly. */
export const TAPE = new Tape();

/**
 * The runtime's mutable state (one per child process). A plain data object on purpose: an
 * accessor property here made every `rt.tape` load on the hot path ~30% slower.
 */
export const rt = {
  tape: TAPE,
  mode: 'auto' as TraceMode,
  sites: [] as Site[],
};

/**
 * Register of the pair protocol (see pair-ops.ts), `__pw.R` to instrumented code: `L` is the node
 * id of the last result (-1: untracked) and `off` the id of node 0 of the recording generation
 * (`Infinity` while nothing records, so no id counts as tracked).
 */
export const R = { L: -1, off: Infinity };

/** True while a gradient context records. */
export function isActive(): boolean {
  return live >= 0;
}

/** Starts or pauses recording into the current tape generation. */
export function setActive(on: boolean): void {
  live = on ? TAPE.gen : -1;
  R.off = on ? TAPE.base : Infinity;
}

/** Tape node of `x` when it is a value of the recording context, else -1 (a constant). */
export function track(x: unknown): number {
  return x instanceof Val && x.g === live ? x.i : -1;
}

/** The number behind `x` (a Val's value, or ECMAScript ToNumber). */
export function num(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x instanceof Val) return x.v;
  return Number(x);
}

const W = TAPE.write;

/**
 * Records a one-input op node and returns its traced value (the plain value when the tape is
 * full). Only called with a tracked input, i.e. while recording (so `live` is the tape generation).
 */
export function node1(op: number, site: number, v: number, a: number, pa: number, ek = E_GRAD): Val | number {
  const i = W.op1(op, site, v, a, pa, ek);
  return i < 0 ? v : new Val(v, i, live);
}

/**
 * Records an op node with gradient edges from `a` and `b`, either of which may be -1 (not both).
 * One call site per operator on purpose: V8 inlines it into the operator's slow path once, which
 * leaves room in its inlining budget for the user's loop to inline the operators themselves.
 */
export function rec(op: number, site: number, v: number, a: number, pa: number, b: number, pb: number): Val | number {
  const i = W.op2(op, site, v, a, pa, b, pb);
  return i < 0 ? v : new Val(v, i, live);
}

/** Records a node with up to two tracked inputs (`a` or `b` may be -1, not both). */
export function node2(op: number, site: number, v: number, a: number, pa: number, b: number, pb: number): Val | number {
  return rec(op, site, v, a, pa, b, pb);
}

/** Records a leaf or a node with arbitrary inputs of one edge kind (parameters, noise, samples). */
export function nodeN(op: number, kind: number, site: number, v: number, inputs: number[], ek: number, label?: string): Val | number {
  const t = rt.tape;
  if (!t.reserve()) return v;
  const i = t.push(op, kind, site, v);
  for (const a of inputs) t.edge(a, 0, ek);
  if (label !== undefined) t.labels.set(i, label);
  return new Val(v, i, t.gen);
}

/** Op names; the tape stores their indices. */
export const OP_NAMES: string[] = [];
const opIndex = new Map<string, number>();

/** Index of op `name` (registered on first use). */
export function opCode(name: string): number {
  let c = opIndex.get(name);
  if (c === undefined) {
    c = OP_NAMES.length;
    OP_NAMES.push(name);
    opIndex.set(name, c);
  }
  return c;
}

/** Shallow copy of `x` with traced numbers replaced by plain numbers (arrays recursively). */
export function unwrap(x: unknown, depth = 0): unknown {
  if (x instanceof Val) return x.v;
  if (depth > 4 || typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    let out: unknown[] | null = null;
    for (let k = 0; k < x.length; k++) {
      const u = unwrap(x[k], depth + 1);
      if (u !== x[k]) (out ??= x.slice())[k] = u;
    }
    return out ?? x;
  }
  if (Object.getPrototypeOf(x) !== Object.prototype) return x;
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(x)) {
    if (v instanceof Val) (out ??= { ...(x as Record<string, unknown>) })[k] = v.v;
  }
  return out ?? x;
}
