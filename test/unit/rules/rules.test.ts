import { describe, expect, it } from 'vitest';
import { check } from './case';
import { TFJS_CASES } from './tfjs.cases';
import { PLAIN_CASES } from './plain.cases';
import { LIBRARY_CASES } from './libraries.cases';
import { PRECISION_CASES } from './precision.cases';

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
