/**
 * Severing candidates: one per severing node, created by the rules while a gradient context is
 * evaluated and reported later if its mark reaches the loss. Also names the severed values in
 * source spelling: the identifiers (and `this.x` reads) inside the cut expressions whose evaluated
 * value is trainable, plus the values that crossed a host round trip on their way there (`zMean` in
 * `zMean.dataSync()[0]`).
 */
import ts from 'typescript';
import { nodeText } from './scope';
import type { CandidateInit } from '../rules/types';
import type { Engine } from './engine';
import { findDeclaration } from './scope';
import { isTainted, type Candidate, type Origin, type Value } from './value';

/** Trainable origins a value depends on, directly or through a host round trip. */
export function originsOf(v: Value): Set<Origin> {
  const out = new Set<Origin>(v.taint ?? []);
  for (const c of v.marks ?? []) if (c.ruleId === 'host-round-trip') c.origins.forEach((o) => out.add(o));
  return out;
}

/** Creates (or extends) the candidate at `node`; undefined outside gradient contexts. */
export function candidate(e: Engine, ruleId: Candidate['ruleId'], node: ts.Node, init: CandidateInit): Candidate | undefined {
  if (!e.inContext) return undefined;
  let c = e.candidates.get(node);
  if (!c) {
    c = {
      id: e.id(),
      ruleId,
      node,
      sampler: init.sampler,
      family: init.family,
      severed: new Map(),
      origins: new Set(),
      params: [...init.from],
      roundTrips: [],
      site: init.site,
      entry: init.entry,
      reachedAt: null,
      scoreAt: null,
    };
    e.candidates.set(node, c);
  }
  for (const v of init.values) originsOf(v).forEach((o) => c.origins.add(o));
  const { names, roundTrips } = severedNames(e, init.from, init.values);
  names.forEach((d, n) => c.severed.set(n, d));
  for (const r of roundTrips) if (!c.roundTrips.includes(r)) c.roundTrips.push(r);
  if (c.severed.size === 0) for (const o of c.origins) c.severed.set(o.name, o.node);
  e.lastCandidate = c;
  if (e.graph) {
    const kind = ruleId === 'host-round-trip' ? 'host' : init.entry ? 'sample' : 'op';
    const id = e.graph.node(`c${c.id}`, init.sampler ?? ruleId, init.sampler ?? ruleId, kind, node);
    for (const v of init.values) e.graph.edgesFrom(v.deps, id, ruleId === 'discrete-step' ? 'zero' : 'severed');
  }
  return c;
}

/** Severed names at a site and the host round trips that fed it. */
export function severedNames(e: Engine, from: ts.Node[], values: Value[]): { names: Map<string, ts.Node>; roundTrips: string[] } {
  const names = new Map<string, ts.Node>();
  const roundTrips: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    const v = e.seen.get(n);
    if (v && isTainted(v) && (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n))) {
      const text = nodeText(n);
      const root = ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) ? n.expression : n;
      if (!names.has(text)) names.set(text, ts.isIdentifier(root) ? (findDeclaration(root.text, root) ?? n) : n);
      return;
    }
    n.forEachChild(visit);
  };
  from.forEach(visit);
  for (const v of values) {
    for (const c of v.marks ?? []) {
      if (c.ruleId !== 'host-round-trip') continue;
      c.severed.forEach((d, n) => names.has(n) || names.set(n, d));
      const t = nodeText(c.node).replace(/\s+/g, ' ');
      if (!roundTrips.includes(t)) roundTrips.push(t);
    }
  }
  return { names, roundTrips };
}
