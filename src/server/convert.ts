/** The boundary where core findings and edits (offsets) become LSP diagnostics and text edits (positions). */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Location, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WireFinding } from '../core/protocol';
import type { RelatedInfo, Severity, TextEdit } from '../core/types';

/** Diagnostic source shown in the Problems panel; also how code actions recognise Pathwise diagnostics. */
export const DIAGNOSTIC_SOURCE = 'pathwise';
/** Code of the information diagnostic on a file that was not analysed. */
export const NOT_ANALYSED = 'not-analysed';

const LEVEL: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** `docs/rules` of the installed package (the bundle lives in `dist/`), as a file URI. */
const DOCS_ROOT = path.join(__dirname, '..', 'docs', 'rules');

/** Link to a rule's documentation page. */
export function ruleDocs(ruleId: string): string {
  return pathToFileURL(path.join(DOCS_ROOT, `${ruleId}.md`)).toString();
}

export function rangeOf(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/** A finding as a diagnostic: code = rule id linking to its docs page, related information (also in other files). */
export function toDiagnostic(doc: TextDocument, f: WireFinding): Diagnostic {
  return {
    range: rangeOf(doc, f.start, f.end),
    message: f.message,
    severity: LEVEL[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocs(f.ruleId) },
    relatedInformation: f.related.map((r) => ({ location: relatedLocation(doc, r), message: r.message })),
  };
}

/**
 * Where a related location is: in the finding's file (offsets), or in another project file (project
 * analysis: its absolute name and 1-based range, e.g. the sampler inside an imported wrapper).
 */
function relatedLocation(doc: TextDocument, r: RelatedInfo): Location {
  if (r.file && r.range) {
    const { line, column, endLine, endColumn } = r.range;
    return { uri: pathToFileURL(r.file).toString(), range: { start: { line: line - 1, character: column - 1 }, end: { line: endLine - 1, character: endColumn - 1 } } };
  }
  return { uri: doc.uri, range: rangeOf(doc, r.start, r.end) };
}

/** The information diagnostic on the first line of a file Pathwise did not analyse, with the reason. */
export function notAnalysedDiagnostic(doc: TextDocument, reason: string): Diagnostic {
  const firstLineEnd = doc.getText().search(/\r?\n|$/);
  return {
    range: rangeOf(doc, 0, Math.max(0, firstLineEnd)),
    message: `Pathwise did not analyse this file: ${reason}.`,
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: NOT_ANALYSED,
  };
}

/** Core text edits (offsets into `doc`'s text) as LSP text edits. */
export function toTextEdits(doc: TextDocument, edits: TextEdit[]): { range: Range; newText: string }[] {
  return edits.map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.text }));
}

/** Code of the information diagnostic that stands for the findings over the per-file limit. */
export const TOO_MANY = 'too-many-findings';

/** The information diagnostic on the first line of a file with `hidden` more findings than are shown. */
export function tooManyDiagnostic(doc: TextDocument, hidden: number): Diagnostic {
  const firstLineEnd = doc.getText().search(/\r?\n|$/);
  return {
    range: rangeOf(doc, 0, Math.max(0, firstLineEnd)),
    message: `Pathwise: ${hidden} more finding(s) in this file are not shown; run \`pathwise check\` on it for the full list.`,
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: TOO_MANY,
  };
}
