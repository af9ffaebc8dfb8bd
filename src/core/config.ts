/**
 * Analysis options shared by the editor (settings) and the CLI (`pathwise.config.json`, `--config`).
 * Pure data and parsing only: reading files is the caller's job.
 */
import type { Family, RuleId, SeveritySetting } from './types';

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
  const out: AnalyzeOptions = {};
  if (r.objectivePattern !== undefined) {
    if (typeof r.objectivePattern !== 'string') throw new Error(`${source}: "objectivePattern" must be a string`);
    try {
      new RegExp(r.objectivePattern);
    } catch {
      throw new Error(`${source}: "objectivePattern" is not a valid regular expression`);
    }
    out.objectivePattern = r.objectivePattern;
  }
  if (r.samplers !== undefined) {
    if (!Array.isArray(r.samplers)) throw new Error(`${source}: "samplers" must be an array`);
    out.samplers = r.samplers.map((s, i) => checkSampler(s, `${source}: samplers[${i}]`));
  }
  if (r.severity !== undefined) {
    if (typeof r.severity !== 'object' || r.severity === null) throw new Error(`${source}: "severity" must be an object`);
    out.severity = {};
    for (const [k, v] of Object.entries(r.severity)) {
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
  if (typeof o.family !== 'string') throw new Error(`${where}: "family" must be a string`);
  if (!Array.isArray(o.params) || !o.params.every((p) => Number.isInteger(p) && p >= 0)) {
    throw new Error(`${where}: "params" must be an array of argument indices`);
  }
  if (o.form !== undefined && o.form !== 'direct' && o.form !== 'factory') throw new Error(`${where}: "form" must be "direct" or "factory"`);
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
