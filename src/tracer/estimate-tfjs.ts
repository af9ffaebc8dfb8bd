/**
 * One draw of the estimator lab on a TensorFlow.js entry (the entry returns a scalar loss tensor).
 * The entry runs inside an engine tidy with the engine's gradient tape on; afterwards two reverse
 * passes over that tape (tfjs's own gradient closures, `tfjs/reverse-pass.ts`) give:
 *
 * - the gradient tfjs computes for every trainable variable ("as written": null when the loss does
 *   not reach the variable at all);
 * - ∇θ Σ log p(z; θ) for the score-function estimator. A tfjs sampler takes plain numbers, read
 *   back from tensors (`tf.randomNormal(shape, zMean.dataSync()[0], Math.exp(0.5 * v.dataSync()[0]))`).
 *   While the draw is scored, `dataSync()`/`arraySync()` inside the entry return values whose
 *   elements become traced numbers of the plain runtime when read (estimate-tfjs-reads.ts), so the
 *   plain tape records the arithmetic from the read to the sampler's parameters. At the sampler call
 *   the runtime records log p(z; θ) of the whole tensor draw (estimate-score.ts); its reverse pass
 *   gives ∂Σ log p/∂(element read), and a vector-Jacobian product from each read tensor (seeded with
 *   those numbers at the elements read) carries it back to the variables. A sampler whose parameter
 *   is a tensor (`tf.multinomial(logits)`) gives ∂Σ log p/∂logits directly; the same VJP starts there.
 *
 * With a relaxation (estimate-tfjs-relax.ts) the draw is a relaxed one: categorical samples are soft.
 */
import Module from 'node:module';
import type { TapeNode, TfEngine, TfModule, TfTensor } from './tfjs/internals';
import { isTfModule } from './tfjs/internals';
import { engineRelevance, leadsToY, reversePass } from './tfjs/reverse-pass';
import { isActive, nodeN, opCode, rt, track } from './plain/state';
import { E_GRAD, K_INPUT } from './plain/tape';
import { setDrawValues } from './plain/samplers';
import type { ScoreRecorder } from './estimate-score';
import { hookHostReads, type LeafOf } from './estimate-tfjs-reads';
import type { TfjsRelaxation } from './estimate-tfjs-relax';

const TFJS = /^@tensorflow\/tfjs(-core|-node|-node-gpu)?$/;
const HOST_READ = opCode('host read');
/** Sampler kernels tfjs registers no gradient for: their samples are cut from the reverse pass. */
const NO_GRADIENT_KERNELS = new Set(['Multinomial']);

/** Result of one draw of a tfjs entry. */
export interface TfDraw {
  /** The entry returned something other than a tensor (a plain-number entry: the plain lab runs it). */
  notTensor: boolean;
  loss: number;
  /** Flattened gradient per variable; null when the loss does not reach the variable. */
  grads: (Float32Array | null)[];
  /** ∇θ Σ log p(z; θ) per variable (zeros where no sampler parameter depends on it); null when not scored. */
  score: Float32Array[] | null;
  /** Why a read tensor could not carry the score back (it was disposed by the entry), if so. */
  scoreNote?: string;
}

/** An element read with `dataSync()`/`arraySync()` during a scored draw and its leaf on the plain tape. */
interface HostRead {
  node: number;
  tensor: TfTensor;
  index: number;
}

/**
 * Watches `require` for the program's TensorFlow.js (the module object its code calls). Returns a
 * getter of the module (null until the program loads it) and the undo.
 */
export function captureTfjs(): { get: () => TfModule | null; undo: () => void } {
  const mod = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = mod._load;
  let found: TfModule | null = null;
  mod._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
    const m = load.call(this, request, parent, isMain);
    if (!found && TFJS.test(request) && isTfModule(m)) found = m;
    return m;
  };
  return { get: () => found, undo: () => void (mod._load = load) };
}

/** The lab's view of the program's tfjs engine: its variables, the host-read hook and the draws. */
export class TfjsLab {
  readonly engine: TfEngine;
  private capturing = false;
  private reads: HostRead[] = [];
  /**
   * True once a sample of a kernel without gradient (Multinomial) led to the loss as a tensor: the
   * lab cut it where tfjs's own `tf.grad` would throw (the run reports it).
   */
  cutSampler = false;
  /** The relaxation of the current relaxed draw (null in the other draws). */
  private relax: TfjsRelaxation | null = null;
  private readonly undo: Array<() => void> = [];

  constructor(readonly tf: TfModule) {
    this.engine = tf.engine();
  }

  /** Every variable the engine has, in creation order. */
  variables(): TfTensor[] {
    const reg = (this.engine as unknown as { registeredVariables?: Record<string, TfTensor> }).registeredVariables ?? {};
    return Object.values(reg);
  }

  isTensor(v: unknown): v is TfTensor {
    return (v as object) instanceof this.tf.Tensor;
  }

  /** Values of a tensor as a fresh Float32Array (read through the engine, not the hooked `dataSync`). */
  values(t: TfTensor): Float32Array {
    return Float32Array.from(this.engine.readSync(t.dataId) as ArrayLike<number>);
  }

  /** Installs the host-read hooks (`dataSync`, `arraySync`) and the reader of tensor draws. */
  install(): void {
    this.undo.push(hookHostReads(this.tf.Tensor.prototype, (t, float) => this.leafFor(t, float), (t) => this.values(t)));
    setDrawValues({
      values: (v) => (this.isTensor(v) && !v.isDisposed ? this.values(v) : null),
      // A trainable variable, or a tensor some op of this draw produced (so it may depend on one).
      traced: (p) =>
        this.isTensor(p) && ((p.trainable === true && (p as object) instanceof this.tf.Variable) || (this.engine.state.activeTape ?? []).some((n) => n.outputs.some((o) => o.id === p.id))),
      shape: (p) => (this.isTensor(p) && !p.isDisposed ? [...p.shape] : null),
      sharedRowNoise: () => this.engine.backendName === 'cpu',
    });
    this.undo.push(() => setDrawValues(null));
  }

  uninstall(): void {
    while (this.undo.length) this.undo.pop()!();
  }

  /**
   * What the elements of a host read of `t` become, or null for plain numbers: indices of a relaxed
   * sample during a relaxed draw, host-read leaves (float tensors: parameters) during a scored draw.
   */
  private leafFor(t: TfTensor, float: boolean): LeafOf | null {
    if (!isActive() || this.engine.state.kernelDepth !== 0) return null;
    const relax = this.relax;
    if (relax?.isSample(t)) return (index, value) => relax.indexLeaf(t, index, value);
    if (!this.capturing || !float) return null;
    const reads = this.reads;
    return (index, value) => {
      const leaf = nodeN(HOST_READ, K_INPUT, -1, value, [], E_GRAD);
      const node = track(leaf);
      if (node >= 0) reads.push({ node, tensor: t, index });
      return leaf;
    };
  }

  /**
   * Runs `call` once with the tape on and returns the loss, the gradient of every variable in
   * `vars` and (with `score`) ∇θ Σ log p. With `relax`, the draw is a relaxed one: its discrete
   * samplers give soft samples (estimate-tfjs-relax.ts). Everything the draw creates is disposed
   * before it returns.
   */
  draw(call: () => unknown, vars: TfTensor[], score: ScoreRecorder | null, relax: TfjsRelaxation | null = null): TfDraw {
    const engine = this.engine;
    const out: TfDraw = { notTensor: false, loss: NaN, grads: vars.map(() => null), score: null };
    engine.tidy(() => {
      engine.startTape();
      this.reads = [];
      this.capturing = score !== null;
      this.relax = relax;
      relax?.begin();
      score?.start();
      let r: unknown;
      let tape: TapeNode[] = [];
      try {
        try {
          r = call();
        } finally {
          engine.endTape();
          this.capturing = false;
          this.relax = null;
          relax?.end();
          score?.stop();
          tape = engine.state.activeTape ?? [];
        }
        if (r instanceof Promise) throw new Error('the entry returned a promise: the estimator lab calls a TensorFlow.js entry synchronously (return the loss tensor)');
        if (!this.isTensor(r)) {
          out.notTensor = true;
          return undefined;
        }
        const y = r;
        if (y.size !== 1) throw new Error(`the entry returned a tensor of shape [${y.shape.join(', ')}], not a scalar loss`);
        out.loss = this.values(y)[0];
        relax?.checkReaches(tape, y);
        out.grads = this.backprop(tape, y, engine.makeTensor(new Float32Array([1]), y.shape, 'float32'), vars);
        if (score) Object.assign(out, this.scoreGrads(tape, score, vars));
      } finally {
        // Also when the call threw: a relaxed draw that fails is reported, and the run goes on.
        for (const node of tape) for (const t of node.saved ?? []) t.dispose();
        if (engine.state.gradientDepth === 0) engine.state.activeTape = null;
        relax?.finish();
      }
      return undefined;
    });
    return out;
  }

  /**
   * ∇θ Σ log p: the gradient with respect to each tensor a sampler parameter came from (host-read
   * elements by the plain tape's reverse pass; a tensor parameter directly), then one VJP per tensor.
   */
  private scoreGrads(tape: TapeNode[], score: ScoreRecorder, vars: TfTensor[]): Pick<TfDraw, 'score' | 'scoreNote'> {
    const acc = vars.map((v) => new Float32Array(v.size));
    const seeds = new Map<TfTensor, Float32Array>();
    const seedOf = (t: TfTensor) => {
      let s = seeds.get(t);
      if (!s) seeds.set(t, (s = new Float32Array(t.size)));
      return s;
    };
    const sum = score.sumNode();
    if (sum >= 0 && this.reads.length) {
      const { grad, reached } = rt.tape.reverse(sum);
      for (const rd of this.reads) if (reached[rd.node] && grad[rd.node] !== 0) seedOf(rd.tensor)[rd.index] += grad[rd.node];
    }
    for (const ts of score.tensorScores) {
      if (!this.isTensor(ts.param) || ts.param.size !== ts.grad.length) continue;
      const s = seedOf(ts.param);
      for (let j = 0; j < s.length; j++) s[j] += ts.grad[j];
    }
    let scoreNote: string | undefined;
    for (const [t, s] of seeds) {
      // A variable read (or passed) itself: its gradient is the seed; the tape has no node producing it.
      const k = vars.indexOf(t);
      if (k >= 0) {
        s.forEach((x, j) => (acc[k][j] += x));
        continue;
      }
      if (t.isDisposed) {
        scoreNote = 'a tensor read back for a sampler parameter was disposed before the entry returned, so its score could not be carried to the variables';
        continue;
      }
      const g = this.backprop(tape, t, this.engine.makeTensor(s, t.shape, 'float32'), vars);
      g.forEach((gk, kk) => gk && gk.forEach((x, j) => (acc[kk][j] += x)));
    }
    return { score: acc, ...(scoreNote ? { scoreNote } : {}) };
  }

  /** ∂(dy · y)/∂v for every variable v (null when y does not depend on v), over the recorded tape. */
  private backprop(tape: TapeNode[], y: TfTensor, dy: TfTensor, vars: TfTensor[]): (Float32Array | null)[] {
    // tfjs has no gradient for a sampler kernel and would throw when its sample leads to y (as
    // `tf.grad` does on such a loss); its sample is a constant here, which is what the code means.
    if (tape.some((n) => NO_GRADIENT_KERNELS.has(n.kernelName))) {
      const cut = tape.filter((n) => NO_GRADIENT_KERNELS.has(n.kernelName));
      const reach = leadsToY(tape, y).tensors;
      if (cut.some((n) => n.outputs.some((o) => reach.has(o.id)))) this.cutSampler = true;
      tape = tape.filter((n) => !NO_GRADIENT_KERNELS.has(n.kernelName));
    }
    const rel = engineRelevance(tape, vars, y);
    if (rel.size === 0) return vars.map(() => null);
    const nodes = tape.filter((n) => rel.has(n.id));
    const { grads } = reversePass(nodes, y, dy, rel, (g) => this.engine.tidy(g), (a, b) => this.tf.add(a, b));
    return vars.map((v) => {
      const g = grads.get(v.id);
      return g ? this.values(g) : null;
    });
  }
}
