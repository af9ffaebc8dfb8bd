/**
 * Turns the record of one gradient-context call into the shared graph model (`TraceGraph`):
 * one node per tensor the kernels touched plus one per host read, `grad`/`zero` edges along
 * kernels, and `severed` edges where a value left the graph through a host read and came back
 * as the parameter of a random op (or as an equal-valued constant): tensor ─?→ host read ─?→ sample,
 * so the picture shows where the path was cut.
 */
import type { EdgeKind, GraphEdge, GraphNode, NodeKind, ParamInfo, SourceLoc, TraceGraph } from '../../core/graph/model';
import type { CallRecord, KernelRecord, TensorRecord, ValueRef } from './call-record';
import { isZeroEdge, kernelLabel, plainAttrs, SAMPLING_KERNELS } from './op-kinds';
import { scalarOf, summarize } from './summary';
import { hierarchyOf } from './groups';

/**
 * Maps an `Error().stack` string to the user's original source location; `file` (absolute) and `fn`
 * (the function of that frame) when the mapper knows them.
 */
export type SourceMapper = (stack: string) => { line: number; column: number; file?: string; fn?: string } | null;

/** What the graph builder needs besides the record: the traced file and the layer of a weight. */
export interface BuildOptions {
  /** Absolute path of the traced file (a location in it carries no `file`). */
  file?: string;
  /** Hierarchy path of the layer owning a weight variable (`dense_Dense1/kernel`), or null. */
  weightPath?: (variableName: string) => string[] | null;
}

/** Largest constant (in elements) compared value by value with host reads. */
const CONST_MATCH_SIZE = 16;

function locOf(site: Error | null | undefined, mapper: SourceMapper, mainFile: string | undefined): SourceLoc | null {
  if (!site) return null;
  try {
    const pos = mapper(String(site.stack ?? ''));
    if (!pos) return null;
    const loc: SourceLoc = { line: pos.line, column: pos.column };
    if (pos.fn) loc.fn = pos.fn;
    if (pos.file && mainFile && pos.file !== mainFile) loc.file = pos.file;
    return loc;
  } catch {
    return null;
  }
}

const nodeId = (tensorId: number): string => `t${tensorId}`;

/** Call order of the kernel that made the loss; host reads after it are not cuts. Infinity when unknown. */
function lossKernelSeq(rec: CallRecord, producer: Map<number, KernelRecord>): number {
  if (rec.lossId === null) return Infinity;
  const k = producer.get(rec.lossId);
  return k ? k.seq : Infinity;
}

/** Tensors whose value depends on a trainable variable (through kernels or host round trips). */
function trainableDependent(rec: CallRecord, severedLinks: Map<number, number[]>): Set<number> {
  const dep = new Set<number>();
  for (const t of rec.tensors.values()) if (t.variable?.trainable) dep.add(t.id);
  // The differentiated arguments count as trainable: a host read of them is a cut too.
  for (const id of rec.xsIds) dep.add(id);
  let changed = true;
  while (changed) {
    changed = false;
    for (const k of rec.kernels) {
      if (k.outputs.every((o) => dep.has(o))) continue;
      if (k.inputs.some((i) => dep.has(i.id))) {
        for (const o of k.outputs) dep.add(o);
        changed = true;
      }
    }
    for (const [from, tos] of severedLinks) {
      if (!dep.has(from)) continue;
      for (const to of tos) if (!dep.has(to)) (dep.add(to), (changed = true));
    }
  }
  return dep;
}

function sameValue(a: ArrayLike<number> | null, b: ArrayLike<number> | null): boolean {
  if (!a || !b) return false;
  const n = Math.min(a.length, CONST_MATCH_SIZE);
  for (let i = 0; i < Math.min(b.length, CONST_MATCH_SIZE); i++) {
    const y = Math.fround(Number(b[i]));
    for (let j = 0; j < n; j++) if (Math.fround(Number(a[j])) === y) return true;
  }
  return false;
}

/**
 * Host read (by index) → tensors made from its value: constants by equal value, else the random
 * ops it fed (call order). Returned per read, and per tensor read (for dependence).
 */
function severedLinks(rec: CallRecord): { byRead: Map<number, number[]>; byTensor: Map<number, number[]> } {
  const byRead = new Map<number, number[]>();
  const byTensor = new Map<number, number[]>();
  const push = (map: Map<number, number[]>, from: number, to: number) => {
    const l = map.get(from) ?? [];
    if (!l.includes(to)) l.push(to);
    map.set(from, l);
  };
  for (const r of rec.hostReads) {
    const link = (to: number) => {
      push(byRead, r.index, to);
      push(byTensor, r.tensorId, to);
    };
    // A constant holding the read value explains the read; a later random op then did not use it.
    let explainedAt = Infinity;
    for (const t of rec.tensors.values()) {
      const c = t.created;
      if (!c || c.randomOp !== null || c.seq < r.seq) continue;
      const size = t.value.values?.length ?? Infinity;
      if (size <= CONST_MATCH_SIZE && sameValue(r.value.values, t.value.values)) {
        link(t.id);
        explainedAt = Math.min(explainedAt, c.seq);
      }
    }
    for (const f of r.feeds) {
      const seq = rec.tensors.get(f)?.created?.seq ?? 0;
      if (seq < explainedAt) link(f);
    }
  }
  return { byRead, byTensor };
}

function describe(
  t: TensorRecord,
  producer: KernelRecord | undefined,
  sampled: boolean,
  argIndex: number,
  argName = `arg${argIndex}`,
): { kind: NodeKind; label: string; op: string; detail?: string } {
  // A plain tensor the call differentiates with respect to (`tf.grad(f)(x)`) is a parameter.
  if (!t.variable && argIndex >= 0) return { kind: 'param', label: argName, op: 'argument' };
  if (t.variable) {
    const op = t.variable.version > 0 ? `variable@v${t.variable.version}` : 'variable';
    return { kind: t.variable.trainable ? 'param' : 'input', label: t.variable.name, op };
  }
  if (producer) {
    const kind: NodeKind = SAMPLING_KERNELS.has(producer.kernelName) ? 'sample' : 'op';
    const op = producer.kernelName.endsWith('__op') ? producer.kernelName.slice(0, -4) : producer.kernelName;
    // Inside a layer the op the layer called (`fusedMatMul` for all of Dense's kernels) says less than
    // the kernel itself; the layer's name qualifies it in `detail`.
    const layer = layerOf(producer.group);
    if (layer) {
      const label = kernelLabel(producer.kernelName);
      return { kind, label, op, detail: `${layer}/${label}` };
    }
    return { kind, label: producer.opName ?? kernelLabel(producer.kernelName), op };
  }
  if (t.created?.randomOp) return { kind: sampled ? 'sample' : 'noise', label: t.created.randomOp, op: t.created.randomOp };
  const s = scalarOf(t.value);
  if (t.created) return { kind: 'input', label: s !== null ? String(s) : 'const', op: 'const' };
  return { kind: 'input', label: 'input', op: 'tensor' };
}

/** Name of the innermost layer (or model) of a hierarchy path, or null outside layers. */
function layerOf(group: readonly string[]): string | null {
  for (let i = group.length - 1; i >= 0; i--) {
    const m = /^(?:layer|model):(.*)$/.exec(group[i]);
    if (m) return m[1];
  }
  return null;
}

/** Builds the graph of one recorded call (fields the runner owns — file, seed… — are left out). */
export function buildGraph(rec: CallRecord, mapper: SourceMapper, earlierCalls: number, opts: BuildOptions = {}): Partial<TraceGraph> {
  const producer = new Map<number, KernelRecord>();
  for (const k of rec.kernels) for (const o of k.outputs) if (!producer.has(o)) producer.set(o, k);
  const links = severedLinks(rec);
  const dep = trainableDependent(rec, links.byTensor);
  const sampledBy = new Set<number>();
  for (const [from, tos] of links.byTensor) if (dep.has(from)) for (const to of tos) sampledBy.add(to);

  const grads = rec.grads;
  const gradOf = (id: number) => (grads && grads.has(id) ? summarize(grads.get(id)) : null);
  const nodes: GraphNode[] = [];
  const added = new Set<number>();
  const addTensor = (id: number) => {
    if (added.has(id)) return;
    const t = rec.tensors.get(id);
    if (!t) return;
    added.add(id);
    const k = producer.get(id);
    const arg = k ? -1 : rec.xsIds.indexOf(id);
    const d = describe(t, k, sampledBy.has(id), arg, rec.xsNames[arg]);
    const loc = locOf(k ? k.site : (t.created?.site ?? t.variable?.site), mapper, opts.file);
    const node: GraphNode & { attrs?: Record<string, unknown> } = {
      id: nodeId(id),
      label: d.label,
      op: d.op,
      kind: id === rec.lossId ? 'output' : d.kind,
      value: summarize(t.value),
      grad: gradOf(id),
      shape: t.value.shape.slice(),
      loc,
    };
    if (d.detail) node.detail = d.detail;
    const scopes = k ? k.group : t.created ? t.created.group : t.variable ? (opts.weightPath?.(t.variable.name) ?? []) : [];
    const group = hierarchyOf(scopes, loc, opts.file);
    if (group.length) node.group = group;
    const attrs = k ? plainAttrs(k.attrs) : undefined;
    if (attrs) node.attrs = attrs;
    nodes.push(node);
  };

  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const edge = (from: string, to: string, kind: EdgeKind) => {
    const key = `${from}|${to}|${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, kind });
  };
  for (const k of rec.kernels) {
    for (const i of k.inputs) addTensor(i.id);
    for (const o of k.outputs) addTensor(o);
    for (const i of k.inputs) {
      const inDtype = rec.tensors.get(i.id)?.value.dtype ?? 'float32';
      for (const o of k.outputs) {
        const outDtype = rec.tensors.get(o)?.value.dtype ?? 'float32';
        edge(nodeId(i.id), nodeId(o), isZeroEdge(k.kernelName, k.attrs, inDtype, outDtype) ? 'zero' : 'grad');
      }
    }
  }
  // A loss no kernel made (a random op's result returned as it is) is still the output node.
  if (rec.lossId !== null) addTensor(rec.lossId);
  const lossSeq = lossKernelSeq(rec, producer);
  for (const r of rec.hostReads) {
    // A read after the loss was computed cannot feed it (logging such as `console.log(loss.dataSync()[0])`):
    // not a cut, so not drawn as one.
    if (r.seq > lossSeq) continue;
    addTensor(r.tensorId);
    const hid = `h${r.index}`;
    const loc = locOf(r.site, mapper, opts.file);
    const host: GraphNode = {
      id: hid,
      label: r.method,
      op: r.method,
      kind: 'host',
      value: summarize(r.value),
      grad: null,
      shape: r.value.shape.slice(),
      loc,
    };
    const group = hierarchyOf(r.group, loc, opts.file);
    if (group.length) host.group = group;
    nodes.push(host);
    edge(nodeId(r.tensorId), hid, 'severed');
    // The value read comes back as a sampler's parameter (or a constant): the second half of the cut.
    if (!dep.has(r.tensorId)) continue;
    // Only tensors the computation used are drawn (an unused constant stays out of the picture).
    for (const to of links.byRead.get(r.index) ?? []) if (added.has(to)) edge(hid, nodeId(to), 'severed');
  }

  const params: ParamInfo[] = [];
  for (const id of added) {
    const t = rec.tensors.get(id);
    if (!t) continue;
    const arg = t.variable ? -1 : rec.xsIds.indexOf(id);
    if (t.variable?.trainable || (arg >= 0 && !producer.has(id))) {
      params.push({ name: t.variable ? t.variable.name : (rec.xsNames[arg] ?? `arg${arg}`), value: summarize(t.value), grad: gradOf(id) });
    }
  }
  const loss: ValueRef | undefined = rec.lossId !== null ? rec.tensors.get(rec.lossId)?.value : undefined;
  const lossScalar = scalarOf(loss);
  const graph: Partial<TraceGraph> & { gradNote?: string } = {
    runtime: 'tfjs',
    output: loss ? { value: lossScalar !== null ? lossScalar : summarize(loss) } : null,
    params,
    nodes,
    edges,
    earlierCalls,
  };
  if (rec.gradNote) graph.gradNote = rec.gradNote;
  return graph;
}
