/**
 * TensorFlow.js samplers. tfjs random ops take plain numbers for their distribution parameters, so
 * any trainable value that reaches them has already left the graph (or is coerced), and the sample
 * is a fresh leaf tensor with no edge back to the parameters.
 */
import type { LibraryCatalogue, SamplerEntry } from './types';

const TFJS_MODULE = /^@tensorflow\/tfjs(-core|-node|-node-gpu)?(\/dist\/.*)?$/;

const rows: SamplerEntry[] = [
  {
    library: 'tfjs',
    entry: 'randomNormal',
    family: 'normal',
    form: 'direct',
    params: [
      { name: 'mean', arg: 1, default: 0 },
      { name: 'stdDev', arg: 2, default: 1 },
    ],
    shapeArg: 0,
  },
  {
    library: 'tfjs',
    entry: 'truncatedNormal',
    family: 'normal',
    form: 'direct',
    params: [
      { name: 'mean', arg: 1, default: 0 },
      { name: 'stdDev', arg: 2, default: 1 },
    ],
    shapeArg: 0,
  },
  { library: 'tfjs', entry: 'randomStandardNormal', family: 'normal', form: 'direct', params: [], shapeArg: 0 },
  {
    library: 'tfjs',
    entry: 'randomUniform',
    family: 'uniform',
    form: 'direct',
    params: [
      { name: 'minval', arg: 1, default: 0 },
      { name: 'maxval', arg: 2, default: 1 },
    ],
    shapeArg: 0,
  },
  {
    library: 'tfjs',
    entry: 'randomGamma',
    family: 'gamma',
    form: 'direct',
    params: [
      { name: 'alpha', arg: 1 },
      { name: 'beta', arg: 2, default: 1 },
    ],
    shapeArg: 0,
  },
  {
    library: 'tfjs',
    entry: 'multinomial',
    family: 'categorical',
    form: 'direct',
    params: [{ name: 'logits', arg: 0 }],
    discrete: true,
    countArg: 1,
    probabilitiesFlagArg: 3,
  },
];

/** `@tensorflow/tfjs`, `-core`, `-node`, `-node-gpu` in any import form. */
export const TFJS: LibraryCatalogue = {
  library: 'tfjs',
  module: (s) => (TFJS_MODULE.test(s) ? [] : undefined),
  rootAliases: ['default'],
  globals: ['tf'],
  displayPrefix: 'tf.',
  rows,
};

/** True when a module specifier is one of the tfjs packages. */
export function isTfjsModule(specifier: string): boolean {
  return TFJS_MODULE.test(specifier);
}
