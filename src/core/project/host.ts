/**
 * The project index's only access to files, so a language server (open documents over disk), the
 * CLI (disk) and tests (an in-memory tree) can all drive it. File names are absolute, with forward
 * slashes. The shape is a subset of TypeScript's module resolution host, which it is passed to.
 */
export interface ProjectHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(file: string): string | undefined;
  fileExists(file: string): boolean;
  directoryExists?(dir: string): boolean;
  /** Resolves symlinks (workspace packages linked into node_modules). */
  realpath?(file: string): string;
  getDirectories?(dir: string): string[];
  getCurrentDirectory?(): string;
}

/** An in-memory host over a map of absolute file name → text (tests, benchmarks, virtual documents). */
export function memoryHost(files: Map<string, string>, cwd = '/'): ProjectHost {
  let known: Set<string> | undefined;
  let knownFor = -1;
  const dirs = (): Set<string> => {
    if (known && knownFor === files.size) return known;
    const out = new Set<string>();
    known = out;
    knownFor = files.size;
    for (const f of files.keys()) for (let d = f.slice(0, f.lastIndexOf('/')); d; d = d.slice(0, d.lastIndexOf('/'))) out.add(d);
    out.add('/');
    return out;
  };
  return {
    readFile: (f) => files.get(f),
    fileExists: (f) => files.has(f),
    directoryExists: (d) => dirs().has(d.replace(/\/$/, '') || '/'),
    getCurrentDirectory: () => cwd,
  };
}
