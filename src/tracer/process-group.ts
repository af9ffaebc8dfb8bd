/**
 * The traced program runs in a process group of its own (the runner is spawned `detached`, which
 * makes it the leader of a new session and group), so everything it starts — `sleep`s, shells, a
 * child that ignores SIGTERM — is ended with one SIGKILL to the group. Groups still alive when the
 * parent exits are killed then, so a CLI interrupted with Ctrl+C leaves nothing behind either.
 *
 * A process that moves itself into another session (`setsid`) leaves the group and is not reached.
 */

const live = new Set<number>();
let exitHookInstalled = false;
let onSignals = false;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Ends the live groups, then dies of the same signal (the handler is gone by then: default action). */
function onSignal(signal: NodeJS.Signals): void {
  killAllGroups();
  process.kill(process.pid, signal);
}

/** Installs the signal handlers exactly while some group is live (a blocked process stays killable otherwise). */
function syncSignalHandlers(): void {
  for (const s of SIGNALS) {
    process.removeListener(s, onSignal);
    if (onSignals && live.size > 0) process.once(s, onSignal);
  }
}

/**
 * Also kill the live groups when this process gets SIGINT (Ctrl+C), SIGTERM or SIGHUP, which do not
 * reach a group of its own. For the CLI; handlers exist only while a trace runs.
 */
export function killGroupsOnSignals(): void {
  onSignals = true;
  syncSignalHandlers();
}

/** Kills every process of the group led by `pgid` (the runner's pid). Never throws. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already empty.
  }
}

/** Remembers a live group so that the parent's exit kills it; returns a function that forgets it. */
export function trackGroup(pgid: number): () => void {
  live.add(pgid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAllGroups);
  }
  syncSignalHandlers();
  return () => {
    live.delete(pgid);
    syncSignalHandlers();
  };
}

/** Kills every group still tracked (the parent is going away: on exit, SIGINT or SIGTERM). */
export function killAllGroups(): void {
  for (const pgid of live) killGroup(pgid);
  live.clear();
  syncSignalHandlers();
}
