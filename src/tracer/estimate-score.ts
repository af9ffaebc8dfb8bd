/**
 * The score-function side of the estimator lab in the plain runtime. At every catalogue sampler
 * call whose parameters are traced, the runtime knows the family, the parameter values (tape
 * nodes) and the draw z; this records log p(z; θ) as a side node on the tape with gradient edges
 * ∂log p/∂θ_k into the parameters (so the chain rule carries it back to the trainables, e.g.
 * through sigma = exp(logSigma)). Nothing consumes these nodes, so the loss's reverse pass is
 * unchanged; after the call one Σ log p node sums them and a second reverse pass gives
 * ∇θ Σ log p(z; θ) for the draw.
 */
import { DENSITIES, scoreOf, scoreUnavailable, VECTOR_FAMILIES, vectorScore, type CategoricalEncoding, type CategoricalForm } from '../core/estimators/densities';
import type { EstimateSampler } from '../core/estimators/report';
import type { Family } from '../core/types';
import { drawReader, setDrawHook, type RuntimeSampler } from './plain/samplers';
import { num, opCode, rt, track } from './plain/state';
import { E_GRAD, K_OP } from './plain/tape';

const LOGP = opCode('log p');
/** Samplers whose catalogue family's density is not theirs (the score would be biased). */
const BIASED_SAMPLERS = new Set(['tf.truncatedNormal']);
const SUM = opCode('Σ log p');

/**
 * ∇θ Σ log p of a draw whose parameter is a tensor (tf.multinomial's logits): the gradient with
 * respect to that tensor, which the tfjs lab carries back to the variables by a vector-Jacobian
 * product over the engine's tape (the plain tape has no node for a tensor).
 */
export interface TensorScore {
  param: unknown;
  grad: Float32Array;
}

/** Log-density nodes of the current draw and what was learned about the samplers. */
export class ScoreRecorder {
  private nodes: number[] = [];
  private logpSum = 0;
  /** Scores of the current draw's samplers with a tensor parameter. */
  tensorScores: TensorScore[] = [];
  /** Samplers with traced parameters seen so far, by site. */
  readonly samplers = new Map<number, EstimateSampler>();
  /** True once a severed sampler without a usable score was drawn (the score estimator would be biased). */
  missing = false;

  /** Starts recording (call before the entry runs); {@link stop} ends it. */
  start(): void {
    this.nodes = [];
    this.logpSum = 0;
    this.tensorScores = [];
    setDrawHook((spec, site, z, params, args) => this.onDraw(spec, site, z, params, args));
  }

  stop(): void {
    setDrawHook(null);
  }

  private onDraw(spec: RuntimeSampler | null, site: number, z: number | ArrayLike<number>, params: unknown[], args: unknown[]): void {
    const family = spec?.family ?? 'other';
    const s = rt.sites[site];
    if (!this.samplers.has(site)) {
      const note = scoreUnavailable(family);
      this.samplers.set(site, { label: spec?.name ?? s?.label ?? 'sampler', family, line: s?.line ?? null, ...(note ? { note } : {}) });
    }
    const vector = VECTOR_FAMILIES[family as Family];
    if (vector && spec) return this.onVectorDraw(vector, spec, site, typeof z === 'number' ? [z] : z, params[0], args);
    const p = params.map((x, k) => (x === undefined ? spec?.defaults?.[k] ?? NaN : num(x)));
    // A tensor draw (tfjs) is a product of independent draws: its log-density and score are sums.
    const zs: ArrayLike<number> = typeof z === 'number' ? [z] : z;
    const biased = spec?.name !== undefined && BIASED_SAMPLERS.has(spec.name);
    let g: number[] | null = biased || zs.length === 0 ? null : p.map(() => 0);
    let lp = 0;
    for (let j = 0; g && j < zs.length; j++) {
      const gj = scoreOf(family, zs[j], p, spec?.scale);
      if (!gj) g = null;
      else for (let k = 0; k < gj.length; k++) g[k] += gj[k];
      if (g) lp += DENSITIES[family as Family]!.logp(zs[j], p);
    }
    if (!g) {
      if (biased && !this.samplers.get(site)?.note) this.samplers.get(site)!.note = `${spec!.name} is truncated: the ${family} log-density of the table does not describe it`;
      this.missing = true;
      return;
    }
    const t = rt.tape;
    if (!t.reserve()) return;
    const i = t.push(LOGP, K_OP, site, lp);
    for (let k = 0; k < params.length; k++) {
      const from = track(params[k]);
      if (from >= 0) t.edge(from, g[k], E_GRAD);
    }
    this.nodes.push(i);
    this.logpSum += lp;
  }

  /** A draw from a family whose parameter is one row of K numbers per draw row (categorical). */
  private onVectorDraw(forms: Record<CategoricalEncoding, CategoricalForm>, spec: RuntimeSampler, site: number, z: ArrayLike<number>, theta: unknown, args: unknown[]): void {
    const reader = drawReader();
    const values = reader?.values(theta) ?? null;
    const shape = reader?.shape(theta) ?? null;
    const encoding: CategoricalEncoding = spec.probabilitiesFlagArg !== undefined && args[spec.probabilitiesFlagArg] === true ? 'probabilities' : 'logits';
    const K = shape?.[shape.length - 1] ?? 0;
    const rows = K > 0 && values ? values.length / K : 0;
    const entry = this.samplers.get(site)!;
    // The product of the row densities is the joint density only for independent rows.
    if (rows > 1 && reader?.sharedRowNoise()) {
      entry.note ??= `${spec.name ?? 'the sampler'} draws every row of a batch from the same uniform numbers on the cpu backend, so its rows are not independent and have no joint log-density here`;
      this.missing = true;
      return;
    }
    const r = values && rows > 0 ? vectorScore(forms[encoding], z, values, K, z.length / rows) : null;
    if (!r) {
      entry.note ??= `the draw of ${spec.name ?? 'the sampler'} could not be scored against its ${encoding} (not one index per row in [0, K), or a zero probability)`;
      this.missing = true;
      return;
    }
    this.tensorScores.push({ param: theta, grad: r.grad });
  }

  /** Appends Σ log p over the draw's samplers; returns its node (or -1 when there was none). */
  sumNode(): number {
    const t = rt.tape;
    if (!this.nodes.length || !t.reserve()) return -1;
    const j = t.push(SUM, K_OP, -1, this.logpSum);
    for (const i of this.nodes) t.edge(i, 1, E_GRAD);
    return j;
  }
}
