/**
 * Runs the member/class/factory/namespace cases of `members.cases.ts` and the inherited-method and
 * exported-instance cases of `inherit.cases.ts`: each case is written to a
 * temporary directory and analysed as one project with the real file system host and TypeScript
 * module resolution; every finding of every file must match the table, with the related location
 * in the other module. The same findings must be invisible to single-file analysis (they need the
 * other module), and the export summaries must stay JSON data (the index compares them as JSON).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/api';
import { memoryHost, ProjectIndex } from '../../../src/core/project/index';
import { nodeHost } from '../../../src/core/project/node-host';
import * as inherited from './inherit.cases';
import * as members from './members.cases';
import type { MemberCase } from './members.cases';

const invalid = [...members.invalid, ...inherited.invalid];
const valid = [...members.valid, ...inherited.valid];

const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function write(c: MemberCase): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-members-')));
  temps.push(dir);
  for (const [f, text] of Object.entries(c.files)) fs.writeFileSync(path.join(dir, f), text);
  return dir.replace(/\\/g, '/');
}

function findingsOf(c: MemberCase) {
  const dir = write(c);
  const index = new ProjectIndex(nodeHost(dir));
  const got: MemberCase['expected'] = [];
  for (const file of Object.keys(c.files).sort()) {
    for (const f of index.analyze(`${dir}/${file}`).findings) {
      const other = f.related.find((r) => r.file && r.file !== `${dir}/${file}`);
      got.push({
        file,
        ruleId: f.ruleId,
        line: f.line,
        column: f.column,
        severed: f.severed,
        related: other ? { file: path.relative(dir, other.file!), line: other.range!.line, column: other.range!.column } : { file: '', line: 0, column: 0 },
      });
    }
  }
  return { got, index, dir };
}

describe('cross-module wrappers that are members, methods or returned functions', () => {
  it.each(invalid.map((c) => [c.name, c] as const))('finds: %s', (_name, c) => {
    expect(findingsOf(c).got).toEqual(c.expected);
  });

  it.each(valid.map((c) => [c.name, c] as const))('stays clean: %s', (_name, c) => {
    expect(findingsOf(c).got).toEqual([]);
  });

  it.each(invalid.map((c) => [c.name, c] as const))('single-file analysis cannot see it: %s', (_name, c) => {
    for (const x of c.expected) expect(analyze(x.file, c.files[x.file]).findings.filter((f) => f.line === x.line)).toEqual([]);
  });

  it('summaries of classes, objects and factories are plain JSON data', () => {
    const c = invalid.find((x) => x.name.startsWith('constructor argument'))!;
    const { index, dir } = findingsOf(c);
    const s = index.exportsOf(`${dir}/gaussian.ts`)!.exports.Gaussian;
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s).toMatchObject({ kind: 'class' });
  });

  it('a class inheriting from another module carries the base\'s methods as JSON data, located in the base\'s file', () => {
    const c = invalid.find((x) => x.name === 'method inherited from a base class of another module')!;
    const { index, dir } = findingsOf(c);
    const s = index.exportsOf(`${dir}/b.ts`)!.exports.Sampler;
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s).toMatchObject({ kind: 'class', methods: { draw: { samplers: [{ params: [0], at: { file: `${dir}/a.ts`, line: 4 } }] } } });
    expect(index.dependents(`${dir}/a.ts`)).toEqual(expect.arrayContaining([`${dir}/b.ts`, `${dir}/train.ts`]));
  });
});

describe('incremental updates through members', () => {
  it.each([
    ['instance method: new Sampler().draw(mu)', 'sampler.ts', 'train.ts', 'tf.randomNormal([1], mu.dataSync()[0], 1)', 'mu.add(tf.randomNormal([1]))'],
    ['export * as ns re-export, member call', 'samplers.ts', 'loss.ts', 'jStat.gamma.sample(shape, scale)', 'shape * scale * Math.random()'],
    ["factory's parameter captured by the returned function", 'factory.ts', 'loss.ts', 'jStat.normal.sample(mu, sd)', 'mu + sd * Math.random()'],
    // a.ts is imported by b.ts only: the edit reaches train.ts through b's summary of the inherited method.
    ['method inherited from a base class of another module', 'a.ts', 'train.ts', 'tf.randomNormal([1], mu.dataSync()[0], 1)', 'mu.add(tf.randomNormal([1]))'],
    ["exported instance whose method uses its constructor's constant argument", 'gaussian.ts', 'train.ts', 'tf.randomNormal([1], mu.dataSync()[0], this.sd)', 'mu.add(tf.randomNormal([1]).mul(this.sd))'],
  ])('%s: making the sampler differentiable clears the importer, and back', (name, lib, user, opaque, pathwise) => {
    const c = invalid.find((x) => x.name === name)!;
    const files = new Map(Object.entries(c.files).map(([f, t]) => [`/p/${f}`, t]));
    const index = new ProjectIndex(memoryHost(files, '/p'));
    expect(index.analyze(`/p/${user}`).findings).toHaveLength(1);
    expect(c.files[lib]).toContain(opaque);
    expect(index.update(`/p/${lib}`, c.files[lib].replace(opaque, pathwise))).toContain(`/p/${user}`);
    expect(index.analyze(`/p/${user}`).findings).toEqual([]);
    expect(index.update(`/p/${lib}`, c.files[lib])).toContain(`/p/${user}`);
    expect(index.analyze(`/p/${user}`).findings).toHaveLength(1);
  });
});
