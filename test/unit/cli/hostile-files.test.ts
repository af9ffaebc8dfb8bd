/**
 * `check` and `fix` never hang, never blow up and never lose data on what a folder may hold: FIFOs,
 * devices, symlinks to `/dev/zero` or out of the tree, huge sparse files, Latin-1 text, files edited
 * while `fix` runs, files that cannot be written. The real CLI bundle on temporary folders.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cleanup, FIXTURES, tempDir } from './harness';

let bin: string;
afterAll(cleanup);
beforeAll(() => {
  bin = buildCli();
});

const FIXABLE = fs.readFileSync(path.join(FIXTURES, 'fixable/normal.ts'), 'utf8');

/** Runs the CLI with a bounded time; `code` is null when it had to be killed (it hung). */
function run(args: string[], cwd: string, nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { cwd, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('check reads only regular files', () => {
  it('reports and skips a FIFO and a symlink to /dev/zero inside a walked folder, and checks the rest', () => {
    const dir = tempDir('hostile');
    fs.writeFileSync(path.join(dir, 'ok.ts'), FIXABLE);
    spawnSync('mkfifo', [path.join(dir, 'pipe.ts')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.ts'));
    const r = run(['check', '--format', 'json', '.'], dir);
    expect(r.code).not.toBeNull(); // it did not hang
    expect(r.stderr).toMatch(/pipe\.ts: not analysed: not a regular file \(FIFO\)/);
    expect(r.stderr).toMatch(/zero\.ts: not analysed: not a regular file \(character device\)/);
    const report = JSON.parse(r.stdout);
    expect(report.files).toBe(1);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['ok.ts']);
    expect(report.notAnalysed.map((n: { file: string }) => n.file).sort()).toEqual(['pipe.ts', 'zero.ts']);
    expect(r.code).toBe(2); // findings were printed, but not everything was analysed
  });

  it('refuses a FIFO named on the command line instead of waiting on it for ever (exit 2)', () => {
    const dir = tempDir('hostile');
    spawnSync('mkfifo', [path.join(dir, 'pipe.ts')]);
    const r = run(['check', 'pipe.ts'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipe\.ts: not a regular file \(FIFO\)/);
  });

  it('skips a file larger than maxFileSize by its size, without reading it (a 1.5 GB sparse file)', () => {
    const dir = tempDir('hostile');
    fs.writeFileSync(path.join(dir, 'ok.ts'), FIXABLE);
    fs.closeSync(fs.openSync(path.join(dir, 'huge.ts'), 'w'));
    fs.truncateSync(path.join(dir, 'huge.ts'), 1.5e9);
    const reporter = path.join(dir, 'rss.cjs');
    fs.writeFileSync(reporter, "process.on('exit', () => process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\\n`));\n");
    const r = run(['check', '.'], dir, ['--require', reporter]);
    expect(r.stderr).toMatch(/huge\.ts: not analysed: larger than 1000000 bytes/);
    const maxRssKb = Number(/maxrss=(\d+)/.exec(r.stderr)![1]);
    expect(maxRssKb).toBeLessThan(400 * 1024);
    expect(r.code).toBe(2);
  });
});

describe('fix --write never loses data', () => {
  it('does not rewrite a file that is not valid UTF-8 (Latin-1 bytes stay as they were)', () => {
    const dir = tempDir('hostile');
    const bytes = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(` (Latin-1)\n${FIXABLE}`)]);
    fs.writeFileSync(path.join(dir, 'latin1.ts'), bytes);
    const r = run(['fix', '--write', 'latin1.ts'], dir);
    expect(fs.readFileSync(path.join(dir, 'latin1.ts')).equals(bytes)).toBe(true);
    expect(r.stderr).toMatch(/latin1\.ts: not rewritten: not valid UTF-8/);
    expect(r.stderr).toMatch(/applied 0 fixes in 0 files/);
    expect(r.code).toBe(2);
  });

  it.each([
    ['utf-16le', (t: string) => Buffer.from(`\ufeff${t}`, 'utf16le')],
    ['utf-16be', (t: string) => Buffer.from(`\ufeff${t}`, 'utf16le').swap16()],
  ])('rewrites a %s file with a byte-order mark in its own encoding, byte-order mark kept', (_name, encode) => {
    const dir = tempDir('hostile');
    const file = path.join(dir, 'wide.ts');
    fs.writeFileSync(file, encode(`// café ∂\n${FIXABLE}`));
    const r = run(['fix', '--write', 'wide.ts'], dir);
    expect(r.stderr).toMatch(/applied 1 fix in 1 file/);
    expect(r.code).toBe(0);
    const fixed = run(['fix', 'wide.ts'], dir); // the fixed file reads back as UTF-16: nothing left to fix
    expect(fixed.stderr).toMatch(/would apply 0 fixes in 0 files; 0 findings remain/);
    const bytes = fs.readFileSync(file);
    const expected = encode(`// café ∂\n${FIXABLE}`);
    expect(bytes.subarray(0, 2).equals(expected.subarray(0, 2))).toBe(true);
    expect(bytes.length).not.toBe(expected.length); // rewritten, not left alone
    const text = (_name === 'utf-16le' ? bytes : Buffer.from(bytes).swap16()).subarray(2).toString('utf16le');
    expect(text.startsWith('// café ∂\n')).toBe(true);
    expect(text).toMatch(/mu \+ sigma \* eps/);
  });

  it('does not rewrite UTF-16 whose bytes would not survive (a lone surrogate)', () => {
    const dir = tempDir('hostile');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('// x', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from(`\n${FIXABLE}`, 'utf16le')]);
    fs.writeFileSync(path.join(dir, 'lone.ts'), bytes);
    const r = run(['fix', '--write', 'lone.ts'], dir);
    expect(fs.readFileSync(path.join(dir, 'lone.ts')).equals(bytes)).toBe(true);
    expect(r.stderr).toMatch(/lone\.ts: not rewritten: not valid UTF-8 or UTF-16/);
    expect(r.code).toBe(2);
  });

  it('replaces the file atomically (a new file renamed over it), keeping its mode and leaving no temporary file', () => {
    const dir = tempDir('hostile');
    const file = path.join(dir, 'normal.ts');
    fs.writeFileSync(file, FIXABLE);
    fs.chmodSync(file, 0o751);
    const inode = fs.statSync(file).ino;
    const r = run(['fix', '--write', 'normal.ts'], dir);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/mu \+ sigma \* eps/);
    expect(fs.statSync(file).mode & 0o7777).toBe(0o751);
    expect(fs.statSync(file).ino).not.toBe(inode);
    expect(fs.readdirSync(dir)).toEqual(['normal.ts']);
  });

  it('does not overwrite an edit saved while fix was running', async () => {
    const dir = tempDir('hostile');
    const file = path.join(dir, 'many.ts');
    // Many samplers: one re-analysis per applied fix keeps the run busy for a while after the read.
    const body = Array.from({ length: 40 }, (_, i) => `export function step${i}Loss(mu: number, sigma: number): number {\n  const z = randomNormal(mu, sigma)();\n  return (z - 3) ** 2;\n}\n`);
    fs.writeFileSync(file, `import { randomNormal } from 'd3-random';\n\n${body.join('\n')}`);
    // With relatime, the first read after this sets the access time again: that is how the test sees the read.
    fs.utimesSync(file, new Date(0), new Date());
    const cli = spawn(process.execPath, [bin, 'fix', '--write', 'many.ts'], { cwd: dir });
    let stderr = '';
    cli.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
    let done = false;
    void exited.then(() => (done = true));
    while (!done && fs.statSync(file).atimeMs === 0) await new Promise((r) => setTimeout(r, 2));
    expect(done).toBe(false); // the edit below lands while fix is still working
    fs.appendFileSync(file, '// saved by the user during the run\n');
    const code = await exited;
    expect(fs.readFileSync(file, 'utf8')).toContain('// saved by the user during the run');
    expect(stderr).toMatch(/many\.ts: not rewritten: it changed since it was read/);
    expect(code).toBe(2);
  });

  it('does not rewrite a file that already had syntax errors', () => {
    const dir = tempDir('hostile');
    const text = `${FIXABLE}\nconst broken = (;\n`;
    fs.writeFileSync(path.join(dir, 'broken.ts'), text);
    const r = run(['fix', '--write', 'broken.ts'], dir);
    expect(fs.readFileSync(path.join(dir, 'broken.ts'), 'utf8')).toBe(text);
    expect(r.stderr).toMatch(/broken\.ts: not rewritten: it has 1 syntax error/);
    expect(r.code).toBe(1);
  });

  it('does not write through a symlink to a file outside the given folder; a link inside stays a link', () => {
    const base = tempDir('hostile');
    fs.mkdirSync(path.join(base, 'project'));
    fs.mkdirSync(path.join(base, 'outside'));
    fs.writeFileSync(path.join(base, 'outside/victim.ts'), FIXABLE);
    fs.writeFileSync(path.join(base, 'project/z-real.ts'), FIXABLE);
    fs.symlinkSync('../outside/victim.ts', path.join(base, 'project/escape.ts'));
    fs.mkdirSync(path.join(base, 'project/sub'));
    fs.symlinkSync('../z-real.ts', path.join(base, 'project/sub/alias.ts'));
    // A named file grants its own folder: the link's target is outside it.
    const r = run(['fix', '--write', 'project/escape.ts'], base);
    expect(fs.readFileSync(path.join(base, 'outside/victim.ts'), 'utf8')).toBe(FIXABLE);
    expect(r.stderr).toMatch(/escape\.ts: not rewritten: it is a symlink to .*victim\.ts, outside the given paths/);
    expect(r.code).toBe(2);
    // A walked folder grants what is inside it: the link in sub/ points out of sub/.
    const sub = run(['fix', '--write', 'project/sub'], base);
    expect(sub.stderr).toMatch(/alias\.ts: not rewritten: it is a symlink to .*z-real\.ts, outside the given paths/);
    expect(fs.readFileSync(path.join(base, 'project/z-real.ts'), 'utf8')).toBe(FIXABLE);
    expect(sub.code).toBe(2);
    // Given their folder, the link's target is inside: it is fixed through the link (walked first), which stays a link.
    fs.unlinkSync(path.join(base, 'project/escape.ts'));
    const inside = run(['fix', '--write', 'project'], base);
    expect(inside.code).toBe(0);
    expect(fs.lstatSync(path.join(base, 'project/sub/alias.ts')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(base, 'project/z-real.ts'), 'utf8')).toMatch(/mu \+ sigma \* eps/);
  });

  it('counts only the writes that succeeded in the summary (an immutable file)', () => {
    const dir = tempDir('hostile');
    fs.writeFileSync(path.join(dir, 'a.ts'), FIXABLE);
    fs.writeFileSync(path.join(dir, 'b.ts'), FIXABLE);
    const locked = spawnSync('chattr', ['+i', path.join(dir, 'b.ts')]);
    if (locked.status !== 0) return void console.warn('chattr +i is not available here; the write failure is not exercised');
    try {
      const r = run(['fix', '--write', '.'], dir);
      expect(r.stderr).toMatch(/b\.ts: cannot write/);
      expect(r.stderr).toMatch(/applied 1 fix in 1 file;/);
      expect(r.code).toBe(2);
    } finally {
      spawnSync('chattr', ['-i', path.join(dir, 'b.ts')]);
    }
  });
});
