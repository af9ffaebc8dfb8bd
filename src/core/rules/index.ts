/**
 * The rule registry. Order matters for call visitors: log-likelihood recognition runs before the
 * sampler, host and step visitors so a sample used as a label is turned into a score mark first.
 */
import type { RuleId, Severity } from '../types';
import { discreteStep } from './discrete-step';
import { hostRoundTrip } from './host-round-trip';
import { opaqueSampler } from './opaque-sampler';
import { scoreFunction } from './score-function';
import type { Rule } from './types';

export type { Rule, RuleApi, CallInfo } from './types';

export const RULES: readonly Rule[] = [scoreFunction, opaqueSampler, hostRoundTrip, discreteStep];

/** The rule with this id. */
export function ruleById(id: RuleId): Rule {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

/** Default severity of each rule. */
export const DEFAULT_SEVERITY: Record<RuleId, Severity> = {
  'opaque-sampler': opaqueSampler.meta.defaultSeverity,
  'host-round-trip': hostRoundTrip.meta.defaultSeverity,
  'discrete-step': discreteStep.meta.defaultSeverity,
  'score-function': scoreFunction.meta.defaultSeverity,
};
