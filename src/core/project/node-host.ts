/**
 * A {@link ProjectHost} over the file system (the CLI; a language server wraps it with its open
 * documents). Kept apart from the index so the index itself needs no Node APIs.
 */
import fs from 'node:fs';
import type { ProjectHost } from './host';

/** Largest imported module read (bytes); bigger ones are treated as unresolved. */
const MAX_IMPORTED_BYTES = 1_000_000;

/**
 * Reads an imported module only when it is a regular file within the size limit: an import that
 * resolves to a FIFO or a symlink to `/dev/zero` must not hang or flood the analysis.
 */
function readRegularFile(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_IMPORTED_BYTES) return undefined;
    return fs.readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads files from disk; `overlay` texts (unsaved editor documents) win over disk. */
export function nodeHost(cwd = process.cwd(), overlay?: Map<string, string>): ProjectHost {
  return {
    readFile(file) {
      const o = overlay?.get(file);
      if (o !== undefined) return o;
      return readRegularFile(file);
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
