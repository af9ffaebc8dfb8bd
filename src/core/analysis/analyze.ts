// PLACEHOLDER — replaced by the analyzer implementation.
import ts from 'typescript';
import type { AnalyzeOptions } from '../config';
import type { Finding } from '../types';

export interface RawAnalysis {
  sourceFile: ts.SourceFile;
  findings: Finding[];
  syntaxErrors: number;
}

/** Runs every rule over one file. */
export function runAnalysis(fileName: string, text: string, _options: Required<AnalyzeOptions>): RawAnalysis {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  return { sourceFile, findings: [], syntaxErrors: 0 };
}
