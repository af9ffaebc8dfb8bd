/**
 * The `group` path of a tfjs graph node. Inside a tfjs-layers layer or model the path is that
 * layer's (`model:sequential_1 / layer:dense_Dense1`, with named tidy scopes where they were
 * opened): the same whatever user function applied the model, so a layer's ops and its weights
 * share one group. Elsewhere the node belongs to the user's module and function
 * (`module:vae.ts / fn:loss`), followed by the named scopes it ran in.
 */
import * as path from 'node:path';
import type { SourceLoc } from '../../core/graph/model';

const LAYERED = /^(model|layer):/;

/** Hierarchy path of a node from its recorded scopes and its source location (outermost first). */
export function hierarchyOf(scopes: readonly string[], loc: SourceLoc | null, mainFile: string | undefined): string[] {
  if (scopes.some((s) => LAYERED.test(s))) return scopes.slice();
  const out: string[] = [];
  const file = loc?.file ?? (loc ? mainFile : undefined);
  if (file) out.push(`module:${path.basename(file)}`);
  if (loc?.fn) out.push(`fn:${loc.fn}`);
  for (const s of scopes) out.push(s);
  return out;
}
