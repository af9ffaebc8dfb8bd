/**
 * Pathwise settings as the language server receives them (the `pathwise` section of
 * `workspace/configuration`, or `initializationOptions.settings` from a client without it), checked
 * and turned into analysis options. Only keys the client sends become options, so a
 * `pathwise.config.json` is not overridden by a default: the VS Code client sends only what the user set.
 */
import { checkObjectivePattern, checkSampler, type AnalyzeOptions, type UserSamplerSpec } from '../core/config';
import { RULE_IDS, type RuleId, type SeveritySetting } from '../core/types';

export const SECTION = 'pathwise';

export interface ServerSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  debounceMs: number;
  /** The settings layer of the analysis options (merged over the workspace config file). */
  options: AnalyzeOptions;
  /** Problems found while reading the settings (logged once). */
  problems: string[];
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/**
 * Checks raw settings. In an untrusted workspace `samplers` is ignored (it is a restricted setting:
 * a folder must not make Pathwise treat arbitrary calls as samplers).
 */
export function parseSettings(raw: unknown, trusted: boolean): ServerSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const options: AnalyzeOptions = {};

  if (typeof s.objectivePattern === 'string') {
    try {
      // Matched by a linear-time engine; a pattern it cannot take is reported, not run.
      options.objectivePattern = checkObjectivePattern(s.objectivePattern, 'pathwise.objectivePattern');
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (typeof s.maxFileSize === 'number' && s.maxFileSize > 0) options.maxFileSize = s.maxFileSize;

  if (Array.isArray(s.samplers) && trusted) {
    const valid: UserSamplerSpec[] = [];
    s.samplers.forEach((spec, i) => {
      try {
        valid.push(checkSampler(spec, `pathwise.samplers[${i}]`));
      } catch (e) {
        problems.push((e as Error).message);
      }
    });
    options.samplers = valid;
  }

  const sev: Partial<Record<RuleId, SeveritySetting>> = {};
  const severity = s.severity && typeof s.severity === 'object' ? (s.severity as Record<string, unknown>) : {};
  for (const [rule, value] of Object.entries(severity)) {
    if (!RULE_IDS.includes(rule as RuleId)) problems.push(`pathwise.severity: unknown rule "${rule}"`);
    else if (!SEVERITIES.has(value as string)) problems.push(`pathwise.severity.${rule}: expected error, warning, info or off`);
    else sev[rule as RuleId] = value as SeveritySetting;
  }
  options.severity = sev;

  const run = s.run === 'onSave' ? 'onSave' : 'onType';
  const debounceMs = typeof s.debounceMs === 'number' ? Math.max(0, s.debounceMs) : 300;
  return { enable: s.enable !== false, run, debounceMs, options, problems };
}
