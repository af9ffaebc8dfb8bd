/**
 * Argument checks shared by the commands that run user code (`trace`, `estimate`): one file, a JSON
 * object of arguments by name, integer options with a lower bound, a function name.
 */

import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage error: the command prints it with its usage text and exits 2. */
export class UsageError extends Error {}

/** Parses a command's options and positionals; an unknown or malformed option is a {@link UsageError}. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The single positional `<file>`. */
export function oneFile(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'expected exactly one file' : 'missing <file>');
  return positionals[0];
}

/** `--args` as a JSON object by parameter name (`{}` when absent). */
export function jsonArgs(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--args is not valid JSON (${(e as Error).message})`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new UsageError('--args must be a JSON object, e.g. {"mu":0.5}');
  return args as Record<string, unknown>;
}

/** An integer option ≥ `min`, or null when absent. */
export function intOption(s: string | undefined, name: string, min: number): number | null {
  if (s === undefined) return null;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}`);
  return n;
}

/** `--entry`: a function name (or `Class.method` when `methods` is set), or null when absent. */
export function entryOption(s: string | undefined, opts: { methods?: boolean } = {}): string | null {
  if (s === undefined) return null;
  if (/^[A-Za-z_$][\w$]*$/.test(s)) return s;
  // `Class.method` (a Layer's call()): only where the command can construct the class (trace).
  if (opts.methods && /^[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*$/.test(s)) return s;
  throw new UsageError(opts.methods ? '--entry must be a function name or Class.method' : '--entry must be a function name');
}
