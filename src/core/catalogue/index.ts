/**
 * The sampler catalogue: every library's rows plus the user's own samplers (`pathwise.samplers`).
 * Lookups are by (library, entry) for the fix engine and by (library, member path) for the analyzer.
 */
import type { AnalyzeOptions, UserSamplerSpec } from '../config';
import { D3_RANDOM } from './d3-random';
import { JSTAT } from './jstat';
import { CHANCE, GAUSSIAN, PROBABILITY_DISTRIBUTIONS, RANDOM, RANDOM_NORMAL } from './small-libs';
import { STDLIB } from './stdlib';
import { TFJS } from './tfjs';
import type { LibraryCatalogue, SamplerEntry } from './types';

export type { LibraryCatalogue, SamplerEntry } from './types';

/** Every built-in library, in documentation order. */
export const LIBRARIES: readonly LibraryCatalogue[] = [TFJS, D3_RANDOM, STDLIB, JSTAT, RANDOM, GAUSSIAN, RANDOM_NORMAL, PROBABILITY_DISTRIBUTIONS, CHANCE];

const BY_KEY = new Map<string, SamplerEntry>();
const BY_PATH = new Map<string, SamplerEntry>();
for (const lib of LIBRARIES) {
  for (const r of lib.rows) {
    BY_KEY.set(`${r.library}\0${r.entry}`, r);
    for (const p of r.paths ?? [r.entry]) BY_PATH.set(`${r.library}\0${p}`, r);
  }
}

/** The catalogue row of a user-declared sampler. */
export function userSamplerEntry(s: UserSamplerSpec): SamplerEntry {
  return {
    library: 'user',
    entry: s.name,
    family: s.family,
    form: s.form ?? 'direct',
    params: s.params.map((arg, i) => ({ name: `p${i}`, arg })),
    display: s.name,
  };
}

/**
 * Finds the row for a finding's `site` (library, entry). Library `user` looks the name up in
 * `options.samplers`.
 */
export function findCatalogueEntry(library: string, entry: string, options?: AnalyzeOptions): SamplerEntry | undefined {
  if (library === 'user') {
    const spec = options?.samplers?.find((s) => s.name === entry);
    return spec ? userSamplerEntry(spec) : undefined;
  }
  return BY_KEY.get(`${library}\0${entry}`);
}

/** Strips root aliases (`jStat`, `default`) and finds the row a member path names. */
export function findByPath(lib: LibraryCatalogue, path: readonly string[]): SamplerEntry | undefined {
  return BY_PATH.get(`${lib.library}\0${stripAliases(lib, path).join('.')}`);
}

/** Removes leading segments that name the library root again. */
export function stripAliases(lib: LibraryCatalogue, path: readonly string[]): string[] {
  let i = 0;
  while (i < path.length && lib.rootAliases?.includes(path[i])) i++;
  return path.slice(i);
}

/** The library an import/require specifier belongs to, with the member path the module stands for. */
export function libraryOfModule(specifier: string): { lib: LibraryCatalogue; path: string[] } | undefined {
  for (const lib of LIBRARIES) {
    const path = lib.module(specifier);
    if (path) return { lib, path };
  }
  return undefined;
}

/** The library a global name (`tf`, `jStat`, `chance`, `d3`) stands for in scripts without imports. */
export function libraryOfGlobal(name: string): LibraryCatalogue | undefined {
  return LIBRARIES.find((l) => l.globals?.includes(name));
}

/** Display name of a row (`tf.randomNormal`, `d3.randomNormal`, `jStat.normal.sample`). */
export function displayName(row: SamplerEntry): string {
  if (row.display) return row.display;
  const lib = LIBRARIES.find((l) => l.library === row.library);
  return `${lib?.displayPrefix ?? ''}${row.entry}`;
}
