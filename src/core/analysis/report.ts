/**
 * Turns candidates that reached a loss into findings: rule, severity (from the settings, `off`
 * drops the finding), message, 1-based positions, severed names and related locations.
 */
import ts from 'typescript';
import type { AnalyzeOptions } from '../config';
import { DEFAULT_SEVERITY, ruleById } from '../rules/index';
import type { Finding, RelatedInfo, RuleId } from '../types';
import type { Candidate } from './value';
import { externalRelated, rangeOf } from './imported';

function describeOrigin(c: Candidate, name: string): string {
  const direct = [...c.origins].find((o) => o.name === name);
  if (direct) return `'${name}' is trainable (${direct.how})`;
  const from = [...c.origins].map((o) => o.name);
  return from.length ? `'${name}' depends on trainable ${from.join(', ')}` : `'${name}' is trainable`;
}

/** Builds the finding of a candidate, or null when it did not reach a loss or its rule is off. */
export function toFinding(sf: ts.SourceFile, c: Candidate, options: Required<AnalyzeOptions>): Finding | null {
  let ruleId: RuleId;
  let lossAt: ts.Node;
  // Score-function only when the sample reaches the loss solely as a weighted log-likelihood target;
  // any value use (or an unweighted log-likelihood) keeps the severing rule.
  if (c.reachedAt) {
    ruleId = c.ruleId;
    lossAt = c.reachedAt;
  } else if (c.scoreAt) {
    ruleId = 'score-function';
    lossAt = c.scoreAt;
  } else return null;
  const setting = options.severity[ruleId];
  if (setting === 'off') return null;
  const rule = ruleById(ruleId);
  const start = c.site ? c.site.callStart : c.node.getStart(sf);
  const end = c.site ? c.site.callEnd : c.node.end;
  const s = sf.getLineAndCharacterOfPosition(start);
  const en = sf.getLineAndCharacterOfPosition(end);
  const related: RelatedInfo[] = [];
  for (const [name, decl] of c.severed) {
    const at = ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isBindingElement(decl) ? decl.name : decl;
    related.push({ message: describeOrigin(c, name), start: at.getStart(sf), end: at.end });
  }
  for (const o of c.origins) {
    if (!c.severed.has(o.name)) related.push({ message: `'${o.name}' is trainable (${o.how})`, start: o.node.getStart(sf), end: o.node.end });
    // A trainable of another module (project analysis): also where it is defined.
    if (o.at) related.push({ message: `'${o.name}' is defined here (${o.how})`, ...rangeOf(o.at) });
  }
  related.push(...externalRelated(c.external));
  related.push({ message: `the ${ruleId === 'score-function' ? 'sample enters the log-likelihood of the loss' : 'severed value reaches the loss'} here`, start: lossAt.getStart(sf), end: lossAt.end });
  return {
    ruleId,
    severity: setting ?? DEFAULT_SEVERITY[ruleId],
    message: rule.message(c),
    start,
    end,
    line: s.line + 1,
    column: s.character + 1,
    endLine: en.line + 1,
    endColumn: en.character + 1,
    sampler: c.sampler,
    family: c.family,
    severed: [...c.severed.keys()],
    related,
    fixable: false,
    ...(c.site ? { site: { ...c.site } } : {}),
  };
}
