/**
 * Hover on a finding: the estimator lab's measured verdict when there is one, why autodiff sees no
 * path here (pathwise vs distributional derivative), and a preview of the reparameterized rewrite.
 */
import type { Hover, HoverParams, CancellationToken } from 'vscode-languageserver/node';
import { explainFinding } from '../core/explain';
import { explainNoFix, previewFix } from '../core/fixes/index';
import { summariesFor, type ParamSummary } from '../core/estimators/summary';
import { fixTitle } from '../core/report';
import type { Finding } from '../core/types';
import { rangeOf, ruleDocs } from './convert';
import type { WorkspaceAnalysis } from './workspace-analysis';

/** Estimator-lab summaries per document (`pathwise/didEstimate`), valid for the version they ran on. */
export type EstimateSummaries = (uri: string, version: number) => readonly ParamSummary[];

export async function provideHover(analysis: WorkspaceAnalysis, params: HoverParams, token: CancellationToken, estimates?: EstimateSummaries): Promise<Hover | null> {
  const result = await analysis.analyze(params.textDocument.uri, token);
  if (!result || result.notAnalysed) return null;
  const doc = result.snapshot;
  const offset = doc.offsetAt(params.position);
  const hits = result.findings.filter((f) => f.start <= offset && offset <= f.end);
  if (hits.length === 0) return null;
  const parts: string[] = [];
  for (const f of hits) {
    if (token.isCancellationRequested) return null;
    let md = `**Pathwise** · [${f.ruleId}](${ruleDocs(f.ruleId)})`;
    // The estimator lab's verdict, when the Estimators tab ran on this very text: measured numbers come
    // first, because the explanation and the fix preview below are long enough to push them out of a
    // default-size hover.
    for (const line of summariesFor(estimates?.(result.uri, result.version) ?? [], f.severed)) md += `\n\n${escapeMd(line)}`;
    md += `\n\n${explainFinding({ ...f, fixable: false } as Finding)}`;
    const fixes = await analysis.fixes(result, f, token);
    if (fixes.length > 0) {
      md += `\n\n**${escapeMd(fixTitle(fixes[0]))}**\n\n\`\`\`diff\n${previewFix(fixes[0], result.text)}\n\`\`\``;
    } else {
      const why = explainNoFix({ ...f, fixable: false } as Finding);
      if (why) md += `\n\n${escapeMd(why)}`;
    }
    parts.push(md);
  }
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range: rangeOf(doc, hits[0].start, hits[0].end) };
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
