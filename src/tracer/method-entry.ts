/**
 * `--entry Class.method`: a method of a top-level class, traced on a fresh instance. The class is
 * found among the module's exports, its top-level classes (registered by the instrumenter) and the
 * classes registered with `tf.serialization.registerClass`; it is constructed with the arguments
 * under `$new` (none when absent). A tfjs Layer's `call()` runs through `layer.apply(inputs, kwargs)`,
 * as a model would run it, inside a gradient context: `apply` builds the layer's weights (its
 * `build()`), so the graph shows the values and gradients of the layer's own ops, its weights and
 * its inputs. Any other method is called as an entry function bound to the instance.
 */
import * as path from 'node:path';
import type { TraceRequest } from '../core/protocol';
import type { FunctionInfo } from './build/sites';
import { callEntry, positionalArgs } from './plain/entry';
import { topLevel } from './plain/runtime';
import { tensorInputs } from './tensor-input';
import { tfjsModule, tfjsRecorder } from './tfjs-hook';

/** A `Class.method` entry name, split. */
export interface MethodEntry {
  cls: string;
  method: string;
}

const METHOD_ENTRY = /^([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)$/;

/** Splits `Encoder.call` into class and method; null for a plain function name. */
export function methodEntry(name: string): MethodEntry | null {
  const m = METHOD_ENTRY.exec(name);
  return m ? { cls: m[1], method: m[2] } : null;
}

type Ctor = new (...a: unknown[]) => Record<string, unknown>;
type Apply = (inputs: unknown, kwargs?: unknown) => unknown;

/** Runs a `Class.method` entry (see the module comment). User-facing problems are thrown as errors. */
export async function runMethodEntry(req: TraceRequest, entry: MethodEntry, exports: Record<string, unknown>, functions: FunctionInfo[]): Promise<void> {
  const name = req.entry!;
  const cls = findClass(entry.cls, exports);
  if (!cls) throw new Error(`no top-level, exported or registered class named "${entry.cls}" in ${path.basename(req.file)}`);
  if (typeof cls.prototype?.[entry.method] !== 'function') throw new Error(`${entry.cls} has no method "${entry.method}"`);
  const { $new, ...byName } = req.args;
  const ctorArgs = $new === undefined ? [] : Array.isArray($new) ? $new : [$new];
  let instance: Record<string, unknown>;
  try {
    instance = new cls(...ctorArgs);
  } catch (e) {
    throw new Error(
      `could not construct ${entry.cls} with ${ctorArgs.length ? JSON.stringify(ctorArgs) : 'no arguments'} (${(e as Error)?.message ?? e}); ` +
        `give its constructor arguments as "$new" in the arguments, e.g. {"$new": [{"units": 4}]}`,
    );
  }
  const layer = entry.method === 'call' && isLayer(instance);
  // A layer defined in another module (found through the registry) is called with tfjs's own parameter names.
  const info = functions.find((f) => f.name === name) ?? (layer ? { name, params: ['inputs', 'kwargs'], wrapped: false } : undefined);
  const args = tensorInputs(positionalArgs(name, info, byName), req.seed);
  const tf = tfjsRecorder();
  if (layer) {
    if (args[0] === undefined) throw new Error(`${name} needs its inputs: give them as {"${info?.params[0] ?? 'inputs'}": {"$tensor": {"shape": [2, 4]}}}`);
    // The inputs are differentiated like a model's activations: parameters of the graph, with ∂ values.
    const inputName = info?.params[0] ?? 'inputs';
    const named = Array.isArray(args[0]) ? Object.fromEntries(args[0].map((t, i) => [`${inputName}[${i}]`, t])) : { [inputName]: args[0] };
    if (tf?.active) tf.beginContext(name, named);
    let result: unknown;
    try {
      result = (instance.apply as Apply).call(instance, args[0], args[1]);
    } finally {
      // A layer with several outputs: the gradient is seeded from the first.
      if (tf?.active) tf.endContext(Array.isArray(result) ? result[0] : result);
    }
    return;
  }
  const fn = (instance[entry.method] as (...a: unknown[]) => unknown).bind(instance);
  if (tf?.active) tf.beginContext(name);
  let result: unknown;
  try {
    result = await callEntry(name, fn, info && { ...info, wrapped: false }, args);
  } finally {
    if (tf?.active) tf.endContext(result);
  }
}

/** A tfjs Layer (duck-typed: the user's tfjs instance may not be the one the tracer sees). */
function isLayer(o: Record<string, unknown>): boolean {
  return typeof o.apply === 'function' && typeof o.computeOutputShape === 'function' && 'built' in o;
}

function findClass(name: string, exports: Record<string, unknown>): Ctor | null {
  const def = exports.default as Record<string, unknown> | ((...a: unknown[]) => unknown) | undefined;
  const candidates = [
    exports[name],
    topLevel.get(name),
    typeof def === 'function' && def.name === name ? def : def && typeof def === 'object' ? def[name] : undefined,
    registeredClass(name),
  ];
  const found = candidates.find((c) => typeof c === 'function');
  return (found as Ctor | undefined) ?? null;
}

/** A class registered with `tf.serialization.registerClass` under `name` (layers defined elsewhere). */
function registeredClass(name: string): unknown {
  const tf = tfjsModule() as { serialization?: { SerializationMap?: { getMap(): { classNameMap: Record<string, [unknown, unknown]> } } } } | null;
  try {
    return tf?.serialization?.SerializationMap?.getMap().classNameMap[name]?.[0];
  } catch {
    return undefined;
  }
}
