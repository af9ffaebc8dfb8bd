/**
 * TensorFlow.js recorder of the Pathwise dynamic tracer. `installTfjsRecorder(tf, ctx)` hooks the
 * user's real `@tensorflow/tfjs` module so that every gradient-context call (`tf.grad`,
 * `tf.grads`, `tf.valueAndGrad(s)`, `tf.variableGrads`, `optimizer.minimize` /
 * `computeGradients`, layers' `fit` — all of which go through `engine.gradients`) is recorded,
 * and the gradient of the loss is computed at every node by one reverse pass over the engine's
 * tape with tfjs's registered gradient functions. That pass also produces the gradients the
 * user asked for, bit-identical to tfjs's own (see reverse-pass.ts), so training is unchanged.
 * `finish()` returns the graph of the LAST call; earlier calls are counted in `earlierCalls`.
 */
import type { TraceGraph } from '../../core/graph/model';
import { noteTensor, valueRef, type ValueRef } from './call-record';
import { buildGraph, type SourceMapper } from './graph-build';
import { isTfModule, tfAssert, type TfEngine, type TfModule, type TfTensor } from './internals';
import { RecorderCore } from './recorder';
import { engineRelevance, reversePass, type EngineRelevance } from './reverse-pass';

export type { SourceMapper } from './graph-build';

/** Handle returned by `installTfjsRecorder`. */
export interface TfjsRecorder {
  /** False when `tf` was not a tfjs 4.x module the recorder could hook (then nothing is recorded). */
  active: boolean;
  /**
   * Starts a gradient context by hand (the runner's `--entry` mode): turns the engine's tape on.
   * `inputs` (tensors by name: a Layer's inputs) are differentiated like `tf.grad`'s `xs`: they are
   * parameters of the graph, and a host read of them is a cut.
   */
  beginContext(label: string, inputs?: Record<string, unknown>): void;
  /** Ends the context begun by `beginContext`; `loss` is the entry's return value (tensor or number). */
  endContext(loss: unknown): void;
  /** The graph of the last recorded call, or null when no gradient context ran. */
  finish(): Partial<TraceGraph> | null;
  /** Removes every hook (tests and benchmarks compare runs with and without the recorder). */
  uninstall(): void;
  /**
   * Follows the layers and models of another tfjs module object of the same engine (the
   * `@tensorflow/tfjs` namespace when the recorder was installed on the tfjs-core it loaded first).
   */
  attachModule(mod: unknown): void;
}

/** Where the recorder runs: the traced file and a stack-to-source mapper supplied by the runner. */
export interface TfjsRecorderContext {
  file: string;
  sourceMapper: SourceMapper;
}

const inactive = (): TfjsRecorder => ({
  active: false,
  beginContext: () => undefined,
  endContext: () => undefined,
  finish: () => null,
  uninstall: () => undefined,
  attachModule: () => undefined,
});

/** Marks an engine that already has a recorder (shared across module copies via Symbol.for). */
const INSTALLED = Symbol.for('pathwise.tfjsRecorder');

/**
 * Installs the recorder on the user's `tf` module (the object their code imports: tfjs or
 * tfjs-core). Never throws; returns an inactive recorder when `tf` is not a hookable tfjs 4.x.
 */
export function installTfjsRecorder(tf: unknown, ctx: TfjsRecorderContext): TfjsRecorder {
  if (!isTfModule(tf)) return inactive();
  // One recorder per engine (tfjs, tfjs-core… share it): a second install returns the first.
  const marked = tf.engine() as TfEngine & { [INSTALLED]?: TfjsRecorder };
  const existing = marked[INSTALLED];
  if (existing) {
    existing.attachModule(tf);
    return existing;
  }
  const recorder = createRecorder(tf, ctx);
  marked[INSTALLED] = recorder;
  const uninstall = recorder.uninstall;
  recorder.uninstall = () => {
    uninstall();
    delete marked[INSTALLED];
  };
  return recorder;
}

function createRecorder(tf: TfModule, ctx: TfjsRecorderContext): TfjsRecorder {
  const core = new RecorderCore(tf);
  const engine = core.engine;
  core.installHooks();
  // `--entry` state: the context opened by beginContext, and whether a gradient API called
  // inside the entry took over (then that call, not the entry, is the recorded context).
  const entry = { open: false, abandoned: false };
  const origGradients = engine.gradients;
  core.restoreLater(engine, 'gradients');
  engine.gradients = function (this: TfEngine, f, xs, dy, allowNoGradients = false) {
    if (entry.open && !entry.abandoned && core.forwardOn && this.state.gradientDepth === 1) {
      entry.abandoned = true;
      core.safe(() => abandonEntryTape(core));
    }
    // Nested (higher-order) calls and calls inside a recorded context keep tfjs's own code path.
    if (this.state.gradientDepth > 0 || core.forwardOn) return origGradients.call(this, f, xs, dy, allowNoGradients);
    return recordedGradients(core, tf, this, f, xs, dy ?? null, allowNoGradients);
  };

  return {
    active: true,
    beginContext(label: string, inputs: Record<string, unknown> = {}) {
      core.safe(() => {
        if (entry.open || core.forwardOn || engine.state.gradientDepth > 0) return;
        core.startCall(label);
        const rec = core.current!;
        for (const [name, t] of Object.entries(inputs)) {
          if (!(t instanceof tf.Tensor)) continue;
          noteTensor(rec, engine, t as unknown as TfTensor, core.isVariable, core.versionOf, core.siteOf);
          rec.xsIds.push((t as unknown as TfTensor).id);
          rec.xsNames.push(name);
        }
        engine.startTape();
        entry.open = true;
        entry.abandoned = false;
        core.forwardOn = true;
      });
    },
    endContext(loss: unknown) {
      if (!entry.open) return;
      entry.open = false;
      if (entry.abandoned) return;
      core.forwardOn = false;
      core.safe(() => engine.endTape());
      core.safe(() => finishEntry(core, tf, loss));
    },
    finish() {
      const rec = core.current;
      if (!rec) return null;
      try {
        return buildGraph(rec, ctx.sourceMapper, core.calls - 1, {
          file: ctx.file,
          weightPath: (name) => core.scopes.weightPath(name),
        });
      } catch {
        return { runtime: 'tfjs', nodes: [], edges: [], params: [], output: null, earlierCalls: core.calls - 1 };
      }
    },
    uninstall() {
      core.uninstall();
    },
    attachModule(mod: unknown) {
      core.attachLayers(mod);
    },
  };
}

/** Value references of every gradient the pass produced (taken before the tidy disposes them). */
function gradRefs(engine: TfEngine, grads: Map<number, TfTensor>): Map<number, ValueRef> {
  const out = new Map<number, ValueRef>();
  for (const [id, g] of grads) out.set(id, valueRef(engine, g));
  return out;
}

/** `Engine.gradients` of tfjs-core 4.x with the backward step replaced by the every-node pass. */
function recordedGradients(
  core: RecorderCore,
  tf: TfModule,
  engine: TfEngine,
  f: () => TfTensor,
  xs: TfTensor[],
  dy: TfTensor | null,
  allowNoGradients: boolean,
): { value: TfTensor; grads: Array<TfTensor | undefined> } {
  tfAssert(xs.length > 0, () => 'gradients() received an empty list of xs.');
  if (dy != null && dy.dtype !== 'float32') throw new Error(`dy must have 'float32' dtype, but has '${dy.dtype}'`);
  const rec = core.startCall('gradients');
  core.forwardOn = true;
  let y: TfTensor;
  try {
    y = engine.scopedRun(
      () => engine.startTape(),
      () => engine.endTape(),
      () => engine.tidy('forward', f),
    );
  } finally {
    core.forwardOn = false;
  }
  tfAssert(y instanceof tf.Tensor, () => 'The result y returned by f() must be a tensor.');
  const tape = engine.state.activeTape ?? [];
  const relevance: EngineRelevance = engineRelevance(tape, xs, y);
  if (!allowNoGradients && relevance.size === 0 && xs.length > 0) {
    throw new Error(
      'Cannot compute gradient of y=f(x) with respect to x. Make sure ' +
        'that the f you passed encloses all operations that lead from x ' +
        'to y.',
    );
  }
  core.safe(() => {
    noteTensor(rec, engine, y, core.isVariable, core.versionOf, core.siteOf);
    rec.lossId = y.id;
    rec.xsIds = xs.map((x) => x.id);
  });
  return engine.tidy('backward', () => {
    const seed = dy ?? engine.makeTensor(new Float32Array(sizeOf(y.shape)).fill(1), y.shape, 'float32');
    const { grads } = reversePass(tape, y, seed, relevance, (g) => engine.tidy(g), (a, b) => tf.add(a, b));
    const out = xs.map((x) => grads.get(x.id));
    core.safe(() => {
      rec.grads = gradRefs(engine, grads);
    });
    if (engine.state.gradientDepth === 0) {
      // This means that we are not computing higher-order gradients and can clean up the tape.
      for (const node of tape) for (const t of node.saved ?? []) t.dispose();
      engine.state.activeTape = null;
    }
    return { value: y, grads: out };
  });
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Drops the entry's own tape when the entry calls a gradient API itself: the engine goes back to
 * "no tape" (as without the recorder) so that call runs and is recorded like in module mode.
 */
function abandonEntryTape(core: RecorderCore): void {
  const state = core.engine.state;
  const tape = state.activeTape ?? [];
  core.forwardOn = false;
  state.gradientDepth = 0;
  state.activeTape = null;
  core.discardCurrent();
  for (const node of tape) for (const t of node.saved ?? []) core.safe(() => t.dispose());
}

/**
 * Closes an `--entry` context: the loss is a tensor, or a number the entry read from one (then
 * the read tensor is the loss). Runs the every-node pass fenced (nothing is handed back to user
 * code) and releases the tape's saved tensors.
 */
function finishEntry(core: RecorderCore, tf: TfModule, loss: unknown): void {
  const engine = core.engine;
  const rec = core.current;
  const tape = engine.state.activeTape ?? [];
  try {
    let y: TfTensor | null = null;
    if (loss instanceof tf.Tensor && !(loss as unknown as TfTensor).isDisposed) y = loss as unknown as TfTensor;
    else if (typeof loss === 'number' && rec) {
      const read = [...rec.hostReads].reverse().find((r) => r.value.values?.[0] === loss || Math.fround(loss) === r.value.values?.[0]);
      if (read && !read.tensor.isDisposed) y = read.tensor;
    }
    if (y && rec) {
      noteTensor(rec, engine, y, core.isVariable, core.versionOf, core.siteOf);
      rec.lossId = y.id;
      const yy = y;
      engine.tidy(() => {
        const seed = engine.makeTensor(new Float32Array(sizeOf(yy.shape)).fill(1), yy.shape, 'float32');
        const { grads } = reversePass(tape, yy, seed, new Map(), (g) => engine.tidy(g), (a, b) => tf.add(a, b));
        rec.grads = gradRefs(engine, grads);
        return undefined as unknown as TfTensor;
      });
    }
  } catch {
    if (rec) rec.gradNote = 'the every-node reverse pass failed; values only';
  } finally {
    if (engine.state.gradientDepth === 0) {
      for (const node of tape) for (const t of node.saved ?? []) core.safe(() => t.dispose());
      engine.state.activeTape = null;
    }
  }
}
