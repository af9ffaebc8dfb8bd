/**
 * Which function the panel's Estimators tab estimates when the page names none. Read from the
 * AST (nothing runs): the first top-level function whose name is an objective
 * (`pathwise.objectivePattern`), else the first top-level function. The CLI requires `--entry`
 * until `pathwise trace` has its own picker (see `pickEstimateEntry` in src/cli/estimate.ts).
 */
import { DEFAULT_OBJECTIVE_PATTERN } from '../core/config';
import { topLevelFunctions } from './build/top-level';

/** The default entry of `text`, or null when it has no top-level function. */
export function defaultEstimateEntry(text: string, fileName: string, objectivePattern: string | undefined): string | null {
  const fns = topLevelFunctions(text, fileName);
  const re = new RegExp(objectivePattern || DEFAULT_OBJECTIVE_PATTERN);
  return (fns.find((f) => re.test(f.name)) ?? fns[0])?.name ?? null;
}
