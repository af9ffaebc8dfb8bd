import { describe, expect, it } from 'vitest';
import { check } from './case';
import { TFJS_CASES } from './tfjs.cases';
import { PLAIN_CASES } from './plain.cases';
import { LIBRARY_CASES } from './libraries.cases';
import { PRECISION_CASES } from './precision.cases';
import { CART_POLE, DETECTION_CASES } from './detection.cases';
import { analyze, getFixes } from '../../../src/core/api';

describe('tfjs frontend', () => {
  it.each(TFJS_CASES.map((c) => [c.name, c] as const))('%s', (_n, c) => check(c));
});

describe('plain TypeScript frontend', () => {
  it.each(PLAIN_CASES.map((c) => [c.name, c] as const))('%s', (_n, c) => check(c));
});

describe('sampler catalogue libraries', () => {
  it.each(LIBRARY_CASES.map((c) => [c.name, c] as const))('%s', (_n, c) => check(c));
});

describe('precision, settings and bad input', () => {
  it.each(PRECISION_CASES.map((c) => [c.name, c] as const))('%s', (_n, c) => check(c));
});

it('has at least 60 cases in the tables', () => {
  expect(TFJS_CASES.length + PLAIN_CASES.length + LIBRARY_CASES.length + PRECISION_CASES.length).toBeGreaterThanOrEqual(60);
});

describe('detection on real-code shapes (issue 14)', () => {
  it.each(DETECTION_CASES.map((c) => [c.name, c] as const))('%s', (_n, c) => check(c));
});

it('offers no fix, safe or unsafe, for the cart-pole score-function finding', () => {
  const r = analyze('case.js', CART_POLE);
  expect(r.findings).toHaveLength(1);
  expect(r.findings[0].fixable).toBe(false);
  expect(getFixes('case.js', CART_POLE, r.findings[0])).toEqual([]);
});
