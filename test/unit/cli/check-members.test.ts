/**
 * `pathwise check <dir> --format json` on a two-file project whose samplers are an exported
 * object's method and an exported class's instance method (test/fixtures/projects/
 * class-and-object-wrappers): the bundled CLI reports both calls inside `optimizer.minimize`, and
 * the optional `related` field points at each sampler in the other module. Positions come from the
 * fixture's text, not from the analyzer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cleanup, locate, REPO, run, tempDir } from './harness';

const FIXTURE = path.join(REPO, 'test/fixtures/projects/class-and-object-wrappers');
let bin: string;
let proj: string;

afterAll(cleanup);
beforeAll(() => {
  bin = buildCli();
  proj = tempDir('members');
  fs.cpSync(FIXTURE, path.join(proj, 'app'), { recursive: true });
  fs.rmSync(path.join(proj, 'app', 'expected.json'));
});

describe('pathwise check: wrappers that are object and class members', () => {
  it('JSON: both calls reported with `related` in the other module', () => {
    const r = run(bin, ['check', 'app', '--format', 'json'], proj);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const train = fs.readFileSync(path.join(FIXTURE, 'train.ts'), 'utf8');
    const samplers = fs.readFileSync(path.join(FIXTURE, 'samplers.ts'), 'utf8');
    const site = (needle: string) => locate(samplers, needle);
    const objectCall = locate(train, 'samplers.normal(mu, 1)');
    const classCall = locate(train, 'new Sampler().draw(mu)');
    expect(doc.findings.map((f: any) => [f.file, f.line, f.column, f.ruleId, f.severed])).toEqual([
      ['app/train.ts', objectCall.line, objectCall.column, 'opaque-sampler', ['mu']],
      ['app/train.ts', classCall.line, classCall.column, 'opaque-sampler', ['mu']],
    ]);
    const drawLines = samplers.split('\n').flatMap((l, i) => (l.includes('tf.randomNormal([1], mu.dataSync()[0]') ? [i + 1] : []));
    expect(drawLines).toHaveLength(2);
    const [objectSite, classSite] = drawLines;
    const other = (f: any) => f.related.filter((x: any) => x.file === 'app/samplers.ts');
    expect(other(doc.findings[0])).toEqual([expect.objectContaining({ line: objectSite, column: site('tf.randomNormal').column, message: expect.stringContaining('samplers.normal draws here') })]);
    expect(other(doc.findings[1])).toEqual([expect.objectContaining({ line: classSite, message: expect.stringContaining('Sampler.prototype.draw draws here') })]);
  });

  it('text: the sampler in the other module is printed under each finding', () => {
    const r = run(bin, ['check', 'app'], proj);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^app\/train\.ts:\d+:\d+ warning opaque-sampler /.test(l))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('  app/samplers.ts:'))).toHaveLength(2);
  });
});
