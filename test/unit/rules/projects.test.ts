/**
 * Multi-file rule cases: each directory of test/fixtures/projects is a small project analysed as a
 * whole with the project index (real TypeScript module resolution over the real file system), and
 * `expected.json` lists every finding of every file: file, rule, position, severed names, and the
 * related locations that must point into other files. `links.json` names symlinks to create first
 * (a workspace package linked into node_modules).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/api';
import { ProjectIndex } from '../../../src/core/project/index';
import { nodeHost } from '../../../src/core/project/node-host';

const ROOT = path.resolve(__dirname, '../../fixtures/projects');
const CASES = fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory()).sort();
const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface ExpectedFinding {
  file: string;
  ruleId: string;
  line: number;
  column: number;
  severed: string[];
  related: { file: string; line: number }[];
}

function sources(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...sources(dir, r));
    } else if (/\.(ts|js)$/.test(e.name)) out.push(r);
  }
  return out;
}

/** A copy of the case in a temporary directory, with its symlinks made. */
function materialise(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pathwise-proj-${name}-`));
  temps.push(dir);
  fs.cpSync(path.join(ROOT, name), dir, { recursive: true });
  const links = path.join(dir, 'links.json');
  if (fs.existsSync(links)) {
    for (const [from, to] of Object.entries(JSON.parse(fs.readFileSync(links, 'utf8')) as Record<string, string>)) {
      fs.mkdirSync(path.dirname(path.join(dir, from)), { recursive: true });
      fs.symlinkSync(path.join(dir, to), path.join(dir, from), 'dir');
    }
  }
  return fs.realpathSync(dir);
}

describe('project cases (test/fixtures/projects)', () => {
  it.each(CASES)('%s', (name) => {
    const dir = materialise(name);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as ExpectedFinding[];
    const index = new ProjectIndex(nodeHost(dir));
    const got: ExpectedFinding[] = [];
    for (const file of sources(dir)) {
      for (const f of index.analyze(path.join(dir, file)).findings) {
        expect(f.message.length).toBeGreaterThan(40);
        got.push({
          file,
          ruleId: f.ruleId,
          line: f.line,
          column: f.column,
          severed: f.severed,
          related: f.related.filter((r) => r.file).map((r) => ({ file: path.relative(dir, r.file!), line: r.range!.line })),
        });
      }
    }
    const shape = (xs: ExpectedFinding[]) => xs.map(({ file, ruleId, line, column, severed }) => ({ file, ruleId, line, column, severed }));
    expect(shape(got)).toEqual(shape(expected));
    expected.forEach((x, i) => {
      for (const r of x.related) expect(got[i].related).toContainEqual(r);
    });
  });

  it.each(CASES)('%s: the cross-module findings are invisible to single-file analysis', (name) => {
    const dir = path.join(ROOT, name);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as ExpectedFinding[];
    for (const x of expected) {
      const r = analyze(x.file, fs.readFileSync(path.join(dir, x.file), 'utf8'));
      expect(r.findings.filter((f) => f.line === x.line)).toEqual([]);
    }
  });

  it('has the cases the issue asks for', () => {
    expect(CASES).toEqual(expect.arrayContaining(['cross-module-encoder', 'sampler-wrapper', 'tsconfig-paths', 'allowjs', 're-export', 'cycle', 'pathwise-wrapper-valid', 'workspace-package']));
  });
});
