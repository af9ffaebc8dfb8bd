/**
 * Vitest global setup: marks every process of this test run (workers, the tracer children they
 * spawn and whatever those start inherit the environment variable), and after the run fails it if
 * any marked process is still alive — `ps` after the tests shows nothing of theirs left. Survivors
 * are listed and killed, so a failing run still leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';

const KEY = 'PATHWISE_TEST_RUN';

export function setup(): void {
  process.env[KEY] = randomUUID();
}

/** Live processes (not zombies) other than this one whose environment carries this run's mark. */
function marked(mark: string): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) continue;
      if (!fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${KEY}=${mark}`)) continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      // Vitest's own workers may still be winding down.
      if (/vitest/.test(cmd)) continue;
      out.push({ pid, cmd });
    } catch {
      // Gone meanwhile, or not readable.
    }
  }
  return out;
}

export async function teardown(): Promise<void> {
  const mark = process.env[KEY];
  if (!mark || !fs.existsSync('/proc/self/environ')) return;
  // A SIGKILL sent at the very end of a test may take a moment to land.
  let left = marked(mark);
  for (let i = 0; i < 40 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 50));
    left = marked(mark);
  }
  if (left.length === 0) return;
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  // Vitest reports an error thrown here but keeps its exit code: set it too, so the run fails.
  process.exitCode = 1;
  throw new Error(`${left.length} process(es) of the tests were left running:\n${left.map((p) => `  ${p.pid} ${p.cmd.slice(0, 120)}`).join('\n')}`);
}
