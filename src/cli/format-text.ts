/** The human/grep-friendly `pathwise check` output: `file:line:col severity rule message`. */
import { oneLine } from '../core/report';
import type { CheckReport } from './report-model';
import { crossFileRelated } from './related';

/**
 * One line per finding, in file order then position order, then one `file: notice not-analysed
 * reason` line per file that could not be analysed; empty string when there is nothing to say.
 */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const r of report.reports) {
    for (const f of r.findings) {
      lines.push(`${r.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${oneLine(f.message)}`);
      // Locations in other files (whole-project analysis), indented under their finding.
      for (const x of crossFileRelated(f, report.cwd)) lines.push(`  ${x.file}:${x.line}:${x.column} related ${oneLine(x.message)}`);
    }
  }
  // A notice per file that was not (fully) analysed, so its silence is never read as "clean".
  for (const n of report.notAnalysed ?? []) lines.push(`${n.file}: notice not-analysed ${oneLine(n.reason)}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}
