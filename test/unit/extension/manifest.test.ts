/**
 * The extension manifest agrees with the code: activation only on the four TS/JS languages, the
 * settings schema matches the core's rule ids, defaults and option parser, and every diagnostic
 * code links to an existing docs page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, DEFAULT_TRACE_SEED, checkSampler } from '../../../src/core/config';
import { DEFAULT_RULE_SEVERITY, RULE_SUMMARIES, fixTitle } from '../../../src/core/report';
import { RULE_IDS, type Fix } from '../../../src/core/types';
import { LANGUAGES } from '../../../src/extension/documents';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties;

describe('activation', () => {
  it('activates lazily on exactly the four TS/JS languages (plus restoring the inspector panel)', () => {
    const languages = pkg.activationEvents.filter((e: string) => e.startsWith('onLanguage:'));
    expect(languages).toEqual(LANGUAGES.map((l) => `onLanguage:${l}`));
    for (const e of pkg.activationEvents) expect(e).toMatch(/^(onLanguage|onWebviewPanel|onCommand):/);
    expect(pkg.activationEvents).not.toContain('*');
    expect(pkg.activationEvents).not.toContain('onStartupFinished');
  });
});

describe('settings schema', () => {
  it('lists a severity property per rule, with the core defaults and the four levels', () => {
    const sev = props['pathwise.severity'];
    expect(Object.keys(sev.properties)).toEqual([...RULE_IDS]);
    for (const id of RULE_IDS) {
      expect(sev.properties[id].enum).toEqual(['error', 'warning', 'info', 'off']);
      expect(sev.properties[id].default).toBe(DEFAULT_RULE_SEVERITY[id]);
    }
    expect(sev.additionalProperties).toBe(false);
  });

  it('defaults the trace seed to the one the CLI uses, so editor and CLI numbers agree', () => {
    expect(props['pathwise.trace.seed'].default).toBe(DEFAULT_TRACE_SEED);
  });

  it('uses the core defaults for the analysis options', () => {
    expect(props['pathwise.objectivePattern'].default).toBe(DEFAULT_OPTIONS.objectivePattern);
    expect(props['pathwise.maxFileSize'].default).toBe(DEFAULT_OPTIONS.maxFileSize);
    expect(props['pathwise.run'].enum).toEqual(['onType', 'onSave']);
    expect(props['pathwise.enable'].default).toBe(true);
  });

  it('describes a sampler entry the core parser accepts', () => {
    const item = props['pathwise.samplers'].items;
    const example = { name: 'mySampler', family: item.properties.family.enum[0], params: [0, 1], form: item.properties.form.enum[1] };
    expect(checkSampler(example, 'example')).toMatchObject(example);
    for (const req of item.required) expect(() => checkSampler({ ...example, [req]: undefined }, 'x')).toThrow();
  });

  it('keeps user samplers restricted in untrusted workspaces', () => {
    expect(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations).toContain('pathwise.samplers');
  });

  it('gives every setting a description', () => {
    for (const [key, p] of Object.entries<Record<string, unknown>>(props)) {
      expect(typeof (p.markdownDescription ?? p.description), key).toBe('string');
    }
  });
});

describe('rule documentation', () => {
  it.each([...RULE_IDS])('docs/rules/%s.md exists (diagnostic code link target)', (id) => {
    expect(fs.existsSync(path.join(ROOT, 'docs/rules', `${id}.md`))).toBe(true);
    expect(RULE_SUMMARIES[id].length).toBeGreaterThan(20);
  });
});

describe('fix titles', () => {
  const fix = (title: string, safety: Fix['safety']): Fix => ({ title, safety, preferred: safety === 'safe', edits: [] });
  it.each([
    [fix('Reparameterize: mu + sigma * eps', 'safe'), 'Reparameterize: mu + sigma * eps'],
    [fix('Relax with Gumbel-softmax', 'changes-estimator'), 'Relax with Gumbel-softmax (changes the estimator)'],
    [fix('Use the whole tensor', 'changes-semantics'), 'Use the whole tensor (changes the semantics)'],
    [fix('Relaxed Bernoulli (biased estimator)', 'changes-estimator'), 'Relaxed Bernoulli (biased estimator)'],
  ])('%j → %s', (f, title) => {
    expect(fixTitle(f)).toBe(title);
  });
});
