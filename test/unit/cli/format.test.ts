/**
 * The CLI formatters and helpers on hand-written findings (independent of what the analyzer finds):
 * JSON key order, text lines, SARIF regions for related information, line/column mapping, paths.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types';
import { applySeverity } from '../../../src/core/report';
import { collectFiles, isSourceFile } from '../../../src/cli/files';
import { toJsonReport } from '../../../src/cli/format-json';
import { formatText } from '../../../src/cli/format-text';
import { artifactUri, toSarif } from '../../../src/cli/format-sarif';
import { LineIndex, type CheckReport } from '../../../src/cli/report-model';

const TEXT = 'const a = 1;\nfunction loss(mu, s) {\n  const z = randomNormal(mu, s)();\r\n  return z;\n}\n';

function finding(over: Partial<Finding> = {}): Finding {
  const start = TEXT.indexOf('randomNormal');
  const end = TEXT.indexOf('();') + 2;
  return {
    ruleId: 'opaque-sampler',
    severity: 'warning',
    message: 'randomNormal takes numbers:\nmu leaves the graph',
    start,
    end,
    line: 3,
    column: 13,
    endLine: 3,
    endColumn: 34,
    sampler: 'randomNormal',
    family: 'normal',
    severed: ['mu', 's'],
    related: [{ message: 'mu is a parameter of the objective loss', start: TEXT.indexOf('mu'), end: TEXT.indexOf('mu') + 2 }],
    fixable: true,
    site: { library: 'd3-random', entry: 'randomNormal', callStart: start, callEnd: end },
    ...over,
  };
}

const report: CheckReport = { files: 2, reports: [{ file: 'src/a b.ts', text: TEXT, findings: [finding(), finding({ ruleId: 'score-function', severity: 'info', related: [] })] }, { file: 'src/c.ts', text: '', findings: [] }] };

describe('LineIndex', () => {
  it.each([
    [0, 1, 1],
    [12, 1, 13],
    [13, 2, 1],
    [TEXT.indexOf('randomNormal'), 3, 13],
    [TEXT.indexOf('return'), 4, 3],
  ])('offset %i is line %i column %i (LF and CRLF)', (offset, line, column) => {
    expect(new LineIndex(TEXT).at(offset)).toEqual({ line, column });
  });
});

describe('JSON report', () => {
  it('lists exactly the contract keys, in order, and no internal fields', () => {
    const doc = toJsonReport(report);
    expect(Object.keys(doc)).toEqual(['version', 'files', 'findings']);
    expect(doc.files).toBe(2);
    expect(doc.findings[0]).toEqual({
      file: 'src/a b.ts', line: 3, column: 13, endLine: 3, endColumn: 34, ruleId: 'opaque-sampler', severity: 'warning',
      message: 'randomNormal takes numbers:\nmu leaves the graph', sampler: 'randomNormal', family: 'normal', severed: ['mu', 's'], fixable: true,
    });
    expect(Object.keys(doc.findings[0])).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'severity', 'message', 'sampler', 'family', 'severed', 'fixable']);
  });
});

describe('text report', () => {
  it('prints one line per finding with the message on one line', () => {
    expect(formatText(report).split('\n')).toEqual([
      'src/a b.ts:3:13 warning opaque-sampler randomNormal takes numbers: mu leaves the graph',
      'src/a b.ts:3:13 info score-function randomNormal takes numbers: mu leaves the graph',
      '',
    ]);
    expect(formatText({ files: 0, reports: [] })).toBe('');
  });
});

describe('SARIF report', () => {
  const log = toSarif(report, '/repo') as any;
  const res = log.runs[0].results;

  it('maps severities to SARIF levels and rules to indices', () => {
    expect(res.map((r: any) => [r.ruleId, r.level, r.ruleIndex])).toEqual([
      ['opaque-sampler', 'warning', 0],
      ['score-function', 'note', 3],
    ]);
  });

  it('gives related information a region computed from its offsets', () => {
    expect(res[0].relatedLocations).toEqual([
      {
        id: 1,
        message: { text: 'mu is a parameter of the objective loss' },
        physicalLocation: { artifactLocation: { uri: 'src/a%20b.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 15, endLine: 2, endColumn: 17 } },
      },
    ]);
    expect(res[1].relatedLocations).toBeUndefined();
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///repo/');
  });

  it('makes artifact URIs relative, slash-separated and percent-encoded', () => {
    expect(artifactUri('src/a b.ts', '/repo')).toBe('src/a%20b.ts');
    expect(artifactUri('./x/../y.ts', '/repo')).toBe('y.ts');
    expect(artifactUri('/elsewhere/z.ts', '/repo')).toBe('file:///elsewhere/z.ts');
  });
});

describe('applySeverity', () => {
  it.each([
    ['off', []],
    ['info', ['info']],
    ['error', ['error']],
  ] as const)('%s', (setting, severities) => {
    const out = applySeverity([finding()], { 'opaque-sampler': setting });
    expect(out.map((f) => f.severity)).toEqual(severities);
  });

  it('leaves other rules alone', () => {
    expect(applySeverity([finding()], { 'discrete-step': 'off' })).toHaveLength(1);
  });
});

describe('collectFiles', () => {
  it('walks directories in name order, skipping build and dependency directories and non-source files', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwise-walk-'));
    const files = ['b.ts', 'a.mjs', 'types.d.ts', 'notes.md', 'sub/c.tsx', 'node_modules/x/i.js', 'dist/d.js', 'out/o.js', 'build/b.js', 'coverage/c.js', '.git/g.js', 'sub/e.cts'];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '');
    }
    expect(collectFiles(['.'], root)).toEqual({ files: ['a.mjs', 'b.ts', 'sub/c.tsx', 'sub/e.cts'], errors: [], skipped: [] });
    expect(collectFiles(['node_modules', 'b.ts', './b.ts', 'missing'], root)).toEqual({
      files: ['node_modules/x/i.js', 'b.ts'],
      errors: ['missing: no such file or directory'],
      skipped: [],
    });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['a.ts', true], ['a.tsx', true], ['a.mts', true], ['a.cts', true], ['a.js', true], ['a.jsx', true], ['a.mjs', true], ['a.cjs', true],
    ['a.d.ts', false], ['a.d.mts', false], ['a.json', false], ['a.py', false],
  ])('isSourceFile(%s) is %s', (name, expected) => {
    expect(isSourceFile(name)).toBe(expected);
  });
});
