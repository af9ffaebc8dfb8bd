/**
 * The rule shape (after typescript-eslint): an id, metadata (messages, fixability, docs) and a
 * visitor. Visitors are called by the dataflow engine on calls and binary expressions it evaluates,
 * with the abstract values of their operands; a visitor that recognises its pattern returns the
 * value of the expression (usually carrying a new severing mark), otherwise undefined.
 */
import type ts from 'typescript';
import { nodeText } from '../analysis/scope';
import type { AnalyzeOptions } from '../config';
import type { SamplerEntry } from '../catalogue/types';
import type { Family, RuleId, SamplerSite, Severity } from '../types';
import type { Candidate, Frame, Origin, Value } from '../analysis/value';

/** A call as the engine evaluated it. */
export interface CallInfo {
  node: ts.CallExpression;
  /** Identifier or property name of the callee (`randomNormal`, `dataSync`), if it has one. */
  name: string | undefined;
  callee: Value;
  /** Receiver of a method call (`mu` in `mu.dataSync()`). */
  receiver?: Value;
  receiverNode?: ts.Expression;
  args: Value[];
  frame: Frame | null;
}

/** What a severing site is, for {@link RuleApi.candidate}. */
export interface CandidateInit {
  sampler: string | null;
  family: Family | null;
  /** Expressions whose trainable dependence is cut (distribution-parameter arguments, the receiver of dataSync). */
  from: ts.Node[];
  values: Value[];
  site?: SamplerSite;
  entry?: SamplerEntry;
}

/** Services the engine offers to rules. */
export interface RuleApi {
  /** True while evaluating code reachable from a gradient context. */
  readonly inContext: boolean;
  /** Creates (or extends) the severing candidate at `node`; returns undefined outside gradient contexts. */
  candidate(ruleId: Candidate['ruleId'], node: ts.Node, init: CandidateInit): Candidate | undefined;
  /** Trainable origins a value depends on, directly or through a host round trip. */
  originsOf(v: Value): Set<Origin>;
  /** True when `name` is not declared in the file (a global like `Math`, `Number`). */
  isGlobal(name: string, at: ts.Node): boolean;
  /** Parameter-free noise value. */
  readonly noise: Value;
  readonly options: Required<AnalyzeOptions>;
}

export interface RuleMeta {
  defaultSeverity: Severity;
  fixable: boolean;
  docs: { description: string; url: string };
  /** Message templates by message id; `{{name}}` placeholders are filled by {@link formatMessage}. */
  messages: Record<string, string>;
}

/** Fills `{{key}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => data[k] ?? '');
}

/** Placeholder values every rule's messages can use: severed names, the first one, the site's text. */
export function messageData(c: Candidate): Record<string, string> {
  const names = [...c.severed.keys()];
  return {
    sampler: c.sampler ?? 'the sampler',
    family: c.family ?? 'discrete',
    names: names.join(', '),
    first: names[0] ?? 'the parameters',
    text: nodeText(c.node).replace(/\s+/g, ' '),
  };
}

export interface Rule {
  id: RuleId;
  meta: RuleMeta;
  visitor: {
    CallExpression?(call: CallInfo, api: RuleApi): Value | undefined;
    BinaryExpression?(node: ts.BinaryExpression, left: Value, right: Value, api: RuleApi): Value | undefined;
    /** `cond ? whenTrue : whenFalse` with the values of its three parts. */
    ConditionalExpression?(node: ts.ConditionalExpression, cond: Value, whenTrue: Value, whenFalse: Value, api: RuleApi): Value | undefined;
  };
  /** The finding message for a candidate that reached the loss. */
  message(c: Candidate): string;
}
