/**
 * Traces one function of a plain-TS source text inside the current process: the same
 * instrumenter, runtime, graph builder and gradient check as the tracer child, without the
 * bundler and the process boundary. Used by the benchmark (instrumented vs uninstrumented in one
 * run) and by the gradient-correctness tests. Only for trusted code: it runs `text` here.
 */
import ts from 'typescript';
import type { TraceGraph } from '../../core/graph/model';
import type { UserSamplerSpec } from '../../core/config';
import { DEFAULT_OBJECTIVE_PATTERN } from '../../core/config';
import { objectivePattern } from '../../core/name-pattern';
import type { FunctionInfo, Site } from '../build/sites';
import { instrumentSource } from '../build/instrument';
import { contexts } from './context';
import { callEntry, findEntry, positionalArgs } from './entry';
import { buildPlainGraph } from './graph';
import { gradcheck } from './gradcheck';
import { runtime } from './runtime';
import { rt, setActive } from './state';
import { nextRandom, seedRandom } from '../rng';

/** A loaded instrumented module. */
export interface InstrumentedModule {
  exports: Record<string, unknown>;
  functions: FunctionInfo[];
  sites: Site[];
}

type Require = (id: string) => unknown;

/** Instruments and evaluates `text` as a CommonJS module (`require` resolves its packages). */
export function loadInstrumented(
  text: string,
  o: { file: string; entry?: string | null; require: Require; samplers?: UserSamplerSpec[]; objectivePattern?: string; unboxedLocals?: boolean },
): InstrumentedModule {
  const sites: Site[] = [];
  const functions: FunctionInfo[] = [];
  const { code } = instrumentSource(text, {
    file: o.file,
    objectivePattern: objectivePattern(o.objectivePattern ?? DEFAULT_OBJECTIVE_PATTERN),
    entry: o.entry ?? null,
    userSamplers: o.samplers ?? [],
    sites,
    functions,
    module: 'commonjs',
    unboxedLocals: o.unboxedLocals,
  });
  rt.sites = sites;
  const mod = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', '__pw', code)(mod.exports, o.require, mod, runtime);
  return { exports: mod.exports, functions, sites };
}

/** Plain JavaScript of `text` (types stripped, nothing instrumented), evaluated as CommonJS. */
export function loadPlain(text: string, req: Require): Record<string, unknown> {
  const js = ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
  const mod = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', js)(mod.exports, req, mod);
  return mod.exports;
}

/** Options of {@link traceInProcess}. */
export interface InProcessOptions {
  file?: string;
  entry: string;
  args?: Record<string, unknown>;
  seed?: number;
  require: Require;
  samplers?: UserSamplerSpec[];
  maxNodes?: number;
  /** Receives the entry's return value as the traced code produced it. */
  onResult?: (value: unknown) => void;
  /** See InstrumentOptions.unboxedLocals (default true). */
  unboxedLocals?: boolean;
}

/** Traces `entry` of `text` here and returns the graph (errors of the code are in `graph.error`). */
export function traceInProcess(text: string, o: InProcessOptions): TraceGraph {
  const file = o.file ?? '/virtual/model.ts';
  const seed = o.seed ?? 1;
  const graph: TraceGraph = { version: 1, file, entry: o.entry, seed, runtime: 'plain', output: null, params: [], nodes: [], edges: [], gradcheck: [], error: null };
  const savedRandom = Math.random;
  const savedMode = rt.mode;
  seedRandom(seed);
  Math.random = nextRandom;
  rt.mode = 'entry';
  contexts.last = null;
  contexts.calls = 0;
  try {
    const m = loadInstrumented(text, { file, entry: o.entry, require: o.require, samplers: o.samplers, unboxedLocals: o.unboxedLocals });
    const fn = findEntry(o.entry, m.exports, file);
    const info = m.functions.find((f) => f.name === o.entry);
    try {
      const result = callEntry(o.entry, fn, info, positionalArgs(o.entry, info, o.args ?? {}));
      o.onResult?.(result);
    } catch (e) {
      graph.error = { message: String((e as Error)?.message ?? e), loc: null, reason: 'threw' };
    }
    const rec = contexts.last;
    if (rec) {
      const parts = buildPlainGraph(rec, file, o.maxNodes ?? 2000);
      Object.assign(graph, { output: parts.output, params: parts.params, nodes: parts.nodes, edges: parts.edges });
      if (parts.notes.length) graph.notes = parts.notes;
      if (!graph.error) graph.gradcheck = gradcheck(rec, parts.paramGrads);
    }
  } finally {
    Math.random = savedRandom;
    rt.mode = savedMode;
    setActive(false);
    contexts.open = false;
  }
  return graph;
}

/**
 * Calls an instrumented gradient-context function once with tracing on and runs the reverse
 * pass (∂loss/∂node for every node), without building the display graph. For benchmarks.
 */
export function runTracedCall(fn: (...a: unknown[]) => unknown, args: unknown[]): { value: number; nodes: number } {
  const savedMode = rt.mode;
  rt.mode = 'auto';
  try {
    const value = fn(...args);
    const rec = contexts.last;
    if (rec) rt.tape.reverse(rec.out);
    return { value: Number(value), nodes: rt.tape.n };
  } finally {
    rt.mode = savedMode;
  }
}
