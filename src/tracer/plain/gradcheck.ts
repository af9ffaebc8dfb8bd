/**
 * The built-in gradient check: for each parameter, the central finite difference of the loss,
 * re-running the same call with the same noise stream, beside the reverse-mode value. Where the
 * two disagree the code has a path the tape did not differentiate (a severed sampler).
 */
import type { GradCheck } from '../../core/graph/model';
import type { ContextRecord, ParamRecord } from './context';
import { num, rt } from './state';
import { setRandomState } from '../rng';

/** Relative tolerance above which reverse mode and finite differences are said to disagree. */
export const GRADCHECK_TOLERANCE = 1e-4;

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'];

function rerun(rec: ContextRecord, p: ParamRecord, x: number): number {
  const args = rec.args.map((a) => (Array.isArray(a) ? a.slice() : a && typeof a === 'object' ? { ...a } : a));
  if (p.key === undefined) args[p.arg] = x;
  else (args[p.arg] as Record<string | number, unknown>)[p.key] = x;
  const mode = rt.mode;
  rt.mode = 'off';
  setRandomState(rec.rngState);
  // Re-runs are silent: the user saw the output of the traced call once.
  const c = console as unknown as Record<string, unknown>;
  const saved = CONSOLE_METHODS.map((k) => c[k]);
  for (const k of CONSOLE_METHODS) c[k] = () => undefined;
  try {
    return num(rec.fn!.apply(rec.thisArg, args));
  } finally {
    rt.mode = mode;
    CONSOLE_METHODS.forEach((k, i) => (c[k] = saved[i]));
  }
}

/** Runs the check for at most `maxParams` parameters; returns nothing when the call cannot be re-run. */
export function gradcheck(rec: ContextRecord, reverse: (number | null)[], maxParams = 64): GradCheck[] {
  if (!rec.fn || rec.error !== null) return [];
  const out: GradCheck[] = [];
  for (const [k, p] of rec.params.slice(0, maxParams).entries()) {
    const h = 1e-5 * Math.max(1, Math.abs(p.value));
    let fd: number;
    try {
      fd = (rerun(rec, p, p.value + h) - rerun(rec, p, p.value - h)) / (2 * h);
    } catch {
      continue;
    }
    const r = reverse[k];
    const agree = r === null ? Math.abs(fd) <= 1e-8 : Math.abs(r - fd) <= GRADCHECK_TOLERANCE * Math.max(1, Math.abs(r), Math.abs(fd));
    out.push({ param: p.name, reverse: r, finiteDiff: fd, agree });
  }
  setRandomState(rec.rngState);
  return out;
}
