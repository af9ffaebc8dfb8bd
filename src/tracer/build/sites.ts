/**
 * Static facts the instrumenter records for every rewritten expression ("site"): where it is in
 * the original source and what it means. Instrumented code passes the site index to the runtime,
 * so node locations are exact original `.ts` positions without consulting source maps.
 */

/** One instrumented expression. Lines and columns are 1-based, as in the graph model. */
export interface Site {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Absolute path of the source file (omitted from graph locations for the traced file itself). */
  file: string;
  /** Enclosing function name, used to group nodes. */
  fn?: string;
  /** Variable the value is assigned to, when there is one (`const z = ...` labels its node `z`). */
  label?: string;
  /** For calls of an imported binding: module specifier and member path (`d3-random`, `randomNormal`). */
  ext?: { module: string; path: string };
  /** For calls of a user-declared sampler: its display name and parameter argument indices. */
  userSampler?: { name: string; params: number[]; form: 'direct' | 'factory'; family?: string };
}

/** Facts about one top-level function of the traced file. */
export interface FunctionInfo {
  name: string;
  /** Parameter names in order (`null` for destructured or rest parameters). */
  params: (string | null)[];
  /** True when the instrumenter wrapped it as a gradient context. */
  wrapped: boolean;
}
