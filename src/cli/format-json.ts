/**
 * The `--format json` output. Its shape is a public contract (version 1); every key is listed
 * explicitly so internal fields of `Finding` never leak into it.
 */
import type { CheckReport } from './report-model';

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
  message: string;
  sampler: string | null;
  family: string | null;
  severed: string[];
  fixable: boolean;
}

export interface JsonReport {
  version: 1;
  files: number;
  findings: JsonFinding[];
  /** Files that could not be analysed, or only in part (optional: absent when every file was analysed). */
  notAnalysed?: { file: string; reason: string }[];
}

/** Builds the version-1 JSON document. */
export function toJsonReport(report: CheckReport): JsonReport {
  const findings: JsonFinding[] = [];
  for (const r of report.reports) {
    for (const f of r.findings) {
      findings.push({
        file: r.file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        sampler: f.sampler,
        family: f.family,
        severed: [...f.severed],
        fixable: f.fixable,
      });
    }
  }
  const out: JsonReport = { version: 1, files: report.files, findings };
  if (report.notAnalysed?.length) out.notAnalysed = report.notAnalysed.map(({ file, reason }) => ({ file, reason }));
  return out;
}

/** Serialises the JSON report on one line followed by a newline. */
export function formatJson(report: CheckReport): string {
  return JSON.stringify(toJsonReport(report)) + '\n';
}
