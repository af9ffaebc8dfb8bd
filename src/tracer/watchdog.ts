/**
 * Resident memory of another process, for the tracer's memory watchdog: typed arrays live outside
 * the V8 heap, so `--max-old-space-size` alone does not bound them. Reads `/proc/<pid>/status`
 * (Linux); elsewhere returns null and only the heap limit applies.
 */
import * as fs from 'node:fs';

/** VmRSS of `pid` in MB, or null when it cannot be read. */
export function readRssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
