// Detection robustness figures (issue 14): analysis of one `a + a + …` expression inside a loss at
// 10k, 40k and 100k terms next to parsing the same text (linear means the ratio stays flat), a file
// nested deeper than the parser can take (must come back as "not analysed", not overflow or clean),
// and the cost per function name of hostile objective patterns (linear-time engine) next to the
// default pattern.
import { loadCore } from './analyzer.mjs';

function ms(f) {
  const t0 = process.hrtime.bigint();
  const r = f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, r };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const round = (x) => Math.round(x * 100) / 100;

export function benchDetection() {
  const { analyze, ts } = loadCore();
  const out = {};
  // Linearity: one long chain inside a loss.
  for (const n of [10_000, 40_000, 100_000]) {
    const text = `export function loss(a: number): number {\n  return ${Array(n).fill('a').join(' + ')};\n}\n`;
    const parse = median([0, 1, 2].map(() => ms(() => ts.createSourceFile('chain.ts', text, ts.ScriptTarget.Latest)).ms));
    const run = median([0, 1, 2].map(() => ms(() => analyze('chain.ts', text, {})).ms));
    const k = `${n / 1000}k`;
    out[`detection.chain${k}.analyzeMs`] = round(run);
    out[`detection.chain${k}.ratioToParse`] = round(run / parse);
  }
  // A sum of squared differences (the score-function rule looks at every `(x - mu) ** 2`): 10k vs 30k terms.
  for (const n of [10_000, 30_000]) {
    const text = `export function loss(a: number, mu: number): number {\n  return ${Array(n).fill('(a - mu) ** 2').join(' + ')};\n}\n`;
    out[`detection.squares${n / 1000}k.analyzeMs`] = round(median([0, 1, 2].map(() => ms(() => analyze('squares.ts', text, {})).ms)));
  }
  out['detection.chain100kPer10kRatio'] = round(out['detection.chain100k.analyzeMs'] / out['detection.chain10k.analyzeMs']);
  // Deep nesting: parentheses 5,000 deep after a real finding.
  const deep = `import * as tf from '@tensorflow/tfjs';\nconst mu = tf.variable(tf.scalar(0));\nexport const g = tf.variableGrads(() => tf.randomNormal([1], mu.dataSync()[0], 1).sum());\nexport const d = ${'('.repeat(5000)}1${')'.repeat(5000)};\n`;
  const d = ms(() => analyze('deep.ts', deep, {}));
  out['detection.deep5000.ms'] = round(d.ms);
  out['detection.deep5000.notAnalysed'] = d.r.skipped ?? d.r.incomplete ?? 'NONE (silently analysed)';
  // Hostile objective patterns: time per function name, 200 names of 40 characters each.
  const names = Array.from({ length: 200 }, (_, i) => `${'a'.repeat(39)}${i % 2 ? 'b' : '!'}`);
  const file = names.map((nm) => `export function ${nm.replace('!', 'c')}(x: number) { return x; }`).join('\n') + '\n';
  for (const [label, pattern] of [
    ['default', undefined],
    ['nestedPlus', '^(a+)+$'],
    ['alternation', '^(a|a)*$'],
    ['nestedStar', '^(a*)*b?c$'],
  ]) {
    const t = median([0, 1, 2].map(() => ms(() => analyze('names.ts', file, pattern ? { objectivePattern: pattern } : {})).ms));
    out[`detection.pattern.${label}.msPerName`] = round(t / names.length);
  }
  return out;
}
