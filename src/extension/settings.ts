/**
 * Reads Pathwise's VS Code settings for the language server. Only values the user actually set are
 * passed on as analysis options, so a `pathwise.config.json` in the workspace is not overridden by a
 * setting's default; the server checks them (`src/server/settings.ts`).
 */
import * as vscode from 'vscode';
import { parseSettings, SECTION, type ServerSettings } from '../server/settings';

export { SECTION };

/** The `pathwise` section as the server receives it: explicit analysis options plus enable/run/debounceMs. */
export function explicitSettings(scope?: vscode.ConfigurationScope): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const raw: Record<string, unknown> = {
    enable: config.get<boolean>('enable') !== false,
    run: config.get<string>('run'),
    debounceMs: config.get<number>('debounceMs'),
    severity: config.get<Record<string, unknown>>('severity') ?? {},
  };
  for (const key of ['objectivePattern', 'maxFileSize', 'samplers']) {
    const value = explicit(config, key);
    if (value !== undefined) raw[key] = value;
  }
  return raw;
}

/** The checked settings for `scope` (used by the in-host inspector analysis). */
export function readSettings(scope?: vscode.ConfigurationScope): ServerSettings {
  return parseSettings(explicitSettings(scope), vscode.workspace.isTrusted);
}

/** The most specific value the user set (folder > workspace > user), or undefined when only the default applies. */
function explicit(config: vscode.WorkspaceConfiguration, key: string): unknown {
  const i = config.inspect<unknown>(key);
  if (!i) return undefined;
  return i.workspaceFolderLanguageValue ?? i.workspaceLanguageValue ?? i.globalLanguageValue ?? i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue;
}
