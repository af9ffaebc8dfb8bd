/**
 * Calling the `--entry` function: arguments by parameter name (omitted ones take their defaults),
 * traced as a gradient context — by the instrumented wrapper when the function has one, else
 * from here (a function built by a factory, say).
 */
import type { FunctionInfo } from '../build/sites';
import { contexts, enter, exit, fail, leave, param } from './context';
import { topLevel } from './runtime';

/** Finds the entry function among the module's exports and top-level functions. */
export function findEntry(name: string, exports: Record<string, unknown>, fileName: string): (...a: unknown[]) => unknown {
  const def = exports.default as Record<string, unknown> | undefined;
  const fn = exports[name] ?? topLevel.get(name) ?? (def && typeof def === 'object' ? def[name] : undefined);
  if (typeof fn !== 'function') throw new Error(`no top-level or exported function named "${name}" in ${fileName}`);
  return fn as (...a: unknown[]) => unknown;
}

/** Positional arguments for `info`'s parameters from `args` by name; unknown names are an error. */
export function positionalArgs(name: string, info: FunctionInfo | undefined, args: Record<string, unknown>): unknown[] {
  const names = info?.params ?? [];
  const unknown = Object.keys(args).filter((k) => !names.includes(k));
  if (info && unknown.length) {
    throw new Error(`${name} has no parameter named ${unknown.map((k) => `"${k}"`).join(', ')} (parameters: ${names.filter(Boolean).join(', ')})`);
  }
  const out = names.map((n) => (n !== null && n in args ? args[n] : undefined));
  while (out.length && out[out.length - 1] === undefined) out.pop();
  return out;
}

/** Calls the entry as a traced gradient context; returns its result (a promise stays a promise). */
export function callEntry(name: string, fn: (...a: unknown[]) => unknown, info: FunctionInfo | undefined, args: unknown[]): unknown {
  if (info?.wrapped) {
    contexts.entryArmed = true;
    try {
      return fn(...args);
    } finally {
      contexts.entryArmed = false;
    }
  }
  const names = info?.params ?? [];
  contexts.entryArmed = true;
  const c = enter(name, -1, fn, undefined, args);
  const traced = args.map((a, i) => param(c, a, names[i] ?? `arg${i}`, i, -1));
  try {
    return exit(c, fn(...traced), -1);
  } catch (e) {
    throw fail(c, e);
  } finally {
    leave(c);
  }
}
