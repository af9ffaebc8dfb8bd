/**
 * `pathwise check` end to end: the bundled CLI runs as a child process on fixture projects. Expected
 * findings come from the fixtures' source positions and from the core API run in-process on the
 * same files, so the CLI is checked for faithfully reporting what the analyzer finds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/api';
import { buildCli, cleanup, copyFixture, FIXTURES, locate, REPO, run, tempDir } from './harness';

const JSON_KEYS = ['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'severity', 'message', 'sampler', 'family', 'severed', 'fixable'];
const SKIPPED = ['node_modules', 'dist', 'out', 'build', 'coverage', '.git'];

let bin: string;
let work: string; // a temporary workspace holding a copy of test/fixtures/cli/project, with build/dependency dirs added

afterAll(cleanup);

beforeAll(() => {
  bin = buildCli();
  const project = tempDir('ws');
  fs.cpSync(path.join(FIXTURES, 'project'), path.join(project, 'project'), { recursive: true });
  const content = fs.readFileSync(path.join(FIXTURES, 'skipped-dir-content.js'), 'utf8');
  for (const dir of SKIPPED) {
    fs.mkdirSync(path.join(project, 'project', dir, 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(project, 'project', dir, 'pkg', 'index.js'), content);
  }
  work = project;
});

function json(args: string[], cwd = work) {
  const r = run(bin, ['check', '--format', 'json', ...args], cwd);
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : null };
}

const projectFiles = ['project/src/data.js', 'project/src/models/vae-grads.ts', 'project/src/models/vae.ts', 'project/src/plain-loss.ts'];

describe('pathwise check: help and usage', () => {
  it.each([
    [['--version'], 0, /^\d+\.\d+\.\d+\n$/],
    [['--help'], 0, /Usage: pathwise <command>/],
    [['check', '--help'], 0, /Usage: pathwise check/],
    [['fix', '--help'], 0, /Usage: pathwise fix/],
    [['trace', '--help'], 0, /usage: pathwise trace/],
  ])('%j exits %i', (args, code, out) => {
    const r = run(bin, args, work);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(out);
  });

  it('prints the version from package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(run(bin, ['--version'], work).stdout.trim()).toBe(pkg.version);
  });

  it.each([
    [['check']],
    [['check', '--format', 'xml', 'project']],
    [['check', '--no-such-option', 'project']],
    [['frobnicate']],
    [['trace']],
    [[]],
  ])('usage error %j exits 2 with a message on stderr', (args) => {
    const r = run(bin, args, work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pathwise[: ]/);
  });
});

describe('pathwise check --format json', () => {
  it('walks the directory, skipping dependency and build directories', () => {
    const r = json(['project']);
    expect(r.doc.version).toBe(1);
    expect(r.doc.files).toBe(projectFiles.length);
    for (const f of r.doc.findings) {
      expect(projectFiles).toContain(f.file);
      for (const dir of SKIPPED) expect(f.file.split('/')).not.toContain(dir);
    }
  });

  it('has exactly the documented shape', () => {
    const r = json(['project']);
    expect(Object.keys(r.doc)).toEqual(['version', 'files', 'findings']);
    expect(r.doc.findings.length).toBeGreaterThan(0);
    for (const f of r.doc.findings) {
      expect(Object.keys(f)).toEqual(JSON_KEYS);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(['opaque-sampler', 'host-round-trip', 'discrete-step', 'score-function']).toContain(f.ruleId);
      expect(Array.isArray(f.severed)).toBe(true);
      expect(typeof f.fixable).toBe('boolean');
    }
  });

  it('reports the tfjs VAE sampler inside optimizer.minimize at its source position', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'project/src/models/vae.ts'), 'utf8');
    const at = locate(text, 'tf.randomNormal([1], zMean.dataSync()[0], std)');
    const r = json(['project']);
    const f = r.doc.findings.find((x: { file: string; ruleId: string }) => x.file === 'project/src/models/vae.ts' && x.ruleId === 'opaque-sampler');
    expect(f).toMatchObject({ ...at, sampler: 'tf.randomNormal', family: 'normal' });
    expect(f.severed).toEqual(expect.arrayContaining(['zMean', 'zLogVar']));
    expect(r.code).toBe(1);
  });

  it('reports the tfjs sampler inside tf.variableGrads', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'project/src/models/vae-grads.ts'), 'utf8');
    const at = locate(text, 'tf.randomNormal([1], zMean.dataSync()[0], std)');
    const f = json(['project']).doc.findings.find((x: { file: string; ruleId: string }) => x.file === 'project/src/models/vae-grads.ts' && x.ruleId === 'opaque-sampler');
    expect(f).toMatchObject({ line: at.line, column: at.column, family: 'normal' });
    expect(f.severed).toContain('zMean');
  });

  it('reports the d3-random sampler in a plain objective, fixable, severing mu and sigma', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'project/src/plain-loss.ts'), 'utf8');
    const at = locate(text, 'randomNormal(mu, sigma)()');
    const f = json(['project']).doc.findings.find((x: { file: string }) => x.file === 'project/src/plain-loss.ts');
    expect(f).toMatchObject({ ...at, ruleId: 'opaque-sampler', family: 'normal', severed: ['mu', 'sigma'], fixable: true });
  });

  it('reports nothing for data generation with constant parameters', () => {
    const r = json(['project/src/data.js']);
    expect(r.doc).toEqual({ version: 1, files: 1, findings: [] });
    expect(r.code).toBe(0);
  });

  it('matches the core analysis of every file, finding for finding', () => {
    const r = json(['project']);
    const expected = projectFiles.flatMap((file) => {
      const text = fs.readFileSync(path.join(work, file), 'utf8');
      return analyze(file, text).findings.map((f) => [file, f.line, f.column, f.ruleId, f.message]);
    });
    expect(r.doc.findings.map((f: Record<string, unknown>) => [f.file, f.line, f.column, f.ruleId, f.message])).toEqual(expected);
  });

  it('analyses a skipped directory when it is named explicitly', () => {
    const r = json(['project/node_modules']);
    expect(r.doc.files).toBe(1);
    expect(r.doc.findings.map((f: { file: string }) => f.file)).toContain('project/node_modules/pkg/index.js');
  });

  it('keeps the spelling of file arguments', () => {
    const r = json(['./project/src/plain-loss.ts']);
    expect(r.doc.files).toBe(1);
    for (const f of r.doc.findings) expect(f.file).toBe('./project/src/plain-loss.ts');
  });
});

describe('pathwise check --format text', () => {
  it('prints file:line:col severity rule message, one finding per line', () => {
    const t = run(bin, ['check', 'project'], work);
    const j = json(['project']);
    const lines = t.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(j.doc.findings.length);
    lines.forEach((line, i) => {
      const f = j.doc.findings[i];
      expect(line).toBe(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message.replace(/\s*\n\s*/g, ' ')}`);
    });
    expect(t.code).toBe(1);
  });

  it('exits 0 with no output when there is no finding', () => {
    const r = run(bin, ['check', '.'], path.join(FIXTURES, 'clean'));
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('pathwise check --format sarif', () => {
  it('emits a SARIF 2.1.0 log whose results mirror the JSON findings', () => {
    const r = run(bin, ['check', '--format', 'sarif', 'project'], work);
    const j = json(['project']).doc;
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    const run0 = log.runs[0];
    expect(run0.tool.driver.name).toBe('pathwise');
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds).toEqual(['opaque-sampler', 'host-round-trip', 'discrete-step', 'score-function']);
    for (const rule of run0.tool.driver.rules) {
      expect(rule.helpUri).toMatch(new RegExp(`docs/rules/${rule.id}\\.md$`));
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
    }
    expect(run0.results).toHaveLength(j.findings.length);
    run0.results.forEach((res: Record<string, any>, i: number) => {
      const f = j.findings[i];
      expect(res.ruleId).toBe(f.ruleId);
      expect(ruleIds[res.ruleIndex]).toBe(f.ruleId);
      expect(res.level).toBe(f.severity === 'info' ? 'note' : f.severity);
      expect(res.message.text.length).toBeGreaterThan(0);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation).toEqual({ uri: f.file, uriBaseId: '%SRCROOT%' });
      expect(loc.region).toEqual({ startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
      for (const rel of res.relatedLocations ?? []) {
        expect(rel.physicalLocation.region.startLine).toBeGreaterThan(0);
        expect(rel.message.text.length).toBeGreaterThan(0);
      }
    });
    expect(r.code).toBe(1);
  });
});

describe('pathwise check: I/O errors and configuration', () => {
  it('reports a missing path on stderr, still reports the rest, and exits 2', () => {
    const r = json(['no-such-dir', 'project/src/data.js']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-dir: no such file or directory');
    expect(r.doc).toEqual({ version: 1, files: 1, findings: [] });
  });

  it('reports an unreadable file inside a walked directory and goes on', () => {
    const dir = copyFixture('clean');
    fs.symlinkSync(path.join(dir, 'missing-target.ts'), path.join(dir, 'dangling.ts'));
    const r = json(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dangling\.ts: no such file or directory/);
    expect(r.doc.files).toBe(1);
  });

  it('exits 2 with the parser message on a bad pathwise.config.json', () => {
    const r = run(bin, ['check', '.'], path.join(FIXTURES, 'bad-config'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"objectivePattern" must be a string');
    expect(r.stdout).toBe('');
  });

  it('exits 2 when --config names a missing file', () => {
    const r = run(bin, ['check', '--config', 'nope.json', 'project'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.json');
  });

  it('--config replaces the workspace pathwise.config.json', () => {
    const good = path.join(work, 'good.json');
    fs.writeFileSync(good, '{}');
    const r = run(bin, ['check', '--config', good, '.'], path.join(FIXTURES, 'bad-config'));
    expect(r.code).toBe(0);
  });

  it('uses user samplers and the objective pattern from pathwise.config.json in the working directory', () => {
    const dir = path.join(FIXTURES, 'configured');
    const text = fs.readFileSync(path.join(dir, 'custom.ts'), 'utf8');
    const r = json(['custom.ts'], dir);
    expect(r.doc.findings).toHaveLength(1);
    expect(r.doc.findings[0]).toMatchObject({ ...locate(text, 'drawGaussian(center, spread)'), family: 'normal', severed: ['center', 'spread'] });
    // With an empty config the sampler is unknown and the function is no objective.
    const empty = path.join(work, 'empty.json');
    fs.writeFileSync(empty, '{}');
    expect(json(['--config', empty, 'custom.ts'], dir).doc.findings).toEqual([]);
  });

  it.each([
    ['off', 0],
    ['info', 1],
    ['error', 1],
  ])('severity setting %s for opaque-sampler yields %i such findings and the matching exit code', (setting, count) => {
    const cfg = path.join(work, `sev-${setting}.json`);
    fs.writeFileSync(cfg, JSON.stringify({ severity: { 'opaque-sampler': setting } }));
    const r = json(['--config', cfg, 'project/src/plain-loss.ts']);
    const hits = r.doc.findings.filter((f: { ruleId: string }) => f.ruleId === 'opaque-sampler');
    expect(hits).toHaveLength(count);
    for (const f of hits) expect(f.severity).toBe(setting);
    const blocking = r.doc.findings.some((f: { severity: string }) => f.severity !== 'info');
    expect(r.code).toBe(blocking ? 1 : 0);
  });

  it('lists files over maxFileSize as not analysed, with a notice, and exits 2', () => {
    const cfg = path.join(work, 'tiny.json');
    fs.writeFileSync(cfg, JSON.stringify({ maxFileSize: 10 }));
    const r = json(['--config', cfg, 'project/src/plain-loss.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plain-loss\.ts: not analysed: .*maxFileSize/);
    expect(r.doc).toEqual({ version: 1, files: 0, findings: [], notAnalysed: [{ file: 'project/src/plain-loss.ts', reason: expect.stringMatching(/maxFileSize/) }] });
  });
});

describe('pathwise check: whole-project analysis', () => {
  let proj: string;
  beforeAll(() => {
    proj = tempDir('proj');
    fs.cpSync(path.join(REPO, 'test/fixtures/projects/sampler-wrapper'), proj, { recursive: true });
    fs.cpSync(path.join(REPO, 'test/fixtures/projects/tsconfig-paths'), path.join(proj, 'paths'), { recursive: true });
  });

  it('text: reports the call in the given file with the sampler of the imported module indented under it', () => {
    const r = run(bin, ['check', 'loss.ts'], proj);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^loss\.ts:4:13 warning opaque-sampler /);
    expect(lines).toContain('  sampling.ts:5:10 related drawNormal draws here (jStat.normal.sample, sampling.ts:5)');
    expect(lines.every((l) => !l.startsWith('sampling.ts'))).toBe(true); // not a given path: no findings of its own
  });

  it('JSON: today\'s fields plus `related` with each location\'s file', () => {
    const r = json(['loss.ts'], proj);
    expect(r.doc.findings).toHaveLength(1);
    const f = r.doc.findings[0];
    expect(Object.keys(f)).toEqual([...JSON_KEYS, 'related']);
    expect(f).toMatchObject({ file: 'loss.ts', line: 4, column: 13, ruleId: 'opaque-sampler', severed: ['theta'], fixable: false });
    expect(f.related).toContainEqual({ file: 'sampling.ts', line: 5, column: 10, endLine: 5, endColumn: 37, message: 'drawNormal draws here (jStat.normal.sample, sampling.ts:5)' });
    expect(f.related).toContainEqual(expect.objectContaining({ file: 'loss.ts', line: 3, message: expect.stringContaining("'theta' is trainable") }));
  });

  it('follows tsconfig paths from a nested directory', () => {
    const r = json(['paths/src/objective.ts'], proj);
    expect(r.doc.findings.map((f: any) => [f.file, f.line, f.severed])).toEqual([['paths/src/objective.ts', 4, ['mu', 'sigma']]]);
    expect(r.doc.findings[0].related.map((x: any) => x.file)).toContain('paths/src/lib/noise.ts');
  });

  it('SARIF: relatedLocations carry their own artifact URI and region', () => {
    const r = run(bin, ['check', '--format', 'sarif', 'loss.ts'], proj);
    const res = JSON.parse(r.stdout).runs[0].results;
    expect(res).toHaveLength(1);
    expect(res[0].locations[0].physicalLocation.artifactLocation.uri).toBe('loss.ts');
    const other = res[0].relatedLocations.filter((x: any) => x.physicalLocation.artifactLocation.uri === 'sampling.ts');
    expect(other).toEqual([
      {
        id: expect.any(Number),
        message: { text: 'drawNormal draws here (jStat.normal.sample, sampling.ts:5)' },
        physicalLocation: { artifactLocation: { uri: 'sampling.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, startColumn: 10, endLine: 5, endColumn: 37 } },
      },
    ]);
  });
});
