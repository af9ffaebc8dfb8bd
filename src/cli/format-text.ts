/** The human/grep-friendly `pathwise check` output: `file:line:col severity rule message`. */
import { oneLine } from '../core/report';
import type { CheckReport } from './report-model';

/** One line per finding, in file order then position order; empty string when there is none. */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const r of report.reports) {
    for (const f of r.findings) {
      lines.push(`${r.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${oneLine(f.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
