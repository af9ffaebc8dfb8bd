/**
 * `pathwise estimate <file> [--entry NAME] [--args JSON] [--samples N] [--seed S] [--timeout MS]
 *  [--format text|json|html] [--out FILE] [--config FILE]`: the gradient estimator lab. Runs the
 * entry N times in one tracer process with common random numbers and prints, per trainable
 * parameter, the gradient as written, the pathwise gradient of the fixed code and the
 * score-function estimates. Exit codes as `trace`: 0 ok, 1 the user's code threw or was stopped
 * (the partial report is still written), 2 usage. Progress goes to stderr.
 */
import { entryOption, intOption, jsonArgs, oneFile, parseCommandLine, UsageError } from './run-args';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listEntries, pickCallableEntry } from '../core/entries';
import type { EstimateReport } from '../core/estimators/report';
import { formatEstimateText } from '../core/estimators/format-text';
import { renderEstimateHtml } from '../core/estimators/html';
import { DEFAULT_ESTIMATE_SEED, DEFAULT_ESTIMATE_TIMEOUT_MS, DEFAULT_SAMPLES, runEstimate } from '../tracer/estimate-host';
import { checkEntryUsage } from '../tracer/build/top-level';
import { loadOptions } from './options';
import type { TraceIo } from './trace';

export const ESTIMATE_USAGE = `usage: pathwise estimate <file> [--entry NAME] [--args JSON] [--samples N] [--seed S] [--timeout MS]
                         [--temperature T] [--format text|json|html] [--out FILE] [--config FILE]
`;


interface EstimateArgs {
  file: string;
  entry: string | null;
  args: Record<string, unknown>;
  samples: number;
  seed: number;
  timeoutMs: number;
  temperature: number | undefined;
  format: 'text' | 'json' | 'html';
  out: string | null;
  config: string | undefined;
}

function parse(argv: string[]): EstimateArgs {
  const { values: v, positionals } = parseCommandLine(argv, {
    entry: { type: 'string' }, args: { type: 'string' }, samples: { type: 'string' }, seed: { type: 'string' },
    timeout: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' }, temperature: { type: 'string' },
  });
  const file = oneFile(positionals);
  const args = jsonArgs(v.args);
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'html') throw new UsageError('--format must be text, json or html');
  const entry = entryOption(v.entry);
  const temperature = v.temperature === undefined ? undefined : Number(v.temperature);
  if (temperature !== undefined && !(temperature > 0 && Number.isFinite(temperature))) throw new UsageError('--temperature must be a positive number');
  return {
    temperature,
    file,
    entry,
    args,
    samples: intOption(v.samples, '--samples', 2) ?? DEFAULT_SAMPLES,
    seed: intOption(v.seed, '--seed', 0) ?? DEFAULT_ESTIMATE_SEED,
    timeoutMs: intOption(v.timeout, '--timeout', 1) ?? DEFAULT_ESTIMATE_TIMEOUT_MS,
    format,
    out: v.out ?? null,
    config: v.config,
  };
}

function render(r: EstimateReport, format: EstimateArgs['format']): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  if (format === 'html') return renderEstimateHtml(r);
  return formatEstimateText(r);
}

/** Runs `pathwise estimate`; returns the exit code (0 ok, 1 user code threw/stopped, 2 usage). */
export async function estimateCommand(argv: string[], io: TraceIo, extra: { runnerPath?: string; signal?: AbortSignal } = {}): Promise<number> {
  const out = typeof io.stdout === 'function' ? io.stdout : (s: string) => void (io.stdout as { write(s: string): unknown }).write(s);
  const err = typeof io.stderr === 'function' ? io.stderr : (s: string) => void (io.stderr as { write(s: string): unknown }).write(s);
  const cwd = io.cwd ?? process.cwd();
  if (argv.includes('-h') || argv.includes('--help')) {
    out(ESTIMATE_USAGE);
    return 0;
  }
  let a: EstimateArgs;
  let entry: string;
  let options;
  try {
    a = parse(argv);
    const abs = path.resolve(cwd, a.file);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new UsageError(`${a.file}: no such file`);
    const text = fs.readFileSync(abs, 'utf8');
    options = loadOptions(cwd, a.config);
    if (a.entry) entry = a.entry;
    else {
      // The entry `pathwise trace` and the editor pick (src/core/entries), as long as it is a function.
      const picked = pickCallableEntry(listEntries(abs, text, options), a.args);
      if ('problem' in picked) throw new UsageError(picked.problem);
      entry = picked.entry;
      // The picker's arguments (defaults stay the function's) with the user's on top.
      a = { ...a, args: picked.args };
      err(`pathwise estimate: estimating ${entry} (pass --entry NAME for another function)\n`);
    }
    const problem = checkEntryUsage(text, abs, entry, a.args);
    if (problem) throw new UsageError(problem);
  } catch (e) {
    err(`pathwise estimate: ${(e as Error).message}\n${e instanceof UsageError ? ESTIMATE_USAGE : ''}`);
    return 2;
  }
  let lastShown = 0;
  const report = await runEstimate({
    file: a.file,
    cwd,
    entry,
    args: a.args,
    seed: a.seed,
    samples: a.samples,
    timeoutMs: a.timeoutMs,
    temperature: a.temperature,
    objectivePattern: options.objectivePattern,
    samplers: options.samplers,
    runnerPath: extra.runnerPath,
    signal: extra.signal,
    onConsole: (_s, text) => err(text),
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - lastShown < 500 && done < total) return;
      lastShown = now;
      err(`pathwise estimate: ${done}/${total} draws\n`);
    },
  });
  const text = render(report, a.format);
  if (a.out) fs.writeFileSync(path.resolve(cwd, a.out), text);
  else out(text);
  if (report.error) {
    const loc = report.error.loc;
    const where = loc ? `${loc.file ?? a.file}:${loc.line}:${loc.column}: ` : `${a.file}: `;
    err(`${where}${report.error.reason ?? 'error'}: ${report.error.message}\n`);
    return 1;
  }
  return 0;
}
