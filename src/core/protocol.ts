/**
 * Every message that crosses a process or frame boundary, as discriminated unions in one file:
 * extension ⇄ webview (graph inspector) and extension/CLI ⇄ tracer child process.
 * Receivers validate with the `is*` guards before they trust a message, and handle it with an
 * exhaustive `switch` (see `assertNever`).
 */
import type { TraceGraph, TraceError } from './graph/model';

/** Compile-time exhaustiveness check for `switch` over a union's `type`. */
export function assertNever(x: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(x)}`);
}

// ───────────────────────────── extension → webview ─────────────────────────────

/** State of the dynamic trace shown in the panel's status line. */
export type TraceState =
  | { state: 'static'; reason?: string }
  | { state: 'running' }
  /** `note`: the run finished but recorded nothing to show (e.g. no gradient computed), so the graph stays static. */
  | { state: 'done'; ms: number; note?: string }
  | { state: 'stale' }
  | { state: 'failed'; reason: string };

/** A fix the panel can preview (graph after the rewrite) and apply. */
export interface PanelFix {
  id: string;
  title: string;
  /** Graph of the text as it would be after this fix. */
  after: TraceGraph;
}

export type ToWebview =
  | { type: 'graph'; file: string; graph: TraceGraph; fixes: PanelFix[] }
  | { type: 'trace-state'; trace: TraceState }
  | { type: 'highlight-line'; line: number }
  | { type: 'theme-changed' };

// ───────────────────────────── webview → extension ─────────────────────────────

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; line: number; column: number; endLine: number; endColumn: number }
  | { type: 'apply-fix'; id: string }
  | { type: 'rerun' }
  | { type: 'export'; format: 'svg' | 'mermaid' | 'json'; content: string };

// ───────────────────────────── tracer child ⇄ parent ─────────────────────────────

/** Request sent to the tracer child process once it started. */
export interface TraceRequest {
  type: 'run';
  /** Unused: the child bundles and instruments `file` itself (kept optional for compatibility). */
  code?: string;
  /** Original file path (for locations, `require` resolution and messages). */
  file: string;
  /** Unsaved editor text of `file`; when absent the file is read from disk. */
  text?: string;
  entry: string | null;
  args: Record<string, unknown>;
  seed: number | null;
  /** Regular expression (source) for plain objective names; default DEFAULT_OBJECTIVE_PATTERN. */
  objectivePattern?: string;
  /** User-declared samplers (`pathwise.samplers`). */
  samplers?: import('./config').UserSamplerSpec[];
  /** Graph nodes above which values fold by source location (default 2000). */
  maxNodes?: number;
}

/**
 * `cancel` asks a responsive child to stop now and report what it recorded so far (the parent
 * kills it after a short grace period when it is stuck in a synchronous loop).
 */
export type ToTracer = TraceRequest | { type: 'cancel'; reason?: 'timeout' | 'cancelled'; message?: string };

export type FromTracer =
  | { type: 'started'; pid: number }
  /** The user's code is bundled and starts running now (the time limit counts from here). */
  | { type: 'running' }
  | { type: 'console'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'result'; graph: TraceGraph }
  | { type: 'error'; error: TraceError; graph: TraceGraph | null };

const TO_WEBVIEW = new Set<ToWebview['type']>(['graph', 'trace-state', 'highlight-line', 'theme-changed']);
const FROM_WEBVIEW = new Set<FromWebview['type']>(['ready', 'reveal', 'apply-fix', 'rerun', 'export']);
const FROM_TRACER = new Set<FromTracer['type']>(['started', 'running', 'console', 'result', 'error']);

function hasType(x: unknown): x is { type: string } {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}

/** True when `x` is a well-formed message for the webview (graphs, fixes and states checked in depth). */
export function isToWebview(x: unknown): x is ToWebview {
  if (!hasType(x) || !TO_WEBVIEW.has(x.type as ToWebview['type'])) return false;
  const m = x as Record<string, unknown>;
  switch (x.type as ToWebview['type']) {
    case 'graph':
      return (
        typeof m.file === 'string' &&
        isTraceGraph(m.graph) &&
        Array.isArray(m.fixes) &&
        m.fixes.every((f: unknown) => isRecord(f) && typeof f.id === 'string' && typeof f.title === 'string' && isTraceGraph(f.after))
      );
    case 'trace-state':
      return isTraceState(m.trace);
    case 'highlight-line':
      return Number.isInteger(m.line) && (m.line as number) >= 0;
    case 'theme-changed':
      return true;
  }
}

const NODE_KINDS = new Set(['param', 'input', 'noise', 'op', 'sample', 'host', 'output']);
const EDGE_KINDS = new Set(['grad', 'severed', 'zero']);
const TRACE_STATES = new Set(['static', 'running', 'done', 'stale', 'failed']);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Structural check of a TraceGraph: ids, kinds and edge ends are strings from the model's sets. */
export function isTraceGraph(x: unknown): x is TraceGraph {
  if (!isRecord(x) || x.version !== 1 || !Array.isArray(x.nodes) || !Array.isArray(x.edges)) return false;
  if (!['plain', 'tfjs', 'static'].includes(x.runtime as string)) return false;
  if (x.params !== undefined && !Array.isArray(x.params)) return false;
  if (x.gradcheck !== undefined && !Array.isArray(x.gradcheck)) return false;
  const nodesOk = x.nodes.every(
    (n: unknown) => isRecord(n) && typeof n.id === 'string' && typeof n.label === 'string' && typeof n.op === 'string' && NODE_KINDS.has(n.kind as string),
  );
  const edgesOk = x.edges.every(
    (e: unknown) => isRecord(e) && typeof e.from === 'string' && typeof e.to === 'string' && EDGE_KINDS.has(e.kind as string),
  );
  return nodesOk && edgesOk;
}

function isTraceState(x: unknown): x is TraceState {
  if (!isRecord(x) || !TRACE_STATES.has(x.state as string)) return false;
  if (x.state === 'failed') return typeof x.reason === 'string';
  if (x.state === 'done') return typeof x.ms === 'number' && (x.note === undefined || typeof x.note === 'string');
  return x.reason === undefined || typeof x.reason === 'string';
}

/** True when `x` is a well-formed message from the webview (numbers checked for `reveal`). */
export function isFromWebview(x: unknown): x is FromWebview {
  if (!hasType(x) || !FROM_WEBVIEW.has(x.type as FromWebview['type'])) return false;
  const m = x as Record<string, unknown>;
  switch (x.type as FromWebview['type']) {
    case 'reveal':
      return ['line', 'column', 'endLine', 'endColumn'].every((k) => Number.isInteger(m[k]) && (m[k] as number) >= 0);
    case 'apply-fix':
      return typeof m.id === 'string';
    case 'export':
      return ['svg', 'mermaid', 'json'].includes(m.format as string) && typeof m.content === 'string';
    case 'ready':
    case 'rerun':
      return true;
  }
}

/** True when `x` is a well-formed message from the tracer child process. */
export function isFromTracer(x: unknown): x is FromTracer {
  return hasType(x) && FROM_TRACER.has(x.type as FromTracer['type']);
}

// ───────────────────────────── language server ⇄ analysis worker ─────────────────────────────

/** A finding as it crosses a thread boundary: `fixable` is asked for separately (it costs a rewrite). */
export type WireFinding = Omit<import('./types').Finding, 'fixable'>;

/** Work the language server hands its analysis worker thread; `id` pairs the answer with the job. */
export type AnalysisJob =
  | { type: 'analyze'; id: number; fileName: string; text: string; options: import('./config').AnalyzeOptions }
  | { type: 'fixes'; id: number; fileName: string; text: string; options: import('./config').AnalyzeOptions; finding: WireFinding }
  | { type: 'fix-all'; id: number; fileName: string; text: string; options: import('./config').AnalyzeOptions }
  | { type: 'inspect'; id: number; fileName: string; text: string; options: import('./config').AnalyzeOptions };

/** A fix as the graph inspector shows it: the rewrite and the static graph after it. */
export interface InspectorFix {
  title: string;
  edits: import('./types').TextEdit[];
  after: TraceGraph;
}

/** Answers of the analysis worker thread. */
export type FromAnalysisWorker =
  | { type: 'analyzed'; id: number; findings: WireFinding[]; syntaxErrors: number; skipped: string | null }
  | { type: 'fixes'; id: number; fixes: import('./types').Fix[] }
  | { type: 'fix-all'; id: number; edit: import('./types').TextEdit | null; applied: number; rejected: { title: string; line: number; reason: string }[] }
  | { type: 'inspected'; id: number; graph: TraceGraph; fixes: InspectorFix[] }
  | { type: 'failed'; id: number; message: string };

/**
 * Answer of the server's `pathwise/documentAnalysis` request (`{ uri }`): the static graph and the
 * fixes of the document's current version, or why it was not analysed.
 */
export type DocumentAnalysisResult =
  | { version: number; graph: TraceGraph; fixes: InspectorFix[] }
  | { version: number; notAnalysed: string };

const ANALYSIS_JOBS = new Set<AnalysisJob['type']>(['analyze', 'fixes', 'fix-all', 'inspect']);
const FROM_ANALYSIS_WORKER = new Set<FromAnalysisWorker['type']>(['analyzed', 'fixes', 'fix-all', 'inspected', 'failed']);

/** True when `x` is a well-formed job for the analysis worker. */
export function isAnalysisJob(x: unknown): x is AnalysisJob {
  if (!hasType(x) || !ANALYSIS_JOBS.has(x.type as AnalysisJob['type'])) return false;
  const m = x as Record<string, unknown>;
  return Number.isInteger(m.id) && typeof m.fileName === 'string' && typeof m.text === 'string' && typeof m.options === 'object' && m.options !== null;
}

/** True when `x` is a well-formed answer of the analysis worker. */
export function isFromAnalysisWorker(x: unknown): x is FromAnalysisWorker {
  return hasType(x) && FROM_ANALYSIS_WORKER.has(x.type as FromAnalysisWorker['type']) && Number.isInteger((x as { id?: unknown }).id);
}
