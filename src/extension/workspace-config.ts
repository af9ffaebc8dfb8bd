/**
 * The `pathwise.config.json` of each workspace folder (the same file the CLI reads), cached and
 * re-read when it changes.
 */
import * as vscode from 'vscode';
import { parseConfig, type AnalyzeOptions } from '../core/config';

export const CONFIG_FILE_NAME = 'pathwise.config.json';

/** Caches parsed config files per workspace folder; `onDidChange` fires when one changes. */
export class WorkspaceConfigFiles implements vscode.Disposable {
  private readonly cache = new Map<string, AnalyzeOptions>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher: vscode.FileSystemWatcher;
  /** Fires after a config file was created, changed or deleted. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    const invalidate = (uri: vscode.Uri) => {
      this.cache.clear();
      log.info(`${vscode.workspace.asRelativePath(uri)} changed; re-analysing open files`);
      this.changed.fire();
    };
    this.watcher.onDidCreate(invalidate);
    this.watcher.onDidChange(invalidate);
    this.watcher.onDidDelete(invalidate);
  }

  /** Options from the config file of the folder holding `uri`, `{}` when there is none or it is invalid. */
  async forDocument(uri: vscode.Uri): Promise<AnalyzeOptions> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return {};
    const key = folder.uri.toString();
    const hit = this.cache.get(key);
    if (hit) return hit;
    const file = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
    let options: AnalyzeOptions = {};
    try {
      const bytes = await vscode.workspace.fs.readFile(file);
      try {
        options = parseConfig(new TextDecoder().decode(bytes), vscode.workspace.asRelativePath(file));
        this.log.info(`using ${vscode.workspace.asRelativePath(file)}`);
      } catch (e) {
        this.log.error((e as Error).message);
      }
    } catch {
      // No config file in this folder: defaults and settings only.
    }
    this.cache.set(key, options);
    return options;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
