/**
 * Parent side of the dynamic tracer, used by the CLI (`pathwise trace`) and the VS Code panel.
 * `runTrace` forks `dist/tracer-runner.js` with a heap limit, sends the request over IPC, forwards
 * the child's stdout/stderr as console output, and enforces the wall-clock timeout, the resident
 * memory watchdog and cancellation. It never rejects for problems of the user's code: the graph
 * carries `error` (reason threw / timeout / memory / cancelled / crashed) and the partial graph.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceGraph, TraceError } from '../core/graph/model';
import { nameNodesFromSource } from '../core/graph/source-names';
import type { UserSamplerSpec } from '../core/config';
import { assertNever, isFromTracer, type FromTracer, type ToTracer } from '../core/protocol';
import { readRssMb } from './watchdog';
import { TRACER_V8_FLAGS } from './v8-flags';

/** Options of one trace run. */
export interface RunTraceOptions {
  file: string;
  /** Unsaved text of `file` (the editor buffer). */
  text?: string;
  entry?: string | null;
  args?: Record<string, unknown>;
  seed?: number | null;
  /** Wall-clock limit, default 10 000 ms. */
  timeoutMs?: number;
  /** V8 heap limit of the child (`--max-old-space-size`), default 1024 MB. */
  maxHeapMb?: number;
  /** Resident memory limit (covers typed arrays outside the heap), default 1536 MB. */
  maxRssMb?: number;
  cwd?: string;
  onConsole?: (stream: 'stdout' | 'stderr', text: string) => void;
  signal?: AbortSignal;
  /** Path of `tracer-runner.js`; default: next to the calling bundle. */
  runnerPath?: string;
  objectivePattern?: string;
  samplers?: UserSamplerSpec[];
  /** Graph nodes above which values fold by source location (default 2000). */
  maxNodes?: number;
}

/** Default path of the runner bundle: beside the bundle that is running (dist/cli.js, dist/extension.js). */
export function defaultRunnerPath(): string {
  return path.join(__dirname, 'tracer-runner.js');
}

function emptyGraph(o: RunTraceOptions): TraceGraph {
  return {
    version: 1, file: o.file, entry: o.entry ?? null, seed: o.seed ?? null, runtime: 'plain',
    output: null, params: [], nodes: [], edges: [], gradcheck: [], error: null,
  };
}

const RSS_POLL_MS = 50;
/** How long a cancelled child may take to report its partial graph before it is killed. */
const CANCEL_GRACE_MS = 400;
/** Extra time allowed for starting the child and bundling the user's code. */
const STARTUP_MS = 30_000;
/** How long to wait for the child's remaining console output after its result. */
const OUTPUT_GRACE_MS = 1000;

/** Runs the user's file in a child process and resolves with its trace graph. */
export function runTrace(opts: RunTraceOptions): Promise<TraceGraph> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxHeapMb = opts.maxHeapMb ?? 1024;
  const maxRssMb = opts.maxRssMb ?? 1536;
  const file = path.resolve(opts.cwd ?? process.cwd(), opts.file);
  const fallback = emptyGraph(opts);

  return new Promise<TraceGraph>((resolve) => {
    let child: ChildProcess | undefined;
    let settled = false;
    let stopReason: TraceError | null = null;
    let stderrTail = '';
    const timers: NodeJS.Timeout[] = [];

    const settle = (g: TraceGraph) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t), clearInterval(t);
      opts.signal?.removeEventListener('abort', onAbort);
      // Never leave a child behind (it normally exits by itself right after its result).
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      // Nodes are named after the user's variables here, so the panel, the CLI and the JSON all show the same names.
      resolve(nameNodesFromSource(g, opts.text ?? (() => fs.readFileSync(file, 'utf8')), file));
    };
    const stop = (error: TraceError) => {
      if (settled || stopReason) return;
      stopReason = error;
      if (!child) return;
      const c = child;
      if (error.reason === 'memory') return void c.kill('SIGKILL');
      // A child waiting on asynchronous user code can still report its partial graph; a child stuck
      // in a synchronous loop cannot, and is killed after the grace period.
      try {
        c.send({ type: 'cancel', reason: error.reason === 'timeout' ? 'timeout' : 'cancelled', message: error.message } satisfies ToTracer);
      } catch {
        // The channel is already closed: the kill below ends it.
      }
      timers.push(setTimeout(() => c.kill('SIGKILL'), CANCEL_GRACE_MS));
    };
    // The child exits right after its result; its last console output may still be in the pipes, so
    // the result is handed over once they are closed (or after a short grace period).
    let pending: TraceGraph | null = null;
    const settleAfterOutput = (g: TraceGraph) => {
      pending = g;
      timers.push(setTimeout(() => settle(g), OUTPUT_GRACE_MS));
    };
    const onAbort = () => stop({ message: 'the trace was cancelled', loc: null, reason: 'cancelled' });

    if (opts.signal?.aborted) return settle({ ...fallback, error: { message: 'the trace was cancelled', loc: null, reason: 'cancelled' } });
    try {
      child = fork(opts.runnerPath ?? defaultRunnerPath(), [], {
        cwd: opts.cwd ?? path.dirname(file),
        execArgv: [`--max-old-space-size=${maxHeapMb}`, ...TRACER_V8_FLAGS],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'json',
      });
    } catch (e) {
      return settle({ ...fallback, error: { message: `could not start the tracer: ${(e as Error).message}`, loc: null, reason: 'crashed' } });
    }
    opts.signal?.addEventListener('abort', onAbort);

    child.stdout?.setEncoding('utf8').on('data', (s: string) => opts.onConsole?.('stdout', s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderrTail = (stderrTail + s).slice(-4000);
      opts.onConsole?.('stderr', s);
    });

    // The time limit counts from when the user's code starts (after bundling); bundling itself gets
    // a generous limit of its own so a stuck start cannot hang the caller.
    const timeout = () => stop({ message: `stopped after the time limit of ${timeoutMs} ms (an endless loop?)`, loc: null, reason: 'timeout' });
    let limit = setTimeout(timeout, timeoutMs + STARTUP_MS);
    timers.push(limit);
    timers.push(setInterval(() => {
      const rss = child.pid ? readRssMb(child.pid) : null;
      if (rss !== null && rss > maxRssMb) stop({ message: `stopped: resident memory ${Math.round(rss)} MB exceeded the limit of ${maxRssMb} MB`, loc: null, reason: 'memory' });
    }, RSS_POLL_MS));

    child.on('message', (raw) => {
      if (!isFromTracer(raw)) return;
      const msg = raw as FromTracer;
      switch (msg.type) {
        case 'started':
          try {
            child.send({
              type: 'run', file, text: opts.text, entry: opts.entry ?? null, args: opts.args ?? {}, seed: opts.seed ?? null,
              objectivePattern: opts.objectivePattern, samplers: opts.samplers, maxNodes: opts.maxNodes,
            } satisfies ToTracer);
          } catch {
            // The child died right after starting: its 'exit' event reports it.
          }
          break;
        case 'running':
          clearTimeout(limit);
          limit = setTimeout(timeout, timeoutMs);
          timers.push(limit);
          break;
        case 'console':
          opts.onConsole?.(msg.stream, msg.text);
          break;
        case 'result':
          settleAfterOutput({ ...msg.graph, file: opts.file, ...(stopReason ? { error: stopReason } : {}) });
          break;
        case 'error':
          settleAfterOutput({ ...(msg.graph ?? fallback), file: opts.file, error: msg.error });
          break;
        case 'estimate-progress':
        case 'estimate-result':
          break; // replies to an `estimate` request (src/tracer/estimate-host.ts), never sent for `run`
        default:
          assertNever(msg);
      }
    });
    child.on('error', (e) => {
      if (!settled) settle({ ...fallback, error: stopReason ?? { message: `tracer process error: ${e.message}`, loc: null, reason: 'crashed' } });
    });
    child.on('close', () => {
      if (pending) settle(pending);
    });
    child.on('exit', (code, signal) => {
      if (settled || pending) return;
      if (stopReason) return settle({ ...fallback, error: stopReason });
      const oom = /heap out of memory|Allocation failed|Array buffer allocation failed/i.test(stderrTail);
      const error: TraceError = oom
        ? { message: `stopped: the JavaScript heap exceeded its limit of ${maxHeapMb} MB`, loc: null, reason: 'memory' }
        : { message: `the tracer process exited (${signal ?? `code ${code}`}) before reporting a result`, loc: null, reason: 'crashed' };
      settle({ ...fallback, error });
    });
  });
}
