/**
 * Traceable entries and the shared pick: a table over the shipped examples (what a user opens) and
 * small cases for each kind of gradient context, module-level calls, tensor recipes and the hint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEntries, noEntryHint, pickEntry } from '../../../src/core/entries';

const ROOT = path.resolve(__dirname, '../../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8');

describe('pickEntry on the shipped examples', () => {
  // file, picked entry, the entries (name, kind, line, callable) the CodeLens marks
  const table: [string, string, [string, string, number, string | null][]][] = [
    ['vae-tfjs/severed.ts', 'loss', [['loss', 'objective', 43, 'loss'], ['main › optimizer.minimize callback', 'minimize', 58, 'loss']]],
    ['vae-tfjs/fixed.ts', 'loss', [['loss', 'objective', 39, 'loss'], ['main › optimizer.minimize callback', 'minimize', 56, 'loss']]],
    ['vae-tfjs/sampling-layer.ts', 'ZLayer.call', [['ZLayer.call', 'layer-call', 35, 'ZLayer.call'], ['main › optimizer.minimize callback', 'minimize', 69, null]]],
    ['scalar-vi/severed.ts', 'elbo', [['elbo', 'objective', 38, 'elbo']]],
    ['scalar-vi/fixed.ts', 'elbo', [['elbo', 'objective', 33, 'elbo']]],
    ['diffusion-tfjs/train-step.ts', 'denoisingLoss', [['denoisingLoss', 'objective', 34, 'denoisingLoss'], ['main › optimizer.minimize callback', 'minimize', 50, 'denoisingLoss']]],
    ['sac-tfjs/tanh-gaussian-policy.ts', 'actorLoss', [['actorLoss', 'objective', 44, 'actorLoss'], ['main › tf.variableGrads callback', 'variableGrads', 65, 'actorLoss']]],
    ['bayes-by-backprop/severed.ts', 'loss', [['negLogLikelihood', 'objective', 40, 'negLogLikelihood'], ['loss', 'objective', 50, 'loss']]],
    ['bayes-by-backprop/fixed.ts', 'loss', [['negLogLikelihood', 'objective', 36, 'negLogLikelihood'], ['loss', 'objective', 46, 'loss']]],
    ['reinforce-tfjs/policy-gradient.ts', 'policyLoss', [['policyLoss', 'objective', 45, 'policyLoss'], ['main › optimizer.minimize callback', 'minimize', 61, 'policyLoss']]],
    ['categorical-tfjs/severed.ts', 'choiceLoss', [['choiceLoss', 'objective', 30, 'choiceLoss'], ['main › optimizer.minimize callback', 'minimize', 42, 'choiceLoss']]],
    ['categorical-tfjs/gumbel-softmax.ts', 'choiceLoss', [['choiceLoss', 'objective', 31, 'choiceLoss'], ['main › optimizer.minimize callback', 'minimize', 45, 'choiceLoss']]],
  ];
  it.each(table)('%s → %s', (file, picked, entries) => {
    const listed = listEntries(file, read(file));
    expect(listed.entries.map((e) => [e.name, e.kind, e.range.line, e.callable])).toEqual(entries);
    expect(listed.moduleCalls).toEqual([]); // main() runs only when the file is run directly
    const pick = pickEntry(listed);
    // A layer starts with inputs of the shape the module feeds it; functions with their defaults.
    expect(pick).toMatchObject({ kind: 'entry', entry: picked, args: picked.includes('.') ? { inputs: [{ $tensor: { shape: [2, 2] } }, { $tensor: { shape: [2, 2] } }] } : {} });
  });

  it('covers every example file', () => {
    const files = fs.readdirSync(path.join(ROOT, 'examples'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    expect(table.map((t) => t[0]).sort()).toEqual(files.map((f) => f.split(path.sep).join('/')).sort());
  });

  it('keeps the default arguments as written and as JSON for the input box', () => {
    const loss = listEntries('s.ts', read('bayes-by-backprop/severed.ts')).entries.find((e) => e.name === 'loss')!;
    expect(loss.params.map((p) => [p.name, p.defaultText])).toEqual([['muW', '0.5'], ['rhoW', '-2'], ['muB', '0'], ['rhoB', '-2']]);
    expect(loss.suggested).toEqual({ muW: 0.5, rhoW: -2, muB: 0, rhoB: -2 });
    const nll = listEntries('s.ts', read('bayes-by-backprop/severed.ts')).entries.find((e) => e.name === 'negLogLikelihood')!;
    expect(nll.missing).toEqual(['w', 'b']);
    expect(nll.suggested).toEqual({ w: 0.5, b: 0.5 });
  });
});

describe('small cases', () => {
  const cases: { name: string; code: string; pick: unknown; entries?: [string, string | null][] }[] = [
    {
      name: 'a module-level optimizer.minimize(() => loss(…)) runs the module',
      code: `import * as tf from '@tensorflow/tfjs';\nconst w = tf.variable(tf.zeros([2]));\nconst opt = tf.train.sgd(0.1);\nfunction loss(x: tf.Tensor1D) { return tf.sum(w.mul(x)); }\nopt.minimize(() => loss(tf.ones([2])));\n`,
      pick: { kind: 'module', reason: 'the module calls opt.minimize at line 5' },
    },
    {
      name: 'a module-level call of the objective runs the module',
      code: `export function loss(mu: number) { return mu * mu; }\nconsole.log(loss(0.5));\n`,
      pick: { kind: 'module', reason: 'the module calls loss at line 2' },
    },
    {
      name: 'a call behind require.main === module does not run',
      code: `export function loss(mu = 1) { return mu * mu; }\nif (require.main === module) console.log(loss(0.5));\n`,
      pick: { kind: 'entry', entry: 'loss', args: {} },
    },
    {
      name: 'required numbers without defaults: no pick, the candidates are named',
      code: `export function loss(mu: number, s: number) { return mu * s; }\nexport const elbo = (mu: number) => -mu;\n`,
      pick: { kind: 'none', candidates: ['loss', 'elbo'] },
    },
    {
      name: 'a tf.grad callback of a named top-level function is listed once, callable',
      code: `import * as tf from '@tensorflow/tfjs';\nconst f = (x: tf.Tensor) => x.square().sum();\nexport function main() { return tf.grad(f)(tf.ones([2])); }\n`,
      pick: { kind: 'none', candidates: ['f'] },
      entries: [['f', 'f']],
    },
    {
      name: 'a Layer call() is its own entry (Class.call); without an input shape the user gives one',
      code: `import * as tf from '@tensorflow/tfjs';\nclass Noisy extends tf.layers.Layer {\n  call(x: tf.Tensor) { return x; }\n}\n`,
      pick: { kind: 'none', candidates: ['Noisy.call'] },
      entries: [['Noisy.call', 'Noisy.call']],
    },
    {
      name: 'a tensor parameter gets its shape from the module data of the same type',
      code: `import * as tf from '@tensorflow/tfjs';\nconst B = 8; const D = 3;\nconst data = tf.randomNormal([B, 2 * D]) as tf.Tensor2D;\nconst w = tf.variable(tf.zeros([6, 1]));\nexport function loss(x: tf.Tensor2D): tf.Scalar { return tf.sum(x.matMul(w)); }\n`,
      pick: { kind: 'entry', entry: 'loss', args: { x: { $tensor: { shape: [8, 6], like: 'data' } } } },
    },
    {
      name: 'a tensor parameter without any data of its type is missing',
      code: `import * as tf from '@tensorflow/tfjs';\nexport function loss(x: tf.Tensor3D): tf.Scalar { return tf.sum(x); }\n`,
      pick: { kind: 'none', candidates: ['loss'] },
    },
    { name: 'no gradient context at all', code: `export const add = (a: number, b: number) => a + b;\n`, pick: { kind: 'none', candidates: [] } },
    { name: 'a file that does not parse is read as far as it goes', code: `export function loss(mu = 1) { return mu * mu }\nfunction (((`, pick: { kind: 'entry', entry: 'loss' } },
  ];
  it.each(cases)('$name', ({ code, pick, entries }) => {
    const listed = listEntries('case.ts', code);
    expect(pickEntry(listed)).toMatchObject(pick as object);
    if (entries) expect(listed.entries.map((e) => [e.name, e.callable])).toEqual(entries);
  });

  it('says which entries to pass in the exact CLI shape', () => {
    expect(noEntryHint(['loss', 'elbo'])).toBe('no gradient context was called; pass --entry NAME (candidates: loss, elbo)');
    expect(noEntryHint([])).toBe('no gradient context was called; pass --entry NAME (candidates: none)');
  });
});
