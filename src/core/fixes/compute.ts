/**
 * Fixes for one finding: the reparameterized rewrite of its sampler (preferred, safe), and for
 * tfjs host round trips a whole-tensor variant that changes the meaning (never preferred).
 * Every fix is re-parsed and dropped if it would add syntax errors.
 */
import ts from 'typescript';
import type { AnalyzeOptions } from '../config';
import type { Finding, Fix, SamplerSite, TextEdit } from '../types';
import { lookupEntry, samplerTitle } from './catalogue-link';
import { Unprintable } from './expr';
import { Unliftable } from './lift';
import { nodeAt, skipOuter } from './locate';
import { relaxationFixes } from './relax';
import { rewriteSampler, type RewriteOptions } from './rewrite';
import { readSamplerCall } from './sampler-call';
import { rewriteFor } from './table';

/** Fixes for one finding, preferred first. Never throws on user input: no fix is an empty list. */
export function computeFixes(sourceFile: ts.SourceFile, finding: Finding, options: Required<AnalyzeOptions>): Fix[] {
  if (finding.ruleId === 'score-function') return [];
  try {
    const fixes = candidates(sourceFile, finding, options);
    return fixes.filter((f) => parsesCleanly(sourceFile, f.edits)).sort((a, b) => Number(b.preferred) - Number(a.preferred));
  } catch (e) {
    if (e instanceof Unliftable || e instanceof Unprintable) return [];
    throw e;
  }
}

function candidates(sf: ts.SourceFile, finding: Finding, options: Required<AnalyzeOptions>): Fix[] {
  const site = finding.site ?? (finding.ruleId === 'host-round-trip' ? enclosingTfSampler(sf, finding, options) : undefined);
  if (!site) return finding.ruleId === 'discrete-step' ? relaxationFixes(sf, finding, undefined) : [];
  const entry = lookupEntry(site.library, site.entry, options);
  const node = nodeAt(sf, site.callStart, site.callEnd);
  if (!entry || !node) return [];
  const sc = readSamplerCall(node, entry);
  if (!sc) return [];
  // Integer samplers of a continuous family (d3 randomInt, random.int) have no pathwise form.
  const row = entry.discrete ? undefined : rewriteFor(entry.family);
  if (!row) return relaxationFixes(sf, finding, sc);
  const name = finding.sampler ?? samplerTitle(entry);
  const frontend: RewriteOptions['frontend'] = entry.library === 'tfjs' ? 'tfjs' : 'plain';
  const out: Fix[] = [];
  const exact = rewriteSampler(sc, row, sf, { frontend, mode: 'element' });
  if (exact) out.push({ title: `Reparameterize ${name}: ${exact.title}`, preferred: true, safety: 'safe', edits: exact.edits });
  if (frontend === 'tfjs' && exact?.roundTrips) {
    const whole = rewriteSampler(sc, row, sf, { frontend, mode: 'whole' });
    if (whole?.widened) {
      out.push({
        title: `Reparameterize ${name} on whole tensors (changes semantics: first element → whole tensor): ${whole.title}`,
        preferred: false,
        safety: 'changes-semantics',
        edits: whole.edits,
      });
    }
  }
  return out;
}

/** For a host round trip without a site: the tfjs sampler whose parameter argument contains it. */
function enclosingTfSampler(sf: ts.SourceFile, finding: Finding, options: Required<AnalyzeOptions>): SamplerSite | undefined {
  for (let n = nodeAt(sf, finding.start, finding.end); n; n = n.parent) {
    if (!ts.isCallExpression(n)) continue;
    const callee = skipOuter(n.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    const entry = name ? lookupEntry('tfjs', name, options) : undefined;
    if (!entry || !name) continue;
    const inParam = entry.params.some((p) => {
      const a = typeof p.arg === 'number' ? n.arguments[p.arg] : undefined;
      return a !== undefined && a.getStart(sf) <= finding.start && finding.end <= a.getEnd();
    });
    if (inParam) return { library: 'tfjs', entry: name, callStart: n.getStart(sf), callEnd: n.getEnd() };
  }
  return undefined;
}

/**
 * Applies edits to a text, from the end; edits must not overlap. Insertions at the same offset
 * keep their list order in the result (the first listed ends up first).
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i);
  for (const { e } of order) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Parser diagnostics of a source file (the syntax errors it recovered from; not in the public typings). */
function parseDiagnostics(sf: ts.SourceFile): readonly ts.Diagnostic[] {
  return (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
}

/** Number of syntax errors the parser recovered from. */
export function syntaxErrorCount(sf: ts.SourceFile): number {
  return parseDiagnostics(sf).length;
}

/**
 * The safety net: a fix must not add syntax errors. Edits are checked where they land: each group
 * of edits inside one statement (of a block or the file) is applied to that statement's text, which
 * is parsed on its own; a statement that does not parse cleanly on its own, or edits outside any
 * statement, fall back to re-parsing the whole file. This keeps `analyze` (which asks every finding
 * for its fixes) linear in the file size.
 */
export function parsesCleanly(sf: ts.SourceFile, edits: readonly TextEdit[]): boolean {
  const groups = new Map<ts.Node, TextEdit[]>();
  for (const e of edits) {
    const host = hostStatement(sf, e);
    if (!host) return parsesCleanlyWhole(sf, edits);
    groups.set(host, [...(groups.get(host) ?? []), e]);
  }
  for (const [host, group] of groups) {
    const start = host.getStart(sf);
    const before = sf.text.slice(start, host.getEnd());
    // A statement with a recovered syntax error inside is judged on the whole file instead.
    if (parseDiagnostics(sf).some((d) => d.start !== undefined && d.start >= host.pos && d.start <= host.end)) return parsesCleanlyWhole(sf, edits);
    const after = applyTextEdits(before, group.map((e) => ({ start: e.start - start, end: e.end - start, text: e.text })));
    if (syntaxErrorCount(parseText(sf.fileName, after)) > 0) return false;
  }
  return true;
}

function parsesCleanlyWhole(sf: ts.SourceFile, edits: readonly TextEdit[]): boolean {
  return syntaxErrorCount(parseText(sf.fileName, applyTextEdits(sf.text, edits))) <= syntaxErrorCount(sf);
}

function parseText(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindOf(fileName));
}

/** The innermost statement of a block (or of the file) that contains the edit, or undefined. */
function hostStatement(sf: ts.SourceFile, e: TextEdit): ts.Statement | undefined {
  let host: ts.Statement | undefined;
  const visit = (list: readonly ts.Statement[]): void => {
    for (const st of list) {
      if (st.pos <= e.start && e.end <= st.end && st.getStart(sf) <= e.start) {
        host = st;
        st.forEachChild(function inner(n: ts.Node): void {
          if (ts.isBlock(n) || ts.isModuleBlock(n)) visit(n.statements);
          else if (ts.isCaseClause(n) || ts.isDefaultClause(n)) visit(n.statements);
          else if (!host || n.getStart(sf) > e.start || n.getEnd() < e.end) return;
          else n.forEachChild(inner);
        });
        return;
      }
    }
  };
  visit(sf.statements);
  return host;
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  const m = /\.([cm]?[jt]sx?)$/.exec(fileName);
  const ext = m?.[1] ?? 'ts';
  if (ext.endsWith('x')) return ext.startsWith('t') ? ts.ScriptKind.TSX : ts.ScriptKind.JSX;
  return ext.includes('j') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}
