/**
 * Calls into code the instrumenter does not rewrite (imported packages) and calls of known
 * samplers. Library calls get plain-number arguments, so `typeof`-sensitive code keeps working.
 * A sampler runs on plain numbers too; its draw becomes a `sample` node with `severed` edges from
 * the traced parameters that fed it (provenance kept, gradient cut), or a `noise` node when no
 * parameter is traced (external randomness, like ε).
 */
import type { Site } from '../build/sites';
import { nodeN, opCode, rt, track, unwrap } from './state';
import { E_SEVERED, E_GRAD, K_NOISE, K_SAMPLE } from './tape';

/** A sampler the runtime recognises: which arguments are distribution parameters, and how it is called. */
export interface RuntimeSampler {
  family: string;
  params: number[];
  form: 'direct' | 'factory';
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

/** The sampler called at an external call site, if it is one. */
export function samplerAt(site: Site | undefined): RuntimeSampler | null {
  if (!site) return null;
  if (site.userSampler) return { family: 'other', params: site.userSampler.params, form: site.userSampler.form };
  if (!site.ext) return null;
  const lib = LIBRARY_OF_MODULE[site.ext.module];
  if (!lib) return null;
  const path = site.ext.path.replace(/^default\./, '').replace(/^jStat\./, '');
  return RUNTIME_SAMPLERS[`${lib}:${path}`] ?? null;
}

function samplerName(site: Site | undefined): string {
  const path = site?.userSampler?.name ?? site?.ext?.path ?? 'sample';
  return path.replace(/^default\./, '').replace(/^jStat\./, '');
}

/** Records one draw `v` of the sampler at site `s` whose parameter arguments were `params`. */
function draw(s: number, v: unknown, params: unknown[]): unknown {
  if (!rt.active || typeof v !== 'number') return v;
  const site = rt.sites[s];
  const name = samplerName(site);
  const inputs = params.map(track).filter((i) => i >= 0);
  const kind = inputs.length ? K_SAMPLE : K_NOISE;
  return nodeN(opCode(name), kind, s, v, inputs, inputs.length ? E_SEVERED : E_GRAD, site?.label ?? name);
}

function callSampler(s: number, spec: RuntimeSampler, f: Function, thisArg: unknown, args: unknown[]): unknown {
  const params = spec.params.map((k) => args[k]);
  const plain = args.map((a) => unwrap(a));
  // The sampler's own arithmetic must not be recorded: it is opaque by definition.
  const was = rt.active;
  rt.active = false;
  let out: unknown;
  try {
    out = Reflect.apply(f, thisArg, plain);
  } finally {
    rt.active = was;
  }
  if (spec.form === 'direct') return draw(s, out, params);
  if (typeof out !== 'function') return out;
  const gen = out as (...a: unknown[]) => unknown;
  return function drawTraced(this: unknown, ...a: unknown[]) {
    const w = rt.active;
    rt.active = false;
    let v: unknown;
    try {
      v = Reflect.apply(gen, this, a.map((x) => unwrap(x)));
    } finally {
      rt.active = w;
    }
    return draw(s, v, params);
  };
}

/** `f(...args)` where `f` is an imported binding (site `s`). */
export function ext(s: number, f: unknown, thisArg: unknown, args: unknown[]): unknown {
  if (typeof f !== 'function') return (f as (...a: unknown[]) => unknown)(...args);
  const spec = samplerAt(rt.sites[s]);
  if (spec) return callSampler(s, spec, f, thisArg, args);
  return Reflect.apply(f, thisArg, args.map((a) => unwrap(a)));
}

/** `obj.key(...args)` where `obj` is rooted in an imported binding (site `s`). */
export function extm(s: number, obj: unknown, key: string, args: unknown[]): unknown {
  const f = (obj as Record<string, unknown>)[key];
  return ext(s, f, obj, args);
}
