/**
 * The draw loop of the estimator lab for TensorFlow.js entries. The severed program and its fixed
 * form are two module instances with their own variables: the fixed form's variables are matched
 * to the severed form's by creation order and shape and get the same values, so both compute at
 * the same θ. A tensor variable's gradient is a tensor; the report carries one number per variable,
 * the directional derivative ⟨g, u⟩ along a unit direction u fixed before the counted draws: the
 * mean gradient of a few pilot draws on a separate noise stream (pathwise when there is a fix,
 * else the score function, else as written), so the projection of every estimator stays unbiased.
 */
import type { TfModule, TfTensor } from './tfjs/internals';
import type { ScoreRecorder } from './estimate-score';
import type { DrawSeries } from './estimate-report';
import { DIRECTION_MAX } from '../core/estimators/report';
import { TfjsLab, type TfDraw } from './estimate-tfjs';
import { TfjsRelaxation } from './estimate-tfjs-relax';
import { randomState, seedRandom, setRandomState } from './rng';

/** Pilot draws that fix the projection direction (the first also builds lazily created weights). */
export const PILOT_DRAWS = 8;

/** What the loop needs from estimate.ts. */
export interface TfjsRunInput {
  tf: TfModule;
  severed: () => unknown;
  fixed: (() => unknown) | null;
  /** Variables created while each form was loaded. */
  severedVars: TfTensor[];
  fixedVars: TfTensor[];
  seed: number;
  samples: number;
  score: ScoreRecorder;
  /** Temperature of the relaxed estimator (categorical samplers relaxed in memory); null: none. */
  temperature: number | null;
  /** Called after every draw; resolves when the loop may go on, false to stop. */
  after: (done: number) => Promise<boolean> | boolean;
}

/** Per-variable facts the report shows beside the estimates. */
export interface TfjsVariableInfo {
  shape: number[];
  along: 'pilot-mean' | 'ones';
  /** u itself (small variables only): lets a reader recover components from the projections. */
  direction?: number[];
}

/** Result of the loop: the projected series (as the plain lab stores them) and notes. */
export interface TfjsRunResult {
  series: DrawSeries;
  hasFixed: boolean;
  info: TfjsVariableInfo[];
  notes: string[];
  draws: number;
  /** True when categorical samplers were relaxed (the series has a relaxed column or its reason). */
  relaxed: boolean;
}

function dot(g: Float32Array | null, u: Float64Array): number {
  if (!g) return 0;
  let s = 0;
  for (let j = 0; j < u.length; j++) s += g[j] * u[j];
  return s;
}

/** Gives the fixed form's variables the severed form's values; false when they do not correspond. */
function matchVariables(severed: TfTensor[], fixed: TfTensor[]): boolean {
  if (severed.length !== fixed.length) return false;
  if (severed.some((v, k) => v.shape.join() !== fixed[k].shape.join() || v.dtype !== fixed[k].dtype)) return false;
  severed.forEach((v, k) => (fixed[k] as unknown as { assign(t: TfTensor): void }).assign(v));
  return true;
}

/** Runs the pilot and the counted draws (common random numbers between the two forms). */
export async function runTfjsDraws(inp: TfjsRunInput): Promise<TfjsRunResult> {
  const lab = new TfjsLab(inp.tf);
  lab.install();
  const notes: string[] = [];
  let undoRelax = () => undefined as unknown;
  try {
    // Pilot draw 0 builds weights created lazily by the first call (a layer without inputShape).
    seedRandom((inp.seed ^ 0x5bd1e995) >>> 0);
    let known = new Set(lab.variables());
    const severedVars = [...inp.severedVars];
    const pilot0 = lab.draw(inp.severed, severedVars, null);
    if (pilot0.notTensor) return { series: emptySeries(), hasFixed: false, info: [], notes, draws: -1, relaxed: false };
    const grow = (list: TfTensor[]) => {
      for (const v of lab.variables()) if (!known.has(v)) list.push(v);
      known = new Set(lab.variables());
    };
    grow(severedVars);
    const fixedVars = [...inp.fixedVars];
    let fixed = inp.fixed;
    if (fixed) {
      lab.draw(fixed, fixedVars, null);
      grow(fixedVars);
      if (!matchVariables(severedVars, fixedVars)) {
        notes.push('the fixed program does not create the same variables as the program as written, so the pathwise column is not available');
        fixed = null;
      }
    }
    const trainable = severedVars.map((v, k) => ({ v, k })).filter(({ v }) => v.trainable !== false);
    if (!trainable.length) throw new Error('the program has no trainable tf.Variable: there is no parameter to estimate a gradient for');
    const sv = trainable.map(({ v }) => v);
    const fv = trainable.map(({ k }) => fixedVars[k]);

    // One relaxed pilot draw tells whether the program has a categorical sampler to relax.
    let relax = inp.temperature !== null ? new TfjsRelaxation(inp.tf, inp.temperature) : null;
    if (relax) {
      relax.install();
      relaxedDraw(lab, inp.severed, sv, relax);
      if (!relax.relaxedCalls) relax = (relax.uninstall(), null);
    }
    undoRelax = () => relax?.uninstall();

    // The projection direction: mean gradient of the pilot draws (the best estimator the file has;
    // the relaxed one when a discrete sampler has no score function, so u is not blind to it).
    const u = sv.map((v) => new Float64Array(v.size));
    let source = 'as-written';
    for (let p = 1; p < PILOT_DRAWS; p++) {
      const start = randomState();
      const d = lab.draw(inp.severed, sv, fixed ? null : inp.score);
      let dir: (Float32Array | null)[] = d.grads;
      if (fixed) {
        setRandomState(start);
        dir = lab.draw(fixed, fv, null).grads;
        source = 'pathwise';
      } else if (d.score && !inp.score.missing && inp.score.samplers.size) {
        dir = d.score.map((s, k) => s.map((x, j) => d.loss * x + (d.grads[k]?.[j] ?? 0)));
        source = 'score-function';
      } else if (relax && !relax.reason) {
        setRandomState(start);
        dir = relaxedDraw(lab, inp.severed, sv, relax)?.grads ?? dir;
        source = 'relaxed';
      }
      dir.forEach((g, k) => g?.forEach((x, j) => (u[k][j] += x)));
    }
    const info: TfjsVariableInfo[] = u.map((uk, k) => {
      let n = 0;
      for (const x of uk) n += x * x;
      n = Math.sqrt(n);
      const along = n > 0 && Number.isFinite(n) ? 'pilot-mean' : 'ones';
      for (let j = 0; j < uk.length; j++) uk[j] = along === 'ones' ? 1 / Math.sqrt(uk.length) : uk[j] / n;
      return { shape: [...sv[k].shape], along, ...(uk.length <= DIRECTION_MAX ? { direction: Array.from(uk) } : {}) };
    });

    const s: DrawSeries = emptySeries();
    s.names = sv.map((v, k) => String(v.name ?? `variable${k}`));
    s.values = sv.map((v) => {
      const x = lab.values(v);
      return x.reduce((a, b) => a + b, 0) / Math.max(1, x.length);
    });
    s.reached = sv.map(() => false);
    seedRandom(inp.seed);
    let draws = 0;
    let scoreNote: string | undefined;
    for (let i = 0; i < inp.samples; i++) {
      const start = randomState();
      const d: TfDraw = lab.draw(inp.severed, sv, inp.score);
      const end = randomState();
      if (d.notTensor) throw new Error('the entry returned a tensor in some draws and not in others');
      scoreNote ??= d.scoreNote;
      s.loss.push(d.loss);
      s.asWritten.push(d.grads.map((g, k) => dot(g, u[k])));
      d.grads.forEach((g, k) => g && (s.reached[k] = true));
      s.score.push(sv.map((_, k) => dot(d.score?.[k] ?? null, u[k])));
      if (fixed) {
        setRandomState(start);
        const f = lab.draw(fixed, fv, null);
        s.pathwise.push(f.grads.map((g, k) => dot(g, u[k])));
      }
      // The relaxed draw runs the same entry (same variables) with soft samples; once the relaxation
      // is known not to be well-defined for the program, the remaining draws skip it.
      if (relax && !relax.reason) {
        setRandomState(start);
        const rd = relaxedDraw(lab, inp.severed, sv, relax);
        if (rd) s.relaxed.push(rd.grads.map((g, k) => dot(g, u[k])));
      }
      setRandomState(end);
      draws = i + 1;
      if (!(await inp.after(draws))) break;
    }
    if (scoreNote) notes.push(scoreNote);
    if (lab.cutSampler) notes.push('the tf.multinomial sample reaches the loss as a tensor: tfjs has no gradient for Multinomial (tf.grad throws on this loss), so "as written" treats the sample as a constant');
    if (relax?.reason) s.relaxedNote = `the Gumbel-softmax relaxation is not well-defined for this program: ${relax.reason}`;
    notes.push(
      `tensor variables: each estimate is the directional derivative ⟨∂E[loss]/∂θ, u⟩ along a unit direction u fixed before the draws ` +
        `(the mean ${source} gradient of ${PILOT_DRAWS - 1} pilot draws on another noise stream), so every estimator stays unbiased`,
    );
    return { series: s, hasFixed: fixed !== null, info, notes, draws, relaxed: relax !== null };
  } finally {
    undoRelax();
    lab.uninstall();
  }
}

/** A relaxed draw; a throw (the program on soft samples) becomes the relaxation's reason, not the run's error. */
function relaxedDraw(lab: TfjsLab, call: () => unknown, vars: TfTensor[], relax: TfjsRelaxation): TfDraw | null {
  try {
    return lab.draw(call, vars, null, relax);
  } catch (e) {
    relax.reason ??= `the program threw on the soft sample (${String((e as Error)?.message ?? e)})`;
    return null;
  }
}

function emptySeries(): DrawSeries {
  return { names: [], values: [], loss: [], asWritten: [], score: [], pathwise: [], relaxed: [], reached: [] };
}
