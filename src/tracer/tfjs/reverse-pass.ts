/**
 * Reverse pass over the engine's own tape with tfjs's registered gradient closures, giving
 * ∂y/∂t for EVERY tensor t that leads to y, not only for the `xs` the user asked about.
 *
 * It replaces the engine's backward step, so the gradients handed back to the user must be the
 * engine's to the bit. They are: tfjs's `getFilteredNodesXToY` keeps the nodes that come from
 * `xs` and lead to `y` and prunes their other inputs; a tensor's gradient only receives
 * contributions from its consumers, consumers of an x-descendant are x-descendants themselves,
 * and both passes walk the tape in the same reverse order with the same `add`. The extra work
 * (nodes not from `xs`, pruned inputs) only writes gradients of tensors the engine never looks
 * at, and it is fenced: an error there is swallowed (the node simply gets no gradient), while an
 * error on the engine's own path is thrown exactly as the engine would throw it.
 */
import type { TapeNode, TfTensor } from './internals';

/** Per relevant node id: the input names the engine keeps (those that are functions of xs). */
export type EngineRelevance = Map<number, Set<string>>;

/** Mirror of tfjs-core `getFilteredNodesXToY`, returning per node the pruned input names. */
export function engineRelevance(tape: TapeNode[], xs: TfTensor[], y: TfTensor): EngineRelevance {
  const fromX = new Set<number>(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    for (const name in node.inputs) {
      if (fromX.has(node.inputs[name].id)) {
        for (const o of node.outputs) fromX.add(o.id);
        nodesFromX.add(node.id);
        break;
      }
    }
  }
  const toY = leadsToY(tape, y);
  const out: EngineRelevance = new Map();
  for (const node of tape) {
    if (!nodesFromX.has(node.id) || !toY.nodes.has(node.id)) continue;
    const kept = new Set<string>();
    for (const name in node.inputs) if (fromX.has(node.inputs[name].id)) kept.add(name);
    out.set(node.id, kept);
  }
  return out;
}

/** Tensors and nodes from which y is reachable along the tape (the engine's backward marking). */
export function leadsToY(tape: TapeNode[], y: TfTensor): { tensors: Set<number>; nodes: Set<number> } {
  const tensors = new Set<number>([y.id]);
  const nodes = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.outputs.some((o) => tensors.has(o.id))) {
      for (const name in node.inputs) {
        tensors.add(node.inputs[name].id);
        nodes.add(node.id);
      }
    }
  }
  return { tensors, nodes };
}

export interface ReversePassResult {
  /** Accumulated gradient per tensor id (alive until the enclosing tidy ends). */
  grads: Map<number, TfTensor>;
  /** Tape node ids whose gradient could not be computed outside the engine's own path. */
  skipped: Set<number>;
}

function arraysEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Walk `tape` backwards from `y` (seeded with `dy`), exactly like tfjs-core
 * `backpropagateGradients` on the nodes in `relevance`, and fenced on all others.
 * Must run inside an engine tidy with the tape off; everything it creates is owned by that tidy.
 */
export function reversePass(
  tape: TapeNode[],
  y: TfTensor,
  dy: TfTensor,
  relevance: EngineRelevance,
  tidy: (f: () => TfTensor) => TfTensor,
  add: (a: TfTensor, b: TfTensor) => TfTensor,
): ReversePassResult {
  const grads = new Map<number, TfTensor>([[y.id, dy]]);
  const skipped = new Set<number>();
  const toY = leadsToY(tape, y).nodes;
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (!toY.has(node.id)) continue;
    const kept = relevance.get(node.id);
    const dys = node.outputs.map((o) => grads.get(o.id) ?? null);
    if (!kept) {
      // Not on the engine's path: only run it when some gradient actually reached it, so a
      // missing path stays "no gradient" (null) rather than turning into zeros.
      if (node.gradient == null || dys.every((d) => d == null)) {
        skipped.add(node.id);
        continue;
      }
    }
    if (node.gradient == null) {
      throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    }
    let inputGradients: Record<string, () => TfTensor>;
    if (kept) {
      inputGradients = node.gradient(dys);
    } else {
      try {
        inputGradients = node.gradient(dys);
      } catch {
        skipped.add(node.id);
        continue;
      }
    }
    for (const inputName in node.inputs) {
      if (kept?.has(inputName)) {
        accumulateExact(node, inputName, inputGradients, grads, tidy, add);
      } else {
        try {
          accumulateExact(node, inputName, inputGradients, grads, tidy, add);
        } catch {
          skipped.add(node.id);
        }
      }
    }
  }
  return { grads, skipped };
}

/** The body of tfjs's per-input loop, with its checks and error messages. */
function accumulateExact(
  node: TapeNode,
  inputName: string,
  inputGradients: Record<string, () => TfTensor>,
  grads: Map<number, TfTensor>,
  tidy: (f: () => TfTensor) => TfTensor,
  add: (a: TfTensor, b: TfTensor) => TfTensor,
): void {
  if (!(inputName in inputGradients)) {
    throw new Error(
      `Cannot backprop through input ${inputName}. ` +
        `Available gradients found: ${Object.keys(inputGradients)}.`,
    );
  }
  const dx = tidy(() => inputGradients[inputName]());
  if (dx.dtype !== 'float32') {
    throw new Error(
      `Error in gradient for op ${node.kernelName}. The gradient of input ` +
        `${inputName} must have 'float32' dtype, but has '${dx.dtype}'`,
    );
  }
  const x = node.inputs[inputName];
  if (!arraysEqual(dx.shape, x.shape)) {
    throw new Error(
      `Error in gradient for op ${node.kernelName}. The gradient of input ` +
        `'${inputName}' has shape '${dx.shape}', which does not match ` +
        `the shape of the input '${x.shape}'`,
    );
  }
  const cur = grads.get(x.id);
  if (cur == null) {
    grads.set(x.id, dx);
  } else {
    grads.set(x.id, add(cur, dx));
    cur.dispose();
  }
}
