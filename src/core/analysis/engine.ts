/**
 * The dataflow engine's state: candidates, trainable origins, memo tables and the evaluation
 * budget. Expression and statement evaluation live in `expressions.ts` and `statements.ts`; this
 * module owns identities (one candidate per severing node, one origin per trainable source) and
 * the demand-driven values of declarations outside the evaluated function.
 */
import ts from 'typescript';
import { nodeText } from './scope';
import type { AnalyzeOptions } from '../config';
import type { RuleApi } from '../rules/types';
import type { GraphRecorder } from '../graph/static-graph';
import type { Candidate, Frame, Origin, Value } from './value';
import type { ImportResolver } from '../project/types';

/** Thrown when a file's evaluation budget runs out; the context being evaluated is abandoned. */
export class BudgetExceeded extends Error {}

/** One function invocation: its accumulated return value and whether it is a gradient context root. */
export interface Invocation {
  ret: Value | undefined;
  root: boolean;
}

export class Engine {
  readonly candidates = new Map<ts.Node, Candidate>();
  readonly origins = new Map<ts.Node, Origin>();
  /** Values of declarations outside the evaluated functions, computed on demand. */
  readonly staticMemo = new Map<ts.Node, Value>();
  readonly staticBusy = new Set<ts.Node>();
  /** `name = expr` assignments in the file, by name, for demand-driven declaration values. */
  readonly assignments = new Map<string, ts.Expression[]>();
  /** Writes to outer variables and `this.x` made while evaluating contexts. */
  readonly outerWrites = new Map<ts.Node, Value>();
  readonly thisWrites = new Map<string, Value>();
  /** Last value of each evaluated identifier / `this.x` node, for naming severed values. */
  readonly seen = new Map<ts.Node, Value>();
  readonly callMemo = new Map<string, Value>();
  /** Origins of other modules' trainables where they enter this file (`analysis/imported.ts`); a field, not a WeakMap keyed by the engine, so they die with it. */
  readonly externalOrigins = new Map<string, Origin>();
  readonly callStack: ts.Node[] = [];
  readonly invocations: Invocation[] = [];
  inContext = false;
  /** True while evaluating a context whose gradients are returned to the caller (see `GradientContext.returnsGradients`). */
  gradientsReturned = false;
  /** Marks of the conditions enclosing the statement being evaluated (control dependence). */
  pc: Value | undefined;
  /** > 0 inside branches and loops: assignments there are weak (joined with the old value). */
  branchDepth = 0;
  budget: number;
  /** Set when building the static graph. */
  graph: GraphRecorder | null = null;
  /** The candidate most recently created or extended by a rule (graph wiring). */
  lastCandidate: Candidate | null = null;
  /** Set when the file is analysed as part of a project: resolves imports of other modules. */
  imports: ImportResolver | null = null;
  /** The rule services object, created once per file. */
  api: RuleApi | undefined;
  private nextId = 1;

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly options: Required<AnalyzeOptions>,
    budget = 400_000,
  ) {
    this.budget = budget;
  }

  id(): number {
    return this.nextId++;
  }

  /** Charges one evaluation step; throws {@link BudgetExceeded} when the file's budget is spent. */
  tick(): void {
    if (--this.budget < 0) throw new BudgetExceeded('analysis budget exceeded');
  }

  /** The trainable origin created at `node` (one per node, so repeated evaluation reuses it). */
  origin(node: ts.Node, name: string, how: string): Origin {
    let o = this.origins.get(node);
    if (!o) {
      o = { id: this.id(), name, node, how };
      this.origins.set(node, o);
      this.graph?.node(`p${o.id}`, name, how, 'param', node);
    }
    return o;
  }

  /** The value of a trainable source: tainted by it (and, in graph mode, depending on its node). */
  trainable(o: Origin): Value {
    return this.graph ? { taint: new Set([o]), deps: new Set([`p${o.id}`]) } : { taint: new Set([o]) };
  }

  newFrame(parent: Frame | null, cls?: ts.ClassLikeDeclaration): Frame {
    return { id: this.id(), vars: new Map(), parent, cls: cls ?? parent?.cls };
  }

  /** Looks a declaration up in the frame chain. */
  frameOf(decl: ts.Node, frame: Frame | null): Frame | undefined {
    for (let f = frame; f; f = f.parent) if (f.vars.has(decl)) return f;
    return undefined;
  }

  /** Runs `fn` outside any gradient context (for declaration values), restoring the state after. */
  outside<T>(fn: () => T): T {
    const saved = { inContext: this.inContext, pc: this.pc, branchDepth: this.branchDepth };
    this.inContext = false;
    this.pc = undefined;
    this.branchDepth = 0;
    try {
      return fn();
    } finally {
      this.inContext = saved.inContext;
      this.pc = saved.pc;
      this.branchDepth = saved.branchDepth;
    }
  }
}

/** A short source spelling of a node for names and messages. */
export function spelling(node: ts.Node, max = 40): string {
  const t = nodeText(node).replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The name a created value gets from where it is stored (`const mu = tf.variable(...)` → `mu`). */
export function nameFromContext(node: ts.Node): string {
  let n: ts.Node = node;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent) || ts.isAwaitExpression(n.parent))) {
    n = n.parent;
  }
  const p = n.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p)) return nodeText(p.name);
  if (p && ts.isPropertyDeclaration(p)) return `this.${nodeText(p.name)}`;
  if (p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === n) return spelling(p.left);
  return spelling(node);
}
