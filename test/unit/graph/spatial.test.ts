// Spatial keyboard navigation between boxes (webview/spatial.ts): a table of layouts, a start box and
// an arrow, with the box the arrow must reach.
import { describe, expect, it } from 'vitest';
import { ARROWS, nearestBox, nextBox } from '../../../webview/spatial';

const box = (x: number, y: number, w = 100, h = 40) => ({ x, y, w, h });
/** Two layers of a layered drawing: a, b, c in the first row; d under b, e under c but further right. */
const layers: [string, ReturnType<typeof box>][] = [
  ['a', box(0, 0)], ['b', box(150, 0)], ['c', box(300, 0)],
  ['d', box(150, 100)], ['e', box(420, 100)],
];
const at = (id: string) => layers.find(([k]) => k === id)![1];

describe('nextBox', () => {
  it.each([
    ['b', 'ArrowDown', 'd'], // straight below
    ['a', 'ArrowDown', 'd'], // below and to the side, nearest that way
    ['c', 'ArrowDown', 'e'], // e is below c's right: nearer than d counting sideways twice
    ['d', 'ArrowUp', 'b'],
    ['e', 'ArrowUp', 'c'],
    ['a', 'ArrowRight', 'b'],
    ['b', 'ArrowRight', 'c'], // same row beats the lower e
    ['c', 'ArrowLeft', 'b'],
    ['d', 'ArrowRight', 'e'],
    ['a', 'ArrowLeft', null], // nothing further left
    ['a', 'ArrowUp', null],
    ['d', 'ArrowDown', null],
  ] as const)('from %s, %s reaches %s', (from, key, expected) => {
    expect(nextBox(at(from), ARROWS[key], layers.filter(([k]) => k !== from))).toBe(expected);
  });

  it('ignores a box beside the start (not ahead by more than a pixel)', () => {
    expect(nextBox(box(0, 0), ARROWS.ArrowDown, [['side', box(200, 0.5)]])).toBeNull();
  });
});

describe('nearestBox', () => {
  it('picks the box whose centre is nearest to the point, null without boxes', () => {
    expect(nearestBox(200, 20, layers)).toBe('b');
    expect(nearestBox(460, 130, layers)).toBe('e');
    expect(nearestBox(0, 0, [])).toBeNull();
  });
});
