/**
 * Analysis options shared by the editor (settings) and the CLI (`pathwise.config.json`, `--config`).
 * Pure data and parsing only: reading files is the caller's job.
 */
import { RULE_IDS, type Family, type RuleId, type SeveritySetting } from './types';
import { compileNamePattern } from './name-pattern';

/**
 * Every sampler family a user sampler may name (the `family` enum of `pathwise.samplers` in
 * package.json, checked by a test). Validated so that a name like `"constructor"` cannot reach
 * lookups keyed by family.
 */
export const FAMILIES: readonly Family[] = [
  'normal', 'lognormal', 'uniform', 'exponential', 'laplace', 'logistic', 'cauchy', 'gumbel', 'weibull', 'pareto',
  'gamma', 'beta', 'dirichlet', 'poisson', 'binomial', 'bernoulli', 'categorical', 'geometric', 'chisquare', 'studentt', 'other',
];

const TOP_LEVEL_KEYS = new Set(['$schema', 'objectivePattern', 'samplers', 'severity', 'maxFileSize']);
const SAMPLER_KEYS = new Set(['name', 'family', 'params', 'form', 'module']);

/** Checks an objective pattern (parse and linear-time matchability); throws with `where` in the message. */
export function checkObjectivePattern(pattern: unknown, where: string): string {
  if (typeof pattern !== 'string') throw new Error(`${where} must be a string`);
  try {
    compileNamePattern(pattern);
  } catch (e) {
    throw new Error(`${where} is ${(e as Error).message}`);
  }
  return pattern;
}

/** A user-declared sampler (setting `pathwise.samplers` or `samplers` in `pathwise.config.json`). */
export interface UserSamplerSpec {
  /** Callee as written: a bare function name (`mySampler`) or a dotted path (`rng.normal`). */
  name: string;
  family: Family;
  /** 0-based indices of the arguments that are distribution parameters, in family order (e.g. mean, std). */
  params: number[];
  /** `direct`: `f(mu, s)` returns a sample; `factory`: `f(mu, s)()` (d3-random style). Default `direct`. */
  form?: 'direct' | 'factory';
  /** Module the name is imported from, when it matters. */
  module?: string;
}

/** Options of one analysis run. Every field is optional; defaults are in {@link DEFAULT_OPTIONS}. */
export interface AnalyzeOptions {
  /** Regular expression (source text) for names of plain-TS objective functions. */
  objectivePattern?: string;
  samplers?: UserSamplerSpec[];
  severity?: Partial<Record<RuleId, SeveritySetting>>;
  /** Files larger than this many characters are skipped with a notice. */
  maxFileSize?: number;
}

export const DEFAULT_OBJECTIVE_PATTERN = '^(loss|.*Loss|objective|.*Objective|elbo|.*Elbo|nll|.*Nll|negLogLik.*)$';

export const DEFAULT_OPTIONS: Required<AnalyzeOptions> = {
  objectivePattern: DEFAULT_OBJECTIVE_PATTERN,
  samplers: [],
  severity: {},
  maxFileSize: 1_000_000,
};

/** Fills unset fields with defaults. */
export function resolveOptions(o: AnalyzeOptions | undefined): Required<AnalyzeOptions> {
  return {
    objectivePattern: o?.objectivePattern || DEFAULT_OPTIONS.objectivePattern,
    samplers: o?.samplers ?? [],
    severity: o?.severity ?? {},
    maxFileSize: o?.maxFileSize ?? DEFAULT_OPTIONS.maxFileSize,
  };
}

/**
 * Parses the text of a `pathwise.config.json`. Throws an `Error` with a readable message when the
 * JSON is malformed or a field has the wrong type, so the CLI can report it and exit 2.
 */
export function parseConfig(text: string, source = 'pathwise.config.json'): AnalyzeOptions {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: invalid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${source}: expected an object`);
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!TOP_LEVEL_KEYS.has(k)) throw new Error(`${source}: unknown field "${k}" (expected ${[...TOP_LEVEL_KEYS].slice(1).join(', ')})`);
  }
  const out: AnalyzeOptions = {};
  if (r.objectivePattern !== undefined) out.objectivePattern = checkObjectivePattern(r.objectivePattern, `${source}: "objectivePattern"`);
  if (r.samplers !== undefined) {
    if (!Array.isArray(r.samplers)) throw new Error(`${source}: "samplers" must be an array`);
    out.samplers = r.samplers.map((s, i) => checkSampler(s, `${source}: samplers[${i}]`));
  }
  if (r.severity !== undefined) {
    if (typeof r.severity !== 'object' || r.severity === null || Array.isArray(r.severity)) throw new Error(`${source}: "severity" must be an object`);
    out.severity = {};
    for (const [k, v] of Object.entries(r.severity)) {
      if (!RULE_IDS.includes(k as RuleId)) throw new Error(`${source}: severity of unknown rule "${k}" (rules: ${RULE_IDS.join(', ')})`);
      if (!['error', 'warning', 'info', 'off'].includes(v as string)) {
        throw new Error(`${source}: severity of "${k}" must be error, warning, info or off`);
      }
      (out.severity as Record<string, SeveritySetting>)[k] = v as SeveritySetting;
    }
  }
  if (r.maxFileSize !== undefined) {
    if (typeof r.maxFileSize !== 'number' || r.maxFileSize <= 0) throw new Error(`${source}: "maxFileSize" must be a positive number`);
    out.maxFileSize = r.maxFileSize;
  }
  return out;
}

/** Validates one user sampler entry; also used for the VS Code setting. */
export function checkSampler(s: unknown, where: string): UserSamplerSpec {
  if (typeof s !== 'object' || s === null) throw new Error(`${where}: expected an object`);
  const o = s as Record<string, unknown>;
  if (typeof o.name !== 'string' || !o.name) throw new Error(`${where}: "name" must be a non-empty string`);
  for (const k of Object.keys(o)) if (!SAMPLER_KEYS.has(k)) throw new Error(`${where}: unknown field "${k}"`);
  if (typeof o.family !== 'string' || !(FAMILIES as readonly string[]).includes(o.family)) {
    throw new Error(`${where}: "family" must be one of ${FAMILIES.join(', ')}`);
  }
  if (!Array.isArray(o.params) || !o.params.every((p) => Number.isInteger(p) && p >= 0)) {
    throw new Error(`${where}: "params" must be an array of argument indices`);
  }
  if (o.form !== undefined && o.form !== 'direct' && o.form !== 'factory') throw new Error(`${where}: "form" must be "direct" or "factory"`);
  if (o.module !== undefined && typeof o.module !== 'string') throw new Error(`${where}: "module" must be a string`);
  return {
    name: o.name,
    family: o.family as Family,
    params: o.params as number[],
    form: (o.form as 'direct' | 'factory' | undefined) ?? 'direct',
    module: typeof o.module === 'string' ? o.module : undefined,
  };
}

/** Merges option layers; later layers win field by field (severity maps and sampler lists are combined). */
export function mergeOptions(...layers: (AnalyzeOptions | undefined)[]): AnalyzeOptions {
  const out: AnalyzeOptions = { samplers: [], severity: {} };
  for (const l of layers) {
    if (!l) continue;
    if (l.objectivePattern) out.objectivePattern = l.objectivePattern;
    if (l.maxFileSize) out.maxFileSize = l.maxFileSize;
    if (l.samplers) out.samplers = [...(out.samplers ?? []), ...l.samplers];
    if (l.severity) out.severity = { ...out.severity, ...l.severity };
  }
  return out;
}

/** Seed of `Math.random` and the samplers during a trace, shared by `pathwise trace` and the editor (`pathwise.trace.seed`). */
export const DEFAULT_TRACE_SEED = 7;
