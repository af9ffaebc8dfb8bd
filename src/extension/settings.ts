/**
 * Reads Pathwise's VS Code settings. Only values the user actually set become analysis options, so a
 * `pathwise.config.json` in the workspace is not overridden by a setting's default.
 */
import * as vscode from 'vscode';
import { checkObjectivePattern, checkSampler, type AnalyzeOptions, type UserSamplerSpec } from '../core/config';
import { RULE_IDS, type RuleId, type SeveritySetting } from '../core/types';

export const SECTION = 'pathwise';

export interface EditorSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  debounceMs: number;
  /** The settings layer of the analysis options (merged over the workspace config file). */
  options: AnalyzeOptions;
  /** Problems found while reading settings (shown in the output channel). */
  problems: string[];
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/** Reads the settings that apply to `scope` (a document URI, for multi-root workspaces). */
export function readSettings(scope?: vscode.ConfigurationScope): EditorSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const problems: string[] = [];
  const options: AnalyzeOptions = {};

  const pattern = explicit<string>(config, 'objectivePattern');
  if (pattern !== undefined) {
    try {
      options.objectivePattern = checkObjectivePattern(pattern, 'pathwise.objectivePattern');
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const maxFileSize = explicit<number>(config, 'maxFileSize');
  if (typeof maxFileSize === 'number' && maxFileSize > 0) options.maxFileSize = maxFileSize;

  const samplers = explicit<unknown[]>(config, 'samplers');
  if (Array.isArray(samplers)) {
    const valid: UserSamplerSpec[] = [];
    samplers.forEach((s, i) => {
      try {
        valid.push(checkSampler(s, `pathwise.samplers[${i}]`));
      } catch (e) {
        problems.push((e as Error).message);
      }
    });
    options.samplers = valid;
  }

  const severity = config.get<Record<string, unknown>>('severity') ?? {};
  const sev: Partial<Record<RuleId, SeveritySetting>> = {};
  for (const [rule, value] of Object.entries(severity)) {
    if (!RULE_IDS.includes(rule as RuleId)) problems.push(`pathwise.severity: unknown rule "${rule}"`);
    else if (!SEVERITIES.has(value as string)) problems.push(`pathwise.severity.${rule}: expected error, warning, info or off`);
    else sev[rule as RuleId] = value as SeveritySetting;
  }
  options.severity = sev;

  const run = config.get<string>('run') === 'onSave' ? 'onSave' : 'onType';
  const debounceMs = Math.max(0, config.get<number>('debounceMs') ?? 300);
  return { enable: config.get<boolean>('enable') !== false, run, debounceMs, options, problems };
}

/** The most specific value the user set (folder > workspace > user), or undefined when only the default applies. */
function explicit<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const i = config.inspect<T>(key);
  if (!i) return undefined;
  return i.workspaceFolderLanguageValue ?? i.workspaceLanguageValue ?? i.globalLanguageValue ?? i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue;
}
