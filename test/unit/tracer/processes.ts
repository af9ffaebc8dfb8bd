/**
 * What the process-containment tests look at: the live processes of this machine, read from
 * `/proc/<pid>/stat` as `ps` does. A zombie (state Z) has already exited and only waits to be reaped
 * by its new parent, so it does not count as left behind.
 */
import * as fs from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
  comm: string;
}

/** The `/proc/<pid>/stat` fields of `pid`, or null when it is gone. */
export function procInfo(pid: number): ProcInfo | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // `comm` is in parentheses and may itself contain spaces and parentheses: split after the last one.
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const [state, ppid, pgrp] = stat.slice(close + 2).split(' ');
  return { pid, ppid: Number(ppid), pgrp: Number(pgrp), state, comm };
}

/** True while `pid` exists and has not exited (zombies count as exited). */
export function isAlive(pid: number): boolean {
  const p = procInfo(pid);
  return p !== null && p.state !== 'Z' && p.state !== 'X';
}

/** Every live process on the machine. */
export function liveProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = procInfo(Number(name));
    if (p && p.state !== 'Z' && p.state !== 'X') out.push(p);
  }
  return out;
}

/** Live processes whose process group is `pgid`. */
export function liveGroupMembers(pgid: number): ProcInfo[] {
  return liveProcesses().filter((p) => p.pgrp === pgid);
}

/**
 * The pids of `pids` still alive after waiting up to `ms` for them to go (a SIGKILL is delivered
 * asynchronously, so a kill sent just before the check may take a moment to land).
 */
export async function survivors(pids: number[], ms = 2000): Promise<number[]> {
  const end = Date.now() + ms;
  let left = pids.filter(isAlive);
  while (left.length && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter(isAlive);
  }
  return left;
}

/** Kills whatever of `pids` is still alive (test cleanup, so a failing test leaves nothing behind). */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
