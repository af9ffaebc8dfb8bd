/**
 * `opaque-sampler`: a catalogue (or user) sampler drawn inside a gradient context with
 * distribution parameters that depend on trainable values. The sample is a fresh leaf: autodiff
 * sees no edge from the parameters to it. Host round trips feeding the parameters
 * (`tf.randomNormal(s, zMean.dataSync()[0])`) are reported here, on the sampler (the fix rewrites
 * the whole call), not separately. Discrete catalogue samplers are reported as `discrete-step`.
 */
import ts from 'typescript';
import { nodeText } from '../analysis/scope';
import { displayName, findByPath, userSamplerEntry } from '../catalogue/index';
import type { AnalyzeOptions } from '../config';
import { EMPTY } from '../analysis/value';
import type { SamplerEntry } from '../catalogue/types';
import type { SamplerSite } from '../types';
import { join, marksOnly, passedMarks, type Candidate, type Value } from '../analysis/value';
import { formatMessage, messageData, type CallInfo, type Rule, type RuleApi } from './types';

/** The row a call's callee names, if any. User samplers match the callee as written (`rng.normal`). */
export function matchSampler(call: CallInfo, options: Required<AnalyzeOptions>): SamplerEntry | undefined {
  if (options.samplers.length) {
    const text = nodeText(call.node.expression).replace(/\s+/g, '');
    const spec = options.samplers.find((s) => s.name === text);
    if (spec) return userSamplerEntry(spec);
  }
  const ref = call.callee.ref;
  return ref ? findByPath(ref.lib, ref.path) : undefined;
}

/** The expressions and values of a row's distribution parameters in this call. */
export function paramArgs(entry: SamplerEntry, node: ts.CallExpression, args: Value[]): { nodes: ts.Node[]; values: Value[] } {
  const nodes: ts.Node[] = [];
  const values: Value[] = [];
  for (const p of entry.params) {
    if (typeof p.arg === 'number') {
      const a = node.arguments[p.arg];
      if (!a) continue;
      nodes.push(a);
      values.push(args[p.arg] ?? EMPTY);
      continue;
    }
    const obj = node.arguments[0];
    if (!obj) continue;
    if (ts.isObjectLiteralExpression(obj)) {
      const prop = obj.properties.find((q) => q.name?.getText() === p.arg);
      if (!prop) continue;
      nodes.push(prop);
      values.push(args[0]?.props?.get(p.arg) ?? EMPTY);
    } else if (!values.includes(args[0] ?? EMPTY)) {
      nodes.push(obj);
      values.push(args[0] ?? EMPTY);
    }
  }
  return { nodes, values };
}

/** Draws a sample from `entry` with parameter values; returns the sample's abstract value. */
export function drawSample(
  api: RuleApi,
  entry: SamplerEntry,
  nodes: ts.Node[],
  values: Value[],
  at: ts.Node,
  site: SamplerSite | undefined,
): Value {
  const origins = new Set(values.flatMap((v) => [...api.originsOf(v)]));
  const host = new Set<Candidate>();
  for (const v of values) for (const c of v.marks ?? []) if (c.ruleId === 'host-round-trip') host.add(c);
  const pass = marksOnly(join(...values));
  const passMarks = [...passedMarks(pass)].filter((c) => !host.has(c));
  if (origins.size === 0) return { ...pass, noise: true };
  const c = api.candidate(entry.discrete ? 'discrete-step' : 'opaque-sampler', at, {
    sampler: displayName(entry),
    family: entry.family,
    from: nodes,
    values,
    site,
    entry,
  });
  const marks = new Set(passMarks);
  if (c) marks.add(c);
  const out: Value = {};
  if (marks.size) out.marks = marks;
  if (pass.scores) out.scores = pass.scores;
  return out;
}

function strip(n: ts.Node): ts.Node {
  let x = n;
  while (ts.isParenthesizedExpression(x)) x = x.expression;
  return x;
}

/** The variable a sample is stored in (`const z = …` → `z`), else "the sample". */
export function sampleName(node: ts.Node): string {
  let n = node;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent))) n = n.parent;
  return n.parent && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name) ? n.parent.name.text : 'the sample';
}

export const opaqueSampler: Rule = {
  id: 'opaque-sampler',
  meta: {
    defaultSeverity: 'warning',
    fixable: true,
    docs: { description: 'A sampler with trainable parameters inside a gradient context severs the gradient path.', url: 'docs/rules/opaque-sampler.md' },
    messages: {
      roundTrip:
        'Opaque sampler {{sampler}} ({{family}}) severs the gradient of {{names}}: {{sampler}} takes numbers: {{roundTrips}} {{verb}} the graph, so ∂loss/∂{{first}} through {{sample}} is 0.',
      opaque:
        'Opaque sampler {{sampler}} ({{family}}) severs the gradient of {{names}}: {{sampler}} draws {{sample}} inside an opaque call, so autodiff sees no edge from {{names}} to {{sample}} and ∂loss/∂{{first}} through it is 0.',
    },
  },
  visitor: {
    CallExpression(call: CallInfo, api: RuleApi): Value | undefined {
      const f = call.callee.factory;
      if (f) {
        const draws = f.entry.draw;
        const isDraw = draws ? !!call.receiver?.factory && !!call.name && draws.includes(call.name) : !call.receiver?.factory;
        if (!isDraw) return undefined;
        const calleeExpr = strip(call.node.expression);
        const direct = draws ? strip((calleeExpr as ts.PropertyAccessExpression).expression) === f.node : calleeExpr === f.node;
        const site = direct ? { library: f.entry.library, entry: f.entry.entry, callStart: f.node.getStart(), callEnd: call.node.end } : undefined;
        return drawSample(api, f.entry, f.nodes, f.values, direct ? call.node : f.node, site);
      }
      const entry = matchSampler(call, api.options);
      if (!entry) return undefined;
      const { nodes, values } = paramArgs(entry, call.node, call.args);
      if (entry.form === 'factory') return { factory: { entry, values, nodes, node: call.node } };
      const site = { library: entry.library, entry: entry.entry, callStart: call.node.getStart(), callEnd: call.node.end };
      return drawSample(api, entry, nodes, values, call.node, site);
    },
  },
  message(c) {
    const data = { ...messageData(c), sample: sampleName(c.node), roundTrips: c.roundTrips.join(' and '), verb: c.roundTrips.length > 1 ? 'leave' : 'leaves' };
    return formatMessage(opaqueSampler.meta.messages[c.roundTrips.length ? 'roundTrip' : 'opaque'], data);
  },
};
