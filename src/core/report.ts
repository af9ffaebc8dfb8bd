/**
 * Pure helpers shared by the reporters (CLI formats, editor diagnostics): per-rule severity
 * overrides, the exit-status test, and one-line rule summaries for SARIF rule metadata.
 */
import { DEFAULT_SEVERITY, RULES } from './rules/index';
import type { Finding, Fix, RuleId, Severity, SeveritySetting } from './types';

/** One-line summary of each rule (SARIF `shortDescription`), from the rules' metadata. Long docs: `docs/rules/<id>.md`. */
export const RULE_SUMMARIES: Readonly<Record<RuleId, string>> = Object.fromEntries(RULES.map((r) => [r.id, r.meta.docs.description])) as Record<RuleId, string>;

/** Default severity of each rule when no setting overrides it. */
export const DEFAULT_RULE_SEVERITY: Readonly<Record<RuleId, Severity>> = DEFAULT_SEVERITY;

/**
 * Applies per-rule severity settings: a severity replaces the finding's, `off` drops the finding.
 * Idempotent, so it is safe when the analyzer has applied the same settings already.
 */
export function applySeverity(findings: Finding[], severity: Partial<Record<string, SeveritySetting>> | undefined): Finding[] {
  if (!severity) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const s = severity[f.ruleId];
    if (s === 'off') continue;
    // Copied with property descriptors, so a lazy `fixable` (analyze's `lazy` run) stays lazy.
    out.push(s && s !== f.severity ? Object.defineProperties({} as Finding, { ...Object.getOwnPropertyDescriptors(f), severity: { value: s, writable: true, enumerable: true, configurable: true } }) : f);
  }
  return out;
}

/** True when a finding should fail a CI run (severity warning or error). */
export function isBlocking(f: Finding): boolean {
  return f.severity === 'warning' || f.severity === 'error';
}

/** Collapses a message to one line for line-oriented outputs. */
export function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** Title of a fix for menus, saying so when it changes the estimator or the program's meaning. */
export function fixTitle(fix: Fix): string {
  if (fix.safety === 'safe' || /estimator|semantic|meaning|biased/i.test(fix.title)) return fix.title;
  return `${fix.title} (${fix.safety === 'changes-estimator' ? 'changes the estimator' : 'changes the semantics'})`;
}
