/**
 * What the tracer child does with one request: bundle and instrument the user's file, seed the
 * noise, run the module (and the `--entry` function), then turn the last gradient-context call
 * into the TraceGraph — from the tfjs recorder when the program used tfjs, else from the plain
 * tape — with the gradient check. User errors become `graph.error` with the original location.
 */
import Module from 'node:module';
import * as path from 'node:path';
import type { TraceError, TraceGraph } from '../core/graph/model';
import type { TraceRequest } from '../core/protocol';
import { DEFAULT_OBJECTIVE_PATTERN } from '../core/config';
import { objectivePattern } from '../core/name-pattern';
import { bundleUserFile, BuildError } from './build/bundle';
import { makeStackMapper, type OriginalPos } from './sourcemap';
import { hookTfjs, tfjsFailure, tfjsRecorder } from './tfjs-hook';
import { tensorInputs } from './tensor-input';
import { methodEntry, runMethodEntry } from './method-entry';
import { installRuntime } from './plain/runtime';
import { callEntry, findEntry, positionalArgs } from './plain/entry';
import type { FunctionInfo } from './build/sites';
import { rt } from './plain/state';
import { contexts, type ContextRecord } from './plain/context';
import { buildPlainGraph } from './plain/graph';
import { gradcheck } from './plain/gradcheck';
import { nextRandom, seedRandom } from './rng';

/** An empty graph for `req` (filled in as the run goes). */
export function emptyGraph(req: Pick<TraceRequest, 'file' | 'entry' | 'seed'>): TraceGraph {
  return { version: 1, file: req.file, entry: req.entry, seed: req.seed, runtime: 'plain', output: null, params: [], nodes: [], edges: [], gradcheck: [], error: null };
}

/** Thrown by the child's `process.exit` so the user's program stops without killing the tracer. */
class ProgramExit extends Error {
  loc: { line: number; column: number } | null = null;
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

type CompiledModule = { exports: Record<string, unknown>; filename: string; paths: string[]; _compile(code: string, filename: string): void };

/** Runs the request; resolves with the graph (never rejects for user-code problems). */
export async function executeTrace(req: TraceRequest, onRunning: () => void = () => undefined): Promise<TraceGraph> {
  const graph = emptyGraph(req);
  const file = path.resolve(req.file);
  const notes: string[] = [];
  let mapper: (stack: string) => OriginalPos | null = () => null;

  const toError = (e: unknown): TraceError => {
    const err = e as { message?: unknown; stack?: unknown; name?: unknown };
    const pos = typeof err?.stack === 'string' ? mapper(err.stack) : null;
    const message = err && typeof err === 'object' && 'message' in err ? `${String(err.name ?? 'Error')}: ${String(err.message)}` : `thrown: ${String(e)}`;
    const loc = pos ? { line: pos.line, column: pos.column, ...(pos.file !== file ? { file: pos.file } : {}) } : null;
    return { message, loc, reason: 'threw' };
  };

  let bundle;
  try {
    bundle = await bundleUserFile({
      file,
      text: req.text,
      entry: req.entry,
      objectivePattern: objectivePattern(req.objectivePattern || DEFAULT_OBJECTIVE_PATTERN),
      userSamplers: req.samplers ?? [],
    });
  } catch (e) {
    graph.error = e instanceof BuildError ? { message: e.message, loc: e.loc, reason: 'threw' } : toError(e);
    return graph;
  }
  const bundlePath = path.join(path.dirname(file), '__pathwise_trace__.js');
  mapper = makeStackMapper(bundlePath, bundle.map);
  rt.sites = bundle.sites;
  rt.mode = req.entry ? 'entry' : 'auto';
  // Seeded noise for user code and for libraries that draw from Math.random (d3-random, jStat).
  const seed = req.seed ?? Math.floor(Math.random() * 2 ** 31);
  seedRandom(seed);
  Math.random = nextRandom;
  installRuntime();
  hookTfjs(file, (stack) => mapper(stack));

  let userError: TraceError | null = null;
  // Errors of the user's asynchronous code end the run like synchronous ones.
  // `process.exit(code)` in the user's program ends the run: code 0 normally, others as an error.
  const exited = (e: unknown): boolean => {
    if (!(e instanceof ProgramExit)) return false;
    notes.push(`the program called process.exit(${e.code})`);
    if (e.code !== 0) userError ??= { message: `the program exited with code ${e.code}`, loc: e.loc, reason: 'threw' };
    return true;
  };
  const onAsyncError = (e: unknown) => {
    if (!exited(e)) userError ??= toError(e);
    if (e instanceof ProgramExit) stopNow?.();
  };
  process.on('uncaughtException', onAsyncError);
  process.on('unhandledRejection', onAsyncError);
  const realExit = process.exit;
  process.exit = ((code?: number) => {
    const e = new ProgramExit(Number(code ?? 0) || 0);
    const pos = mapper(String(e.stack));
    e.loc = pos ? { line: pos.line, column: pos.column } : null;
    throw e;
  }) as typeof process.exit;
  onRunning();
  try {
    const m = new (Module as unknown as new (id: string) => CompiledModule)(bundlePath);
    m.filename = bundlePath;
    m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
    m._compile(bundle.code, bundlePath);
    if (req.entry) await runEntry(req, m.exports, bundle.functions);
  } catch (e) {
    if (!exited(e)) userError = toError(e);
  }
  // With --entry the result is ready when the entry returns; otherwise wait for asynchronous work.
  if (!req.entry) await drained();
  process.exit = realExit;

  const tf = tfjsRecorder();
  const tfGraph = tf?.active ? safely(() => tf.finish()) : null;
  if (tfjsFailure()) notes.push(tfjsFailure()!);
  const rec = contexts.last;
  if (tfGraph && (tfGraph.nodes?.length ?? 0) > 0) {
    Object.assign(graph, tfGraph, { version: 1, file: req.file, entry: req.entry, seed: req.seed, runtime: 'tfjs' });
    graph.gradcheck = graph.gradcheck ?? [];
  } else if (rec) {
    const parts = buildPlainGraph(rec, file, req.maxNodes ?? 2000);
    graph.output = parts.output;
    graph.params = parts.params;
    graph.nodes = parts.nodes;
    graph.edges = parts.edges;
    notes.push(...parts.notes);
    if (!userError) notes.push(...runGradcheck(req, rec, graph, parts.paramGrads));
    if (contexts.calls > 1) graph.earlierCalls = contexts.calls - 1;
  } else if (!userError) {
    notes.push(req.entry ? `the entry ${req.entry} was not traced` : 'no gradient context (objective function) was called; pass --entry NAME to trace a function');
  }
  if (userError) graph.error = userError;
  if (stopError) graph.error = { ...stopError, message: userError ? `${stopError.message} (after: ${userError.message})` : stopError.message };
  if (notes.length) graph.notes = notes;
  return graph;
}

function safely<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** Most parameters the gradient check compares (each costs two more calls of the entry). */
const GRADCHECK_MAX_PARAMS = 64;

/**
 * The finite-difference check calls the traced function again, twice per parameter, so whatever it
 * does besides computing (files, network, child processes) happens again: the notes say so, and
 * `gradientCheck: false` skips it.
 */
function runGradcheck(req: TraceRequest, rec: ContextRecord, graph: TraceGraph, paramGrads: (number | null)[]): string[] {
  if (req.gradientCheck === false) return ['the gradient check is off, so the traced function ran once (no finite-difference comparison)'];
  graph.gradcheck = gradcheck(rec, paramGrads, GRADCHECK_MAX_PARAMS);
  const reruns = rec.fn && rec.error === null ? 2 * Math.min(rec.params.length, GRADCHECK_MAX_PARAMS) : 0;
  if (reruns === 0) return [];
  return [
    `the gradient check ran ${rec.name} ${reruns} more times to compare with finite differences: its side effects (files, network, ` +
      'child processes) repeat, its console output is silenced; turn it off with --no-gradcheck or the pathwise.trace.gradientCheck setting',
  ];
}

/**
 * The handle that keeps the child waiting for requests (the result channel). It is released while
 * the program's own asynchronous work decides when the run is over, so an idle event loop ends it.
 */
let channelHandle: { ref(): unknown; unref(): unknown } | null = null;

/** Sets the result channel's handle (the runner does, once it opened the channel). */
export function setChannelHandle(h: { ref(): unknown; unref(): unknown } | null): void {
  channelHandle = h;
}

let stopNow: (() => void) | null = null;
let stopError: TraceError | null = null;

/**
 * Ends the run early (the parent's `cancel`): the graph is built from what was recorded so far and
 * carries `error`. Has an effect only while the child waits for the user's asynchronous work.
 */
export function requestStop(error: TraceError): void {
  stopError ??= error;
  stopNow?.();
}

/** Resolves once the user's asynchronous work is done (the event loop would go idle) or a stop was requested. */
function drained(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stopNow = null;
      channelHandle?.ref();
      resolve();
    };
    if (stopError) return done();
    stopNow = done;
    channelHandle?.unref();
    process.once('beforeExit', done);
  });
}

/** Calls the `--entry` function (with the tfjs recorder's context around it when tfjs is loaded). */
async function runEntry(req: TraceRequest, exports: Record<string, unknown>, functions: FunctionInfo[]): Promise<void> {
  const name = req.entry!;
  const method = methodEntry(name);
  if (method) return runMethodEntry(req, method, exports, functions);
  const fn = findEntry(name, exports, path.basename(req.file));
  const info = functions.find((f) => f.name === name);
  const args = tensorInputs(positionalArgs(name, info, req.args), req.seed);
  const tf = tfjsRecorder();
  if (tf?.active) tf.beginContext(name);
  let result: unknown;
  try {
    result = await callEntry(name, fn, info, args);
  } finally {
    if (tf?.active) tf.endContext(result);
  }
}
