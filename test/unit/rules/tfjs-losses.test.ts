/**
 * The `tf.losses` table (`src/core/catalogue/tfjs-losses.ts`) against TF.js itself: its rows are
 * exactly the real `tf.losses` comparisons, and each row's target index is the parameter TF.js's
 * own declarations name as the labels (read from `@tensorflow/tfjs-core`'s `.d.ts` files with the
 * TypeScript parser).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { NOT_COMPARISONS, TFJS_LOSSES } from '../../../src/core/catalogue/tfjs-losses';

const LOSSES_DIR = path.join(path.dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist/ops/losses');

/** Parameter names of `<name>_` as declared in tfjs-core's losses folder. */
function declaredParams(name: string): string[] {
  for (const f of fs.readdirSync(LOSSES_DIR).filter((x) => x.endsWith('.d.ts') && !x.endsWith('_test.d.ts'))) {
    const sf = ts.createSourceFile(f, fs.readFileSync(path.join(LOSSES_DIR, f), 'utf8'), ts.ScriptTarget.Latest);
    for (const st of sf.statements) {
      if (ts.isFunctionDeclaration(st) && st.name?.text === `${name}_`) return st.parameters.map((p) => p.name.getText(sf));
    }
  }
  return [];
}

describe('the tf.losses table agrees with TF.js', () => {
  it('lists every real tf.losses function, as a comparison or not', () => {
    const real = Object.keys(tf.losses).sort();
    expect([...TFJS_LOSSES.map((l) => l.name), ...NOT_COMPARISONS].sort()).toEqual(real);
  });

  it.each(TFJS_LOSSES.map((l) => [l.name, l.target] as const))('tf.losses.%s takes its labels at argument %i', (name, target) => {
    const params = declaredParams(name);
    expect(params.length).toBeGreaterThan(target);
    expect(params[target]).toMatch(/labels$/i);
    // The prediction follows the target: it is not a labels parameter.
    expect(params[target + 1]).not.toMatch(/labels$/i);
  });
});
