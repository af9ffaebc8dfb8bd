/**
 * Measures how long the extension host's event loop is blocked. A timer ticks every 5 ms; a tick
 * that comes late means the loop was busy or the process was not scheduled. On a loaded machine the
 * second dominates wall-clock delay, so each gap is also charged with the CPU time the process used
 * during it: a gap blocked by code in this process burns CPU for its whole length, a gap caused by
 * the scheduler does not. `maxBlockedMs` = max over gaps of min(wall, cpu); `maxWallMs` is the raw delay.
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface LoopReport {
  maxWallMs: number;
  maxBlockedMs: number;
  /** Gaps over 30 ms as `t+ms:wall/cpu/gc` (gc: the main isolate's garbage-collection pauses in the gap), for the failure message. */
  gaps: string[];
}

export function startLoopProbe(): { stop(): LoopReport } {
  const TICK = 5;
  const t0 = performance.now();
  let lastWall = t0;
  let lastCpu = process.cpuUsage();
  let maxWallMs = 0;
  let maxBlockedMs = 0;
  const gaps: string[] = [];
  const gcs: PerformanceEntry[] = [];
  const gcObserver = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  gcObserver.observe({ entryTypes: ['gc'] });
  const gcIn = (from: number, to: number) => gcs.filter((e) => e.startTime >= from && e.startTime < to).reduce((ms, e) => ms + e.duration, 0);
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const wall = now - lastWall - TICK;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const blocked = Math.max(0, Math.min(wall, cpuMs - TICK));
    maxWallMs = Math.max(maxWallMs, wall);
    maxBlockedMs = Math.max(maxBlockedMs, blocked);
    if (wall > 30) gaps.push(`${Math.round(now - t0)}:${Math.round(wall)}/${Math.round(cpuMs)}/${Math.round(gcIn(lastWall, now))}`);
    lastWall = now;
    lastCpu = process.cpuUsage();
  }, TICK);
  return {
    stop() {
      clearInterval(timer);
      gcObserver.disconnect();
      return { maxWallMs: Math.round(maxWallMs), maxBlockedMs: Math.round(maxBlockedMs), gaps };
    },
  };
}
