/**
 * Related locations of a finding in other files (whole-project analysis: the sampler inside an
 * imported wrapper, where an imported trainable is defined), as the formatters print them. Same-file
 * related information keeps its existing rendering; these are the additions.
 */
import path from 'node:path';
import type { Finding } from '../core/types';

export interface CrossFileLocation {
  /** Path for display: relative to the working directory when inside it, else absolute. */
  file: string;
  /** Absolute path (for SARIF artifact URIs). */
  absolute: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** The finding's related locations that are in another file, in order. */
export function crossFileRelated(f: Finding, cwd: string | undefined): CrossFileLocation[] {
  const out: CrossFileLocation[] = [];
  for (const r of f.related) {
    if (!r.file || !r.range) continue;
    out.push({ file: displayPath(r.file, cwd), absolute: r.file, ...r.range, message: r.message });
  }
  return out;
}

/** `file` relative to `cwd` when inside it (forward slashes), else as given. */
export function displayPath(file: string, cwd: string | undefined): string {
  if (!cwd) return file;
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
