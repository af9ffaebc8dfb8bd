/**
 * What the analysis worker thread does with each job: the synchronous core calls (analysis, fixes,
 * fix-all), answered as plain data. Kept apart from the thread plumbing so it reads as a table.
 */
import { analyze, applyEdits, getFixes, notAnalysedReason } from '../core/api';
import { listEntries } from '../core/entries/list';
import { buildStaticGraph } from '../core/graph/static-graph';
import { fixToFixpoint, minimalEdit } from '../core/fix-loop';
import { assertNever, type AnalysisJob, type FromAnalysisWorker, type InspectorFix, type WireFinding } from '../core/protocol';
import { applySeverity, fixTitle } from '../core/report';
import type { Finding } from '../core/types';
import { applyOverlay, projectFor, refreshFile } from './project-state';

/** Runs one job to completion (synchronously: the caller's thread is the one that may be terminated). */
export function runJob(job: AnalysisJob): FromAnalysisWorker {
  try {
    switch (job.type) {
      case 'analyze': {
        applyOverlay(job.overlay);
        for (const f of job.changedOnDisk ?? []) refreshFile(f);
        // `lazy`: whether a finding is fixable is asked for by code actions and hovers only.
        let result;
        let dependsOn: string[] | undefined;
        if (job.project) {
          // Whole-project analysis: imports of other project modules are followed (and cached per file).
          const index = projectFor(job.options);
          index.update(job.fileName, job.text);
          result = index.analyze(job.fileName, { fixable: 'lazy' });
          dependsOn = index.dependencies(job.fileName);
        } else {
          result = analyze(job.fileName, job.text, job.options, { fixable: 'lazy' });
        }
        const findings = applySeverity(result.findings, job.options.severity).map(withoutFixable);
        return { type: 'analyzed', id: job.id, findings, syntaxErrors: result.syntaxErrors, skipped: notAnalysedReason(result), dependsOn };
      }
      case 'entries':
        return { type: 'entries', id: job.id, entries: listEntries(job.fileName, job.text, job.options) };
      case 'fixes': {
        const finding = { ...job.finding, fixable: true } as Finding;
        return { type: 'fixes', id: job.id, fixes: getFixes(job.fileName, job.text, finding, job.options) };
      }
      case 'fix-all': {
        const fixed = fixToFixpoint(job.fileName, job.text, job.options);
        const rejected = fixed.rejected.map((r) => ({ title: r.title, line: r.line, reason: r.reason }));
        return { type: 'fix-all', id: job.id, edit: minimalEdit(job.text, fixed.text), applied: fixed.applied.length, rejected };
      }
      case 'inspect': {
        // What the graph inspector shows: the static graph, and per fix its rewrite and the graph after it.
        const result = analyze(job.fileName, job.text, job.options, { fixable: 'lazy' });
        const fixes: InspectorFix[] = [];
        for (const finding of applySeverity(result.findings, job.options.severity)) {
          if (!finding.fixable) continue;
          for (const fix of getFixes(job.fileName, job.text, finding, job.options)) {
            fixes.push({ title: fixTitle(fix), edits: fix.edits, after: buildStaticGraph(job.fileName, applyEdits(job.text, fix.edits), job.options) });
          }
        }
        return { type: 'inspected', id: job.id, graph: buildStaticGraph(job.fileName, job.text, job.options), fixes };
      }
      default:
        return assertNever(job);
    }
  } catch (e) {
    return { type: 'failed', id: job.id, message: String((e as Error)?.stack ?? e) };
  }
}

/** A copy of `f` without its (lazy) `fixable`, read through the descriptors so the getter never runs. */
function withoutFixable(f: Finding): WireFinding {
  const descriptors = Object.getOwnPropertyDescriptors(f) as Partial<PropertyDescriptorMap>;
  delete descriptors.fixable;
  return Object.defineProperties({}, descriptors as PropertyDescriptorMap) as WireFinding;
}
