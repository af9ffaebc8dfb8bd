/**
 * Configuration is validated against its schema (the `pathwise.samplers` / `pathwise.severity`
 * contributions of package.json), and objective patterns are matched by a linear-time engine: a
 * hostile pattern from an untrusted workspace's pathwise.config.json cannot stall the analysis.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES, checkSampler, parseConfig } from '../../../src/core/config';
import { compileNamePattern } from '../../../src/core/name-pattern';
import { analyze } from '../../../src/core/api';
import { findCatalogueEntry } from '../../../src/core/catalogue/index';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
const props = manifest.contributes.configuration.properties;

describe('schema validation', () => {
  it('accepts exactly the families of the package.json schema', () => {
    expect([...FAMILIES].sort()).toEqual([...props['pathwise.samplers'].items.properties.family.enum].sort());
  });

  it.each([
    ['{"samplers":[{"name":"s","family":"constructor","params":[0]}]}', /"family" must be one of normal/],
    ['{"samplers":[{"name":"s","family":"__proto__","params":[0]}]}', /"family" must be one of/],
    ['{"samplers":[{"name":"s","family":"normal","params":[0],"extra":1}]}', /unknown field "extra"/],
    ['{"samplers":[{"name":"s","family":"normal","params":[0],"module":3}]}', /"module" must be a string/],
    ['{"severity":{"opaque-sampler":"warning","no-such-rule":"off"}}', /unknown rule "no-such-rule"/],
    ['{"severity":["warning"]}', /"severity" must be an object/],
    ['{"objectivPattern":"^loss$"}', /unknown field "objectivPattern"|unknown field "objectivPattern"|unknown field "objectivPattern"|unknown field/],
    ['{"objectivePattern":"(a)\\\\1"}', /linear time.*backreferences/],
    ['{"objectivePattern":"^(?=loss)"}', /linear time/],
    ['{"objectivePattern":"("}', /"objectivePattern" is not a regular expression/],
  ])('rejects %s', (text, message) => {
    expect(() => parseConfig(text)).toThrow(message);
  });

  it('accepts a full valid config, $schema included', () => {
    const cfg = parseConfig(
      JSON.stringify({ $schema: './schema.json', objectivePattern: '^(loss|.*Loss)$', maxFileSize: 10, severity: { 'score-function': 'off' }, samplers: [{ name: 'rng.g', family: 'gamma', params: [0], form: 'factory', module: 'rng' }] }),
    );
    expect(cfg.samplers?.[0]).toEqual({ name: 'rng.g', family: 'gamma', params: [0], form: 'factory', module: 'rng' });
  });

  it('never lets a family name reach a lookup: "constructor" is rejected by checkSampler (the editor setting path too)', () => {
    expect(() => checkSampler({ name: 'f', family: 'constructor', params: [0] }, 'pathwise.samplers[0]')).toThrow(/family/);
    expect(findCatalogueEntry('user', 'f', { samplers: [] })).toBeUndefined();
  });
});

describe('hostile objective patterns', () => {
  // 40 'a's then a non-matching character: JavaScript's backtracking RegExp needs ~2^40 steps on
  // these patterns (the test would hang); RE2 takes time linear in the name.
  const name = `${'a'.repeat(40)}c`;
  it.each(['^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '^(a*)*b$'])('%s is accepted and matched without backtracking', (pattern) => {
    expect(() => parseConfig(JSON.stringify({ objectivePattern: pattern }))).not.toThrow();
    expect(compileNamePattern(pattern).test(name)).toBe(false);
    expect(compileNamePattern(pattern).test('aaaa')).toBe(pattern !== '^(a*)*b$');
  });

  it('the analyzer matches function names with it (a hostile pattern in the config still finds its objective)', () => {
    const code = `import { randomNormal } from 'd3-random';
export function ${name}(mu: number) { return randomNormal(mu, 1)(); }
export function aaaa(mu: number) { return randomNormal(mu, 1)(); }
`;
    const r = analyze('case.ts', code, { objectivePattern: '^(a+)+$' });
    expect(r.findings.map((f) => f.line)).toEqual([3]);
  });
});
