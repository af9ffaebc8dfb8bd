/**
 * The seeded generator that replaces `Math.random` in the tracer child: mulberry32 over one 32-bit
 * state word, so a run can save and restore the exact noise stream (gradient check re-runs).
 */

let state = 0x9e3779b9 >>> 0;

/** Sets the stream to the one of `seed`. */
export function seedRandom(seed: number): void {
  state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
}

/** Current position of the stream (restore it with {@link setRandomState}). */
export function randomState(): number {
  return state;
}

/** Rewinds or forwards the stream to a position saved with {@link randomState}. */
export function setRandomState(s: number): void {
  state = s >>> 0;
}

/** Next uniform draw in [0, 1). */
export function nextRandom(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
