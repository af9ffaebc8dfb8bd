/**
 * Plain-data summaries of a module's exports, as the project index computes them once per file and
 * the per-file analysis consults them at imports and calls (see `analysis/imported.ts`). Everything
 * here is JSON-serialisable so two summaries can be compared to decide whether dependents must be
 * re-analysed.
 */
import type { Family, RuleId } from '../types';

/** A source range in another file: absolute file name, 0-based offsets and 1-based positions. */
export interface SourceLoc {
  file: string;
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A trainable value a module defines (a `tf.variable`, a model's weights). */
export interface TrainableRef {
  name: string;
  /** How it is trainable (`tf.variable`, `weights of encoder`). */
  how: string;
  at: SourceLoc;
}

/** A severing site inside an exported function, seen from its callers. */
export interface SamplerUse {
  ruleId: Exclude<RuleId, 'score-function'>;
  /** Display name of the sampler or operation (`jStat.normal.sample`, `dataSync`). */
  sampler: string | null;
  family: Family | null;
  /** 0-based indices of the function's parameters whose values reach the site's severed inputs. */
  params: number[];
  /**
   * For a method or a returned function: indices of the parameters of what created it (the class's
   * constructor, the factory) whose values reach the site. Absent when none do.
   */
  bound?: number[];
  /** Trainables of the defining module (or its imports) whose values reach the site. */
  trainables: TrainableRef[];
  /** Host round trips feeding the site (`m.dataSync()`), for the message. */
  roundTrips: string[];
  /** Where the site is (the innermost one when the function only calls another wrapper). */
  at: SourceLoc;
  /** Wrapper functions the site is reached through, outermost first (`drawNormal`, `gaussian`). */
  via: string[];
}

/** What an exported function does with its parameters, from its callers' point of view. */
export interface FunctionSummary {
  kind: 'function';
  name: string;
  at: SourceLoc;
  /** Parameters whose values reach the result (data dependence). */
  paramsToResult: number[];
  /** Index of a rest parameter, or -1. */
  rest: number;
  /** For a method or a returned function: creator parameters (see {@link SamplerUse.bound}) that reach the result. */
  boundToResult?: number[];
  /** Trainables defined outside the function whose values reach the result. */
  resultTrainables: TrainableRef[];
  /** Severing sites whose marks reach the result. */
  samplers: SamplerUse[];
  /** What tfjs object the result is, when known. */
  resultKind: 'model' | 'optimizer' | null;
  /** The result is parameter-free noise (`tf.randomNormal(shape)`). */
  noise: boolean;
  /** Draws noise and returns a value differentiable in its parameters (a reparameterized sampler). */
  pathwise: boolean;
  /** The function it returns, when it returns one (a factory: `makeSampler = () => (mu) => …`); its `bound` indices are this function's parameters. */
  returns?: FunctionSummary;
}

/** An exported non-function value. */
export interface ValueSummary {
  kind: 'value';
  name: string;
  at: SourceLoc;
  trainables: TrainableRef[];
  valueKind: 'model' | 'optimizer' | null;
  noise: boolean;
  /** Properties that carry something (an object literal's methods and arrow properties, nested objects). */
  members?: Record<string, ExportSummary>;
}

/** An exported class: its static members and its instance methods (whose `bound` indices are constructor parameters). */
export interface ClassSummary {
  kind: 'class';
  name: string;
  at: SourceLoc;
  statics: Record<string, FunctionSummary>;
  methods: Record<string, FunctionSummary>;
}

/** `export * as ns from './m'` (or a re-exported `import * as ns`): the exports of another module. */
export interface NamespaceSummary {
  kind: 'namespace';
  name: string;
  /** The module's absolute file name (its exports are read through {@link ImportResolver.moduleAt}). */
  file: string;
}

export type ExportSummary = FunctionSummary | ValueSummary | ClassSummary | NamespaceSummary;

/** A module's exports after re-exports are followed. */
export interface ModuleSummary {
  file: string;
  /** Export name (`default` for the default export / `module.exports = …`) → summary. */
  exports: Record<string, ExportSummary>;
}

/**
 * What the per-file analysis asks a project about the modules the analysed file imports. Without
 * one (plain `analyze()`), imports of modules outside the sampler catalogue are opaque data.
 */
export interface ImportResolver {
  /** The exports of the module `specifier` names, as imported from the analysed file; undefined when it cannot be resolved or is not analysed (node_modules, declaration files). */
  exportsOf(specifier: string): ModuleSummary | undefined;
  /** The exports of a module known by its resolved file name (a {@link NamespaceSummary}); the analysed file then depends on it. */
  moduleAt?(file: string): ModuleSummary | undefined;
}

/** `Object.hasOwn` for summary records: a member named `constructor` or `toString` is not Object.prototype's. */
export function ownMember<T>(rec: Record<string, T> | undefined, name: string): T | undefined {
  return rec && Object.prototype.hasOwnProperty.call(rec, name) ? rec[name] : undefined;
}
