/**
 * Shape of the sampler catalogue: one data row per opaque sampler. The analyzer matches calls
 * against these rows; the fix engine reads the same row to find the distribution-parameter
 * arguments and the shape argument.
 */
import type { Family } from '../types';

/** How a sampler is called. */
export type SamplerForm =
  /** `f(a, b)` returns a sample (tf.randomNormal, jStat.normal.sample, chance.normal). */
  | 'direct'
  /** `f(a, b)` returns a generator, `f(a, b)()` draws (d3-random, @stdlib factory). */
  | 'factory'
  /** `f({mean, dev})`: parameters are properties of one object argument (chance.normal). */
  | 'options-object';

/** One catalogue row. */
export interface SamplerEntry {
  /** Library key: `tfjs`, `d3-random`, `stdlib`, `jstat`, `random`, `gaussian`, `random-normal`, `probability-distributions`, `chance`, `math`, `user`. */
  library: string;
  /** Entry name, unique within the library (`randomNormal`, `normal`, `rnorm`). */
  entry: string;
  family: Family;
  form: SamplerForm;
  /**
   * Distribution parameters in family order (e.g. normal: mean, std). `arg` is the 0-based argument
   * index (or the property name for `options-object`); `default` is used when the argument is absent.
   */
  params: { name: string; arg: number | string; default?: number }[];
  /** How the scale parameter is given when it is not the standard deviation (e.g. `gaussian` takes the variance). */
  scale?: 'std' | 'variance' | 'precision' | 'rate';
  /** 0-based index of the shape argument (tfjs), when there is one. */
  shapeArg?: number;
  /** True when the sampler has no pathwise gradient at all (discrete families). */
  discrete?: boolean;
  /** 0-based index of the number-of-draws argument (`tf.multinomial(logits, numSamples)`), when there is one. */
  countArg?: number;
  /**
   * 0-based index of a boolean argument that, when true, says the categorical row is given as
   * probabilities rather than logits (`tf.multinomial`'s `normalized`); absent or false: logits.
   */
  probabilitiesFlagArg?: number;
}

/** Additive fields of a row used by the analyzer to recognise calls (the fix engine may ignore them). */
export interface SamplerEntry {
  /**
   * Member paths from the library's module export that name this sampler (dotted, e.g. `normal.sample`).
   * Defaults to `[entry]`.
   */
  paths?: string[];
  /**
   * For `factory` rows whose generator is an object rather than a function: the methods that draw
   * (e.g. `gaussian(m, v).ppf(u)` / `.random(n)`). Absent means the generator is called directly.
   */
  draw?: string[];
  /** Display name used in messages (`tf.randomNormal`, `d3.randomNormal`); defaults to library prefix + entry. */
  display?: string;
}

/** One library of the catalogue: how its modules are recognised, and its rows. */
export interface LibraryCatalogue {
  library: string;
  /** Tells whether an import/require specifier belongs to this library; returns the member path the module itself stands for (usually `[]`). */
  module(specifier: string): string[] | undefined;
  /** Leading path segments that name the library root again (`jStat` in `import { jStat } from 'jstat'`). */
  rootAliases?: string[];
  /** Member paths (after alias stripping) that, called or constructed, return a library instance (`new Chance()`, `random.clone()`). `''` is the root. */
  constructors?: string[];
  /** Global names that refer to the library root when not declared in the file (browser builds). */
  globals?: string[];
  /** Prefix of display names (`tf.`, `d3.`). */
  displayPrefix: string;
  rows: SamplerEntry[];
}
