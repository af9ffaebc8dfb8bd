/**
 * Parent side of the dynamic tracer, used by the CLI (`pathwise trace`) and the VS Code panel.
 * `runTrace` spawns `dist/tracer-runner.js` with a heap limit in a process group of its own, talks to
 * it over the validated result channel (`channel.ts`, fd 3), forwards the child's stdout/stderr as
 * console output (whole, up to a cap), and enforces the wall-clock time limit (from the start, bundling
 * included; nothing the child sends extends it), the resident memory watchdog and cancellation. On
 * every way out — result, error, time-out, memory, cancel, crash, an invalid message — the whole
 * process group is killed. It never rejects for problems of the user's code: the graph carries
 * `error` (reason threw / timeout / memory / cancelled / crashed) and the partial graph.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { Socket } from 'node:net';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { TraceGraph, TraceError } from '../core/graph/model';
import { nameNodesFromSource } from '../core/graph/source-names';
import type { UserSamplerSpec } from '../core/config';
import { assertNever, isFromTracer, type FromTracer, type ToTracer } from '../core/protocol';
import { encodeMessage, LineReader, MAX_MESSAGE_BYTES, parseLine } from './channel';
import { ConsoleCapture, MAX_CONSOLE_BYTES } from './console-capture';
import { killGroup, trackGroup } from './process-group';
import { readRssMb } from './watchdog';
import { TRACER_V8_FLAGS } from './v8-flags';

export { MAX_CONSOLE_BYTES } from './console-capture';

/** Options of one trace run. */
export interface RunTraceOptions {
  file: string;
  /** Unsaved text of `file` (the editor buffer). */
  text?: string;
  entry?: string | null;
  args?: Record<string, unknown>;
  seed?: number | null;
  /** Wall-clock limit from the call on (starting the child and bundling included), default 10 000 ms. */
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
  /**
   * Run the finite-difference gradient check (default true). It calls the entry again, twice per
   * parameter, so the program's side effects repeat (`pathwise.trace.gradientCheck`, `--no-gradcheck`).
   */
  gradientCheck?: boolean;
  /** Console output forwarded before it is cut with a notice (default MAX_CONSOLE_BYTES). */
  maxConsoleBytes?: number;
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
/** How long a cancelled child may take to report its partial graph before its group is killed. */
const CANCEL_GRACE_MS = 400;
/** How long to wait, after the group was killed, for the last console output and channel bytes. */
const OUTPUT_GRACE_MS = 1000;

/** Resolves once every stream has closed, or after `ms` (a process outside the group may hold one open). */
function closed(streams: (Readable | Socket | null | undefined)[], ms: number): Promise<void> {
  const open = streams.filter((s): s is Readable => !!s && !s.destroyed && !s.readableEnded);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let left = open.length;
    const timer = setTimeout(() => {
      for (const s of open) s.destroy();
      resolve();
    }, ms);
    for (const s of open) {
      s.once('close', () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}

/** Runs the user's file in a child process and resolves with its trace graph. */
export function runTrace(opts: RunTraceOptions): Promise<TraceGraph> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxHeapMb = opts.maxHeapMb ?? 1024;
  const maxRssMb = opts.maxRssMb ?? 1536;
  const file = path.resolve(opts.cwd ?? process.cwd(), opts.file);
  const fallback = emptyGraph(opts);

  return new Promise<TraceGraph>((resolve) => {
    let child: ChildProcess | undefined;
    let channel: Socket | undefined;
    let finishing = false;
    let stopReason: TraceError | null = null;
    let stderrTail = '';
    let untrack = () => undefined as void;
    const timers: NodeJS.Timeout[] = [];
    const capture = new ConsoleCapture(opts.maxConsoleBytes ?? MAX_CONSOLE_BYTES, (stream, text) => opts.onConsole?.(stream, text));

    // The one way out: kill the whole group, let the pipes drain (the output arrives whole), resolve.
    const finish = (g: TraceGraph) => {
      if (finishing) return;
      finishing = true;
      for (const t of timers) clearTimeout(t), clearInterval(t);
      opts.signal?.removeEventListener('abort', onAbort);
      if (child?.pid) killGroup(child.pid);
      void closed([child?.stdout, child?.stderr], OUTPUT_GRACE_MS).then(() => {
        channel?.destroy();
        untrack();
        const notice = capture.notice();
        if (notice) {
          opts.onConsole?.('stderr', `\n${notice}\n`);
          g = { ...g, notes: [...(g.notes ?? []), notice] };
        }
        // Nodes are named after the user's variables here, so the panel, the CLI and the JSON all show the same names.
        resolve(nameNodesFromSource(g, opts.text ?? (() => fs.readFileSync(file, 'utf8')), file));
      });
    };
    const invalid = (detail: string) =>
      finish({ ...fallback, error: { message: `trace failed: invalid message from the tracer process (${detail})`, loc: null, reason: 'crashed' } });
    const sendToChild = (msg: ToTracer) => {
      if (channel && !channel.destroyed) channel.write(encodeMessage(msg));
    };
    const stop = (error: TraceError) => {
      if (finishing || stopReason) return;
      stopReason = error;
      if (!child || error.reason === 'memory') return finish({ ...fallback, error });
      // A child waiting on asynchronous user code can still report its partial graph; a child stuck
      // in a synchronous loop cannot, and its group is killed after the grace period.
      sendToChild({ type: 'cancel', reason: error.reason === 'timeout' ? 'timeout' : 'cancelled', message: error.message });
      timers.push(setTimeout(() => finish({ ...fallback, error }), CANCEL_GRACE_MS));
    };
    const onAbort = () => stop({ message: 'the trace was cancelled', loc: null, reason: 'cancelled' });

    if (opts.signal?.aborted) return finish({ ...fallback, error: { message: 'the trace was cancelled', loc: null, reason: 'cancelled' } });
    // Wall-clock from here: starting the child and bundling the user's code count too.
    timers.push(setTimeout(() => stop({ message: `stopped after the time limit of ${timeoutMs} ms (an endless loop?)`, loc: null, reason: 'timeout' }), timeoutMs));
    try {
      child = spawn(process.execPath, [`--max-old-space-size=${maxHeapMb}`, ...TRACER_V8_FLAGS, opts.runnerPath ?? defaultRunnerPath()], {
        cwd: opts.cwd ?? path.dirname(file),
        // A new process group (and session) led by the runner: one kill ends everything it started.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      return finish({ ...fallback, error: { message: `could not start the tracer: ${(e as Error).message}`, loc: null, reason: 'crashed' } });
    }
    const proc = child;
    if (proc.pid) untrack = trackGroup(proc.pid);
    opts.signal?.addEventListener('abort', onAbort);

    proc.stdout?.on('data', (b: Buffer) => capture.write('stdout', b));
    proc.stderr?.on('data', (b: Buffer) => {
      stderrTail = (stderrTail + b.toString('utf8')).slice(-4000);
      capture.write('stderr', b);
    });
    channel = proc.stdio[3] as Socket | undefined;
    channel?.on('error', () => undefined);
    const reader = new LineReader(
      (line) => {
        if (finishing) return;
        const parsed = parseLine(line);
        if (!parsed.ok) return invalid(`not JSON: ${parsed.reason}`);
        if (!isFromTracer(parsed.value)) return invalid(`not a well-formed message: ${line.slice(0, 80)}`);
        onMessage(parsed.value);
      },
      () => invalid(`a message longer than ${MAX_MESSAGE_BYTES} bytes`),
    );
    channel?.on('data', (chunk: Buffer) => reader.push(chunk));

    timers.push(setInterval(() => {
      const rss = proc.pid ? readRssMb(proc.pid) : null;
      if (rss !== null && rss > maxRssMb) stop({ message: `stopped: resident memory ${Math.round(rss)} MB exceeded the limit of ${maxRssMb} MB`, loc: null, reason: 'memory' });
    }, RSS_POLL_MS));

    const onMessage = (msg: FromTracer) => {
      switch (msg.type) {
        case 'started':
          sendToChild({
            type: 'run', file, text: opts.text, entry: opts.entry ?? null, args: opts.args ?? {}, seed: opts.seed ?? null,
            objectivePattern: opts.objectivePattern, samplers: opts.samplers, maxNodes: opts.maxNodes, gradientCheck: opts.gradientCheck,
          });
          break;
        case 'running':
          // Informational only: the time limit runs from the start and nothing from the child re-arms it.
          break;
        case 'console':
          capture.write(msg.stream, Buffer.from(msg.text));
          break;
        case 'result':
          finish({ ...msg.graph, file: opts.file, ...(stopReason ? { error: stopReason } : {}) });
          break;
        case 'error':
          finish({ ...(msg.graph ?? fallback), file: opts.file, error: msg.error });
          break;
        default:
          assertNever(msg);
      }
    };
    proc.on('error', (e) => {
      finish({ ...fallback, error: stopReason ?? { message: `tracer process error: ${e.message}`, loc: null, reason: 'crashed' } });
    });
    proc.on('exit', (code, signal) => {
      if (finishing) return;
      // Its children may still run (and hold the channel open): end the group, then read what the
      // channel still holds — a result sent just before the exit is still a result.
      killGroup(proc.pid!);
      void closed([channel], OUTPUT_GRACE_MS).then(() => {
        if (stopReason) return finish({ ...fallback, error: stopReason });
        const oom = /heap out of memory|Allocation failed|Array buffer allocation failed/i.test(stderrTail);
        const error: TraceError = oom
          ? { message: `stopped: the JavaScript heap exceeded its limit of ${maxHeapMb} MB`, loc: null, reason: 'memory' }
          : { message: `the tracer process exited (${signal ?? `code ${code}`}) before reporting a result`, loc: null, reason: 'crashed' };
        finish({ ...fallback, error });
      });
    });
  });
}
