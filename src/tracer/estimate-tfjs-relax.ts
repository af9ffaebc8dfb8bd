/**
 * The relaxed (Gumbel-softmax / Concrete) estimator for TensorFlow.js entries, in memory: during a
 * relaxed draw every categorical sampler call (`tf.multinomial(logits, n)`) draws Gumbel noise g and
 * returns the hard sample argmax(logits + g) (distributed as the sampler's), and remembers beside it
 * the soft sample y = softmax((logits + g) / τ), which the engine's tape connects to the logits.
 * Where the program uses the sample as indices in a way that is linear in their one-hot vectors
 * (`gather`, `oneHot`, also after reshapes/casts and after a host read `dataSync()[i]` put into an
 * index array), y stands in for them (estimate-tfjs-soft.ts), and the gradient of the relaxed loss
 * flows to the logits. Any other use (arithmetic on the index, a comparison kernel, a sample that
 * never reaches the loss through such an op) has no one-hot form: the first one seen becomes
 * `reason`, and the lab reports the relaxed estimator as unavailable with it. Never throws into
 * user code for that: the draw goes on with the hard sample.
 */
import type { TapeNode, TfEngine, TfModule, TfTensor } from './tfjs/internals';
import { leadsToY } from './tfjs/reverse-pass';
import { setCallArgsHook, setSamplerOverride, type RuntimeSampler } from './plain/samplers';
import { nodeN, opCode, rt, track, unwrap, Val } from './plain/state';
import { E_GRAD, K_INPUT } from './plain/tape';
import { nextRandom } from './rng';
import { gumbelSoftmax, softKernel, softRows, type SoftOps, type SoftSample } from './estimate-tfjs-soft';

const SAMPLE_INDEX = opCode('sample index');
/** Package functions that take indices, and which argument (as a function; as a tensor method). */
const INDEX_ARG: Record<string, { fn: number; method?: number }> = { gather: { fn: 1, method: 0 }, oneHot: { fn: 0 } };

type Ops = SoftOps & Record<'log' | 'keep', (...a: unknown[]) => TfTensor>;
type RunKernel = (name: string, inputs: Record<string, TfTensor>, attrs: Record<string, unknown>) => TfTensor;

/** The relaxation of one program's categorical samplers at temperature τ. */
export class TfjsRelaxation {
  /** Why the relaxation is not well-defined for the program (the first use without a one-hot form), or null. */
  reason: string | null = null;
  /** Categorical sampler calls relaxed over all draws. */
  relaxedCalls = 0;
  private readonly ops: Ops;
  private readonly engine: TfEngine;
  private soft = new Map<number, SoftSample>();
  /** Plain-tape nodes of host-read sample indices → the sample and the element. */
  private indexNodes = new Map<number, { sample: SoftSample; index: number }>();
  /** Ids of the soft samples the sampler calls produced (one of them must reach the loss). */
  private roots = new Set<number>();
  private kept: TfTensor[] = [];
  private active = false;
  private readonly undo: Array<() => void> = [];

  constructor(private readonly tf: TfModule, readonly temperature: number) {
    this.ops = tf as unknown as Ops;
    this.engine = tf.engine();
  }

  /** Wraps the engine's `runKernel` (only relaxed draws are affected). */
  install(): void {
    const e = this.engine as unknown as { runKernel: RunKernel };
    const orig = e.runKernel;
    const self = this;
    e.runKernel = function (this: unknown, name, inputs, attrs) {
      const run = () => orig.call(this, name, inputs, attrs);
      if (!self.active || self.soft.size === 0) return run();
      const hit = Object.keys(inputs ?? {}).filter((k) => inputs[k] && self.soft.has(inputs[k].id));
      return hit.length ? self.kernel(name, inputs, attrs ?? {}, hit, run) : run();
    };
    this.undo.push(() => void (e.runKernel = orig));
  }

  /** Restores the engine's `runKernel`. */
  uninstall(): void {
    while (this.undo.length) this.undo.pop()!();
  }

  /** Starts a relaxed draw. */
  begin(): void {
    this.soft.clear();
    this.indexNodes.clear();
    this.roots.clear();
    this.active = true;
    setSamplerOverride((spec, _site, args) => this.sample(spec, args));
    setCallArgsHook((name, obj, args) => this.callArgs(name, obj, args));
  }

  /** Ends the user's call of a relaxed draw (the soft tensors live until {@link finish}). */
  end(): void {
    this.active = false;
    setSamplerOverride(null);
    setCallArgsHook(null);
  }

  /** Releases the soft tensors of the draw (after its reverse pass). */
  finish(): void {
    for (const t of this.kept) if (!t.isDisposed) t.dispose();
    this.kept = [];
  }

  /** True for a (reshaped/cast) sample of the current relaxed draw: its host reads give index leaves. */
  isSample(t: TfTensor): boolean {
    return this.active && this.soft.has(t.id);
  }

  /** The traced value of element `index` of a relaxed sample read on the host. */
  indexLeaf(t: TfTensor, index: number, value: number): unknown {
    const leaf = nodeN(SAMPLE_INDEX, K_INPUT, -1, value, [], E_GRAD);
    const node = track(leaf);
    const sample = this.soft.get(t.id);
    if (node >= 0 && sample) this.indexNodes.set(node, { sample: this.rowsOf(sample, t.size), index });
    return leaf;
  }

  /**
   * After the call: a relaxed sample must reach the loss through its soft stand-in, and no host-read
   * index may have gone through JavaScript arithmetic (that use keeps the hard value).
   */
  checkReaches(tape: TapeNode[], loss: TfTensor): void {
    if (!this.roots.size || this.reason) return;
    const t = rt.tape;
    const first = Math.min(...this.indexNodes.keys());
    for (let i = first + 1; i < t.n && !this.reason; i++) {
      for (let k = 0; k < t.edgeCount(i); k++) if (this.indexNodes.has(t.edgeFrom(i, k))) this.fail('a sample index read on the host goes through JavaScript arithmetic');
    }
    const reach = leadsToY(tape, loss).tensors;
    if (![...this.roots].some((id) => reach.has(id))) {
      this.fail('the sample reaches the loss only as a JavaScript index or through control flow, not through gather/oneHot');
    }
  }

  private fail(why: string): void {
    this.reason ??= why;
  }

  private keep<T extends TfTensor>(t: T): T {
    this.ops.keep(t);
    this.kept.push(t);
    return t;
  }

  private register(hard: TfTensor, s: SoftSample): TfTensor {
    this.soft.set(hard.id, { y: this.keep(s.y), K: s.K });
    return this.keep(hard);
  }

  /** A relaxed categorical draw in place of the sampler's (null: the sampler runs as written). */
  private sample(spec: RuntimeSampler, args: unknown[]): { value: unknown } | null {
    if (spec.family !== 'categorical') return null;
    const ops = this.ops;
    const arg = args[0];
    const L0 = arg instanceof this.tf.Tensor ? (arg as unknown as TfTensor) : ops.tensor(arg);
    const n = Number(args[spec.countArg ?? 1] ?? 1);
    if (L0.shape.length < 1 || L0.shape.length > 2 || !(Number.isInteger(n) && n >= 1)) return null;
    const probabilities = spec.probabilitiesFlagArg !== undefined && args[spec.probabilitiesFlagArg] === true;
    const L = L0.shape.length === 1 ? ops.reshape(L0, [1, -1]) : L0;
    const logits = probabilities ? ops.log(L) : L;
    const [B, K] = logits.shape;
    const { hard, y } = gumbelSoftmax(ops, logits, this.engine.readSync(logits.dataId) as ArrayLike<number>, n, this.temperature, nextRandom);
    this.roots.add(y.id);
    this.relaxedCalls++;
    const rank1 = L0.shape.length === 1;
    const out = ops.tensor(hard, rank1 ? [n] : [B, n], 'int32');
    return { value: this.register(out, { y: rank1 ? ops.reshape(y, [n, K]) : y, K }) };
  }

  /** A kernel with a relaxed sample among its inputs. */
  private kernel(name: string, inputs: Record<string, TfTensor>, attrs: Record<string, unknown>, hit: string[], run: () => TfTensor): TfTensor {
    const only = hit.length === 1 ? hit[0] : null;
    let r: TfTensor | 'follow' | string = `the sample is used by the ${name} kernel, which has no one-hot form`;
    try {
      if (only) r = softKernel(this.ops, name, only, inputs, attrs, this.soft.get(inputs[only].id)!);
    } catch (e) {
      r = `the soft stand-in for ${name} failed (${String((e as Error)?.message ?? e)})`;
    }
    if (r === 'follow') {
      const out = run();
      const s = this.soft.get(inputs[only!].id)!;
      this.register(out, { y: this.ops.reshape(s.y, [...out.shape, s.K]), K: s.K });
      return out;
    }
    if (typeof r !== 'string') return r;
    this.fail(r);
    return run();
  }

  /** Index arrays holding host-read sample indices become tensors the kernels recognise. */
  private callArgs(name: string, obj: unknown, args: unknown[]): unknown[] | null {
    if (!this.indexNodes.size || !args.some((a) => this.hasIndex(a, 0))) return null;
    const spec = INDEX_ARG[name];
    const at = obj instanceof this.tf.Tensor ? spec?.method : spec?.fn;
    if (at === undefined || args.some((a, k) => k !== at && this.hasIndex(a, 0))) {
      this.fail(`a sample index is passed to ${name}, which has no one-hot form`);
      return args.map((a) => unwrap(a));
    }
    const t = this.indexTensor(args[at]);
    if (!t) return args.map((a) => unwrap(a));
    const out = args.slice();
    out[at] = t;
    return out;
  }

  private hasIndex(a: unknown, depth: number): boolean {
    if (a instanceof Val) return this.indexNodes.has(track(a));
    return Array.isArray(a) && depth < 4 && a.some((x) => this.hasIndex(x, depth + 1));
  }

  /** The soft sample's rows as [size, K] (one per element of the hard sample). */
  private rowsOf(s: SoftSample, size: number): SoftSample {
    return { y: this.keep(this.ops.reshape(s.y, [size, s.K])), K: s.K };
  }

  /** An int32 tensor of the (nested) index array `a` whose soft rows are the relaxed ones (constants: exact one-hot rows). */
  private indexTensor(a: unknown): TfTensor | null {
    const flat: unknown[] = [];
    const shape: number[] = [];
    let ragged = false;
    const walk = (x: unknown, d: number) => {
      if (!Array.isArray(x)) return void flat.push(x);
      if (shape.length === d) shape.push(x.length);
      else if (shape[d] !== x.length) ragged = true;
      x.forEach((e) => walk(e, d + 1));
    };
    walk(a, 0);
    const tags = flat.map((x) => (x instanceof Val ? this.indexNodes.get(track(x)) : undefined));
    const K = tags.find((t) => t)!.sample.K;
    const values = flat.map((x) => Number(unwrap(x)));
    if (ragged || tags.some((t) => t && t.sample.K !== K) || values.some((v, i) => !tags[i] && !(Number.isInteger(v) && v >= 0 && v < K))) {
      this.fail('a sample index is mixed into an index array that is not one index per category');
      return null;
    }
    const y = softRows(this.ops, tags.map((t, i) => t ?? values[i]), shape, K);
    return this.register(this.ops.tensor(Int32Array.from(values), shape, 'int32'), { y, K });
  }
}
