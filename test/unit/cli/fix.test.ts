/**
 * `pathwise fix` end to end on temporary copies of `test/fixtures/cli/fixable`: diff output, in-place
 * rewriting, the unsafe opt-in, idempotence, exit codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSyntaxErrors } from '../../../src/core/fix-loop';
import { buildCli, cleanup, copyFixture, FIXTURES, run } from './harness';

let bin: string;
afterAll(cleanup);

beforeAll(() => {
  bin = buildCli();
});

const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
const original = (f: string) => read(path.join(FIXTURES, 'fixable'), f);

describe('pathwise fix (diff mode)', () => {
  it('prints a unified diff of the reparameterization and leaves the file alone', () => {
    const dir = copyFixture('fixable');
    const r = run(bin, ['fix', 'normal.ts'], dir);
    expect(r.stdout).toMatch(/^--- a\/normal\.ts/m);
    expect(r.stdout).toMatch(/^\+\+\+ b\/normal\.ts/m);
    expect(r.stdout).toMatch(/^-\s+const z = randomNormal\(mu, sigma\)\(\);$/m);
    expect(r.stdout).toMatch(/^\+.*mu \+ sigma \* eps/m);
    expect(read(dir, 'normal.ts')).toBe(original('normal.ts'));
    expect(r.code).toBe(0);
  });

  it('prints nothing and exits 0 for a file without findings', () => {
    const r = run(bin, ['fix', '.'], path.join(FIXTURES, 'clean'));
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });

  it('exits 1 when a finding has no automatic rewrite (gamma), printing no diff for it', () => {
    const dir = copyFixture('fixable');
    const r = run(bin, ['fix', 'gamma.ts'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/gamma\.ts:\d+:\d+ remains/);
  });

  it('does not apply estimator-changing fixes without --unsafe', () => {
    const dir = copyFixture('fixable');
    const r = run(bin, ['fix', 'bernoulli.ts'], dir);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  });

  it('exits 2 on a missing path and still fixes the rest', () => {
    const dir = copyFixture('fixable');
    const r = run(bin, ['fix', 'missing.ts', 'normal.ts'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.ts: no such file or directory');
    expect(r.stdout).toContain('+++ b/normal.ts');
  });

  it('exits 2 on a bad config', () => {
    const r = run(bin, ['fix', '.'], path.join(FIXTURES, 'bad-config'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('objectivePattern');
  });
});

describe('pathwise fix --write', () => {
  it('rewrites in place; the result parses, checks clean at the fixed site, and a second run changes nothing', () => {
    const dir = copyFixture('fixable');
    const r = run(bin, ['fix', '--write', 'normal.ts'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const fixed = read(dir, 'normal.ts');
    expect(fixed).not.toBe(original('normal.ts'));
    expect(fixed).toMatch(/mu \+ sigma \* eps/);
    expect(countSyntaxErrors('normal.ts', fixed)).toBe(0);
    expect(run(bin, ['check', '--format', 'json', 'normal.ts'], dir).stdout).toBe('{"version":1,"files":1,"findings":[]}\n');
    const again = run(bin, ['fix', '--write', 'normal.ts'], dir);
    expect(again.code).toBe(0);
    expect(read(dir, 'normal.ts')).toBe(fixed);
  });

  it('--unsafe also applies the relaxation, and the result parses', () => {
    const dir = copyFixture('fixable');
    const r = run(bin, ['fix', '--write', '--unsafe', 'bernoulli.ts'], dir);
    const fixed = read(dir, 'bernoulli.ts');
    expect(fixed).not.toBe(original('bernoulli.ts'));
    expect(countSyntaxErrors('bernoulli.ts', fixed)).toBe(0);
    expect(r.code).toBe(0);
  });

  it('over a directory: fixes what it can, leaves gamma untouched, exits 1', () => {
    const dir = copyFixture('fixable');
    const r = run(bin, ['fix', '--write', '.'], dir);
    expect(r.code).toBe(1);
    expect(read(dir, 'gamma.ts')).toBe(original('gamma.ts'));
    expect(read(dir, 'bernoulli.ts')).toBe(original('bernoulli.ts'));
    expect(read(dir, 'normal.ts')).not.toBe(original('normal.ts'));
    expect(r.stderr).toMatch(/applied 1 fix in 1 file/);
  });
});

describe('pathwise fix on harder files', () => {
  const check = (dir: string, file: string) => JSON.parse(run(bin, ['check', '--format', 'json', file], dir).stdout);

  it('fixes several samplers in one function with distinct fresh noise names', () => {
    const dir = copyFixture('multi');
    const r = run(bin, ['fix', '--write', 'two-samplers.ts'], dir);
    expect(r.code).toBe(0);
    const fixed = read(dir, 'two-samplers.ts');
    expect(countSyntaxErrors('two-samplers.ts', fixed)).toBe(0);
    const declared = [...fixed.matchAll(/\bconst\s+([A-Za-z_$][\w$]*)\s*=/g)].map((m) => m[1]);
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared.length).toBeGreaterThanOrEqual(5); // a, b and three noise draws
    expect(check(dir, 'two-samplers.ts').findings).toEqual([]);
  });

  it('rewrites the tfjs VAE sampler into tensor arithmetic that parses and checks clean', () => {
    const dir = copyFixture('multi');
    const r = run(bin, ['fix', '--write', 'vae.ts'], dir);
    const fixed = read(dir, 'vae.ts');
    expect(fixed).not.toContain('zMean.dataSync()[0]');
    expect(fixed).toMatch(/tf\.randomNormal\(\[1\]\)/);
    expect(countSyntaxErrors('vae.ts', fixed)).toBe(0);
    const left = check(dir, 'vae.ts').findings.filter((f: { severity: string }) => f.severity !== 'info');
    expect(r.code).toBe(left.length > 0 ? 1 : 0);
    expect(left.filter((f: { ruleId: string }) => f.ruleId === 'opaque-sampler')).toEqual([]);
  });

  it('does not rewrite a file that already has a syntax error elsewhere (the README promise), and says why', () => {
    const dir = copyFixture('multi');
    const text = read(dir, 'syntax-error-elsewhere.ts');
    expect(countSyntaxErrors('syntax-error-elsewhere.ts', text)).toBeGreaterThan(0);
    const r = run(bin, ['fix', '--write', 'syntax-error-elsewhere.ts'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/syntax-error-elsewhere\.ts: not rewritten: it has \d+ syntax errors?; fix/);
    expect(read(dir, 'syntax-error-elsewhere.ts')).toBe(text);
  });
});
