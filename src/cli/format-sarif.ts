/**
 * SARIF 2.1.0 output for code-scanning upload (`pathwise check --format sarif`). Locations are
 * relative URIs against `%SRCROOT%` (the working directory); columns count UTF-16 code units.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_SUMMARIES, DEFAULT_RULE_SEVERITY, oneLine } from '../core/report';
import { RULE_IDS, type Severity } from '../core/types';
import { packageInfo, ruleDocsUri } from './package-info';
import { LineIndex, type CheckReport } from './report-model';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** SARIF `level` for a Pathwise severity. */
export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'info' ? 'note' : s;
}

/** Builds the SARIF log object. `cwd` becomes `%SRCROOT%`. */
export function toSarif(report: CheckReport, cwd: string): Record<string, unknown> {
  const rules = RULE_IDS.map((id) => ({
    id,
    name: camel(id),
    shortDescription: { text: RULE_SUMMARIES[id] },
    helpUri: ruleDocsUri(id),
    help: { text: `${RULE_SUMMARIES[id]} See ${ruleDocsUri(id)}` },
    defaultConfiguration: { level: sarifLevel(DEFAULT_RULE_SEVERITY[id]) },
  }));
  const results: unknown[] = [];
  for (const r of report.reports) {
    const uri = artifactUri(r.file, cwd);
    const index = new LineIndex(r.text);
    for (const f of r.findings) {
      const region = { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn };
      const relatedLocations = f.related.map((rel, i) => {
        // A location in another file (whole-project analysis) has its own artifact and range.
        if (rel.file && rel.range) {
          const x = rel.range;
          return {
            id: i + 1,
            message: { text: oneLine(rel.message) },
            physicalLocation: {
              artifactLocation: artifactLocation(rel.file, cwd),
              region: { startLine: x.line, startColumn: x.column, endLine: x.endLine, endColumn: x.endColumn },
            },
          };
        }
        const a = index.at(rel.start);
        const b = index.at(rel.end);
        return {
          id: i + 1,
          message: { text: oneLine(rel.message) },
          physicalLocation: {
            artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
            region: { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column },
          },
        };
      });
      results.push({
        ruleId: f.ruleId,
        ruleIndex: RULE_IDS.indexOf(f.ruleId),
        level: sarifLevel(f.severity),
        message: { text: oneLine(f.message) },
        locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region } }],
        ...(relatedLocations.length ? { relatedLocations } : {}),
        properties: { sampler: f.sampler, family: f.family, severed: f.severed, fixable: f.fixable },
      });
    }
  }
  // Files that were not (fully) analysed: tool execution notifications (SARIF §3.20.21), with the
  // file as the location, so code scanning shows them rather than an all-clear.
  const notifications = (report.notAnalysed ?? []).map((n) => ({
    level: 'warning',
    message: { text: `not analysed: ${oneLine(n.reason)}` },
    descriptor: { id: 'not-analysed' },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(n.file, cwd), uriBaseId: '%SRCROOT%' } } }],
  }));
  const rootUri = pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pathwise',
            version: packageInfo().version,
            semanticVersion: packageInfo().version,
            informationUri: packageInfo().repositoryUrl ?? ruleDocsUri('').replace(/\/[^/]*$/, '/'),
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results,
        ...(notifications.length ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : {}),
      },
    ],
  };
}

/** Pretty-printed SARIF text. */
export function formatSarif(report: CheckReport, cwd: string): string {
  return JSON.stringify(toSarif(report, cwd), null, 2) + '\n';
}

/** A relative, forward-slash, percent-encoded URI for a file; absolute paths outside `cwd` become file URIs. */
export function artifactUri(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return pathToFileURL(path.resolve(cwd, file)).href;
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

/** Artifact location of a file: relative to `%SRCROOT%` when inside it, else an absolute file URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const uri = artifactUri(file, cwd);
  return uri.startsWith('file:') ? { uri } : { uri, uriBaseId: '%SRCROOT%' };
}

function camel(id: string): string {
  return id.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase());
}
