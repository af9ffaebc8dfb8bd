// PLACEHOLDER — replaced by the fix engine.
import type ts from 'typescript';
import type { AnalyzeOptions } from '../config';
import type { Finding, Fix } from '../types';

/** Fixes for one finding, preferred first. */
export function computeFixes(_sourceFile: ts.SourceFile, _finding: Finding, _options: Required<AnalyzeOptions>): Fix[] {
  return [];
}
