/**
 * Where a kernel sits in the model's hierarchy: the tfjs-layers layers and models being applied
 * (`model:sequential_1`, `layer:dense_Dense1`) and the user's named `tf.tidy('encoder', …)` scopes
 * (`scope:encoder`), outermost first. tfjs-layers keeps its own name-scope stack private, so the
 * tracker wraps `Layer.prototype.apply` (every layer and model call goes through it: `model.apply`,
 * `predict`, `fit`'s executor, a layer applied by hand, custom layers) and reads the engine's scope
 * stack for named tidies. Scopes tfjs opens itself (`unnamed scope`, `forward`, `<op>__op`) are skipped.
 */
import type { ScopeInfo, TfModule } from './internals';

/** Engine scope names that are tfjs's own bookkeeping, not a name the user gave. */
const ENGINE_SCOPES: ReadonlySet<string> = new Set(['unnamed scope', 'forward', 'backward', 'tidy']);

/** A tfjs-layers Layer (or LayersModel) as seen at run time. */
interface LayerLike {
  name?: unknown;
  getClassName?: () => string;
}

interface Entry {
  label: string;
  /** Length of the engine's scope stack when the layer was entered (orders it among named scopes). */
  depth: number;
}

const MODEL_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'LayersModel', 'Functional', 'Model']);

/** `kind:name` of a layer object: `model:` for models (Sequential, LayersModel), else `layer:`. */
export function layerEntry(layer: LayerLike, modelClass: unknown): string {
  const name = typeof layer.name === 'string' && layer.name ? layer.name : 'layer';
  let cls = '';
  try {
    cls = typeof layer.getClassName === 'function' ? String(layer.getClassName()) : '';
  } catch {
    cls = '';
  }
  const isModel = MODEL_CLASSES.has(cls) || (typeof modelClass === 'function' && layer instanceof (modelClass as new () => unknown));
  return `${isModel ? 'model' : 'layer'}:${name}`;
}

/** Merges the layer entries with the named engine scopes into one path, outermost first. */
export function mergePath(entries: readonly Entry[], scopeStack: readonly ScopeInfo[]): string[] {
  const out: string[] = [];
  let e = 0;
  for (let i = 0; i <= scopeStack.length; i++) {
    // A layer entered when the stack had i scopes sits outside scopeStack[i] (opened inside the layer).
    while (e < entries.length && entries[e].depth <= i) out.push(entries[e++].label);
    if (i === scopeStack.length) break;
    const name = scopeStack[i].name;
    if (!ENGINE_SCOPES.has(name) && !name.endsWith('__op')) out.push(`scope:${name}`);
  }
  while (e < entries.length) out.push(entries[e++].label);
  return out;
}

/** Tracks the layers being applied; `path()` is the hierarchy of the code running now. */
export class ScopeTracker {
  private readonly entries: Entry[] = [];
  /** Path of each layer (by layer name) the last time it was applied: its weights go there too. */
  readonly layerPaths = new Map<string, string[]>();
  private cached: string[] | null = null;
  private cachedKey = '';
  /** Layer prototypes already wrapped (tfjs and tfjs-layers loaded separately share one). */
  private readonly hooked = new Set<object>();

  constructor(private readonly tf: TfModule) {}

  /**
   * Wraps `tf.layers.Layer.prototype.apply` of `tf` (default: the recorder's module; the tracer
   * passes `@tensorflow/tfjs` when the recorder was installed on the tfjs-core it loads first).
   * Returns the undo step, or null when there is nothing (new) to hook.
   */
  install(tf: unknown = this.tf): (() => void) | null {
    const mod = tf as { layers?: { Layer?: { prototype: Record<string, unknown> } }; LayersModel?: unknown } | null;
    const proto = mod?.layers?.Layer?.prototype;
    const orig = proto?.apply;
    if (!proto || typeof orig !== 'function' || this.hooked.has(proto)) return null;
    this.hooked.add(proto);
    const modelClass = mod?.LayersModel;
    const self = this;
    proto.apply = function (this: LayerLike, ...args: unknown[]) {
      let pushed = false;
      try {
        const engine = self.tf.engine();
        self.entries.push({ label: layerEntry(this, modelClass), depth: engine.state.scopeStack.length });
        pushed = true;
        self.cached = null;
        if (typeof this.name === 'string') self.layerPaths.set(this.name, self.path(engine.state.scopeStack));
      } catch {
        /* recording is best effort */
      }
      try {
        return (orig as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        if (pushed) {
          self.entries.pop();
          self.cached = null;
        }
      }
    };
    const undoModel = this.followModelLoops(modelClass);
    return () => {
      proto.apply = orig;
      undoModel();
      this.hooked.delete(proto);
    };
  }

  /**
   * `fit` and `predict` run a model's layers through tfjs-layers' executor, not through the model's
   * `apply`: the training step (`makeTrainFunction`'s function) and `predictLoop` are wrapped so
   * their layers still sit under `model:<name>` (a Sequential's inner model carries its name + `_model`).
   */
  private followModelLoops(modelClass: unknown): () => void {
    const proto = typeof modelClass === 'function' ? (modelClass as { prototype: Record<string, unknown> }).prototype : null;
    if (!proto) return () => undefined;
    const self = this;
    const inModel = <T>(model: LayerLike, run: () => T): T => {
      let pushed = false;
      try {
        const name = typeof model.name === 'string' ? model.name.replace(/_model$/, '') : 'model';
        self.entries.push({ label: `model:${name}`, depth: self.tf.engine().state.scopeStack.length });
        self.cached = null;
        pushed = true;
      } catch {
        /* recording is best effort */
      }
      try {
        return run();
      } finally {
        if (pushed) {
          self.entries.pop();
          self.cached = null;
        }
      }
    };
    const undo: Array<() => void> = [];
    const origTrain = proto.makeTrainFunction;
    if (typeof origTrain === 'function') {
      proto.makeTrainFunction = function (this: LayerLike, ...args: unknown[]) {
        const step = (origTrain as (...a: unknown[]) => unknown).apply(this, args);
        if (typeof step !== 'function') return step;
        const model = this;
        return function (this: unknown, ...stepArgs: unknown[]) {
          return inModel(model, () => (step as (...a: unknown[]) => unknown).apply(this, stepArgs));
        };
      };
      undo.push(() => (proto.makeTrainFunction = origTrain));
    }
    const origPredict = proto.predictLoop;
    if (typeof origPredict === 'function') {
      proto.predictLoop = function (this: LayerLike, ...args: unknown[]) {
        return inModel(this, () => (origPredict as (...a: unknown[]) => unknown).apply(this, args));
      };
      undo.push(() => (proto.predictLoop = origPredict));
    }
    return () => undo.forEach((u) => u());
  }

  /** The current hierarchy path (shared array while nothing changed: callers must not mutate it). */
  path(scopeStack: readonly ScopeInfo[]): string[] {
    let named = '';
    for (const s of scopeStack) if (!ENGINE_SCOPES.has(s.name) && !s.name.endsWith('__op')) named += `${s.id},`;
    const key = `${this.entries.length}|${named}`;
    if (this.cached && key === this.cachedKey) return this.cached;
    this.cached = mergePath(this.entries, scopeStack);
    this.cachedKey = key;
    return this.cached;
  }

  /** Path of the layer that owns a weight named `layer/weight` (e.g. `dense_Dense1/kernel`), or null. */
  weightPath(variableName: string): string[] | null {
    const slash = variableName.lastIndexOf('/');
    if (slash <= 0) return null;
    const layer = variableName.slice(0, slash);
    const known = this.layerPaths.get(layer);
    if (known) return known;
    // A layer not applied in this run (its weights only read): its own group still says whose weight it is.
    return null;
  }
}
