/** The human/grep-friendly `pathwise check` output: `file:line:col severity rule message`. */
import { oneLine } from '../core/report';
import type { CheckReport } from './report-model';
import { crossFileRelated } from './related';

/** One line per finding, in file order then position order; empty string when there is none. */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const r of report.reports) {
    for (const f of r.findings) {
      lines.push(`${r.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${oneLine(f.message)}`);
      // Locations in other files (whole-project analysis), indented under their finding.
      for (const x of crossFileRelated(f, report.cwd)) lines.push(`  ${x.file}:${x.line}:${x.column} related ${oneLine(x.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
