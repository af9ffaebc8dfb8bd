/**
 * V8 options of the tracer child process (and of the benchmark that measures it).
 *
 * Instrumented code calls a small runtime function per traced operator. V8 inlines such calls
 * only until the caller's inlining budget is spent (920 bytes of bytecode cumulative, 4,600
 * absolute, by default); a loop body with three or four traced operators runs it out, and the
 * remaining operators become real calls that box every double they pass. Measured with
 * `npm run bench` (instrumented ÷ uninstrumented time), defaults → these options:
 * - the 5-node loop (`tracerPlainRatio`): about 9.3–11.6× → 6.3–6.8×;
 * - an 18-node loop body (a two-unit tanh network with all its weights traced): about 11.5× →
 *   7.7–9× (a budget of 3,000 bytes gave 10.4–11.2× there; 20,000 bytes no more than 10,000).
 * The budget only matters where V8 optimises a hot function, so code that runs once is
 * unaffected, and the uninstrumented loop runs in the same time under both settings.
 */
import * as fs from 'node:fs';

export const TRACER_V8_FLAGS: readonly string[] = [
  '--max-inlined-bytecode-size-cumulative=10000',
  '--max-inlined-bytecode-size-absolute=10000',
];

/** A program that imports TensorFlow.js itself. */
const IMPORTS_TFJS = /["']@tensorflow\/tfjs(-core|-node|-node-gpu)?["']/;

/**
 * The options for the child that runs `file`: the tracer's raise the inlining budget for the plain
 * runtime's operator calls, but make TensorFlow.js's own code about 3× slower (estimator lab, N = 1,000
 * on the VAE example: 7.6 s → 2.3 s without them), so a file that imports tfjs runs with V8's defaults.
 */
export function v8FlagsForProgram(file: string, text: string | undefined): readonly string[] {
  try {
    return IMPORTS_TFJS.test(text ?? fs.readFileSync(file, 'utf8')) ? [] : TRACER_V8_FLAGS;
  } catch {
    return TRACER_V8_FLAGS;
  }
}
