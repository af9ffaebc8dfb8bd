/**
 * Nothing the traced program starts survives the trace: the runner runs in a process group of its
 * own, and the whole group is killed on time-out, on the memory limits, on cancel and after the
 * result. Each program records its pid, its process group and the pids of the processes it spawned
 * in a file; the test then looks at `/proc` for survivors (real child processes throughout).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildCli, cleanup as cleanupCli, REPO } from '../cli/harness';
import { runTrace, type RunTraceOptions } from '../../../src/tracer/host';
import { killAll, liveGroupMembers, survivors } from './processes';
import { runnerPath } from './runner-bundle';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-contain-'));
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  cleanupCli();
});

/** Every pid a test recorded, killed after the test whatever its outcome. */
let recorded: number[] = [];
afterEach(() => {
  killAll(recorded);
  recorded = [];
});

let n = 0;
/** A program file whose helpers record the runner and every spawned process in a pid file. */
function program(body: string): { file: string; pidFile: string } {
  const id = n++;
  const pidFile = path.join(dir, `pids-${id}.txt`);
  const file = path.join(dir, `program-${id}.ts`);
  fs.writeFileSync(
    file,
    `import { execSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
const stat = fs.readFileSync('/proc/self/stat', 'utf8');
fs.appendFileSync(${JSON.stringify(pidFile)}, 'runner ' + process.pid + ' ' + stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2] + '\\n');
function record(pid: number | undefined): void {
  fs.appendFileSync(${JSON.stringify(pidFile)}, 'child ' + pid + '\\n');
}
function spawnSleeps(count: number): void {
  for (let i = 0; i < count; i++) record(spawn('sleep', ['1000'], { stdio: 'ignore' }).pid);
}
${body}
`,
  );
  return { file, pidFile };
}

interface Recorded {
  runner: number;
  pgrp: number;
  children: number[];
}

function readPids(pidFile: string): Recorded {
  const lines = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim().split('\n') : [];
  const runnerLine = lines.find((l) => l.startsWith('runner '));
  const [, runner, pgrp] = (runnerLine ?? 'runner 0 0').split(' ').map(Number);
  const children = lines.filter((l) => l.startsWith('child ')).map((l) => Number(l.split(' ')[1]));
  recorded.push(...children, ...(runner ? [runner] : []));
  return { runner, pgrp, children };
}

async function trace(file: string, extra: Partial<RunTraceOptions> = {}) {
  return runTrace({ file, entry: 'loss', args: { w: 1 }, runnerPath: runnerPath(), ...extra });
}

/** Nothing of the trace is alive: not the runner, not a spawned process, not a member of its group. */
async function expectNothingLeft(r: Recorded, spawned: number): Promise<void> {
  expect(r.children.length).toBeGreaterThanOrEqual(spawned);
  expect(await survivors([r.runner, ...r.children])).toEqual([]);
  // The runner led a process group of its own, and no process of that group is left.
  expect(r.pgrp).toBe(r.runner);
  expect(liveGroupMembers(r.pgrp)).toEqual([]);
}

describe('the traced program leaves no process behind', () => {
  it('kills the children of a normal return (also one reparented through a shell) after the result', async () => {
    const { file, pidFile } = program(`
export function loss(w: number): number {
  spawnSleeps(3);
  // A grandchild whose parent (the shell) has already exited: it was reparented away from the runner.
  const orphan = execSync('sleep 1000 > /dev/null 2>&1 & echo $!', { encoding: 'utf8' });
  fs.writeFileSync(${JSON.stringify(path.join(dir, 'grandchild.txt'))}, orphan.trim());
  record(spawn('sh', ['-c', 'sleep 1000'], { stdio: 'ignore' }).pid);
  return w * w;
}
`);
    const g = await trace(file, { gradientCheck: false });
    expect(g.error).toBeNull();
    expect(g.params[0]).toMatchObject({ name: 'w', grad: 2 });
    const r = readPids(pidFile);
    const grandchild = Number(fs.readFileSync(path.join(dir, 'grandchild.txt'), 'utf8'));
    recorded.push(grandchild);
    await expectNothingLeft(r, 4);
    expect(await survivors([grandchild])).toEqual([]);
  });

  it('kills 300 spawned sleeps and the runner stuck in a synchronous loop at the time limit', async () => {
    const { file, pidFile } = program(`
export function loss(w: number): number {
  spawnSleeps(300);
  let s = 0;
  while (true) s += w;
  return s;
}
`);
    const g = await trace(file, { timeoutMs: 10_000 });
    expect(g.error?.reason).toBe('timeout');
    await expectNothingLeft(readPids(pidFile), 300);
  }, 60_000);

  it('kills a child that ignores SIGTERM when the trace is cancelled', async () => {
    const { file, pidFile } = program(`
const stubborn = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
record(stubborn.pid);
function loss(w: number): number { return w * w; }
setInterval(() => loss(2), 20);
`);
    const ac = new AbortController();
    const waitForChild = setInterval(() => {
      if (fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').includes('child ')) setTimeout(() => ac.abort(), 300);
    }, 50);
    const g = await runTrace({ file, timeoutMs: 30_000, signal: ac.signal, runnerPath: runnerPath() });
    clearInterval(waitForChild);
    expect(g.error?.reason).toBe('cancelled');
    await expectNothingLeft(readPids(pidFile), 1);
  });

  it('kills the group when the resident-memory watchdog stops the runner', async () => {
    const { file, pidFile } = program(`
export function loss(w: number): number {
  spawnSleeps(3);
  const a = new Float64Array(2.5e8);
  a.fill(w);
  return a[0];
}
`);
    const g = await trace(file, { maxRssMb: 300, timeoutMs: 30_000 });
    expect(g.error?.reason).toBe('memory');
    await expectNothingLeft(readPids(pidFile), 3);
  });

  it('kills the children of a runner that dies at its heap limit', async () => {
    const { file, pidFile } = program(`
export function loss(w: number): number {
  spawnSleeps(3);
  const xs: { v: number; s: string }[] = [];
  for (;;) xs.push({ v: w, s: 'item ' + xs.length });
}
`);
    const g = await trace(file, { maxHeapMb: 96, maxRssMb: 4000, timeoutMs: 30_000 });
    expect(g.error?.reason).toBe('memory');
    await expectNothingLeft(readPids(pidFile), 3);
  });

  it('kills the group when `pathwise trace` is interrupted with Ctrl+C (SIGINT)', async () => {
    const bin = buildCli();
    const root = path.dirname(path.dirname(bin));
    fs.copyFileSync(runnerPath(), path.join(root, 'dist/tracer-runner.js'));
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
    const { file, pidFile } = program(`
export function loss(w: number): number {
  spawnSleeps(3);
  let s = 0;
  while (true) s += w;
  return s;
}
`);
    const cli = spawn(process.execPath, [bin, 'trace', file, '--entry', 'loss', '--timeout', '60000'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => cli.on('exit', (_code, signal) => resolve(signal)));
    for (let i = 0; i < 600 && !(fs.existsSync(pidFile) && readPids(pidFile).children.length >= 3); i++) await new Promise((r) => setTimeout(r, 50));
    cli.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    await expectNothingLeft(readPids(pidFile), 3);
  });
});
