/**
 * `opaque-sampler`: a catalogue (or user) sampler drawn inside a gradient context with
 * distribution parameters that depend on trainable values. The sample is a fresh leaf: autodiff
 * sees no edge from the parameters to it. Host round trips feeding the parameters
 * (`tf.randomNormal(s, zMean.dataSync()[0])`) are reported here, on the sampler (the fix rewrites
 * the whole call), not separately. Discrete catalogue samplers are reported as `discrete-step`.
 */
import ts from 'typescript';
import { displayName } from '../catalogue/index';
import type { SamplerEntry } from '../catalogue/types';
import type { SamplerSite } from '../types';
import { join, marksOnly, type Candidate, type Value } from '../analysis/value';
import { matchSampler, paramArgs } from './sampler-match';
import type { CallInfo, Rule, RuleApi } from './types';

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
  const passMarks = [...(pass.marks ?? [])].filter((c) => !host.has(c));
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

export const opaqueSampler: Rule = {
  id: 'opaque-sampler',
  meta: {
    defaultSeverity: 'warning',
    fixable: true,
    docs: { description: 'A sampler with trainable parameters inside a gradient context severs the gradient path.', url: 'docs/rules/opaque-sampler.md' },
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
    const names = [...c.severed.keys()];
    const first = names[0] ?? 'the parameters';
    const why = c.roundTrips.length
      ? `${c.sampler} takes numbers: ${c.roundTrips.join(' and ')} ${c.roundTrips.length > 1 ? 'leave' : 'leaves'} the graph, so ∂loss/∂${first} through the sample is 0.`
      : `${c.sampler} draws the sample inside an opaque call, so autodiff sees no edge from ${names.join(', ')} to the sample and ∂loss/∂${first} through it is 0.`;
    return `Opaque sampler ${c.sampler} (${c.family}) severs the gradient of ${names.join(', ')}: ${why}`;
  },
};
