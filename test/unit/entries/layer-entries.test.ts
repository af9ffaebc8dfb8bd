/**
 * A tfjs Layer's call() as an entry (`Class.call`): the constructor arguments (`$new`) and input
 * shapes read from the module — the apply() site, the layer's config, call()'s declared type — or
 * what is missing and the input box's suggestion when the module shows nothing. Real TypeScript parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEntries, pickEntry } from '../../../src/core/entries';

const ROOT = path.resolve(__dirname, '../../..');
const fixture = (f: string) => fs.readFileSync(path.join(ROOT, 'test/fixtures/trace/layers', f), 'utf8');
const t = (...shape: number[]) => ({ $tensor: { shape } });
const HEAD = "import * as tf from '@tensorflow/tfjs';\n";
const layer = (ctor: string, call: string) => `${HEAD}class L extends tf.layers.Layer {\n${ctor}\n  call(${call}) { return inputs; }\n}\n`;

describe('Layer call() entries', () => {
  // name, file name, source, expected { args, missing, suggested } of the `L.call`-style entry
  const cases: [string, string, string, { entry: string; args: object; missing: string[]; suggested?: object }][] = [
    ['fashion-mnist-vae ZLayer: two inputs from the Dense heads at its apply() site, constant config', 'z-layer.ts', fixture('z-layer.ts'),
      { entry: 'ZLayer.call', args: { $new: [{ name: 'z' }], inputs: [t(2, 3), t(2, 3)] }, missing: [] }],
    ['JS layer: config from `new Scale({ units: UNITS })`, input from the module data it is applied to', 'scale-layer.js', fixture('scale-layer.js'),
      { entry: 'Scale.call', args: { $new: [{ units: 2 }], inputs: t(4, 3) }, missing: [] }],
    ['no-arg constructor with batchInputShape in super(); kwargs is never required', 'gated-layer.ts', fixture('gated-layer.ts'),
      { entry: 'Gated.call', args: { inputs: t(2, 5) }, missing: [] }],
    ['nothing to go by: config and inputs are asked for, with a suggestion', 'needs-config.ts', fixture('needs-config.ts'),
      { entry: 'Widen.call', args: {}, missing: ['$new', 'inputs'], suggested: { $new: [{ factor: 1 }], inputs: t(2, 4) } }],
    ['a config only handed to super() is passed as {}', 'a.ts', layer('  constructor(config: object) { super(config); }', 'inputs: tf.Tensor'),
      { entry: 'L.call', args: { $new: [{}] }, missing: ['inputs'], suggested: { $new: [{}], inputs: t(2, 4) } }],
    ['inputShape in the config of a `new` prepends the batch', 'b.ts', `${layer('', 'inputs: tf.Tensor')}new L({ inputShape: [7] });\n`,
      { entry: 'L.call', args: { $new: [{ inputShape: [7] }], inputs: t(2, 7) }, missing: [] }],
    ['the layer held in a variable and applied to a chain of Dense layers on tf.input', 'c.ts',
      `${layer('', 'inputs: tf.Tensor')}const D = 3;\nfunction model() {\n  const x = tf.input({ shape: [D] });\n  const h = tf.layers.dense({ units: 2 * D }).apply(x);\n  const l = new L();\n  return l.apply(tf.layers.dropout({ rate: 0.1 }).apply(h));\n}\n`,
      { entry: 'L.call', args: { inputs: t(2, 6) }, missing: [] }],
    ['call()\'s declared tensor type matched with module data', 'd.ts', `${layer('', 'inputs: tf.Tensor3D')}const batch = tf.zeros([2, 5, 8]) as tf.Tensor3D;\n`,
      { entry: 'L.call', args: { inputs: { $tensor: { shape: [2, 5, 8], like: 'batch' } } }, missing: [] }],
    ['a list of inputs destructured in call() but no shape: one suggestion per input', 'e.ts',
      `${HEAD}class L extends tf.layers.Layer {\n  call(inputs: tf.Tensor[]) { const [a, b, c] = inputs; return a.add(b).add(c); }\n}\n`,
      { entry: 'L.call', args: {}, missing: ['inputs'], suggested: { inputs: [t(2, 4), t(2, 4), t(2, 4)] } }],
    ['computeOutputShape returning inputShape[0] takes a list: config inputShape for each of 2 inputs', 'h.ts',
      `${HEAD}class L extends tf.layers.Layer {\n  constructor() { super({ inputShape: [3] }); }\n  computeOutputShape(s: tf.Shape[]) { tf.util.assert(s[1].length === 2, () => 'two inputs'); return s[0]; }\n  call(inputs: tf.Tensor | tf.Tensor[]) { return inputs; }\n}\n`,
      { entry: 'L.call', args: { inputs: [t(2, 3), t(2, 3)] }, missing: [] }],
    ['computeOutputShape reading inputShape[0] as the batch: one input', 'i.ts',
      `${HEAD}class L extends tf.layers.Layer {\n  constructor() { super({ inputShape: [3] }); }\n  computeOutputShape(s: tf.Shape) { return [s[0], 4]; }\n  call(inputs: tf.Tensor) { return inputs; }\n}\n`,
      { entry: 'L.call', args: { inputs: t(2, 3) }, missing: [] }],
    ['config properties that are not constants fall back to what the constructor needs', 'f.ts',
      `${layer('  constructor(c: { units: number }) { super({}); this.units = c.units; }\n  units: number;', 'inputs: tf.Tensor')}function f(n: number) { return new L({ units: n }).apply(tf.ones([3, 2])); }\n`,
      { entry: 'L.call', args: { inputs: t(3, 2) }, missing: ['$new'], suggested: { $new: [{ units: 1 }], inputs: t(3, 2) } }],
  ];
  it.each(cases)('%s', (_name, file, code, want) => {
    const e = listEntries(file, code).entries.find((x) => x.kind === 'layer-call')!;
    expect(e.name).toBe(want.entry);
    expect(e.callable).toBe(want.entry);
    expect(e.args).toEqual(want.args);
    expect(e.missing).toEqual(want.missing);
    if (want.suggested) expect(e.suggested).toEqual(want.suggested);
  });

  it('a Layer class declared inside a function cannot be constructed from outside: no callable', () => {
    const code = `${HEAD}export function make() {\n  class Inner extends tf.layers.Layer { call(x: tf.Tensor) { return x; } }\n  return new Inner();\n}\n`;
    expect(listEntries('g.ts', code).entries.map((e) => [e.name, e.callable])).toEqual([['Inner.call', null]]);
  });

  it('the pick prefers a function that uses the layer, and takes the layer when it is all there is', () => {
    const withLoss = `${fixture('z-layer.ts')}\nexport function loss(x = tf.ones([2, 6])): tf.Scalar { return tf.sum(encoder().predict(x) as tf.Tensor); }\n`;
    expect(pickEntry(listEntries('z.ts', withLoss))).toMatchObject({ kind: 'entry', entry: 'loss' });
    expect(pickEntry(listEntries('z.ts', fixture('z-layer.ts')))).toMatchObject({ kind: 'entry', entry: 'ZLayer.call', args: { inputs: [t(2, 3), t(2, 3)] } });
    expect(pickEntry(listEntries('w.ts', fixture('needs-config.ts')))).toEqual({ kind: 'none', candidates: ['Widen.call'] });
  });
});
