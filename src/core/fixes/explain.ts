/**
 * Hover texts of the fix engine: why a family has no automatic rewrite, and a short before→after
 * preview of a fix.
 */
import { structuredPatch } from 'diff';
import type { Finding, Fix } from '../types';
import { applyTextEdits } from './compute';
import { findCatalogueEntry } from '../catalogue/index';
import { NO_REWRITE, rewriteFor } from './table';

const RELAXABLE: Record<string, string> = {
  bernoulli:
    'A Bernoulli draw is 0 or 1: no path from p to the sample exists. Use the score-function estimator (REINFORCE), or the relaxed Bernoulli (binary Concrete) offered as a quick fix, which is biased and temperature-dependent.',
  categorical:
    'A categorical draw is an index: no path from the logits to the sample exists. Use the score-function estimator (REINFORCE), or the Gumbel-softmax relaxation (biased, temperature-dependent; straight-through keeps hard one-hot values forward).',
};

/**
 * Why a finding has no reparameterized rewrite (Gamma/Beta/Dirichlet: implicit reparameterization;
 * discrete families: score-function or relaxations; REINFORCE: intentional), or null when the
 * finding's family has a rewrite.
 */
export function explainNoFix(finding: Finding): string | null {
  if (finding.ruleId === 'score-function') {
    return 'The sample is only the target of a log-likelihood: this is the score-function (REINFORCE) estimator, which needs no path through the sample. No fix.';
  }
  const family = finding.family;
  const entry = finding.site ? findCatalogueEntry(finding.site.library, finding.site.entry) : undefined;
  if (entry?.discrete && family && !RELAXABLE[family] && !NO_REWRITE[family]) {
    return 'This sampler draws integers: no path from its parameters to the sample exists. Use the score-function estimator (REINFORCE), or a continuous sampler if the integers are not essential.';
  }
  if (family && rewriteFor(family)) return null;
  if (family && NO_REWRITE[family]) return NO_REWRITE[family]!;
  if (family && RELAXABLE[family]) return RELAXABLE[family];
  if (finding.ruleId === 'discrete-step') return RELAXABLE.bernoulli.replace('A Bernoulli draw is 0 or 1', 'A threshold or rounding step is piecewise constant');
  if (finding.ruleId === 'host-round-trip') return null;
  return family ? `No reparameterized form is known for the ${family} family; consider the score-function estimator.` : null;
}

/** A short unified before→after snippet of a fix (changed lines only, `-`/`+` prefixed), for the hover. */
export function previewFix(fix: Fix, text: string, maxLines = 12): string {
  const after = applyTextEdits(text, fix.edits);
  const patch = structuredPatch('before', 'after', text, after, '', '', { context: 0 });
  const lines = patch.hunks.flatMap((h, i) => [...(i > 0 ? ['…'] : []), ...h.lines.filter((l) => !l.startsWith('\\'))]);
  return (lines.length > maxLines ? [...lines.slice(0, maxLines), '…'] : lines).join('\n');
}
