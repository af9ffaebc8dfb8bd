/**
 * Bundles the user's file in memory with esbuild: local modules (relative imports) are
 * instrumented and bundled, packages stay external and are resolved from the user's folder at run
 * time. The result is one CommonJS program with a source map back to the original `.ts` files.
 * ES-module-only packages (d3-random 3, for one) are the exception: they are bundled, uninstrumented,
 * because `require()` of an ES module needs Node 20.19 or later, and the Node inside an editor
 * (Electron's) may be older.
 */
import type { NamePattern } from '../../core/name-pattern';
import * as fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import * as path from 'node:path';
import type { UserSamplerSpec } from '../../core/config';
import type { FunctionInfo, Site } from './sites';
import { instrumentSource } from './instrument';

/** What {@link bundleUserFile} needs. */
export interface BundleOptions {
  file: string;
  /** Unsaved text of `file` (replaces the file on disk). */
  text?: string;
  entry: string | null;
  objectivePattern: NamePattern;
  userSamplers: UserSamplerSpec[];
}

/** The bundled program, its source map, the site table and the traced file's top-level functions. */
export interface BundleResult {
  code: string;
  map: string;
  sites: Site[];
  functions: FunctionInfo[];
}

/** Error thrown when the user's code does not compile; carries the first location. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly loc: { line: number; column: number } | null,
  ) {
    super(message);
  }
}

const LOADERS = /\.(m|c)?(t|j)sx?$/;

/** Bundles and instruments `opts.file` (requires the `esbuild` package at run time). */
export async function bundleUserFile(opts: BundleOptions): Promise<BundleResult> {
  // Loaded lazily: esbuild is a native package that must not be inlined into bundles.
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const file = path.resolve(opts.file);
  const sites: Site[] = [];
  const functions: FunctionInfo[] = [];
  const plugin: import('esbuild').Plugin = {
    name: 'pathwise-instrument',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => (bundlesPackage(args.path, args.resolveDir) ? undefined : { path: args.path, external: true }));
      build.onLoad({ filter: LOADERS }, async (args) => {
        // Package code (an ES-module-only package being bundled) runs as it is, never instrumented.
        if (inPackage(args.path)) return undefined;
        const isMain = path.resolve(args.path) === file;
        const text = isMain && opts.text !== undefined ? opts.text : await fs.promises.readFile(args.path, 'utf8');
        const { code, map, syntaxErrors } = instrumentSource(text, {
          file: args.path,
          objectivePattern: opts.objectivePattern,
          entry: isMain ? opts.entry : null,
          userSamplers: opts.userSamplers,
          sites,
          functions: isMain ? functions : undefined,
        });
        if (syntaxErrors.length) {
          // Reported at the original position (the instrumented text would point elsewhere).
          return { errors: syntaxErrors.map((e) => ({ text: e.message, location: { file: args.path, line: e.line, column: e.column - 1 } })) };
        }
        const m = JSON.parse(map) as { sources: string[]; sourcesContent?: string[] };
        m.sources = [args.path];
        m.sourcesContent = [text];
        const inline = Buffer.from(JSON.stringify(m)).toString('base64');
        return { contents: `${code}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
  const outfile = path.join(path.dirname(file), '__pathwise_trace__.js');
  let result: import('esbuild').BuildResult & { outputFiles: import('esbuild').OutputFile[] };
  try {
    result = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      write: false,
      outfile,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [plugin],
    });
  } catch (e) {
    const err = (e as { errors?: { text: string; pluginName?: string; location?: { line: number; column: number; file: string } | null }[] }).errors?.[0];
    if (err) {
      const where = err.location && path.resolve(err.location.file) !== file ? `${err.location.file}:${err.location.line}:${err.location.column + 1}: ` : '';
      const what = err.pluginName === 'pathwise-instrument' ? 'syntax error: ' : '';
      const loc = err.location && !where ? { line: err.location.line, column: err.location.column + 1 } : null;
      throw new BuildError(`${where}${what}${err.text}`, loc);
    }
    throw e;
  }
  const js = result.outputFiles.find((o) => o.path.endsWith('.js'));
  const map = result.outputFiles.find((o) => o.path.endsWith('.map'));
  return { code: js?.text ?? '', map: map?.text ?? '', sites, functions };
}

/**
 * True when the bare import `spec` (from `resolveDir`) names a package that only Node's ES module
 * loader can load, so it has to be bundled; false for builtins, CommonJS packages (they stay
 * external and are loaded by the user's Node at run time, so a traced tfjs is the user's own
 * instance) and anything that does not resolve (left for Node to report at run time).
 */
export function bundlesPackage(spec: string, resolveDir: string): boolean {
  if (path.isAbsolute(spec) || isBuiltin(spec)) return false;
  let resolved: string;
  try {
    resolved = createRequire(path.join(resolveDir || process.cwd(), 'noop.js')).resolve(spec);
  } catch (e) {
    // `exports` without a `require` condition: the package is ES modules only.
    return (e as { code?: string }).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
  }
  return isEsModuleFile(resolved);
}

/** Whether Node loads `file` as an ES module (`.mjs`, or `.js` under a `"type": "module"` package.json). */
function isEsModuleFile(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        return (JSON.parse(fs.readFileSync(pj, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

function inPackage(file: string): boolean {
  return file.split(/[\\/]/).includes('node_modules');
}
