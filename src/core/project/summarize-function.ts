/**
 * The summary of one function as its callers in other modules see it. The function is evaluated
 * once as if inside a gradient context, each parameter a distinct trainable source: what reaches the
 * result then says which parameters flow to it, which trainables of the module taint it, and which
 * severing sites (samplers, host round trips, discrete steps) its inputs reach. A method or a
 * returned function also sees the parameters of what created it (constructor, factory) as sources,
 * recorded as `bound` indices, so a caller can supply the creator's arguments.
 */
import ts from 'typescript';
import type { Engine } from '../analysis/engine';
import { bindName } from '../analysis/expressions';
import { runBody } from '../analysis/statements';
import type { Frame, Origin, Value } from '../analysis/value';
import type { FunctionSummary, SamplerUse, SourceLoc, TrainableRef } from './types';

/** Evaluation steps allowed per exported function. */
const FUNCTION_BUDGET = 100_000;
/** How deep factories returning factories are followed. */
const MAX_RETURN_DEPTH = 2;

/** Where a summarised function lives and what created it. */
export interface FunctionSite {
  /** The frame it closes over (a factory's frame after the factory ran); null for module level. */
  env: Frame | null;
  cls?: ts.ClassLikeDeclaration;
  /** Sources standing for the creator's parameters → their indices (constructor, factory). */
  bound?: Map<Origin, number>;
  depth?: number;
}

/** Summarises `fn` (memoised per node for module-level functions). Never throws. */
export function summarizeFunction(e: Engine, name: string, fn: ts.SignatureDeclaration, memo: Map<ts.Node, FunctionSummary>, site: FunctionSite = { env: null }): FunctionSummary {
  const memoable = site.env === null && !site.bound;
  const known = memoable ? memo.get(fn) : undefined;
  if (known) return { ...known, name };
  // Fresh per function: candidates and call results of another function's evaluation must not leak in.
  e.candidates.clear();
  e.callMemo.clear();
  e.seen.clear();
  e.outerWrites.clear();
  e.thisWrites.clear();
  const cls = site.cls ?? (fn.parent && ts.isClassLike(fn.parent) ? fn.parent : undefined);
  const frame = e.newFrame(site.env, cls);
  const params = new Map<Origin, number>();
  e.budget = FUNCTION_BUDGET;
  e.inContext = true;
  let ret: Value = {};
  try {
    fn.parameters.forEach((p, i) => {
      const o = e.origin(p, p.name.getText(), 'parameter');
      params.set(o, i);
      const v = e.trainable(o);
      if (ts.isIdentifier(p.name)) frame.vars.set(p, v);
      else bindName(e, p.name, v, frame);
    });
    ret = runBody(e, fn, frame, false);
  } catch {
    // budget exhausted or a bug: summarise what was seen
  } finally {
    e.inContext = false;
  }
  const sf = e.sourceFile;
  const split = (origins: Iterable<Origin>) => {
    const ps = new Set<number>();
    const bs = new Set<number>();
    const trainables: TrainableRef[] = [];
    for (const o of origins) {
      const i = params.get(o);
      const b = site.bound?.get(o);
      if (i !== undefined) ps.add(i);
      else if (b !== undefined) bs.add(b);
      else trainables.push(trainableRef(sf, o));
    }
    return { ps: sorted(ps), bs: sorted(bs), trainables };
  };
  const result = split(ret.taint ?? []);
  const reached = new Set([...(ret.marks ?? []), ...(ret.pending ?? [])]);
  const samplers: SamplerUse[] = [];
  for (const c of e.candidates.values()) {
    if (!reached.has(c)) continue;
    const { ps, bs, trainables } = split(c.origins);
    if (!ps.length && !bs.length && !trainables.length) continue;
    const inner = c.external?.[0];
    samplers.push({
      ruleId: c.ruleId,
      sampler: c.sampler,
      family: c.family,
      params: ps,
      ...(bs.length ? { bound: bs } : {}),
      trainables,
      roundTrips: [...c.roundTrips],
      at: inner ? inner.at : loc(sf, c.node),
      via: inner ? [calleeName(c.node)] : [],
    });
  }
  let drewNoise = false;
  for (const v of e.seen.values()) if (v.noise) drewNoise = true;
  const s: FunctionSummary = {
    kind: 'function',
    name,
    at: loc(sf, fn.name ?? nameNode(fn.parent) ?? fn),
    paramsToResult: result.ps,
    rest: fn.parameters.findIndex((p) => !!p.dotDotDotToken),
    ...(result.bs.length ? { boundToResult: result.bs } : {}),
    resultTrainables: result.trainables,
    samplers,
    resultKind: ret.kind ?? null,
    noise: !!ret.noise,
    pathwise: samplers.length === 0 && (result.ps.length > 0 || result.bs.length > 0) && (drewNoise || !!ret.noise),
  };
  if (memoable) memo.set(fn, s);
  // A factory: the function it returns, with this function's parameters as its bound sources.
  const r = ret.fn;
  const depth = site.depth ?? 0;
  if (r && r.node !== fn && depth < MAX_RETURN_DEPTH) {
    const returns = summarizeFunction(e, `${name}()`, r.node, memo, { env: r.env, cls: r.cls, bound: r.env ? params : undefined, depth: depth + 1 });
    if (returns.samplers.length || returns.paramsToResult.length || returns.boundToResult || returns.resultTrainables.length || returns.returns) s.returns = returns;
  }
  return s;
}

function sorted(s: Set<number>): number[] {
  return [...s].sort((a, b) => a - b);
}

function calleeName(n: ts.Node): string {
  return ts.isCallExpression(n) ? n.expression.getText().replace(/\s+/g, '') : n.getText().slice(0, 40);
}

/** A trainable as plain data, located where it is defined. */
export function trainableRef(sf: ts.SourceFile, o: Origin): TrainableRef {
  if (o.at) return { name: o.name, how: o.how, at: o.at };
  const n = ts.isVariableDeclaration(o.node.parent) && o.node.parent.initializer === o.node ? o.node.parent.name : o.node;
  return { name: o.name, how: o.how, at: loc(n.getSourceFile() ?? sf, n) };
}

/** The name node of a declaration (the node itself when it has none). */
export function nameNode(n: ts.Node): ts.Node {
  if ((ts.isVariableDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isClassLike(n) || ts.isPropertyAssignment(n) || ts.isBindingElement(n) || ts.isMethodDeclaration(n)) && n.name) return n.name;
  return n;
}

/** The location of a node of `sf`. */
export function loc(sf: ts.SourceFile, n: ts.Node): SourceLoc {
  const start = n.getStart(sf);
  const a = sf.getLineAndCharacterOfPosition(start);
  const b = sf.getLineAndCharacterOfPosition(n.end);
  return { file: sf.fileName, start, end: n.end, line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}
