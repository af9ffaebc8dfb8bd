/**
 * The estimator lab in the tracer child: bundles the user's file and its reparameterized form (the
 * preferred fixes applied in memory) once, then calls the entry N times. Draw i replays the same
 * noise for both forms (common random numbers: the random stream's position is saved before the
 * severed call and restored for the fixed one). Per draw and trainable parameter it keeps the
 * gradient the code computes (as written), the pathwise gradient of the fixed code, and the
 * score-function term f(z) ∇θ Σ log p(z; θ) (see estimate-score.ts); the report is built from
 * these series at the end.
 */
import Module from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceError } from '../core/graph/model';
import type { EstimateRequest } from '../core/protocol';
import { DEFAULT_OBJECTIVE_PATTERN, resolveOptions } from '../core/config';
import { fixAllText } from '../core/fixes/fix-all';
import type { EstimateReport } from '../core/estimators/report';
import { DEFAULT_TEMPERATURE, relaxedText } from '../core/estimators/relaxed-text';
import { bundleUserFile, BuildError, type BundleResult } from './build/bundle';
import { makeStackMapper } from './sourcemap';
import { installRuntime } from './plain/runtime';
import { callEntry, findEntry, positionalArgs } from './plain/entry';
import { contexts } from './plain/context';
import { rt, setActive } from './plain/state';
import { nextRandom, randomState, seedRandom, setRandomState } from './rng';
import { ScoreRecorder } from './estimate-score';
import { buildReport, type DrawSeries } from './estimate-report';
import { captureTfjs } from './estimate-tfjs';
import { runTfjsDraws, type TfjsRunResult } from './estimate-tfjs-run';
import type { TfModule, TfTensor } from './tfjs/internals';

type CompiledModule = { exports: Record<string, unknown>; filename: string; paths: string[]; _compile(code: string, filename: string): void };

/** One loaded form of the program (as written, or fixed) and its entry call. */
interface Form {
  bundle: BundleResult;
  call: () => unknown;
  mapper: (stack: string) => { line: number; column: number; file: string } | null;
}

let stopError: TraceError | null = null;

/** Asks a running estimate to stop after the current draw (the parent's `cancel`). */
export function requestEstimateStop(error: TraceError): void {
  stopError ??= error;
}

/** How often the draw loop yields to the event loop (for `cancel` and progress messages). */
const YIELD_MS = 50;

function load(file: string, bundle: BundleResult, tag: string, entry: string, args: Record<string, unknown>): Form {
  const bundlePath = path.join(path.dirname(file), `__pathwise_estimate_${tag}__.js`);
  rt.sites = bundle.sites;
  const m = new (Module as unknown as new (id: string) => CompiledModule)(bundlePath);
  m.filename = bundlePath;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  m._compile(bundle.code, bundlePath);
  // Captured now: the runtime's table of top-level functions is shared by both forms.
  const fn = findEntry(entry, m.exports, path.basename(file));
  const info = bundle.functions.find((f) => f.name === entry);
  const positional = positionalArgs(entry, info, args);
  return {
    bundle,
    call: () => {
      rt.sites = bundle.sites;
      return callEntry(entry, fn, info, positional);
    },
    mapper: makeStackMapper(bundlePath, bundle.map),
  };
}

/** Runs the request; resolves with the report (user-code problems are in `report.error`). */
export async function executeEstimate(req: EstimateRequest, onProgress: (done: number, total: number) => void = () => undefined): Promise<EstimateReport> {
  const t0 = Date.now();
  const file = path.resolve(req.file);
  const relError = req.relError ?? 0.1;
  const report: EstimateReport = {
    version: 1, file: req.file, entry: req.entry, seed: req.seed, samples: req.samples, draws: 0, relError,
    lossMean: null, fixed: false, params: [], samplers: [], ms: 0, error: null,
  };
  const notes: string[] = [];
  let forms: { severed: Form; fixed: Form | null; relaxed: Form | null };
  // The program's TensorFlow.js (if it loads one) and the variables each form created as it loaded.
  const tfjs = captureTfjs();
  let tf: TfModule | null = null;
  const vars = { severed: [] as TfTensor[], fixed: [] as TfTensor[] };
  const temperature = req.temperature ?? DEFAULT_TEMPERATURE;
  try {
    const text = req.text ?? fs.readFileSync(file, 'utf8');
    const objectivePattern = req.objectivePattern || DEFAULT_OBJECTIVE_PATTERN;
    const options = resolveOptions({ objectivePattern, samplers: req.samplers });
    const fix = fixAllText(file, text, options);
    const relax = relaxedText(file, text, options, temperature);
    const bundleOf = (t: string) => bundleUserFile({ file, text: t, entry: req.entry, objectivePattern: new RegExp(objectivePattern), userSamplers: req.samplers ?? [] });
    const severedBundle = await bundleOf(text);
    const fixedBundle = fix.applied > 0 ? await bundleOf(fix.text) : null;
    const relaxedBundle = relax.relaxed > 0 ? await bundleOf(relax.text) : null;
    report.fixed = fixedBundle !== null;
    if (!fixedBundle) notes.push('no safe reparameterizing fix applies to this file');
    seedRandom(req.seed);
    Math.random = nextRandom;
    installRuntime();
    rt.mode = 'entry';
    const created = (f: () => Form): [Form, TfTensor[]] => {
      const before = new Set(tfVariables(tfjs.get()));
      const form = f();
      return [form, tfVariables(tfjs.get()).filter((v) => !before.has(v))];
    };
    const [severed, sv] = created(() => load(file, severedBundle, 'severed', req.entry, req.args));
    tf = tfjs.get();
    // The fixed program is a second module instance: a variable it names like the first gets a suffix.
    if (tf) renameDuplicateVariables(tf);
    const [fixed, fv] = fixedBundle ? created(() => load(file, fixedBundle, 'fixed', req.entry, req.args)) : [null, []];
    // A tfjs program's relaxed draws run the severed form with soft samples (estimate-tfjs-relax.ts): no third load.
    const relaxedForm = relaxedBundle && !tf ? load(file, relaxedBundle, 'relaxed', req.entry, req.args) : null;
    forms = { severed, fixed, relaxed: relaxedForm };
    Object.assign(vars, { severed: sv, fixed: fv });
    if (relaxedForm) report.temperature = temperature;
  } catch (e) {
    tfjs.undo();
    report.error = e instanceof BuildError ? { message: e.message, loc: e.loc, reason: 'threw' } : { message: String((e as Error)?.message ?? e), loc: null, reason: 'threw' };
    report.ms = Date.now() - t0;
    return report;
  }

  tfjs.undo();
  let series: DrawSeries = { names: [], values: [], loss: [], asWritten: [], score: [], pathwise: [], relaxed: [], reached: [] };
  const score = new ScoreRecorder();
  const tDraws = Date.now();
  let lastYield = tDraws;
  // Progress 0 tells the parent that bundling is over: its time limit counts from here.
  onProgress(0, req.samples);
  let tfRun: TfjsRunResult | null = null;
  try {
    if (tf) {
      // A TensorFlow.js entry (estimate-tfjs-run.ts); one that returns a number falls back to the plain lab.
      const run = await runTfjsDraws({
        tf, severed: forms.severed.call, fixed: forms.fixed?.call ?? null, severedVars: vars.severed, fixedVars: vars.fixed,
        seed: req.seed, samples: req.samples, score, temperature,
        after: async (done) => {
          report.draws = done;
          if (Date.now() - lastYield > YIELD_MS) {
            onProgress(done, req.samples);
            await new Promise((resolve) => setImmediate(resolve));
            lastYield = Date.now();
          }
          return !stopError;
        },
      });
      if (run.draws >= 0) {
        tfRun = run;
        series = run.series;
      }
    }
    seedRandom(req.seed);
    for (let i = 0; !tfRun && i < req.samples; i++) {
      if (stopError) break;
      const start = randomState();
      score.start();
      let r: unknown;
      try {
        r = forms.severed.call();
      } finally {
        score.stop();
      }
      if (r instanceof Promise) await r;
      const end = randomState();
      recordSevered(series, score, i);
      if (forms.fixed) {
        setRandomState(start);
        const r2 = forms.fixed.call();
        if (r2 instanceof Promise) await r2;
        recordFixed(series.pathwise, series.names, i);
      }
      if (forms.relaxed) {
        setRandomState(start);
        const r3 = forms.relaxed.call();
        if (r3 instanceof Promise) await r3;
        recordFixed(series.relaxed, series.names, i);
      }
      setRandomState(end);
      report.draws = i + 1;
      if (Date.now() - lastYield > YIELD_MS) {
        onProgress(i + 1, req.samples);
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    }
  } catch (e) {
    const err = e as { message?: unknown; stack?: unknown; name?: unknown };
    const pos = typeof err?.stack === 'string' ? forms.severed.mapper(err.stack) ?? forms.fixed?.mapper(err.stack) ?? null : null;
    report.error = {
      message: `${String(err?.name ?? 'Error')}: ${String(err?.message ?? e)} (draw ${report.draws + 1})`,
      loc: pos ? { line: pos.line, column: pos.column, ...(pos.file !== file ? { file: pos.file } : {}) } : null,
      reason: 'threw',
    };
  } finally {
    setActive(false);
    contexts.open = false;
  }
  if (stopError && !report.error) report.error = stopError;
  onProgress(report.draws, req.samples);
  if (tfRun) {
    Object.assign(report, buildReport(series, score, report.draws, relError, tfRun.hasFixed, tfRun.relaxed ? temperature : null));
    if (tfRun.relaxed) report.temperature = temperature;
    else delete report.temperature;
    report.params.forEach((p, k) => Object.assign(p, tfRun!.info[k]));
    notes.push(...tfRun.notes);
  } else Object.assign(report, buildReport(series, score, report.draws, relError, forms.fixed !== null, forms.relaxed !== null ? temperature : null));
  if (notes.length) report.notes = [...notes, ...(report.notes ?? [])];
  report.drawsMs = Date.now() - tDraws;
  report.ms = Date.now() - t0;
  return report;
}

/**
 * Makes the engine accept a variable whose name is taken (the fixed form's copy) by suffixing it.
 * tfjs 4.x checks names in `makeVariable(value, trainable, name, dtype)`; older builds in `registerVariable(v)`.
 */
function renameDuplicateVariables(tf: TfModule): void {
  type Engine = {
    registeredVariables: Record<string, unknown>;
    registerVariable?: (v: { name: string }) => void;
    makeVariable?: (value: unknown, trainable?: boolean, name?: string, dtype?: string) => unknown;
  };
  const engine = tf.engine() as unknown as Engine;
  const free = (name: string) => {
    if (engine.registeredVariables[name] == null) return name;
    let k = 1;
    while (engine.registeredVariables[`${name}__pathwise_fixed${k}`] != null) k++;
    return `${name}__pathwise_fixed${k}`;
  };
  const make = engine.makeVariable;
  if (typeof make === 'function') {
    engine.makeVariable = function (this: unknown, value, trainable, name, dtype) {
      return make.call(this, value, trainable, name == null ? name : free(name), dtype);
    };
  }
  const register = engine.registerVariable;
  if (typeof register === 'function') {
    engine.registerVariable = function (this: unknown, v: { name: string }) {
      v.name = free(v.name);
      return register.call(this, v);
    };
  }
}

/** The variables of the program's tfjs engine, in creation order (none without tfjs). */
function tfVariables(tf: TfModule | null): TfTensor[] {
  const reg = (tf?.engine() as unknown as { registeredVariables?: Record<string, TfTensor> } | undefined)?.registeredVariables;
  return reg ? Object.values(reg) : [];
}

/** Per-draw results of the severed (as written) call: loss, gradients, ∇θ Σ log p. */
function recordSevered(s: DrawSeries, score: ScoreRecorder, i: number): void {
  const rec = contexts.last;
  if (!rec || rec.error) throw rec?.error ?? new Error(`the entry was not traced`);
  if (typeof rec.outValue !== 'number') {
    const what = rec.outValue === null || rec.outValue === undefined ? String(rec.outValue) : typeof rec.outValue === 'object' ? (rec.outValue.constructor?.name ?? 'an object') : typeof rec.outValue;
    throw new Error(
      `the entry returned ${what}, not a number: the estimator lab covers plain numeric code (a TensorFlow.js loss tensor is not supported yet)`,
    );
  }
  if (i === 0) {
    s.names = rec.params.map((p) => p.name);
    s.values = rec.params.map((p) => p.value);
    s.reached = s.names.map(() => false);
  }
  const f = typeof rec.outValue === 'number' ? rec.outValue : Number(rec.outValue);
  s.loss.push(f);
  const t = rt.tape;
  const { grad, reached } = t.reverse(rec.out);
  const byName = new Map(rec.params.map((p) => [p.name, p.node]));
  const aw = s.names.map((n, k) => {
    const node = byName.get(n);
    if (node === undefined || !reached[node]) return 0;
    s.reached[k] = true;
    return grad[node];
  });
  s.asWritten.push(aw);
  const sum = score.sumNode();
  if (sum < 0) s.score.push(s.names.map(() => 0));
  else {
    const r = t.reverse(sum);
    s.score.push(s.names.map((n) => {
      const node = byName.get(n);
      return node !== undefined && r.reached[node] ? r.grad[node] : 0;
    }));
  }
}

/** Per-draw gradients of a rewritten form's call (fixed or relaxed), matched to the severed call's parameters by name. */
function recordFixed(out: number[][], names: string[], i: number): void {
  const rec = contexts.last;
  if (!rec || rec.error) throw rec?.error ?? new Error(`the fixed entry was not traced`);
  const { grad, reached } = rt.tape.reverse(rec.out);
  const byName = new Map(rec.params.map((p) => [p.name, p.node]));
  out[i] = names.map((n) => {
    const node = byName.get(n);
    return node !== undefined && reached[node] ? grad[node] : 0;
  });
}
