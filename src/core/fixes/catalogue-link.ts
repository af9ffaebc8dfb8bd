/**
 * The fix engine reads the analyzer's catalogue rows (which arguments are distribution parameters,
 * which is the shape). This module is the single place that links to the catalogue.
 */
import type { AnalyzeOptions } from '../config';
import { displayName, findCatalogueEntry } from '../catalogue/index';
import type { SamplerEntry } from '../catalogue/types';

/** The catalogue row of a finding's sampler, including user-declared samplers. */
export function lookupEntry(library: string, entry: string, options: Required<AnalyzeOptions>): SamplerEntry | undefined {
  return findCatalogueEntry(library, entry, options);
}

/** The name a row's export or property has in code: `normal` for the rows `normal()` and `normal.factory`. */
export function codeName(entry: SamplerEntry): string {
  return entry.entry.replace(/(\(\)|\.factory)$/, '');
}

/** How titles name the sampler (`tf.randomNormal`, `jStat.normal.sample`). */
export function samplerTitle(entry: SamplerEntry): string {
  return displayName(entry);
}
