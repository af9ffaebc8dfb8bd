import { describe, expect, it } from 'vitest';
import { LIBRARIES, displayName, findByPath, findCatalogueEntry, libraryOfModule } from '../../../src/core/catalogue/index';

describe('sampler catalogue', () => {
  it.each([
    ['tfjs', 'randomNormal', 'normal', 'direct'],
    ['tfjs', 'truncatedNormal', 'normal', 'direct'],
    ['tfjs', 'randomStandardNormal', 'normal', 'direct'],
    ['tfjs', 'randomUniform', 'uniform', 'direct'],
    ['tfjs', 'randomGamma', 'gamma', 'direct'],
    ['tfjs', 'multinomial', 'categorical', 'direct'],
    ['d3-random', 'randomNormal', 'normal', 'factory'],
    ['d3-random', 'randomPoisson', 'poisson', 'factory'],
    ['stdlib', 'normal', 'normal', 'direct'],
    ['stdlib', 'normal.factory', 'normal', 'factory'],
    ['jstat', 'normal', 'normal', 'direct'],
    ['random', 'normal', 'normal', 'factory'],
    ['gaussian', 'gaussian', 'normal', 'factory'],
    ['random-normal', 'randomNormal', 'normal', 'options-object'],
    ['probability-distributions', 'rnorm', 'normal', 'direct'],
    ['chance', 'normal', 'normal', 'options-object'],
  ] as const)('finds %s %s', (lib, entry, family, form) => {
    const row = findCatalogueEntry(lib, entry);
    expect(row).toBeDefined();
    expect(row!.family).toBe(family);
    expect(row!.form).toBe(form);
  });

  it('knows the gaussian package takes the variance', () => {
    expect(findCatalogueEntry('gaussian', 'gaussian')!.scale).toBe('variance');
  });

  it('finds user samplers from options', () => {
    const row = findCatalogueEntry('user', 'rng.gauss', { samplers: [{ name: 'rng.gauss', family: 'normal', params: [0, 1], form: 'factory' }] });
    expect(row).toMatchObject({ library: 'user', entry: 'rng.gauss', family: 'normal', form: 'factory' });
    expect(row!.params.map((p) => p.arg)).toEqual([0, 1]);
    expect(findCatalogueEntry('user', 'nope', {})).toBeUndefined();
  });

  it('recognises every tfjs package and stdlib spelling', () => {
    for (const m of ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
      expect(libraryOfModule(m)?.lib.library).toBe('tfjs');
    }
    expect(libraryOfModule('@tensorflow/tfjs-layers')).toBeUndefined();
    expect(libraryOfModule('@stdlib/random-base-normal')).toMatchObject({ path: ['normal'] });
    expect(libraryOfModule('@stdlib/random/base/normal')).toMatchObject({ path: ['normal'] });
    expect(libraryOfModule('@stdlib/random-base-pareto-type1')).toMatchObject({ path: ['paretoType1'] });
    expect(libraryOfModule('lodash')).toBeUndefined();
  });

  it('strips root aliases when matching member paths', () => {
    const jstat = LIBRARIES.find((l) => l.library === 'jstat')!;
    expect(findByPath(jstat, ['jStat', 'normal', 'sample'])?.entry).toBe('normal');
    expect(findByPath(jstat, ['default', 'normal', 'sample'])?.entry).toBe('normal');
    expect(findByPath(jstat, ['normal', 'pdf'])).toBeUndefined();
  });

  it('every row has valid parameter indices and a display name', () => {
    for (const lib of LIBRARIES) {
      for (const r of lib.rows) {
        expect(r.library).toBe(lib.library);
        expect(displayName(r).length).toBeGreaterThan(0);
        for (const p of r.params) expect(typeof p.arg === 'number' ? p.arg >= 0 : r.form === 'options-object').toBe(true);
      }
    }
  });
});
