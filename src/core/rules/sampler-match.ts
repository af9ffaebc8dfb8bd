/**
 * Matches a call against the sampler catalogue and the user's samplers, and reads the
 * distribution-parameter arguments a row names (positional, or properties of an options object).
 */
import ts from 'typescript';
import { findByPath, userSamplerEntry } from '../catalogue/index';
import type { SamplerEntry } from '../catalogue/types';
import type { AnalyzeOptions } from '../config';
import { EMPTY, type Value } from '../analysis/value';
import type { CallInfo } from './types';

/** The row a call's callee names, if any. User samplers match the callee as written (`rng.normal`). */
export function matchSampler(call: CallInfo, options: Required<AnalyzeOptions>): SamplerEntry | undefined {
  if (options.samplers.length) {
    const text = call.node.expression.getText().replace(/\s+/g, '');
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
