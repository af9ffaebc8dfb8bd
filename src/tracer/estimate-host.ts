/**
 * Parent side of the estimator lab, for the CLI (`pathwise estimate`) and the panel: runs one
 * `estimate` request in the tracer child with the same containment as a trace (process group killed
 * on every way out, wall-clock limit from the start, memory watchdog, validated channel), forwards
 * progress and console output. On cancel the child stops after the current draw and reports the
 * draws so far; a child stuck in user code is killed after a grace period. Never rejects for
 * problems of the user's code: the report carries `error`.
 */
import * as path from 'node:path';
import type { TraceError } from '../core/graph/model';
import type { UserSamplerSpec } from '../core/config';
import type { EstimateReport } from '../core/estimators/report';
import { runChild, type ChildLimits } from './child-session';
import { v8FlagsForProgram } from './v8-flags';

/** Options of one estimate run: the child's limits (timeout default 150 000 ms) and what to run. */
export interface RunEstimateOptions extends Partial<ChildLimits> {
  file: string;
  text?: string;
  entry: string;
  args?: Record<string, unknown>;
  seed?: number;
  samples?: number;
  relError?: number;
  /** Temperature of the relaxed estimator (discrete samplers). */
  temperature?: number;
  objectivePattern?: string;
  samplers?: UserSamplerSpec[];
  onProgress?: (done: number, total: number) => void;
}

/** Default number of draws. */
export const DEFAULT_SAMPLES = 1000;
/** Default seed of the draws (fixed, so a run can be repeated). */
export const DEFAULT_ESTIMATE_SEED = 1;

/** Default wall-clock limit of a whole estimate run, bundling included. */
export const DEFAULT_ESTIMATE_TIMEOUT_MS = 150_000;

function emptyReport(o: RunEstimateOptions, error: TraceError): EstimateReport {
  return {
    version: 1, file: o.file, entry: o.entry, seed: o.seed ?? DEFAULT_ESTIMATE_SEED, samples: o.samples ?? DEFAULT_SAMPLES, draws: 0,
    relError: o.relError ?? 0.1, lossMean: null, fixed: false, params: [], samplers: [], ms: 0, error,
  };
}

/** Runs the estimator lab on `file` in a child process (`child-session.ts`: own group, validated channel, limits). */
export function runEstimate(opts: RunEstimateOptions): Promise<EstimateReport> {
  const file = path.resolve(opts.cwd ?? process.cwd(), opts.file);
  return runChild<EstimateReport>(
    {
      file,
      what: 'estimate',
      request: {
        type: 'estimate', file, text: opts.text, entry: opts.entry, args: opts.args ?? {}, seed: opts.seed ?? DEFAULT_ESTIMATE_SEED,
        samples: opts.samples ?? DEFAULT_SAMPLES, relError: opts.relError, temperature: opts.temperature, objectivePattern: opts.objectivePattern, samplers: opts.samplers,
      },
      onMessage(msg, stopped) {
        if (msg.type === 'estimate-progress') {
          opts.onProgress?.(msg.done, msg.total);
          return undefined;
        }
        if (msg.type === 'estimate-result') return { ...msg.report, file: opts.file, ...(stopped && !msg.report.error ? { error: stopped } : {}) };
        if (msg.type === 'error') return emptyReport(opts, msg.error);
        return undefined;
      },
      failed: (error) => emptyReport(opts, error),
    },
    // A draw in progress finishes before the child reports, so it gets longer to answer a cancel than a trace.
    { ...opts, timeoutMs: opts.timeoutMs ?? DEFAULT_ESTIMATE_TIMEOUT_MS, cancelGraceMs: 1500, v8Flags: v8FlagsForProgram(file, opts.text) },
  );
}
