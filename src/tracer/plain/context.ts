/**
 * Gradient contexts: the objective functions whose calls are traced. The instrumenter wraps each
 * one so that its first (outermost) call resets the tape, turns its numeric arguments into
 * parameter nodes, and marks its return value as the loss. Only the last call's tape is kept;
 * earlier calls are counted. The call's function, arguments and noise-stream position are kept
 * too, so the gradient check can re-run it with the same noise.
 */
import { isActive, nodeN, num, opCode, rt, setActive, track, Val } from './state';
import { E_GRAD, K_PARAM } from './tape';
import { randomState } from '../rng';

/** One parameter: its tape node and where it sits in the call's arguments. */
export interface ParamRecord {
  name: string;
  node: number;
  arg: number;
  /** Element index or property key inside an array/object argument. */
  key?: string | number;
  value: number;
}

/** The most recent gradient-context call. */
export interface ContextRecord {
  name: string;
  site: number;
  fn: ((...a: unknown[]) => unknown) | undefined;
  thisArg: unknown;
  /** Arguments as plain numbers/copies, for re-runs. */
  args: unknown[];
  rngState: number;
  params: ParamRecord[];
  /** Tape node of the returned loss (-1 when untraced), its value and the return site. */
  out: number;
  outValue: unknown;
  outSite: number;
  done: boolean;
  error: unknown;
}

/** Calls of gradient contexts so far and the last one. */
export const contexts = {
  calls: 0,
  last: null as ContextRecord | null,
  /** Set by the runner right before it calls the entry function (mode `entry`). */
  entryArmed: false,
  open: false,
};

const PARAM = opCode('param');

function plainCopy(x: unknown): unknown {
  if (x instanceof Val) return x.v;
  if (Array.isArray(x)) return x.map((e) => (e instanceof Val ? e.v : e));
  if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v instanceof Val ? v.v : v]));
  }
  return x;
}

/** Starts tracing a call of `name` unless one is already being traced. Returns 1 when it started. */
export function enter(name: string, site: number, fn: unknown, thisArg: unknown, args: unknown[]): number {
  if (contexts.open || rt.mode === 'off') return 0;
  if (rt.mode === 'entry') {
    if (!contexts.entryArmed) return 0;
    contexts.entryArmed = false;
  }
  rt.tape.reset();
  setActive(true);
  contexts.open = true;
  contexts.calls++;
  contexts.last = {
    name,
    site,
    fn: typeof fn === 'function' ? (fn as (...a: unknown[]) => unknown) : undefined,
    thisArg,
    args: args.map(plainCopy),
    rngState: randomState(),
    params: [],
    out: -1,
    outValue: undefined,
    outSite: -1,
    done: false,
    error: null,
  };
  return 1;
}

function newParam(c: ContextRecord, v: number, name: string, arg: number, site: number, key?: string | number): unknown {
  const p = nodeN(PARAM, K_PARAM, site, v, [], E_GRAD, name);
  if (p instanceof Val) c.params.push({ name, node: p.i, arg, key, value: v });
  return p;
}

/** Turns argument `x` (number, number array, or object of numbers) into parameter nodes. */
export function param(c: number, x: unknown, name: string, arg: number, site: number): unknown {
  const rec = contexts.last;
  if (!c || !rec || !isActive()) return x;
  if (typeof x === 'number' || x instanceof Val) return newParam(rec, num(x), name, arg, site);
  if (Array.isArray(x) && x.some((e) => typeof e === 'number' || e instanceof Val)) {
    return x.map((e, k) => (typeof e === 'number' || e instanceof Val ? newParam(rec, num(e), `${name}[${k}]`, arg, site, k) : e));
  }
  if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    const out: Record<string, unknown> = { ...(x as Record<string, unknown>) };
    for (const [k, e] of Object.entries(out)) {
      if (typeof e === 'number' || e instanceof Val) out[k] = newParam(rec, num(e), `${name}.${k}`, arg, site, k);
    }
    return out;
  }
  return x;
}

/** Marks `result` as the loss of the context call `c`; returns it unchanged. */
export function exit(c: number, result: unknown, site: number): unknown {
  const rec = contexts.last;
  if (!c || !rec || rec.done) return result;
  rec.out = track(result);
  rec.outValue = result instanceof Val ? result.v : result;
  rec.outSite = site;
  rec.done = true;
  return result;
}

/** Records that the context call `c` threw `e`; returns `e` for rethrowing. */
export function fail(c: number, e: unknown): unknown {
  const rec = contexts.last;
  if (c && rec && !rec.done) {
    rec.error = e;
    rec.done = true;
  }
  return e;
}

/** Ends the context call `c` (always runs, from `finally`). */
export function leave(c: number): void {
  if (!c) return;
  const rec = contexts.last;
  if (rec) rec.done = true;
  contexts.open = false;
  setActive(false);
}
