/**
 * The project index driven the way a language server drives it: in-memory documents, real
 * TypeScript module resolution, edits that do or do not change a module's exported behaviour.
 */
import { describe, expect, it } from 'vitest';
import { memoryHost, ProjectIndex } from '../../../src/core/project/index';

const REPARAM = `import * as tf from '@tensorflow/tfjs';
export function sample(mean: tf.Tensor, std: tf.Tensor): tf.Tensor {
  const eps = tf.randomNormal(mean.shape);
  return mean.add(std.mul(eps));
}
`;
const OPAQUE = `import * as tf from '@tensorflow/tfjs';
export function sample(mean: tf.Tensor, std: tf.Tensor): tf.Tensor {
  return tf.randomNormal(mean.shape, mean.dataSync()[0], std.dataSync()[0]);
}
`;
const TRAIN = `import * as tf from '@tensorflow/tfjs';
import { sample } from './lib/sampler';
const mu = tf.variable(tf.zeros([2]));
const sd = tf.variable(tf.ones([2]));
const opt = tf.train.adam();
opt.minimize(() => sample(mu, sd).square().sum() as tf.Scalar);
`;
const OTHER = `export const unrelated = 1;\n`;

function project() {
  const files = new Map([
    ['/w/lib/sampler.ts', REPARAM],
    ['/w/lib/index.ts', `export * from './sampler';\n`],
    ['/w/train.ts', TRAIN],
    ['/w/via-index.ts', TRAIN.replace('./lib/sampler', './lib')],
    ['/w/other.ts', OTHER],
  ]);
  return { files, index: new ProjectIndex(memoryHost(files, '/w')) };
}

describe('ProjectIndex', () => {
  it('reports a wrapper that severs only once it does, and republishes exactly the importers', () => {
    const { index } = project();
    expect(index.analyze('/w/train.ts').findings).toEqual([]);
    expect(index.analyze('/w/via-index.ts').findings).toEqual([]);
    expect(index.analyze('/w/other.ts').findings).toEqual([]);
    expect(index.exportsOf('/w/lib/sampler.ts')?.exports.sample).toMatchObject({ kind: 'function', pathwise: true, paramsToResult: [0, 1] });

    const changed = index.update('/w/lib/sampler.ts', OPAQUE);
    expect(changed.sort()).toEqual(['/w/lib/index.ts', '/w/lib/sampler.ts', '/w/train.ts', '/w/via-index.ts']);
    for (const f of ['/w/train.ts', '/w/via-index.ts']) {
      const r = index.analyze(f).findings;
      expect(r.map((x) => [x.ruleId, x.line, x.severed])).toEqual([['opaque-sampler', 6, ['mu', 'sd']]]);
      expect(r[0].related.some((x) => x.file === '/w/lib/sampler.ts' && x.range?.line === 3)).toBe(true);
    }
    expect(index.dependents('/w/lib/sampler.ts').sort()).toEqual(['/w/lib/index.ts', '/w/train.ts', '/w/via-index.ts']);
  });

  it('an edit that keeps the exported behaviour re-analyses only the edited file', () => {
    const { index } = project();
    const before = index.analyze('/w/train.ts');
    const changed = index.update('/w/lib/sampler.ts', REPARAM.replace('const eps', '// a comment\n  const eps'));
    expect(changed).toEqual(['/w/lib/sampler.ts']);
    expect(index.analyze('/w/train.ts')).toBe(before); // cached result reused
    expect(index.update('/w/lib/sampler.ts', index.textOf('/w/lib/sampler.ts')!)).toEqual([]);
  });

  it('remove() and a new file change what imports resolve to', () => {
    const { files, index } = project();
    index.update('/w/lib/sampler.ts', OPAQUE);
    expect(index.analyze('/w/train.ts').findings).toHaveLength(1);
    files.delete('/w/lib/sampler.ts');
    expect(index.remove('/w/lib/sampler.ts')).toContain('/w/train.ts');
    expect(index.analyze('/w/train.ts').findings).toEqual([]);
    files.set('/w/lib/sampler.ts', OPAQUE);
    expect(index.update('/w/lib/sampler.ts', OPAQUE)).toContain('/w/train.ts');
    expect(index.analyze('/w/train.ts').findings).toHaveLength(1);
  });

  it('close() goes back to the text the host has', () => {
    const { index } = project();
    index.update('/w/lib/sampler.ts', OPAQUE);
    expect(index.analyze('/w/train.ts').findings).toHaveLength(1);
    expect(index.close('/w/lib/sampler.ts')).toContain('/w/train.ts');
    expect(index.analyze('/w/train.ts').findings).toEqual([]);
  });
});

describe('ProjectIndex and project configs', () => {
  it('refresh() of a tsconfig.json changed on disk (never opened) re-resolves every import', () => {
    const config = (dir: string) => JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@noise/*': [`${dir}/*`] } } });
    const files = new Map([
      ['/w/tsconfig.json', config('clean')],
      ['/w/clean/sampler.ts', REPARAM],
      ['/w/opaque/sampler.ts', OPAQUE],
      ['/w/train.ts', TRAIN.replace('./lib/sampler', '@noise/sampler')],
    ]);
    const index = new ProjectIndex(memoryHost(files, '/w'));
    expect(index.analyze('/w/train.ts').findings).toEqual([]);
    files.set('/w/tsconfig.json', config('opaque'));
    expect(index.refresh('/w/tsconfig.json')).toContain('/w/train.ts');
    expect(index.analyze('/w/train.ts').findings.map((f) => f.related.some((r) => r.file === '/w/opaque/sampler.ts'))).toEqual([true]);
    // A config no directory has read yet (a jsconfig.json created next to it) also starts over.
    files.set('/w/jsconfig.json', config('clean'));
    expect(index.refresh('/w/jsconfig.json')).toContain('/w/train.ts');
  });
});

describe('ProjectIndex on single-file cases', () => {
  it('finds exactly what analyze() finds in every rule-table case (no imports of project modules there)', async () => {
    const { analyze } = await import('../../../src/core/api');
    const tables = await Promise.all(['tfjs', 'plain', 'libraries', 'precision'].map((n) => import(`../rules/${n}.cases.ts`)));
    const cases = tables.flatMap((m) => Object.values(m).flat() as { name: string; file?: string; code: string; options?: object }[]);
    expect(cases.length).toBeGreaterThan(60);
    for (const c of cases) {
      const file = `/cases/${c.file ?? 'case.ts'}`;
      const index = new ProjectIndex(memoryHost(new Map([[file, c.code]]), '/cases'), c.options);
      const strip = (fs: { ruleId: string; line: number; column: number; severed: string[]; message: string }[]) => fs.map(({ ruleId, line, column, severed, message }) => ({ ruleId, line, column, severed, message }));
      expect(strip(index.analyze(file).findings), c.name).toEqual(strip(analyze(file, c.code, c.options).findings));
    }
  });
});
