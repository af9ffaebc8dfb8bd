/**
 * Data tables that classify tfjs kernels and op scopes for the graph: which kernels are
 * discrete steps (their edges carry a zero gradient), which op scopes draw random numbers,
 * and which scopes are tfjs-internal (host reads made there are not the user's).
 */

/** Kernels whose outputs are piecewise constant in their inputs: drawn as `zero` edges. */
export const DISCRETE_KERNELS: ReadonlySet<string> = new Set([
  'ArgMax',
  'ArgMin',
  'Multinomial',
  'Round',
  'Floor',
  'Ceil',
  'Sign',
  'FloorDiv',
  'Equal',
  'NotEqual',
  'Greater',
  'GreaterEqual',
  'Less',
  'LessEqual',
  'LogicalAnd',
  'LogicalOr',
  'LogicalNot',
  'LogicalXor',
  'IsNan',
  'IsInf',
  'IsFinite',
  'OneHot',
  'Bincount',
  'DenseBincount',
]);

/** Kernels that sample: their outputs are drawn as `sample` nodes. */
export const SAMPLING_KERNELS: ReadonlySet<string> = new Set(['Multinomial']);

/** Op scopes (`<opName>__op`, pushed by tfjs-core `op()`) whose tensors are random draws. */
export const RANDOM_SCOPE = /^(random\w*|truncatedNormal|multinomial)__op$/;

const INTEGRAL_DTYPES: ReadonlySet<string> = new Set(['int32', 'bool', 'string']);

/** True when the edge input→kernel carries no gradient because the step is discrete. */
export function isZeroEdge(
  kernelName: string,
  attrs: Record<string, unknown> | undefined,
  inputDtype: string,
  outputDtype: string,
): boolean {
  if (DISCRETE_KERNELS.has(kernelName)) return true;
  if (kernelName === 'Cast' && typeof attrs?.dtype === 'string' && INTEGRAL_DTYPES.has(attrs.dtype)) return true;
  return INTEGRAL_DTYPES.has(inputDtype) || INTEGRAL_DTYPES.has(outputDtype);
}

/** The innermost random-op scope name on the engine's scope stack (without `__op`), or null. */
export function randomScope(scopeStack: ReadonlyArray<{ name: string; id: number }>): { name: string; id: number } | null {
  for (let i = scopeStack.length - 1; i >= 0; i--) {
    const s = scopeStack[i];
    if (RANDOM_SCOPE.test(s.name)) return { name: s.name.slice(0, -'__op'.length), id: s.id };
  }
  return null;
}

/** True while a tfjs op is running (reads made then are tfjs's own, not the user's). */
export function insideOp(scopeStack: ReadonlyArray<{ name: string }>, kernelDepth: number): boolean {
  if (kernelDepth > 0) return true;
  for (const s of scopeStack) if (s.name.endsWith('__op')) return true;
  return false;
}

/** The op the user called (outermost `<name>__op` scope), e.g. `meanSquaredError`, or null. */
export function outermostOp(scopeStack: ReadonlyArray<{ name: string }>): string | null {
  for (const s of scopeStack) if (s.name.endsWith('__op')) return s.name.slice(0, -'__op'.length);
  return null;
}

/** `MatMul` → `matMul`, the spelling users know from `tf.matMul`. */
export function kernelLabel(kernelName: string): string {
  if (!kernelName) return 'op';
  const bare = kernelName.endsWith('__op') ? kernelName.slice(0, -4) : kernelName;
  return bare.charAt(0).toLowerCase() + bare.slice(1);
}

/** JSON-safe, short attributes of a kernel (primitives and small number arrays only). */
export function plainAttrs(attrs: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!attrs) return undefined;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(attrs)) {
    const ok =
      v === null ||
      typeof v === 'number' ||
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (Array.isArray(v) && v.length <= 8 && v.every((e) => typeof e === 'number'));
    if (ok) {
      out[k] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}
