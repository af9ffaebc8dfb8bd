/**
 * Turns the path arguments of `check`/`fix` into the list of source files to analyse. Directories are
 * walked; build output and dependencies are skipped unless the user names them directly.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Extensions Pathwise analyses. */
export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

/** Directory names never entered while walking (they are still analysed when given as an argument). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', 'dist', 'out', 'build', '.git', 'coverage']);

export interface CollectedFiles {
  /** Files to analyse, spelled as given or joined from the given directory, in a stable order. */
  files: string[];
  /** One readable message per path that could not be read. */
  errors: string[];
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
export function collectFiles(args: string[], cwd: string): CollectedFiles {
  const files: string[] = [];
  const errors: string[] = [];
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
    if (stat.isDirectory()) walk(arg, abs, add, errors);
    else add(arg, abs);
  }
  return { files, errors };
}

function walk(display: string, abs: string, add: (display: string, abs: string) => void, errors: string[]): void {
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
      if (!SKIPPED_DIRS.has(entry.name)) walk(childDisplay, childAbs, add, errors);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isSourceFile(entry.name)) {
      add(childDisplay, childAbs);
    }
  }
}

/** A one-line reason for a failed file-system call (`ENOENT` → "no such file or directory"). */
export function describeIoError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err?.message ?? String(e);
  }
}
