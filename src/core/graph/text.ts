/**
 * User-derived names made safe to show: bidirectional control characters (which can reorder what a
 * reader sees, "Trojan Source") and other control characters are replaced by visible stand-ins, and
 * every name is clipped, so a 5,000-character identifier cannot push values off-screen.
 */

/** Bidi embedding/override/isolate controls and marks (U+202A–202E, U+2066–2069, U+200E/F, U+061C). */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Longest name drawn on a node or group title, in characters. */
export const NAME_MAX = 48;

/** `s` with bidi controls shown as `�` and control characters as spaces, clipped to `max` characters with `…`. */
export function displayText(s: unknown, max = NAME_MAX): string {
  const clean = String(s ?? '').replace(BIDI, '\ufffd').replace(CONTROL, ' ');
  // Cheap pre-cut before splitting into code points (a 10 MB name must not cost 10 MB of array).
  const head = clean.length > max * 2 + 2 ? clean.slice(0, max * 2 + 2) : clean;
  const chars = [...head];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** Whether `s` holds a bidi control character. */
export function hasBidi(s: string): boolean {
  BIDI.lastIndex = 0;
  return BIDI.test(s);
}

/** One formatter for every count the panel shows: `n.toLocaleString()` builds one per call (ICU work each time). */
const COUNT = new Intl.NumberFormat('en-US');

/** A count with thousands separators (`1,995`). */
export function formatCount(n: number): string {
  return COUNT.format(n);
}
