/**
 * One run of the tracer child process, whatever it is asked to do (a trace, the estimator lab's
 * draws). It spawns `dist/tracer-runner.js` with a heap limit in a process group of its own, talks to
 * it over the validated result channel (`channel.ts`, fd 3), forwards the child's stdout/stderr as
 * console output (whole, up to a cap), and enforces the wall-clock time limit (from the start, bundling
 * included; nothing the child sends extends it), the resident memory watchdog and cancellation. On
 * every way out — result, error, time-out, memory, cancel, crash, an invalid message — the whole
 * process group is killed. It never rejects for problems of the user's code: the caller turns a
 * {@link TraceError} into its own result type.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { TraceError } from '../core/graph/model';
import { isFromTracer, type FromTracer, type ToTracer } from '../core/protocol';
import { encodeMessage, LineReader, MAX_MESSAGE_BYTES, parseLine } from './channel';
import { ConsoleCapture, MAX_CONSOLE_BYTES } from './console-capture';
import { killGroup, trackGroup } from './process-group';
import { readRssMb } from './watchdog';
import { TRACER_V8_FLAGS } from './v8-flags';

/** Limits and plumbing shared by every kind of child run. */
export interface ChildLimits {
  /** Wall-clock limit from the call on (starting the child and bundling included). */
  timeoutMs: number;
  /** V8 heap limit of the child (`--max-old-space-size`), default 1024 MB. */
  maxHeapMb?: number;
  /** Resident memory limit (covers typed arrays outside the heap), default 1536 MB. */
  maxRssMb?: number;
  /** Working directory of the child; default the folder of `file`. */
  cwd?: string;
  onConsole?: (stream: 'stdout' | 'stderr', text: string) => void;
  signal?: AbortSignal;
  /** Path of `tracer-runner.js`; default: next to the calling bundle. */
  runnerPath?: string;
  /** Console output forwarded before it is cut with a notice (default MAX_CONSOLE_BYTES). */
  maxConsoleBytes?: number;
  /** How long a cancelled child may take to report its partial result (default 400 ms). */
  cancelGraceMs?: number;
  /** V8 options of the child (default TRACER_V8_FLAGS, tuned for the plain tracer's hot path). */
  v8Flags?: readonly string[];
}

/** What a kind of run adds: the request, how its messages end it, and how an error becomes a result. */
export interface ChildRun<R> {
  /** Absolute path of the user's file (the child's default working directory is its folder). */
  file: string;
  /** Sent once the child says it started. */
  request: ToTracer;
  /** Words used in messages: "trace", "estimate". */
  what: string;
  /**
   * Handles a message other than `started`/`running`/`console`; returns the result when the message
   * ends the run. `stopped` is the reason the parent stopped it, if it did.
   */
  onMessage(msg: FromTracer, stopped: TraceError | null): R | undefined;
  /** The result of a run that ended without a report from the child. */
  failed(error: TraceError): R;
  /** The final touch (notes, names) once the output has drained; `notice` is the console cut notice. */
  finish?(result: R, notice: string | null): R;
}

/** Default path of the runner bundle: beside the bundle that is running (dist/cli.js, dist/extension.js). */
export function defaultRunnerPath(): string {
  return path.join(__dirname, 'tracer-runner.js');
}

const RSS_POLL_MS = 50;
/** How long a cancelled child may take to report its partial result before its group is killed. */
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

/** Runs the tracer child for `run` under `limits` and resolves with its result. */
export function runChild<R>(run: ChildRun<R>, limits: ChildLimits): Promise<R> {
  const { timeoutMs } = limits;
  const maxHeapMb = limits.maxHeapMb ?? 1024;
  const maxRssMb = limits.maxRssMb ?? 1536;

  return new Promise<R>((resolve) => {
    let child: ChildProcess | undefined;
    let channel: Socket | undefined;
    let finishing = false;
    let stopReason: TraceError | null = null;
    let stderrTail = '';
    let untrack = () => undefined as void;
    const timers: NodeJS.Timeout[] = [];
    const capture = new ConsoleCapture(limits.maxConsoleBytes ?? MAX_CONSOLE_BYTES, (stream, text) => limits.onConsole?.(stream, text));

    // The one way out: kill the whole group, let the pipes drain (the output arrives whole), resolve.
    const finish = (r: R) => {
      if (finishing) return;
      finishing = true;
      for (const t of timers) clearTimeout(t), clearInterval(t);
      limits.signal?.removeEventListener('abort', onAbort);
      if (child?.pid) killGroup(child.pid);
      void closed([child?.stdout, child?.stderr], OUTPUT_GRACE_MS).then(() => {
        channel?.destroy();
        untrack();
        const notice = capture.notice();
        if (notice) limits.onConsole?.('stderr', `\n${notice}\n`);
        resolve(run.finish ? run.finish(r, notice) : r);
      });
    };
    const fail = (error: TraceError) => finish(run.failed(error));
    const invalid = (detail: string) =>
      fail({ message: `${run.what} failed: invalid message from the tracer process (${detail})`, loc: null, reason: 'crashed' });
    const sendToChild = (msg: ToTracer) => {
      if (channel && !channel.destroyed) channel.write(encodeMessage(msg));
    };
    const stop = (error: TraceError) => {
      if (finishing || stopReason) return;
      stopReason = error;
      if (!child || error.reason === 'memory') return fail(error);
      // A child waiting on asynchronous user code can still report its partial result; a child stuck
      // in a synchronous loop cannot, and its group is killed after the grace period.
      sendToChild({ type: 'cancel', reason: error.reason === 'timeout' ? 'timeout' : 'cancelled', message: error.message });
      timers.push(setTimeout(() => fail(error), limits.cancelGraceMs ?? CANCEL_GRACE_MS));
    };
    const onAbort = () => stop({ message: `the ${run.what} was cancelled`, loc: null, reason: 'cancelled' });

    if (limits.signal?.aborted) return fail({ message: `the ${run.what} was cancelled`, loc: null, reason: 'cancelled' });
    // Wall-clock from here: starting the child and bundling the user's code count too.
    timers.push(setTimeout(() => stop({ message: `stopped after the time limit of ${timeoutMs} ms (an endless loop?)`, loc: null, reason: 'timeout' }), timeoutMs));
    try {
      child = spawn(process.execPath, [`--max-old-space-size=${maxHeapMb}`, ...(limits.v8Flags ?? TRACER_V8_FLAGS), limits.runnerPath ?? defaultRunnerPath()], {
        cwd: limits.cwd ?? path.dirname(run.file),
        // A new process group (and session) led by the runner: one kill ends everything it started.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      return fail({ message: `could not start the tracer: ${(e as Error).message}`, loc: null, reason: 'crashed' });
    }
    const proc = child;
    if (proc.pid) untrack = trackGroup(proc.pid);
    limits.signal?.addEventListener('abort', onAbort);

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
      if (msg.type === 'started') return sendToChild(run.request);
      // `running` is informational only: the time limit runs from the start and nothing from the child re-arms it.
      if (msg.type === 'running') return;
      if (msg.type === 'console') return capture.write(msg.stream, Buffer.from(msg.text));
      const r = run.onMessage(msg, stopReason);
      if (r !== undefined) finish(r);
    };
    proc.on('error', (e) => fail(stopReason ?? { message: `tracer process error: ${e.message}`, loc: null, reason: 'crashed' }));
    proc.on('exit', (code, signal) => {
      if (finishing) return;
      // Its children may still run (and hold the channel open): end the group, then read what the
      // channel still holds — a result sent just before the exit is still a result.
      killGroup(proc.pid!);
      void closed([channel], OUTPUT_GRACE_MS).then(() => {
        if (stopReason) return fail(stopReason);
        const oom = /heap out of memory|Allocation failed|Array buffer allocation failed/i.test(stderrTail);
        fail(oom
          ? { message: `stopped: the JavaScript heap exceeded its limit of ${maxHeapMb} MB`, loc: null, reason: 'memory' }
          : { message: `the tracer process exited (${signal ?? `code ${code}`}) before reporting a result`, loc: null, reason: 'crashed' });
      });
    });
  });
}
