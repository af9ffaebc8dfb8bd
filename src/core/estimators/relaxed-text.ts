/**
 * The relaxed form of a program for the estimator lab: every discrete sampler the fix engine can
 * relax (binary Concrete for Bernoulli draws, Gumbel-softmax for categorical ones) rewritten with
 * that fix at the requested temperature, then the safe reparameterizing fixes on top. The
 * relaxation fixes are never applied by fix-all (they change the estimator); here they are applied
 * in memory only, to measure that change (the relaxation's bias against REINFORCE).
 */
import type { AnalyzeOptions } from '../config';
import { runAnalysis } from '../analysis/analyze';
import { applyTextEdits, computeFixes, syntaxErrorCount } from '../fixes/compute';
import { fixAllText } from '../fixes/fix-all';
import { RELAX_TEMPERATURE } from '../fixes/relax-constants';
import type { Fix } from '../types';

const MAX_ROUNDS = 20;

/** Default temperature of the relaxed estimator (the quick fix's). */
export const DEFAULT_TEMPERATURE = RELAX_TEMPERATURE;

function relaxFix(fixes: Fix[]): Fix | undefined {
  return fixes.find((f) => f.safety === 'changes-estimator' && f.title.startsWith('Relax '));
}

/** `text` with its discrete samplers relaxed at `temperature` (and continuous ones reparameterized); `relaxed` counts the relaxations. */
export function relaxedText(fileName: string, text: string, options: Required<AnalyzeOptions>, temperature = DEFAULT_TEMPERATURE): { text: string; relaxed: number } {
  let current = text;
  let relaxed = 0;
  const baseErrors = syntaxErrorCount(runAnalysis(fileName, text, options).sourceFile);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const a = runAnalysis(fileName, current, options);
    let fix: Fix | undefined;
    for (const f of a.findings) {
      try {
        fix = relaxFix(computeFixes(a.sourceFile, f, options));
      } catch {
        fix = undefined; // a fix engine bug means "no relaxation" for that finding
      }
      if (fix) break;
    }
    if (!fix) break;
    const next = applyTextEdits(current, fix.edits);
    if (syntaxErrorCount(runAnalysis(fileName, next, options).sourceFile) > baseErrors) break;
    current = next;
    relaxed++;
  }
  if (!relaxed) return { text, relaxed: 0 };
  // The fix declares `const temperature = 0.5; // relaxation temperature…`: set the requested one.
  current = current.replace(/(const [A-Za-z_$][\w$]* = )[\d.]+(; \/\/ relaxation temperature)/g, `$1${temperature}$2`);
  return { text: fixAllText(fileName, current, options).text, relaxed };
}
