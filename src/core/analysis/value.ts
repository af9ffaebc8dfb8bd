/**
 * The abstract values of the dataflow analysis. A value records which trainable sources it is
 * differentiable in (`taint`), which severing sites its data passed through (`marks`: a sample, a
 * host copy, a discrete step), which of those entered a log-likelihood as its target and still wait
 * for a reward weight (`pending`), and which reached it as the weighted target of a log-likelihood
 * (`scores`, the REINFORCE pattern).
 * Module references, closures and object shapes ride along so calls can be resolved.
 */
import type ts from 'typescript';
import type { LibraryCatalogue, SamplerEntry } from '../catalogue/types';
import type { Family, RuleId, SamplerSite } from '../types';
import type { ClassSummary, FunctionSummary, SourceLoc } from '../project/types';

/** A trainable source: a tf.variable, layer weights, a parameter of a differentiated function. */
export interface Origin {
  id: number;
  /** Name in source spelling (`zMean`, `encoder`, `this.kernel`). */
  name: string;
  node: ts.Node;
  /** How it is trainable, for related information (`tf.variable`, `weights of encoder`, `parameter of loss`). */
  how: string;
  /** Set for a trainable defined in another module (the project index): where it is defined. */
  at?: SourceLoc;
}

/** A severing site found inside a gradient context; reported when its mark reaches the loss. */
export interface Candidate {
  id: number;
  ruleId: Exclude<RuleId, 'score-function'>;
  node: ts.Node;
  sampler: string | null;
  family: Family | null;
  /** Severed names in source spelling → the node their value is declared at. */
  severed: Map<string, ts.Node>;
  origins: Set<Origin>;
  /** The cut expressions (distribution-parameter arguments), to recognise a written-out log density `(x - mu) ** 2`. */
  params: ts.Node[];
  /** Host round trips feeding this site (`zMean.dataSync()`), for the message. */
  roundTrips: string[];
  site?: SamplerSite;
  entry?: SamplerEntry;
  /** Set when the mark reaches the loss in value position / only as a log-likelihood target. */
  reachedAt: ts.Node | null;
  scoreAt: ts.Node | null;
  /** Set when the score mark comes from an unweighted log-likelihood whose gradients are returned for a reward to scale later. */
  scoreLater?: boolean;
  /** Severing sites in other modules reached through a call to an imported function (project analysis). */
  external?: { at: SourceLoc; message: string }[];
}

/** A member of a library module (`tf`, `tf.randomNormal`, `jStat.normal`). */
export interface ModuleRef {
  lib: LibraryCatalogue;
  path: string[];
}

/** A function value and the frame it closes over. */
export interface Closure {
  node: ts.SignatureDeclaration;
  env: Frame | null;
  /** Class whose `this` the function sees (methods). */
  cls?: ts.ClassLikeDeclaration;
}

/** A factory sampler called with parameters but not drawn yet (`const g = randomNormal(mu, s)`). */
export interface PendingFactory {
  entry: SamplerEntry;
  /** Values and expressions of the distribution-parameter arguments. */
  values: Value[];
  nodes: ts.Node[];
  /** The factory call (`randomNormal(mu, s)`). */
  node: ts.CallExpression;
}

export interface Value {
  taint?: ReadonlySet<Origin>;
  marks?: ReadonlySet<Candidate>;
  /** Candidates used as the target of a log-likelihood of trainables, not yet weighted by a reward. */
  pending?: ReadonlySet<Candidate>;
  scores?: ReadonlySet<Candidate>;
  ref?: ModuleRef;
  fn?: Closure;
  props?: ReadonlyMap<string, Value>;
  factory?: PendingFactory;
  /** What tfjs object this is, when known. */
  kind?: 'model' | 'optimizer';
  /** Parameter-free noise (`Math.random()`, `tf.randomNormal(shape)`): comparing it with a trainable is a discrete step. */
  noise?: boolean;
  /**
   * The direct result of a log of trainable values (`tf.logSoftmax(logits)`, `Math.log(p)`): selecting
   * from it by a discrete sample makes a log-likelihood target. Not propagated by {@link join}.
   */
  logLik?: boolean;
  /** Trainable values selected by these discrete samples (`tf.gather(probs, a)`); a log of it is a log-likelihood. Not propagated. */
  selected?: ReadonlySet<Candidate>;
  /** Static-graph nodes this value was computed from (only while a graph is being recorded). */
  deps?: ReadonlySet<string>;
  /** A function imported from another module of the project, known by its summary. */
  external?: FunctionSummary;
  /**
   * With `external`: the arguments of what created it (`new Gaussian(mu)` for its methods,
   * `makeSampler(sd)` for the function it returned), which the summary's `bound` indices name.
   */
  bound?: { args: Value[]; nodes: ts.Expression[] };
  /** A class imported from another module of the project; `new` makes an instance of its methods. */
  externalClass?: ClassSummary;
}

/** A runtime frame of an evaluated function: declaration node → current value. */
export interface Frame {
  id: number;
  vars: Map<ts.Node, Value>;
  parent: Frame | null;
  cls?: ts.ClassLikeDeclaration;
}

export const EMPTY: Value = Object.freeze({});

function unionSet<T>(a: ReadonlySet<T> | undefined, b: ReadonlySet<T> | undefined): ReadonlySet<T> | undefined {
  if (!a || a.size === 0) return b && b.size ? b : undefined;
  if (!b || b.size === 0 || a === b) return a;
  let out: Set<T> | undefined;
  for (const x of b) {
    if (!a.has(x)) {
      out ??= new Set(a);
      out.add(x);
    }
  }
  return out ?? a;
}

/**
 * Data union of values: taint, marks, pending and scores combine; references, closures and the
 * `logLik`/`selected` shapes (which describe one expression, not its uses) are dropped.
 */
export function join(...vals: (Value | undefined)[]): Value {
  let taint: ReadonlySet<Origin> | undefined;
  let marks: ReadonlySet<Candidate> | undefined;
  let scores: ReadonlySet<Candidate> | undefined;
  let pending: ReadonlySet<Candidate> | undefined;
  let deps: ReadonlySet<string> | undefined;
  for (const v of vals) {
    if (!v) continue;
    taint = unionSet(taint, v.taint);
    marks = unionSet(marks, v.marks);
    scores = unionSet(scores, v.scores);
    pending = unionSet(pending, v.pending);
    deps = unionSet(deps, v.deps);
  }
  if (!taint && !marks && !scores && !pending && !deps) return EMPTY;
  const out: Value = {};
  if (deps) out.deps = deps;
  if (taint) out.taint = taint;
  if (marks) out.marks = marks;
  if (scores) out.scores = scores;
  if (pending) out.pending = pending;
  return out;
}

/** Union that keeps closures/refs/props of the first value when only one side has them (weak updates). */
export function merge(a: Value | undefined, b: Value | undefined): Value {
  if (!a) return b ?? EMPTY;
  if (!b || a === b) return a;
  const out: Value = join(a, b) === EMPTY ? {} : { ...join(a, b) };
  const fn = a.fn ?? b.fn;
  if (fn) out.fn = fn;
  const ref = a.ref ?? b.ref;
  if (ref) out.ref = ref;
  const kind = a.kind ?? b.kind;
  if (kind) out.kind = kind;
  if (a.props || b.props) out.props = mergeProps(a.props, b.props);
  if (a.factory ?? b.factory) out.factory = a.factory ?? b.factory;
  const ext = a.external ? a : b.external ? b : undefined;
  if (ext) {
    out.external = ext.external;
    if (ext.bound) out.bound = ext.bound;
  }
  if (a.externalClass ?? b.externalClass) out.externalClass = a.externalClass ?? b.externalClass;
  return out;
}

/**
 * The members of a merged value, `a`'s first. Member maps can be lazy (another module's exports or
 * an imported class's methods, computed when first read): they are looked up, never copied, so a
 * member nobody had read yet is not lost.
 */
function mergeProps(a: ReadonlyMap<string, Value> | undefined, b: ReadonlyMap<string, Value> | undefined): ReadonlyMap<string, Value> | undefined {
  if (!a || !b || a === b) return a ?? b;
  return new MergedProps(a, b);
}

class MergedProps extends Map<string, Value> {
  constructor(
    private readonly first: ReadonlyMap<string, Value>,
    private readonly second: ReadonlyMap<string, Value>,
  ) {
    super([...second, ...first]);
  }

  override get(name: string): Value | undefined {
    return this.first.get(name) ?? this.second.get(name);
  }

  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/** Only the marks, pending and scores of a value (a boolean derived from it, a shape read from it). */
export function marksOnly(v: Value): Value {
  if (!v.marks && !v.scores && !v.pending) return EMPTY;
  const out: Value = {};
  if (v.marks) out.marks = v.marks;
  if (v.pending) out.pending = v.pending;
  if (v.scores) out.scores = v.scores;
  return out;
}

/**
 * The marks a value passes on through a non-differentiable site (a sampler's parameters, a host
 * copy, a step): its marks plus its unweighted log-likelihood targets, which are plain data there.
 */
export function passedMarks(v: Value): Set<Candidate> {
  return new Set([...(v.marks ?? []), ...(v.pending ?? [])]);
}

/**
 * Joins `keep` and `moved`, taking the candidates in `which` out of the marks of `moved` (not of
 * `keep`, whose uses of them stay value uses) and recording them in `field` instead.
 */
export function relabel(keep: Value[], moved: Value[], which: ReadonlySet<Candidate>, field: 'pending' | 'scores'): Value {
  const base = join(...keep, ...moved.map((v) => withoutMarks(v, which)));
  const out: Value = base === EMPTY ? {} : { ...base };
  out[field] = unionSet(out[field], which);
  return out;
}

/** A value without the given pending candidates (they were weighted into scores). */
export function withoutPending(v: Value, drop: ReadonlySet<Candidate>): Value {
  if (!v.pending) return v;
  const keep = [...v.pending].filter((c) => !drop.has(c));
  const out: Value = { ...v };
  if (keep.length) out.pending = new Set(keep);
  else delete out.pending;
  return out;
}

export function isTainted(v: Value | undefined): boolean {
  return !!v?.taint && v.taint.size > 0;
}

/** A value with the given candidates removed from its marks (a sampler absorbed the round trip). */
export function withoutMarks(v: Value, drop: ReadonlySet<Candidate>): Value {
  if (!v.marks || drop.size === 0) return v;
  const keep = [...v.marks].filter((c) => !drop.has(c));
  const out: Value = { ...v };
  if (keep.length) out.marks = new Set(keep);
  else delete out.marks;
  return out;
}
