/**
 * The reparameterization fix engine: plain-data quick fixes for Pathwise findings.
 *
 * - {@link computeFixes}: the fixes of one finding, preferred first.
 * - {@link fixAll} / {@link fixAllText}: every safe preferred fix of a file, iterated to a fixpoint.
 * - {@link explainNoFix}: why a finding has no rewrite (hover text).
 * - {@link previewFix}: a before→after snippet of a fix (hover preview).
 */
export { computeFixes, parsesCleanly } from './compute';
export { fixAll, fixAllText, minimalEdit, type FixAllResult } from './fix-all';
export { explainNoFix, previewFix } from './explain';
export { REWRITES, NO_REWRITE, rewriteFor, type RewriteRow } from './table';
export { RELAX_TEMPERATURE } from './relax';
