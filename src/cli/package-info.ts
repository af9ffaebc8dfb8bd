/**
 * Facts about the installed Pathwise package, read from its `package.json` at run time (the CLI is
 * one bundle in `dist/`, so the package root is one level up; from sources it is two).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PackageInfo {
  version: string;
  /** Package root directory (holds `docs/rules/`). */
  root: string;
  /** `https://github.com/owner/repo` when package.json names a GitHub repository. */
  repositoryUrl: string | null;
}

let cached: PackageInfo | undefined;

/** Reads the package facts once; falls back to version `0.0.0` when package.json cannot be found. */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (const up of ['..', path.join('..', '..')]) {
    const root = path.resolve(__dirname, up);
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
      if (pkg.name !== 'pathwise') continue;
      cached = { version: String(pkg.version ?? '0.0.0'), root, repositoryUrl: githubUrl(pkg.repository) };
      return cached;
    } catch {
      // not here; try the next candidate
    }
  }
  cached = { version: '0.0.0', root: path.resolve(__dirname, '..'), repositoryUrl: null };
  return cached;
}

function githubUrl(repository: unknown): string | null {
  const url = typeof repository === 'string' ? repository : (repository as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string') return null;
  const m = /github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?(?:#.*)?$/.exec(url) ?? /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(url);
  return m ? `https://github.com/${m[1]}/${m[2]}` : null;
}

/**
 * Address of a rule's documentation page: on GitHub at the released version when the repository is
 * known, otherwise the copy shipped inside the installed package.
 */
export function ruleDocsUri(ruleId: string): string {
  const info = packageInfo();
  if (info.repositoryUrl) return `${info.repositoryUrl}/blob/v${info.version}/docs/rules/${ruleId}.md`;
  return pathToFileURL(path.join(info.root, 'docs', 'rules', `${ruleId}.md`)).href;
}
