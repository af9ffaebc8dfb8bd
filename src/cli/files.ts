/**
 * Turns the path arguments of `check`/`fix` into the list of source files to analyse. Directories are
 * walked; build output and dependencies are skipped unless the user names them directly. Only regular
 * files are read: a FIFO, a device, a socket or a symlink to one (`/dev/zero`) would hang or flood the
 * reader, so it is reported and skipped, and so is a file larger than the size limit, by its size,
 * before anything is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_BYTES, describeIoError, fileKind, refusal } from '../core/project/read-source';
import type { NotAnalysed } from './report-model';

export { DEFAULT_MAX_BYTES, describeIoError, fileKind, readSourceFile, type ReadResult } from '../core/project/read-source';

/** Extensions Pathwise analyses. */
export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

/** Directory names never entered while walking (they are still analysed when given as an argument). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', 'dist', 'out', 'build', '.git', 'coverage']);

export interface CollectedFiles {
  /** Files to analyse, spelled as given or joined from the given directory, in a stable order. */
  files: string[];
  /** One readable message per path argument that could not be read. */
  errors: string[];
  /** Files inside walked directories that are skipped: not regular files, unreadable, or too large. */
  skipped: NotAnalysed[];
}

export interface CollectOptions {
  /** Files larger than this many bytes are skipped without being read (default 1 000 000, pathwise.maxFileSize). */
  maxBytes?: number;
}






/** True for a file name Pathwise analyses (`.d.ts` declaration files carry no code and are skipped). */
export function isSourceFile(name: string): boolean {
  if (/\.d\.[mc]?ts$/.test(name)) return false;
  return SOURCE_EXTENSIONS.has(path.extname(name));
}

/**
 * Expands file and directory arguments. `cwd` resolves relative arguments; the returned names keep
 * the user's spelling so reports point at the paths they typed.
 */
export function collectFiles(args: string[], cwd: string, opts: CollectOptions = {}): CollectedFiles {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const files: string[] = [];
  const errors: string[] = [];
  const skipped: NotAnalysed[] = [];
  const seen = new Set<string>();
  const add = (display: string, abs: string): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push(display);
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      errors.push(`${arg}: ${describeIoError(e)}`);
      continue;
    }
    if (stat.isDirectory()) walk(arg, abs, add, errors, skipped, maxBytes);
    else if (!stat.isFile()) errors.push(`${arg}: not a regular file (${fileKind(stat)})`);
    else if (stat.size > maxBytes) skipped.push({ file: arg, reason: `larger than ${maxBytes} bytes (pathwise.maxFileSize)` });
    else add(arg, abs);
  }
  return { files, errors, skipped };
}

function walk(
  display: string,
  abs: string,
  add: (display: string, abs: string) => void,
  errors: string[],
  skipped: NotAnalysed[],
  maxBytes: number,
): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch (e) {
    errors.push(`${display}: ${describeIoError(e)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const childDisplay = path.join(display, entry.name);
    const childAbs = path.join(abs, entry.name);
    // Symlinked directories are not followed: they are a common source of cycles and of
    // duplicated reports for the same file.
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(childDisplay, childAbs, add, errors, skipped, maxBytes);
    } else if (isSourceFile(entry.name)) {
      // Follows a symlink to see what would be read; a symlinked directory is left alone.
      let stat: fs.Stats;
      try {
        stat = fs.statSync(childAbs);
      } catch (e) {
        // A dangling or looping symlink: an I/O error, as for a named path.
        errors.push(`${childDisplay}: ${describeIoError(e)}`);
        continue;
      }
      if (stat.isDirectory() && entry.isSymbolicLink()) continue;
      const why = refusal(stat, maxBytes);
      if (why) skipped.push({ file: childDisplay, reason: why });
      else add(childDisplay, childAbs);
    }
  }
}
