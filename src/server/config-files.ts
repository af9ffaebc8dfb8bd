/**
 * The `pathwise.config.json` of each workspace folder (the same file the CLI reads), read from disk
 * by the server, cached, and dropped when the client reports that one changed.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type AnalyzeOptions } from '../core/config';

export const CONFIG_FILE_NAME = 'pathwise.config.json';
/** A config file is a few lines; anything bigger is not read (a folder must not make the server read a huge file). */
const MAX_CONFIG_BYTES = 256 * 1024;

export class ConfigFiles {
  private readonly cache = new Map<string, Promise<AnalyzeOptions>>();
  private folders: string[] = [];

  constructor(private readonly log: { info(m: string): void; error(m: string): void }) {}

  /** Workspace folder URIs (from `initialize` and `workspace/didChangeWorkspaceFolders`). */
  setFolders(uris: string[]): void {
    this.folders = uris.map(filePath).filter((f): f is string => f !== null);
    this.cache.clear();
  }

  /** Forgets every parsed file (one was created, changed or deleted). */
  invalidate(): void {
    this.cache.clear();
  }

  /** Options from the config file of the folder holding `uri`; `{}` when there is none or it is invalid. */
  forDocument(uri: string): Promise<AnalyzeOptions> {
    const file = filePath(uri);
    if (file === null) return Promise.resolve({});
    // The innermost folder wins (nested folders of a multi-root workspace).
    const folder = this.folders
      .filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
      .sort((a, b) => b.length - a.length)[0];
    if (!folder) return Promise.resolve({});
    let hit = this.cache.get(folder);
    if (!hit) {
      hit = this.read(path.join(folder, CONFIG_FILE_NAME));
      this.cache.set(folder, hit);
    }
    return hit;
  }

  private async read(file: string): Promise<AnalyzeOptions> {
    let text: string;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return {};
      if (stat.size > MAX_CONFIG_BYTES) {
        this.log.error(`${file}: larger than ${MAX_CONFIG_BYTES} bytes; ignored`);
        return {};
      }
      text = await fs.readFile(file, 'utf8');
    } catch {
      return {}; // No config file in this folder: defaults and settings only.
    }
    try {
      const options = parseConfig(text, file);
      this.log.info(`using ${file}`);
      return options;
    } catch (e) {
      this.log.error((e as Error).message);
      return {};
    }
  }
}

/** The file-system path of a `file:` URI, null for any other scheme (unsaved documents). */
export function filePath(uri: string): string | null {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : null;
  } catch {
    return null;
  }
}
