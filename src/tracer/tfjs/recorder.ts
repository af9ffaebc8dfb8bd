/**
 * The engine-level hooks. tfjs's module namespace is frozen (its exports are non-configurable
 * getters), so instead of wrapping `tf.grad`, `tf.variableGrads`, `optimizer.minimize`… one by
 * one, the recorder overrides the seam they all share: `engine.gradients` on the `Engine`
 * instance. Kernels are seen through `engine.addTapeNode` (called for every kernel while a tape
 * is on, with its attributes), leaf tensors through `engine.makeTensor` (random ops and
 * constants build their values on the host and land there), host reads through the
 * `Tensor.prototype` read methods, and variable updates through `Variable.prototype.assign`.
 *
 * Every hook runs the user's operation exactly as before and records in a `try` beside it; a
 * recording failure only loses information.
 */
import { captureSite, newCallRecord, noteTensor, valueRef, type CallRecord, type ValueRef } from './call-record';
import type { TfEngine, TfModule, TfTensor } from './internals';
import { insideOp, outermostOp, randomScope } from './op-kinds';
import { ScopeTracker } from './scopes';

const READ_METHODS = ['dataSync', 'arraySync', 'bufferSync', 'data', 'array', 'buffer'] as const;

type AnyFn = (...args: unknown[]) => unknown;

export class RecorderCore {
  readonly engine: TfEngine;
  /** The call being recorded or, after it, the last one. */
  current: CallRecord | null = null;
  private previous: CallRecord | null = null;
  calls = 0;
  /** True while the forward pass of a gradient context (or an `--entry` call) runs. */
  forwardOn = false;
  private readDepth = 0;
  private randomScopeId = -1;
  private randomReads: CallRecord['pendingReads'] = [];
  private readonly versions = new Map<string, number>();
  /** Call sites of the previous call's events and of the current one (see `site`). */
  private prevSites: Array<{ key: string; site: Error | null }> = [];
  private curSites: Array<{ key: string; site: Error | null }> = [];
  private reuseSites = false;
  /** Creation site per variable name (captured for every variable made after install). */
  readonly variableSites = new Map<string, Error | null>();
  private readonly undo: Array<() => void> = [];
  /** Layers, models and named scopes around the code running now (the graph's `group`). */
  readonly scopes: ScopeTracker;

  constructor(readonly tf: TfModule) {
    this.engine = tf.engine();
    this.scopes = new ScopeTracker(tf);
  }

  /** The hierarchy path of the code running now. */
  group(): string[] {
    return this.scopes.path(this.engine.state.scopeStack);
  }

  /** Starts recording a new gradient-context call (the previous one becomes an earlier call). */
  startCall(label: string): CallRecord {
    this.calls++;
    this.previous = this.current;
    this.prevSites = this.curSites;
    this.curSites = [];
    this.randomScopeId = -1;
    this.randomReads = [];
    this.current = newCallRecord(label);
    return this.current;
  }

  /** Forgets the call being recorded (an `--entry` context superseded by an inner gradient call). */
  discardCurrent(): void {
    this.current = this.previous;
    this.calls = Math.max(0, this.calls - 1);
  }

  /**
   * The user call site of the current event. Capturing a stack is what recording costs most, and
   * a training loop repeats the same events call after call, so the i-th event reuses the
   * previous call's site when it is the same kind of event (same kernel, op and shapes).
   */
  site(key: string): Error | null {
    const i = this.curSites.length;
    const prev = this.prevSites[i];
    let site: Error | null;
    if (i === 0) {
      // The first event is always captured and compared in full: a different call path (another
      // loss function, another branch at the start) turns reuse off for the whole call.
      site = captureSite();
      this.reuseSites = !!prev?.site && !!site && prev.site.stack === site.stack;
    } else {
      site = this.reuseSites && prev && prev.key === key ? prev.site : captureSite();
    }
    this.curSites.push({ key, site });
    return site;
  }

  isVariable = (t: TfTensor): boolean => t instanceof this.tf.Variable;
  versionOf = (name: string): number => this.versions.get(name) ?? 0;
  siteOf = (name: string): Error | null => this.variableSites.get(name) ?? null;

  valueOf(t: TfTensor): ValueRef {
    return valueRef(this.engine, t);
  }

  /** Runs recording code; any failure there is swallowed so the user's code is unaffected. */
  safe(f: () => void): void {
    try {
      f();
    } catch {
      /* recording is best effort */
    }
  }

  /** Installs the kernel, tensor, host-read and variable hooks (not `gradients`; see index). */
  installHooks(): void {
    const self = this;
    const engine = this.engine;
    const origAdd = engine.addTapeNode;
    this.restoreLater(engine, 'addTapeNode');
    engine.addTapeNode = function (this: TfEngine, ...args: Parameters<TfEngine['addTapeNode']>) {
      const r = origAdd.apply(this, args);
      if (self.forwardOn) self.safe(() => self.onTapeNode(args[5]));
      return r;
    };

    const origMake = engine.makeTensor;
    this.restoreLater(engine, 'makeTensor');
    engine.makeTensor = function (this: TfEngine, ...args: Parameters<TfEngine['makeTensor']>) {
      const t = origMake.apply(this, args);
      if (self.forwardOn) self.safe(() => self.onMakeTensor(t));
      return t;
    };

    const origMakeVar = (engine as unknown as { makeVariable?: AnyFn }).makeVariable;
    if (typeof origMakeVar === 'function') {
      // Where each variable was created: its location in the graph (variables are made once).
      const e = engine as unknown as { makeVariable: AnyFn };
      this.restoreLater(engine, 'makeVariable');
      e.makeVariable = function (this: unknown, ...args: unknown[]) {
        const v = origMakeVar.apply(this, args) as TfTensor;
        self.safe(() => self.variableSites.set(String(v.name), captureSite()));
        return v;
      };
    }

    this.attachLayers(this.tf);

    const proto = this.tf.Tensor.prototype;
    for (const m of READ_METHODS) {
      const orig = proto[m];
      if (typeof orig !== 'function') continue;
      proto[m] = function (this: TfTensor, ...args: unknown[]) {
        if (self.forwardOn && self.readDepth === 0) self.safe(() => self.onHostRead(this, m));
        self.readDepth++;
        try {
          return (orig as AnyFn).apply(this, args);
        } finally {
          self.readDepth--;
        }
      };
      this.undo.push(() => {
        proto[m] = orig;
      });
    }

    const vproto = this.tf.Variable.prototype;
    const origAssign = vproto.assign;
    if (typeof origAssign === 'function') {
      vproto.assign = function (this: TfTensor, ...args: unknown[]) {
        const r = (origAssign as AnyFn).apply(this, args);
        self.safe(() => self.versions.set(String(this.name), self.versionOf(String(this.name)) + 1));
        return r;
      };
      this.undo.push(() => {
        vproto.assign = origAssign;
      });
    }
  }

  /** Follows the layers and models of `mod` (a tfjs module with `layers`), once per module. */
  attachLayers(mod: unknown): void {
    this.safe(() => {
      const undo = this.scopes.install(mod);
      if (undo) this.undo.push(undo);
    });
  }

  /** Undo step restoring `obj[key]` as it was before an override (own property or inherited). */
  restoreLater(obj: object, key: string): void {
    const had = Object.prototype.hasOwnProperty.call(obj, key);
    const before = (obj as Record<string, unknown>)[key];
    this.undo.push(() => {
      if (had) (obj as Record<string, unknown>)[key] = before;
      else delete (obj as Record<string, unknown>)[key];
    });
  }

  uninstall(): void {
    while (this.undo.length) this.safe(this.undo.pop()!);
  }

  private onTapeNode(attrs: Record<string, unknown> | undefined): void {
    const rec = this.current;
    const tape = this.engine.state.activeTape;
    // Clones of tensors saved for the backward pass are pushed while a kernel runs: not user ops.
    if (!rec || !tape || tape.length === 0 || this.engine.state.kernelDepth > 0) return;
    const node = tape[tape.length - 1];
    const inputs: Array<{ name: string; id: number }> = [];
    for (const name in node.inputs) {
      const t = node.inputs[name];
      if (!t) continue;
      inputs.push({ name, id: t.id });
      noteTensor(rec, this.engine, t, this.isVariable, this.versionOf, this.siteOf);
    }
    for (const o of node.outputs) noteTensor(rec, this.engine, o, this.isVariable, this.versionOf, this.siteOf);
    rec.kernels.push({
      tapeId: node.id,
      kernelName: node.kernelName,
      opName: outermostOp(this.engine.state.scopeStack),
      inputs,
      outputs: node.outputs.map((o) => o.id),
      attrs,
      site: this.site(`k:${node.kernelName}:${inputs.map((i) => node.inputs[i.name].shape.join('x')).join(',')}`),
      group: this.group(),
      seq: rec.seq++,
    });
  }

  private onMakeTensor(t: TfTensor): void {
    const rec = this.current;
    if (!rec) return;
    const state = this.engine.state;
    const rnd = randomScope(state.scopeStack);
    if (!rnd && state.kernelDepth > 0) return; // a kernel's own allocation
    if (rnd && rnd.id !== this.randomScopeId) {
      // A new random op: it consumes the host reads made since the previous one.
      this.randomScopeId = rnd.id;
      this.randomReads = rec.pendingReads;
      rec.pendingReads = [];
    }
    if (rnd) for (const r of this.randomReads) r.feeds.push(t.id);
    rec.tensors.set(t.id, {
      id: t.id,
      value: this.valueOf(t),
      variable: null,
      created: { randomOp: rnd ? rnd.name : null, site: this.site(`t:${rnd?.name ?? ''}:${t.shape.join('x')}`), seq: rec.seq++, group: this.group() },
    });
  }

  private onHostRead(t: TfTensor, method: string): void {
    const rec = this.current;
    const state = this.engine.state;
    if (!rec || t.isDisposed || insideOp(state.scopeStack, state.kernelDepth)) return;
    noteTensor(rec, this.engine, t, this.isVariable, this.versionOf, this.siteOf);
    const read = {
      index: rec.hostReads.length,
      tensorId: t.id,
      tensor: t,
      method,
      value: this.valueOf(t),
      site: this.site(`r:${method}:${t.shape.join('x')}`),
      group: this.group(),
      seq: rec.seq++,
      feeds: [] as number[],
    };
    rec.hostReads.push(read);
    rec.pendingReads.push(read);
  }
}
