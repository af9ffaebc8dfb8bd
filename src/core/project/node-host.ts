/**
 * A {@link ProjectHost} over the file system (the CLI; a language server wraps it with its open
 * documents). Kept apart from the index so the index itself needs no Node APIs.
 */
import fs from 'node:fs';
import type { ProjectHost } from './host';
import { DEFAULT_MAX_BYTES, readSourceFile } from './read-source';

/** Reads files from disk; `overlay` texts (unsaved editor documents) win over disk. */
export function nodeHost(cwd = process.cwd(), overlay?: Map<string, string>): ProjectHost {
  return {
    readFile(file) {
      const o = overlay?.get(file);
      if (o !== undefined) return o;
      // Only a regular file within the size limit (bigger: unresolved): an import resolving to a FIFO or `/dev/zero` must not hang or flood.
      const read = readSourceFile(file, DEFAULT_MAX_BYTES);
      return read.ok ? read.text : undefined;
    },
    fileExists(file) {
      if (overlay?.has(file)) return true;
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
    directoryExists(dir) {
      try {
        return fs.statSync(dir).isDirectory();
      } catch {
        return false;
      }
    },
    realpath(file) {
      try {
        return fs.realpathSync.native(file);
      } catch {
        return file;
      }
    },
    getDirectories(dir) {
      try {
        return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch {
        return [];
      }
    },
    getCurrentDirectory: () => cwd,
  };
}
