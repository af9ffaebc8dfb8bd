/**
 * Files `pathwise check` cannot analyse are never silently clean: UTF-16 (BOM) and UTF-8-BOM files
 * are decoded and analysed; a file nested deeper than the parser can take, or one that is not text,
 * becomes a notice in every format (text line, JSON `notAnalysed`, SARIF tool execution
 * notification) and exit code 2. Runs the real bundled CLI as a child process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cleanup, run, tempDir } from './harness';

/** A VAE-style severed sampler: one opaque-sampler warning at line 4. */
const SEVERED = `import * as tf from '@tensorflow/tfjs';
const mu = tf.variable(tf.scalar(0.5));
export const step = () => tf.train.adam().minimize(() => {
  const z = tf.randomNormal([4], mu.dataSync()[0], 1);
  return z.square().mean() as tf.Scalar;
});
`;

/** The same severed sampler, then an expression nested deeper than the TypeScript parser's recursion allows. */
const DEEP = SEVERED + `export const deep = ${'('.repeat(5000)}1${')'.repeat(5000)};\n`;

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

let bin: string;
let dir: string;

beforeAll(() => {
  bin = buildCli();
  dir = tempDir('not-analysed');
  fs.writeFileSync(path.join(dir, 'utf16le.ts'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEVERED, 'utf16le')]));
  fs.writeFileSync(path.join(dir, 'utf16be.ts'), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(SEVERED)]));
  fs.writeFileSync(path.join(dir, 'utf8bom.ts'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEVERED, 'utf8')]));
  fs.writeFileSync(path.join(dir, 'nobom16.ts'), Buffer.from(SEVERED, 'utf16le'));
  fs.writeFileSync(path.join(dir, 'deep.ts'), DEEP);
});
afterAll(cleanup);

const check = (args: string[]) => run(bin, ['check', ...args], dir);

describe('encodings', () => {
  it.each(['utf16le.ts', 'utf16be.ts', 'utf8bom.ts'])('decodes %s and finds the severed sampler at its position', (file) => {
    const r = check(['--format', 'json', file]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.notAnalysed).toBeUndefined();
    expect(doc.findings.map((f: { ruleId: string; line: number; column: number }) => [f.ruleId, f.line, f.column])).toEqual([['opaque-sampler', 4, 13]]);
  });

  it('reports UTF-16 without a byte-order mark as not analysed, not as clean', () => {
    const r = check(['--format', 'json', 'nobom16.ts']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).notAnalysed).toEqual([{ file: 'nobom16.ts', reason: expect.stringMatching(/NUL bytes/) }]);
  });
});

describe('nesting deeper than the parser can take', () => {
  it('JSON: notAnalysed entry with the reason, exit 2', () => {
    const r = check(['--format', 'json', 'deep.ts']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings).toEqual([]);
    expect(doc.notAnalysed).toEqual([{ file: 'deep.ts', reason: expect.stringMatching(/parser.*nesting too deep/) }]);
    expect(r.stderr).toMatch(/deep\.ts: not analysed: /);
  });

  it('text: a notice line, exit 2', () => {
    const r = check(['deep.ts']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^deep\.ts: notice not-analysed .*nesting too deep/m);
  });

  it('SARIF: a tool execution notification located at the file, exit 2', () => {
    const r = check(['--format', 'sarif', 'deep.ts', 'utf8bom.ts']);
    expect(r.code).toBe(2);
    const run0 = JSON.parse(r.stdout).runs[0];
    expect(run0.results).toHaveLength(1);
    expect(run0.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'warning',
            message: { text: expect.stringMatching(/^not analysed: .*nesting too deep/) },
            descriptor: { id: 'not-analysed' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'deep.ts', uriBaseId: '%SRCROOT%' } } }],
          },
        ],
      },
    ]);
  });

  it('a clean run has no notAnalysed field and no invocations (the version-1 shape is unchanged)', () => {
    fs.writeFileSync(path.join(dir, 'clean.ts'), 'export const x = 1;\n');
    const j = check(['--format', 'json', 'clean.ts']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual({ version: 1, files: 1, findings: [] });
    expect(JSON.parse(check(['--format', 'sarif', 'clean.ts']).stdout).runs[0].invocations).toBeUndefined();
  });
});
