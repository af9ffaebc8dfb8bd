/**
 * Shared data types of the Pathwise core. Nothing in `src/core` imports `vscode`: the editor
 * adapter converts these plain values (offsets, text edits) into VS Code objects at the boundary.
 */

/** Severity of a finding as reported by the CLI and the editor. */
export type Severity = 'error' | 'warning' | 'info';

/** A severity setting: a severity, or `off` to disable a rule. */
export type SeveritySetting = Severity | 'off';

/** Stable rule identifiers. Each has a docs page at `docs/rules/<id>.md`. */
export type RuleId = 'opaque-sampler' | 'host-round-trip' | 'discrete-step' | 'score-function';

/** Every rule id, in documentation order. */
export const RULE_IDS: readonly RuleId[] = ['opaque-sampler', 'host-round-trip', 'discrete-step', 'score-function'];

/** Distribution families known to the sampler catalogue and the rewrite table. */
export type Family =
  | 'normal'
  | 'lognormal'
  | 'uniform'
  | 'exponential'
  | 'laplace'
  | 'logistic'
  | 'cauchy'
  | 'gumbel'
  | 'weibull'
  | 'pareto'
  | 'gamma'
  | 'beta'
  | 'dirichlet'
  | 'poisson'
  | 'binomial'
  | 'bernoulli'
  | 'categorical'
  | 'geometric'
  | 'chisquare'
  | 'studentt'
  | 'other';

/** A replacement of the text between two 0-based UTF-16 offsets of the analysed text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Secondary location attached to a finding (where a trainable comes from, where the sample reaches the loss). */
export interface RelatedInfo {
  message: string;
  /** Offsets in the finding's file, or in `file` when set. */
  start: number;
  end: number;
  /** Set when the location is in another file (project analysis): its absolute name and 1-based range. */
  file?: string;
  range?: { line: number; column: number; endLine: number; endColumn: number };
}

/**
 * How far a fix may change the program: `safe` keeps the estimator unbiased and the meaning intact;
 * the others are offered but never applied by fix-all or `pathwise fix` without `--unsafe`.
 */
export type FixSafety = 'safe' | 'changes-estimator' | 'changes-semantics';

/** A quick fix as plain data: a title and text edits against the analysed text. */
export interface Fix {
  title: string;
  preferred: boolean;
  safety: FixSafety;
  edits: TextEdit[];
}

/** Where the analyzer found a sampler call, for the fix engine and the graph builder. */
export interface SamplerSite {
  /** Catalogue library key, e.g. `tfjs`, `d3-random`, `stdlib`, `jstat`, `math`, `user`. */
  library: string;
  /** Catalogue entry name, e.g. `randomNormal`. */
  entry: string;
  /** Offsets of the whole sampling expression (for factories: `randomNormal(mu, s)()`). */
  callStart: number;
  callEnd: number;
}

/** One analyzer result. Offsets are 0-based; line/column are 1-based (UTF-16 columns). */
export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Display name of the sampler or operation (`tf.randomNormal`, `dataSync`, `Math.round`), or null. */
  sampler: string | null;
  family: Family | null;
  /** Trainable names whose gradient path is cut here, in source spelling. */
  severed: string[];
  related: RelatedInfo[];
  /** True when at least one fix is available for this finding. */
  fixable: boolean;
  site?: SamplerSite;
}
