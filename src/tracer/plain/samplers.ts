/**
 * Calls into code the instrumenter does not rewrite (imported packages) and calls of known
 * samplers. Library calls get plain-number arguments, so `typeof`-sensitive code keeps working.
 * A sampler runs on plain numbers too; its draw becomes a `sample` node with `severed` edges from
 * the traced parameters that fed it (provenance kept, gradient cut), or a `noise` node when no
 * parameter is traced (external randomness, like ε).
 */
import type { Site } from '../build/sites';
import { displayName, findByPath, libraryOfModule } from '../../core/catalogue/index';
import { isActive, nodeN, opCode, rt, setActive, track, unwrap, Val } from './state';
import { E_SEVERED, E_GRAD, K_NOISE, K_SAMPLE } from './tape';

/** A sampler the runtime recognises: which arguments are distribution parameters, and how it is called. */
export interface RuntimeSampler {
  family: string;
  /** Argument indices, or property names of the first argument (`options-object`). */
  params: (number | string)[];
  form: 'direct' | 'factory' | 'options-object';
  /** Methods that draw from a factory's generator object (absent: the generator is a function). */
  draw?: string[];
  /** Display name (`d3.randomNormal`). */
  name?: string;
  /** Parameter defaults (absent argument) and the scale convention, from the catalogue row. */
  defaults?: (number | undefined)[];
  scale?: 'std' | 'variance' | 'precision' | 'rate';
  /** Catalogue row's number-of-draws argument and probabilities flag (tf.multinomial). */
  countArg?: number;
  probabilitiesFlagArg?: number;
}

/**
 * Called for every draw whose parameters are traced (the estimator lab records log p(z; θ) here);
 * `params` are the parameter arguments as the sampler received them (traced values), `node` the draw.
 */
export type DrawHook = (spec: RuntimeSampler | null, site: number, z: number | ArrayLike<number>, params: unknown[], args: unknown[]) => void;

/**
 * The values of a draw that is not a number (a tfjs tensor from `tf.randomNormal(shape, m, s)`),
 * or null when it is not one the estimator lab can read. Set while the lab runs tfjs draws.
 */
let drawValues: TensorDraws | null = null;

/** How the estimator lab reads tensor draws and recognises tensor parameters that depend on trainables. */
export interface TensorDraws {
  values(v: unknown): ArrayLike<number> | null;
  /** True for a parameter that is a tensor computed from trainable variables (`tf.multinomial(logits)`). */
  traced(p: unknown): boolean;
  /** The shape of a tensor parameter (null when `p` is not a readable tensor). */
  shape(p: unknown): number[] | null;
  /**
   * True when a batched categorical draw takes every row from the same uniform numbers
   * (tfjs-backend-cpu's Multinomial reseeds its generator per row), so its rows are not independent.
   */
  sharedRowNoise(): boolean;
}

/** The reader installed by {@link setDrawValues} (the score recorder reads tensor parameters with it). */
export function drawReader(): TensorDraws | null {
  return drawValues;
}

/**
 * Stands in for a sampler call (the estimator lab's relaxed draws replace `tf.multinomial` by a
 * Gumbel-softmax sample): returns `{ value }` to use instead of calling the sampler, or null.
 * `args` are the call's arguments as plain values.
 */
export type SamplerOverride = (spec: RuntimeSampler, site: number, args: unknown[]) => { value: unknown } | null;

let samplerOverride: SamplerOverride | null = null;

/** Installs (or with null removes) the {@link SamplerOverride}. */
export function setSamplerOverride(f: SamplerOverride | null): void {
  samplerOverride = f;
}

/** Installs (or with null removes) the reader of non-number draws ({@link DrawHook} gets their values). */
export function setDrawValues(f: TensorDraws | null): void {
  drawValues = f;
}

let drawHook: DrawHook | null = null;

/** Installs (or with null removes) the {@link DrawHook}. */
export function setDrawHook(h: DrawHook | null): void {
  drawHook = h;
}

/**
 * Rewrites the arguments of a package call before they are unwrapped (the relaxed draws turn an
 * array of sample indices passed to `tf.gather` into a tensor they can follow); `name` is the
 * function or method name, `obj` the receiver. Returns the arguments to use, or null for unchanged.
 */
export type CallArgsHook = (name: string, obj: unknown, args: unknown[]) => unknown[] | null;

let callArgsHook: CallArgsHook | null = null;

/** Installs (or with null removes) the {@link CallArgsHook}. */
export function setCallArgsHook(h: CallArgsHook | null): void {
  callArgsHook = h;
}

/** Module specifiers → catalogue library keys. */
const LIBRARY_OF_MODULE: Record<string, string> = { 'd3-random': 'd3-random', d3: 'd3-random', jstat: 'jstat' };

function row(family: string, params: number[], form: 'direct' | 'factory'): RuntimeSampler {
  return { family, params, form };
}

/** Samplers of the supported packages, keyed `library:path` (path without `default.`/`jStat.`). */
export const RUNTIME_SAMPLERS: Record<string, RuntimeSampler> = {
  'd3-random:randomNormal': row('normal', [0, 1], 'factory'),
  'd3-random:randomLogNormal': row('lognormal', [0, 1], 'factory'),
  'd3-random:randomUniform': row('uniform', [0, 1], 'factory'),
  'd3-random:randomExponential': row('exponential', [0], 'factory'),
  'd3-random:randomLogistic': row('logistic', [0, 1], 'factory'),
  'd3-random:randomCauchy': row('cauchy', [0, 1], 'factory'),
  'd3-random:randomWeibull': row('weibull', [0, 1, 2], 'factory'),
  'd3-random:randomPareto': row('pareto', [0], 'factory'),
  'd3-random:randomGamma': row('gamma', [0, 1], 'factory'),
  'd3-random:randomBeta': row('beta', [0, 1], 'factory'),
  'd3-random:randomBernoulli': row('bernoulli', [0], 'factory'),
  'd3-random:randomBinomial': row('binomial', [0, 1], 'factory'),
  'd3-random:randomGeometric': row('geometric', [0], 'factory'),
  'd3-random:randomPoisson': row('poisson', [0], 'factory'),
  'd3-random:randomInt': row('uniform', [0, 1], 'factory'),
  'd3-random:randomIrwinHall': row('other', [0], 'factory'),
  'd3-random:randomBates': row('other', [0], 'factory'),
  'jstat:normal.sample': row('normal', [0, 1], 'direct'),
  'jstat:lognormal.sample': row('lognormal', [0, 1], 'direct'),
  'jstat:uniform.sample': row('uniform', [0, 1], 'direct'),
  'jstat:exponential.sample': row('exponential', [0], 'direct'),
  'jstat:laplace.sample': row('laplace', [0, 1], 'direct'),
  'jstat:cauchy.sample': row('cauchy', [0, 1], 'direct'),
  'jstat:weibull.sample': row('weibull', [0, 1], 'direct'),
  'jstat:gamma.sample': row('gamma', [0, 1], 'direct'),
  'jstat:beta.sample': row('beta', [0, 1], 'direct'),
  'jstat:studentt.sample': row('studentt', [0], 'direct'),
  'jstat:chisquare.sample': row('chisquare', [0], 'direct'),
  'jstat:poisson.sample': row('poisson', [0], 'direct'),
};

/** The row of the shared sampler catalogue (the analyzer's) for a package call, if it names a sampler. */
function fromCatalogue(ext: { module: string; path: string }): RuntimeSampler | null {
  const lib = libraryOfModule(ext.module);
  if (!lib) return null;
  const row = findByPath(lib.lib, [...lib.path, ...(ext.path ? ext.path.split('.') : [])].filter((p) => p !== 'default'));
  if (!row) return null;
  return {
    family: row.family,
    params: row.params.map((p) => p.arg),
    form: row.form,
    draw: row.draw,
    name: displayName(row),
    defaults: row.params.map((p) => p.default),
    scale: row.scale,
    countArg: row.countArg,
    probabilitiesFlagArg: row.probabilitiesFlagArg,
  };
}

const bySite = new Map<Site, RuntimeSampler | null>();

/** The sampler called at an external call site, if it is one (catalogue first, then the runtime's own table). */
export function samplerAt(site: Site | undefined): RuntimeSampler | null {
  if (!site) return null;
  if (site.userSampler) return { family: site.userSampler.family ?? 'other', params: site.userSampler.params, form: site.userSampler.form, name: site.userSampler.name };
  if (!site.ext) return null;
  let found = bySite.get(site);
  if (found === undefined) {
    const lib = LIBRARY_OF_MODULE[site.ext.module];
    const path = site.ext.path.replace(/^default\./, '').replace(/^jStat\./, '');
    found = fromCatalogue(site.ext) ?? (lib ? RUNTIME_SAMPLERS[`${lib}:${path}`] ?? null : null);
    bySite.set(site, found);
  }
  return found;
}

function samplerName(site: Site | undefined): string {
  const spec = samplerAt(site);
  if (spec?.name) return spec.name;
  const path = site?.userSampler?.name ?? site?.ext?.path ?? 'sample';
  return path.replace(/^default\./, '').replace(/^jStat\./, '');
}

/** Records one draw `v` of the sampler at site `s` whose parameter arguments were `params`. */
function draw(s: number, v: unknown, params: unknown[], args: unknown[]): unknown {
  if (!isActive()) return v;
  if (typeof v !== 'number') {
    // A tensor draw keeps its value; the estimator lab records its log-density when its parameters are traced.
    if (drawHook !== null && drawValues !== null && params.some((p) => track(p) >= 0 || drawValues!.traced(p))) {
      const zs = drawValues.values(v);
      if (zs) drawHook(samplerAt(rt.sites[s]), s, zs, params, args);
    }
    return v;
  }
  const site = rt.sites[s];
  const name = samplerName(site);
  const inputs = params.map(track).filter((i) => i >= 0);
  const kind = inputs.length ? K_SAMPLE : K_NOISE;
  if (drawHook !== null && inputs.length) drawHook(samplerAt(site), s, v, params, args);
  return nodeN(opCode(name), kind, s, v, inputs, inputs.length ? E_SEVERED : E_GRAD, site?.label ?? name);
}

/** Runs `f` with recording off: a sampler's own arithmetic is opaque by definition. */
function untraced<T>(f: () => T): T {
  const was = isActive();
  setActive(false);
  try {
    return f();
  } finally {
    setActive(was);
  }
}

function callSampler(s: number, spec: RuntimeSampler, f: Function, thisArg: unknown, args: unknown[]): unknown {
  const params = spec.params.map((k) =>
    typeof k === 'number' ? args[k] : (args[0] as Record<string, unknown> | undefined)?.[k],
  );
  const plain = args.map((a) => unwrap(a));
  if (samplerOverride !== null && spec.form === 'direct') {
    const sub = samplerOverride(spec, s, plain);
    if (sub) return sub.value;
  }
  const out = untraced(() => Reflect.apply(f, thisArg, plain));
  if (spec.form !== 'factory') return draw(s, out, params, plain);
  if (typeof out === 'function') {
    const gen = out as (...a: unknown[]) => unknown;
    return function drawTraced(this: unknown, ...a: unknown[]) {
      return draw(s, untraced(() => Reflect.apply(gen, this, a.map((x) => unwrap(x)))), params, plain);
    };
  }
  if (spec.draw && out && typeof out === 'object') {
    // A generator object (jStat.normal(m, s).sample()): its drawing methods record the draw.
    const gen = out as Record<string, (...a: unknown[]) => unknown>;
    const wrapped = Object.create(gen) as Record<string, unknown>;
    for (const m of spec.draw) {
      if (typeof gen[m] !== 'function') continue;
      wrapped[m] = (...a: unknown[]) => draw(s, untraced(() => gen[m].apply(gen, a.map((x) => unwrap(x)))), params, plain);
    }
    return wrapped;
  }
  return out;
}

/** `f(...args)` where `f` is an imported binding (site `s`). */
export function ext(s: number, f: unknown, thisArg: unknown, args: unknown[]): unknown {
  if (typeof f !== 'function') return (f as (...a: unknown[]) => unknown)(...args);
  const spec = samplerAt(rt.sites[s]);
  if (spec) return callSampler(s, spec, f, thisArg, args);
  if (callArgsHook !== null) args = callArgsHook(rt.sites[s]?.ext?.path.split('.').pop() ?? f.name, thisArg, args) ?? args;
  return Reflect.apply(f, thisArg, args.map((a) => unwrap(a)));
}

/** `obj.key(...args)` where `obj` is rooted in an imported binding (site `s`). */
export function extm(s: number, obj: unknown, key: string, args: unknown[]): unknown {
  const f = (obj as Record<string, unknown>)[key];
  return ext(s, f, obj, args);
}

/** Per function: does it take traced values as they are (instrumented user code, or a built-in)? */
const takesTraced = new WeakMap<Function, boolean>();

function acceptsTraced(f: Function): boolean {
  let r = takesTraced.get(f);
  if (r === undefined) {
    const src = Function.prototype.toString.call(f);
    r = src.includes('__pw.') || src.endsWith('{ [native code] }');
    takesTraced.set(f, r);
  }
  return r;
}

/**
 * `obj.key(...args)` in a file that uses packages: when an argument is a traced number and the
 * method is package code (a tensor's `mul`, say), it receives the plain number instead.
 */
export function callm(obj: unknown, key: string, args: unknown[]): unknown {
  const f = (obj as Record<string, unknown>)[key];
  if (typeof f !== 'function') return (obj as Record<string, (...a: unknown[]) => unknown>)[key](...args);
  if (callArgsHook !== null) args = callArgsHook(key, obj, args) ?? args;
  for (let k = 0; k < args.length; k++) {
    if (args[k] instanceof Val) return Reflect.apply(f, obj, acceptsTraced(f) ? args : args.map((a) => unwrap(a)));
  }
  return Reflect.apply(f, obj, args);
}
