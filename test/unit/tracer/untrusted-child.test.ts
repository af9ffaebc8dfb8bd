/**
 * Nothing is trusted from the child: the traced program runs in the child and can write whatever it
 * likes on the result channel (fd 3), so a forged heartbeat cannot extend the time limit, garbage is
 * a clean "invalid message" failure, and a forged graph never reaches the mermaid text. Also: the
 * program's console output arrives whole up to a documented cap, and the gradient check's re-runs
 * of the entry can be turned off. Real child processes and the real CLI bundle throughout.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_CONSOLE_BYTES, runTrace } from '../../../src/tracer/host';
import { traceCommand } from '../../../src/cli/trace';
import { buildCli, cleanup as cleanupCli, REPO } from '../cli/harness';
import { killAll, survivors } from './processes';
import { runnerPath } from './runner-bundle';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-untrusted-'));
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  cleanupCli();
});

/** Runner pids the programs recorded, killed after each test whatever its outcome. */
let recorded: string[] = [];
afterEach(() => {
  killAll(recorded.filter((f) => fs.existsSync(f)).map((f) => Number(fs.readFileSync(f, 'utf8'))));
  recorded = [];
});

let n = 0;
/** Writes a program; `PID_FILE` in it is a file the program can record its pid in. */
function program(body: string): { file: string; pidFile: string } {
  const id = n++;
  const pidFile = path.join(dir, `pid-${id}.txt`);
  const file = path.join(dir, `program-${id}.ts`);
  fs.writeFileSync(file, `import * as fs from 'node:fs';\nconst PID_FILE = ${JSON.stringify(pidFile)};\n${body}`);
  recorded.push(pidFile);
  return { file, pidFile };
}

const sink = () => {
  const o = { out: '', err: '' };
  return { o, io: { stdout: (s: string) => void (o.out += s), stderr: (s: string) => void (o.err += s), cwd: dir } };
};

describe('the time limit', () => {
  it('is not re-armed by a forged "running" heartbeat on the result channel', async () => {
    const { file } = program(`
function loss(w: number): number { return w * w; }
setInterval(() => {
  loss(2);
  fs.writeSync(3, JSON.stringify({ type: 'running' }) + '\\n');
}, 100);
`);
    // Without a working limit the run would go on for ever: the abort at 20 s ends the test then.
    const ac = new AbortController();
    const guard = setTimeout(() => ac.abort(), 20_000);
    const t0 = Date.now();
    const g = await runTrace({ file, timeoutMs: 2000, signal: ac.signal, runnerPath: runnerPath() });
    clearTimeout(guard);
    expect(g.error?.reason).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 30_000);

  it('counts from the start and covers bundling', async () => {
    const { file } = program('export function loss(w: number): number { return w * w; }\n');
    const g = await runTrace({ file, entry: 'loss', args: { w: 1 }, timeoutMs: 50, runnerPath: runnerPath() });
    expect(g.error?.reason).toBe('timeout');
    expect(g.error?.message).toMatch(/time limit of 50 ms/);
  });
});

describe('the result channel is validated', () => {
  it('garbage on it is a clean "invalid message" failure of the CLI, and the child is gone', async () => {
    // The CLI bundle in a temporary package, with the runner beside it and the repository's packages (esbuild).
    const bin = buildCli();
    const root = path.dirname(path.dirname(bin));
    fs.copyFileSync(runnerPath(), path.join(root, 'dist/tracer-runner.js'));
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
    const { file, pidFile } = program(`
fs.writeFileSync(PID_FILE, String(process.pid));
export function loss(w: number): number {
  fs.writeSync(3, 'this is { not json\\n');
  let s = 0;
  while (true) s += w;
  return s;
}
`);
    const r = spawnSync(process.execPath, [bin, 'trace', file, '--entry', 'loss', '--timeout', '20000'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toMatch(/SyntaxError|internal error/);
    expect(r.stderr).toMatch(/trace failed: invalid message/);
    expect(r.status).toBe(1);
    const g = JSON.parse(r.stdout);
    expect(g.error).toMatchObject({ reason: 'crashed', message: expect.stringMatching(/^trace failed: invalid message/) });
    expect(await survivors([Number(fs.readFileSync(pidFile, 'utf8'))])).toEqual([]);
  });

  const forged = {
    type: 'result',
    graph: {
      version: 1, file: 'x.ts', entry: 'loss', seed: null, runtime: 'plain', output: null, params: [], gradcheck: [], error: null,
      nodes: [{ id: 'n0', label: 'w', op: 'param', kind: 'op\nclick n0 href "javascript:alert(1)"', value: 1, grad: 1, shape: null, loc: null }],
      edges: [],
    },
  };

  it.each([
    ['a forged node kind', forged],
    ['a graph without nodes', { type: 'result', graph: { ...forged.graph, nodes: undefined } }],
    ['a node value that is a string', { type: 'result', graph: { ...forged.graph, nodes: [{ ...forged.graph.nodes[0], kind: 'param', value: '<b>' }] } }],
    ['an error message that is not a string', { type: 'error', error: { message: { toString: 1 }, loc: null }, graph: null }],
    ['an unknown message type', { type: 'estimate-everything' }],
  ])('%s is refused and never reaches the mermaid text', async (_name, message) => {
    const { file } = program(`
export function loss(w: number): number {
  fs.writeSync(3, ${JSON.stringify(JSON.stringify(message))} + '\\n');
  let s = 0;
  while (true) s += w;
  return s;
}
`);
    const { o, io } = sink();
    const code = await traceCommand([file, '--entry', 'loss', '--format', 'mermaid', '--timeout', '20000'], io, { runnerPath: runnerPath() });
    expect(o.out).not.toContain('javascript:alert');
    expect(o.out).not.toContain('<b>');
    expect(o.err).toMatch(/trace failed: invalid message/);
    expect(code).toBe(1);
  });
});

describe("the program's console output", () => {
  it('arrives whole: 200 lines of 5000 characters written just before the result', async () => {
    const { file } = program(`
export function loss(w: number): number {
  for (let i = 0; i < 200; i++) console.log('line ' + i + ' ' + 'x'.repeat(5000));
  return w * w;
}
`);
    const chunks: string[] = [];
    const g = await runTrace({ file, entry: 'loss', args: { w: 1 }, runnerPath: runnerPath(), onConsole: (_s, t) => chunks.push(t) });
    expect(g.error).toBeNull();
    const lines = chunks.join('').split('\n').filter((l) => l.startsWith('line '));
    expect(lines.length).toBe(200);
    expect(lines.every((l, i) => l === `line ${i} ${'x'.repeat(5000)}`)).toBe(true);
  });

  it(`is cut at ${MAX_CONSOLE_BYTES} bytes with a visible notice on the console and in the graph notes`, async () => {
    const { file } = program(`
export function loss(w: number): number {
  for (let i = 0; i < 200; i++) console.log('line ' + i + ' ' + 'x'.repeat(50000));
  return w * w;
}
`);
    const chunks: string[] = [];
    const g = await runTrace({ file, entry: 'loss', args: { w: 1 }, runnerPath: runnerPath(), onConsole: (_s, t) => chunks.push(t) });
    expect(g.error).toBeNull();
    const all = chunks.join('');
    const notice = /\[pathwise\] console output cut at \d+ bytes: (\d+) more bytes were dropped/;
    const m = notice.exec(all);
    expect(m).not.toBeNull();
    // The notice starts on a line of its own (a line break before it).
    const shown = Buffer.byteLength(all.slice(0, m!.index)) - 1;
    expect(shown).toBe(MAX_CONSOLE_BYTES);
    expect(shown + Number(m![1])).toBe(200 * 50_000 + [...Array(200).keys()].reduce((s, i) => s + `line ${i} `.length + 1, 0));
    expect(g.notes?.some((t) => notice.test(t))).toBe(true);
  });
});

describe('the gradient check re-runs the entry', () => {
  const counting = () =>
    program(`
export function loss(w: number, b: number): number {
  fs.appendFileSync(PID_FILE + '.calls', 'x');
  return w * w + b;
}
`);
  const calls = (pidFile: string) => fs.readFileSync(`${pidFile}.calls`, 'utf8').length;

  it('by default, and says so in the graph notes (side effects repeat)', async () => {
    const { file, pidFile } = counting();
    const g = await runTrace({ file, entry: 'loss', args: { w: 1, b: 0 }, runnerPath: runnerPath() });
    expect(g.gradcheck.map((r) => r.param)).toEqual(['w', 'b']);
    expect(calls(pidFile)).toBe(5);
    expect(g.notes).toContainEqual(expect.stringMatching(/gradient check ran loss 4 more times.*side effects.*--no-gradcheck/));
  });

  it('not at all with gradientCheck: false, and the notes say the check is off', async () => {
    const { file, pidFile } = counting();
    const g = await runTrace({ file, entry: 'loss', args: { w: 1, b: 0 }, gradientCheck: false, runnerPath: runnerPath() });
    expect(g.error).toBeNull();
    expect(g.params.map((p) => p.grad)).toEqual([2, 1]);
    expect(g.gradcheck).toEqual([]);
    expect(calls(pidFile)).toBe(1);
    expect(g.notes).toContainEqual(expect.stringMatching(/gradient check is off/));
  });

  it('not at all with pathwise trace --no-gradcheck', async () => {
    const { file, pidFile } = counting();
    const { o, io } = sink();
    const code = await traceCommand([file, '--entry', 'loss', '--args', '{"w":1,"b":0}', '--no-gradcheck'], io, { runnerPath: runnerPath() });
    expect(o.err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(o.out).gradcheck).toEqual([]);
    expect(calls(pidFile)).toBe(1);
  });
});
