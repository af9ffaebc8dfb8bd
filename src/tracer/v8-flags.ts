/**
 * V8 options of the tracer child process (and of the benchmark that measures it).
 *
 * Instrumented code calls a small runtime function per traced operator. V8 inlines such calls
 * only until the caller's cumulative inlining budget is spent (920 bytes of bytecode by default);
 * a loop body with three or four traced operators runs it out, and the remaining operators become
 * real calls that box every double they pass. Measured on the plain-tracer benchmark loop, the
 * forward pass ran 8–10× the uninstrumented loop at the default budget and 4.5–6× at 3,000 bytes.
 * The budget only matters where V8 optimises a hot function, so code that runs once is unaffected.
 */
export const TRACER_V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=3000'];
