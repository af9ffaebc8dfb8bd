/**
 * Hover on a finding: why autodiff sees no path here (pathwise vs distributional derivative), and a
 * preview of the reparameterized rewrite.
 */
import * as vscode from 'vscode';
import { getFixes } from '../core/api';
import { explainNoFix, previewFix } from '../core/fixes/index';
import { explainFinding } from '../core/explain';
import type { Finding } from '../core/types';
import type { AnalysisService } from './analysis-service';
import { isAnalysable } from './documents';
import { readSettings } from './settings';
import { fixTitle } from '../core/report';
import { findingSummaries } from '../core/estimators/summary';
import { lastEstimate } from './estimates';

export class PathwiseHover implements vscode.HoverProvider {
  constructor(
    private readonly service: AnalysisService,
    private readonly docsRoot: vscode.Uri,
  ) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!isAnalysable(doc) || !readSettings(doc.uri).enable) return undefined;
    const analysis = await this.service.analyse(doc);
    const offset = doc.offsetAt(pos);
    const hits = analysis.findings.filter((f) => f.start <= offset && offset <= f.end);
    if (hits.length === 0) return undefined;
    const md = new vscode.MarkdownString();
    md.supportThemeIcons = false;
    md.isTrusted = false;
    hits.forEach((f, i) => {
      if (i > 0) md.appendMarkdown('\n\n---\n\n');
      this.describe(md, f, doc, analysis.text, analysis.options);
    });
    const range = new vscode.Range(doc.positionAt(hits[0].start), doc.positionAt(hits[0].end));
    return new vscode.Hover(md, range);
  }

  private describe(md: vscode.MarkdownString, f: Finding, doc: vscode.TextDocument, text: string, options: Parameters<typeof getFixes>[3]): void {
    const docs = vscode.Uri.joinPath(this.docsRoot, `${f.ruleId}.md`);
    md.appendMarkdown(`**Pathwise** · [${f.ruleId}](${docs.toString()})\n\n`);
    md.appendMarkdown(explainFinding(f));
    // The estimator lab's verdict, when the Estimators tab ran on this very text.
    const report = lastEstimate(doc);
    for (const line of report ? findingSummaries(report, f.severed) : []) md.appendMarkdown('\n\n').appendText(line);
    const fixes = f.fixable ? getFixes(doc.fileName, text, f, options) : [];
    if (fixes.length > 0) {
      md.appendMarkdown(`\n\n**${escapeMd(fixTitle(fixes[0]))}**`);
      md.appendCodeblock(previewFix(fixes[0], text), 'diff');
    } else {
      const why = explainNoFix(f);
      if (why) md.appendMarkdown('\n\n').appendText(why);
    }
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
