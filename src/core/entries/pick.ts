/**
 * Which gradient context a trace runs when the user names none — the same choice for `pathwise
 * trace` without `--entry` and for the inspector opening a file: the module itself when it reaches
 * a context as it loads (`optimizer.minimize(() => loss(data))` at the top level); else the
 * objective the file's training code differentiates (`optimizer.minimize(() => loss(data))` inside
 * `main`), else an exported, then any top-level gradient context that can start without user input.
 */
import type { FileEntries, TraceEntry } from './list';

/** What to run. */
export type EntryPick =
  /** Run the module: it calls a gradient context at load time. */
  | { kind: 'module'; reason: string }
  /** Call `entry` (a top-level function) with `args`. */
  | { kind: 'entry'; entry: string; args: Record<string, unknown>; reason: string; from: TraceEntry }
  /** Nothing runs by itself: the user must name an entry (and maybe arguments). */
  | { kind: 'none'; candidates: string[] };

const BY_DIFFERENTIATION = new Set<TraceEntry['kind']>(['minimize', 'variableGrads', 'grad']);

/** Picks the entry for `file` (see the module comment for the order). */
export function pickEntry(file: FileEntries): EntryPick {
  const first = file.moduleCalls[0];
  if (first) return { kind: 'module', reason: `the module calls ${first.callee} at line ${first.line}` };
  // A Layer's call() comes last: the functions that use the layer trace it in context.
  const ready = file.entries.filter((e) => e.callable !== null && e.missing.length === 0);
  const functions = ready.filter((e) => e.kind !== 'layer-call');
  const chosen =
    functions.find((e) => BY_DIFFERENTIATION.has(e.kind) && e.callable !== e.name) ??
    functions.find((e) => e.exported && e.callable === e.name) ??
    functions.find((e) => e.callable === e.name) ??
    functions[0] ??
    ready[0];
  if (chosen) {
    const reason =
      chosen.kind === 'layer-call'
        ? `${chosen.name} is the only gradient context that starts by itself: the layer is applied to inputs of the shape the module shows`
        : chosen.callable === chosen.name
          ? `${chosen.callable} is a gradient context that runs with its ${chosen.params.length ? 'default arguments' : 'no arguments'}`
          : `${chosen.name} differentiates ${chosen.callable}`;
    return { kind: 'entry', entry: chosen.callable!, args: chosen.args, reason, from: chosen };
  }
  return { kind: 'none', candidates: entryCandidates(file) };
}

/**
 * The function the estimator lab calls when the user names none (`pathwise estimate` without
 * `--entry`, the Estimators tab): the entry {@link pickEntry} would call, ignoring load-time calls
 * (the lab calls a function N times; a module that trains as it loads cannot be called again).
 * Arguments the user gave count as present, so `loss(mu, sigma)` with `{"mu": 0.5, "sigma": 1}` is
 * callable; the answer's `args` are the picker's with the given ones on top.
 */
export function pickCallableEntry(file: FileEntries, given: Record<string, unknown> = {}): { entry: string; args: Record<string, unknown> } | { problem: string } {
  // The lab calls plain functions: a Layer's call() (`Class.call`) is not one.
  const entries = file.entries.filter((e) => e.kind !== 'layer-call').map((e) => ({ ...e, missing: e.missing.filter((m) => !Object.hasOwn(given, m)) }));
  const pick = pickEntry({ entries, moduleCalls: [] });
  if (pick.kind === 'entry') return { entry: pick.entry, args: { ...pick.args, ...given } };
  const candidates = entryCandidates({ entries, moduleCalls: [] });
  return { problem: `no function to estimate was found by itself; pass --entry NAME (candidates: ${candidates.length ? candidates.join(', ') : 'none'})` };
}

/** Names the user can pass as `--entry` (top-level functions that reach a gradient context, `Class.call` of a Layer), deduplicated. */
export function entryCandidates(file: FileEntries): string[] {
  return [...new Set(file.entries.map((e) => e.callable).filter((c): c is string => c !== null))];
}

/** The hint when nothing computed a gradient: `no gradient context was called; pass --entry NAME (candidates: loss, elbo)`. */
export function noEntryHint(candidates: string[]): string {
  return `no gradient context was called; pass --entry NAME (candidates: ${candidates.length ? candidates.join(', ') : 'none'})`;
}
