/**
 * Module resolution the way TypeScript does it (`ts.resolveModuleName`), with the compiler options of
 * the nearest `tsconfig.json` / `jsconfig.json` (following `extends`): relative imports, `paths` and
 * `baseUrl`, `package.json` `exports` of workspace packages (symlinked into node_modules), and JS files
 * (`allowJs` is always on: Pathwise analyses JavaScript too). When a config sets no module resolution,
 * `bundler` is used, which understands both extensionless imports and `exports`. Files inside
 * node_modules and declaration files are not followed: libraries are known through the catalogue.
 */
import ts from 'typescript';
import type { ProjectHost } from './host';

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
const SOURCE_RE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
/** `tsconfig.json`, `jsconfig.json` and their variants (`tsconfig.base.json`, `tsconfig.app.json`). */
export const PROJECT_CONFIG_RE = /(^|[\\/])(tsconfig|jsconfig)([.-][^\\/]*)?\.json$/i;

interface ConfigEntry {
  options: ts.CompilerOptions;
  cache: ts.ModuleResolutionCache;
}

export class ModuleResolver {
  private readonly configOfDir = new Map<string, ConfigEntry>();
  private readonly resolved = new Map<string, string | null>();
  /** Config files read, so an edit of one can reset resolution. */
  readonly configFiles = new Set<string>();

  constructor(private readonly host: ProjectHost) {}

  /**
   * Whether a change of `file` can change module resolution: a config read so far (including files
   * it `extends`), or a `tsconfig*.json` / `jsconfig*.json` that may now be the nearest config of
   * some directory.
   */
  isConfigFile(file: string): boolean {
    return this.configFiles.has(file) || PROJECT_CONFIG_RE.test(file);
  }

  /** Forgets every resolution (a file or a config was added, removed or changed). */
  reset(): void {
    this.configOfDir.clear();
    this.resolved.clear();
  }

  /** Forgets resolutions only (files were added or removed; configs unchanged). */
  resetResolutions(): void {
    this.resolved.clear();
    for (const c of this.configOfDir.values()) c.cache.clear();
  }

  /** Keys (`dir\0specifier`) of the resolutions that found nothing, for {@link retry}. */
  unresolvedKeys(): string[] {
    return [...this.resolved].filter(([, v]) => v === null).map(([k]) => k);
  }

  /** Resolves again, from scratch, the given keys; returns those that now find a file. */
  retry(keys: string[]): Set<string> {
    const found = new Set<string>();
    if (keys.length === 0) return found;
    // Successful resolutions stay; TypeScript's cache also remembers failed lookups, so it goes.
    for (const k of keys) this.resolved.delete(k);
    for (const c of this.configOfDir.values()) c.cache.clear();
    for (const key of keys) {
      const [dir, specifier] = key.split('\0');
      if (this.resolve(specifier, `${dir}/__pathwise__.ts`)) found.add(key);
    }
    return found;
  }

  /** The cache key of a resolution. */
  static key(specifier: string, containingFile: string): string {
    return `${dirname(containingFile)}\0${specifier}`;
  }

  /** The absolute source file `specifier` names from `containingFile`, or undefined. */
  resolve(specifier: string, containingFile: string): string | undefined {
    const key = ModuleResolver.key(specifier, containingFile);
    let r = this.resolved.get(key);
    if (r === undefined) {
      r = this.compute(specifier, containingFile) ?? null;
      this.resolved.set(key, r);
    }
    return r ?? undefined;
  }

  private compute(specifier: string, containingFile: string): string | undefined {
    const cfg = this.configFor(dirname(containingFile));
    let m: ts.ResolvedModuleFull | undefined;
    try {
      m = ts.resolveModuleName(specifier, containingFile, cfg.options, this.host, cfg.cache).resolvedModule;
    } catch {
      return undefined;
    }
    if (!m) return undefined;
    // A workspace package is an "external library import" to TypeScript (found through node_modules),
    // but its real path is project source: follow it; files really inside node_modules are not.
    const f = m.resolvedFileName;
    if (/\.d\.[mc]?ts$/i.test(f) || !SOURCE_RE.test(f) || /[\\/]node_modules[\\/]/.test(f)) return undefined;
    return f;
  }

  /** Options of the nearest config above `dir` (cached per directory). */
  private configFor(dir: string): ConfigEntry {
    const hit = this.configOfDir.get(dir);
    if (hit) return hit;
    let entry: ConfigEntry | undefined;
    for (const name of CONFIG_NAMES) {
      const file = join(dir, name);
      if (this.host.fileExists(file)) {
        entry = this.readConfig(file, dir);
        break;
      }
    }
    if (!entry) {
      const parent = dirname(dir);
      entry = parent !== dir ? this.configFor(parent) : makeEntry({}, dir, this.host);
    }
    this.configOfDir.set(dir, entry);
    return entry;
  }

  private readConfig(file: string, dir: string): ConfigEntry {
    this.configFiles.add(file);
    let options: ts.CompilerOptions = {};
    try {
      const read = ts.readConfigFile(file, (p) => this.host.readFile(p));
      if (!read.error) {
        const parseHost: ts.ParseConfigHost = {
          useCaseSensitiveFileNames: true,
          readDirectory: () => [],
          fileExists: (p) => this.host.fileExists(p),
          readFile: (p) => {
            if (CONFIG_NAMES.some((n) => p.endsWith(n)) || p.endsWith('.json')) this.configFiles.add(p);
            return this.host.readFile(p);
          },
        };
        options = ts.parseJsonConfigFileContent(read.config, parseHost, dir, undefined, file).options;
      }
    } catch {
      options = {};
    }
    return makeEntry(options, dir, this.host);
  }
}

function makeEntry(options: ts.CompilerOptions, dir: string, host: ProjectHost): ConfigEntry {
  const o: ts.CompilerOptions = { ...options, allowJs: true };
  if (o.moduleResolution === undefined) {
    o.moduleResolution = ts.ModuleResolutionKind.Bundler;
    if (o.module === undefined || o.module < ts.ModuleKind.ES2015) o.module = ts.ModuleKind.ESNext;
  }
  const canonical = (f: string) => f;
  return { options: o, cache: ts.createModuleResolutionCache(host.getCurrentDirectory?.() ?? dir, canonical, o) };
}

/** Directory part of a path (forward or back slashes). */
export function dirname(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  if (i < 0) return '.';
  if (i === 0) return p.slice(0, 1);
  return p.slice(0, i);
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : `${dir}/${name}`;
}
