/**
 * Parent side of the estimator lab, for the CLI (`pathwise estimate`) and the panel: forks the
 * tracer runner, sends one `estimate` request, forwards progress and console output, and enforces
 * the wall-clock limit and cancellation (the child stops after the current draw and reports the
 * draws so far; a child stuck in user code is killed after a grace period). Never rejects for
 * problems of the user's code: the report carries `error`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { TraceError } from '../core/graph/model';
import type { UserSamplerSpec } from '../core/config';
import type { EstimateReport } from '../core/estimators/report';
import { isFromTracer, type FromTracer, type ToTracer } from '../core/protocol';
import { defaultRunnerPath } from './host';
import { TRACER_V8_FLAGS } from './v8-flags';

/** Options of one estimate run. */
export interface RunEstimateOptions {
  file: string;
  text?: string;
  entry: string;
  args?: Record<string, unknown>;
  seed?: number;
  samples?: number;
  relError?: number;
  /** Temperature of the relaxed estimator (discrete samplers). */
  temperature?: number;
  /** Wall-clock limit of the draws, default 120 000 ms. */
  timeoutMs?: number;
  maxHeapMb?: number;
  cwd?: string;
  objectivePattern?: string;
  samplers?: UserSamplerSpec[];
  onProgress?: (done: number, total: number) => void;
  onConsole?: (stream: 'stdout' | 'stderr', text: string) => void;
  signal?: AbortSignal;
  runnerPath?: string;
}

/** Default number of draws. */
export const DEFAULT_SAMPLES = 1000;
/** Default seed of the draws (fixed, so a run can be repeated). */
export const DEFAULT_ESTIMATE_SEED = 1;

const STARTUP_MS = 30_000;
const CANCEL_GRACE_MS = 1500;

function emptyReport(o: RunEstimateOptions, error: TraceError): EstimateReport {
  return {
    version: 1, file: o.file, entry: o.entry, seed: o.seed ?? DEFAULT_ESTIMATE_SEED, samples: o.samples ?? DEFAULT_SAMPLES, draws: 0,
    relError: o.relError ?? 0.1, lossMean: null, fixed: false, params: [], samplers: [], ms: 0, error,
  };
}

/** Runs the estimator lab on `file` in a child process. */
export function runEstimate(opts: RunEstimateOptions): Promise<EstimateReport> {
  const file = path.resolve(opts.cwd ?? process.cwd(), opts.file);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return new Promise<EstimateReport>((resolve) => {
    let child: ChildProcess | undefined;
    let settled = false;
    let stopReason: TraceError | null = null;
    const timers: NodeJS.Timeout[] = [];
    const settle = (r: EstimateReport) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve({ ...r, file: opts.file, ...(stopReason && !r.error ? { error: stopReason } : {}) });
    };
    const stop = (error: TraceError) => {
      if (settled || stopReason) return;
      stopReason = error;
      const c = child;
      if (!c) return settle(emptyReport(opts, error));
      try {
        c.send({ type: 'cancel', reason: error.reason === 'timeout' ? 'timeout' : 'cancelled', message: error.message } satisfies ToTracer);
      } catch {
        // The channel is closed already: the kill below ends it.
      }
      timers.push(setTimeout(() => c.kill('SIGKILL'), CANCEL_GRACE_MS));
    };
    const onAbort = () => stop({ message: 'the estimate was cancelled', loc: null, reason: 'cancelled' });
    if (opts.signal?.aborted) return settle(emptyReport(opts, { message: 'the estimate was cancelled', loc: null, reason: 'cancelled' }));
    try {
      child = fork(opts.runnerPath ?? defaultRunnerPath(), [], {
        cwd: opts.cwd ?? path.dirname(file),
        execArgv: [`--max-old-space-size=${opts.maxHeapMb ?? 1024}`, ...TRACER_V8_FLAGS],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'json',
      });
    } catch (e) {
      return settle(emptyReport(opts, { message: `could not start the tracer: ${(e as Error).message}`, loc: null, reason: 'crashed' }));
    }
    opts.signal?.addEventListener('abort', onAbort);
    child.stdout?.setEncoding('utf8').on('data', (s: string) => opts.onConsole?.('stdout', s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => opts.onConsole?.('stderr', s));
    // Bundling gets a generous limit of its own; the draws get `timeoutMs` from their first progress message.
    const timeout = () => stop({ message: `stopped after the time limit of ${timeoutMs} ms (an endless loop?)`, loc: null, reason: 'timeout' });
    let limit = setTimeout(timeout, timeoutMs + STARTUP_MS);
    let drawing = false;
    timers.push(limit);
    child.on('message', (raw) => {
      if (!isFromTracer(raw)) return;
      const msg = raw as FromTracer;
      if (msg.type === 'started') {
        try {
          child!.send({
            type: 'estimate', file, text: opts.text, entry: opts.entry, args: opts.args ?? {}, seed: opts.seed ?? DEFAULT_ESTIMATE_SEED,
            samples: opts.samples ?? DEFAULT_SAMPLES, relError: opts.relError, temperature: opts.temperature, objectivePattern: opts.objectivePattern, samplers: opts.samplers,
          } satisfies ToTracer);
        } catch {
          // The child died right after starting: 'exit' reports it.
        }
      } else if (msg.type === 'estimate-progress') {
        if (!drawing) {
          drawing = true;
          clearTimeout(limit);
          limit = setTimeout(timeout, timeoutMs);
          timers.push(limit);
        }
        opts.onProgress?.(msg.done, msg.total);
      }
      else if (msg.type === 'estimate-result') settle(msg.report);
      else if (msg.type === 'console') opts.onConsole?.(msg.stream, msg.text);
    });
    child.on('error', (e) => settle(emptyReport(opts, stopReason ?? { message: `tracer process error: ${e.message}`, loc: null, reason: 'crashed' })));
    child.on('exit', (code, signal) => {
      if (settled) return;
      settle(emptyReport(opts, stopReason ?? { message: `the tracer process exited (${signal ?? `code ${code}`}) before reporting a result`, loc: null, reason: 'crashed' }));
    });
  });
}
