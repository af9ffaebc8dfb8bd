/**
 * The one graph model shared by static analysis, the dynamic tracer, the CLI (`pathwise trace`)
 * and the graph inspector. Its JSON form is a public contract (version 1): extend it only with
 * optional fields.
 */

/** What a node stands for. `noise` is external randomness (ε), drawn as an input. */
export type NodeKind = 'param' | 'input' | 'noise' | 'op' | 'sample' | 'host' | 'output';

/** `grad` carries gradient; `severed` exists in the data but not in the gradient (μ ──?──> z); `zero` is a discrete step. */
export type EdgeKind = 'grad' | 'severed' | 'zero';

/** 1-based source location in the user's original file. */
export interface SourceLoc {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Function the node belongs to (used to group nodes into subgraphs). */
  fn?: string;
  /** Absolute path of the source file, when it is not the traced file (a bundled local helper module). */
  file?: string;
}

/** Summary of a tensor value: shape, dtype, a few first values, and simple statistics. */
export interface TensorSummary {
  shape: number[];
  dtype: string;
  first: number[];
  mean: number;
  min: number;
  max: number;
  /** Optional: Euclidean (L2) norm of all elements. */
  norm?: number;
}

/** A node value: a number, a tensor summary, or null when unknown (static graph). */
export type NodeValue = number | boolean | TensorSummary | null;

export interface GraphNode {
  id: string;
  label: string;
  op: string;
  kind: NodeKind;
  value: NodeValue;
  /** ∂loss/∂node; null where the loss has no gradient path to this node. */
  grad: NodeValue;
  shape: number[] | null;
  loc: SourceLoc | null;
  /** Optional: how many loop iterations were folded into this node. */
  repeat?: number;
  /**
   * Optional: where the node sits in the model's hierarchy, outermost first. Each entry is one
   * collapsible group, written `kind:name`, e.g. `["model:sequential_1", "layer:dense_Dense1"]` for a
   * tfjs layer's op, or `["module:vae.ts", "fn:loss"]` for plain code. Nodes without it are grouped
   * by `loc.file` and `loc.fn`.
   */
  group?: string[];
  /** Optional: the node's full source expression or qualified name when `label` is a short form of it. */
  detail?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
}

export interface ParamInfo {
  name: string;
  value: NodeValue;
  grad: NodeValue;
}

export interface GradCheck {
  param: string;
  reverse: number | null;
  finiteDiff: number;
  /** Whether the two agree (relative tolerance 1e-4); false is numeric evidence of a severed path. */
  agree?: boolean;
}

export interface TraceError {
  message: string;
  loc: SourceLoc | null;
  /** Why the run stopped: the user's code threw, or a limit was hit. */
  reason?: 'threw' | 'timeout' | 'memory' | 'cancelled' | 'crashed';
}

/** The `pathwise trace` JSON document (version 1). */
export interface TraceGraph {
  version: 1;
  file: string;
  entry: string | null;
  seed: number | null;
  runtime: 'plain' | 'tfjs' | 'static';
  output: { value: NodeValue } | null;
  params: ParamInfo[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  gradcheck: GradCheck[];
  error: TraceError | null;
  /** Optional: earlier gradient-context calls summarised when the module ran several. */
  earlierCalls?: number;
  /** Optional: human-readable remarks of the tracer (tape cap reached, values folded, nothing traced). */
  notes?: string[];
}
