/**
 * Every message that crosses a process or frame boundary, as discriminated unions in one file:
 * extension ⇄ webview (graph inspector) and extension/CLI ⇄ tracer child process.
 * Receivers validate with the `is*` guards before they trust a message, and handle it with an
 * exhaustive `switch` (see `assertNever`).
 */
import type { TraceGraph, TraceError } from './graph/model';
import type { EstimateReport } from './estimators/report';

/** Compile-time exhaustiveness check for `switch` over a union's `type`. */
export function assertNever(x: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(x)}`);
}

// ───────────────────────────── extension → webview ─────────────────────────────

/** What gives the graph values when it has none: pick an entry (and its arguments), run again, or trust the workspace. */
export type TraceAction = 'pick-entry' | 'rerun' | 'trust';

/**
 * The one status of the panel (pill + reason line): the static graph, a trace running, a traced graph
 * with values and gradients (`stale` once the code was edited after it), or a run that gave no gradient
 * (it threw, was stopped, or computed none) with the reason and the action that fixes it.
 */
export type TraceState =
  | { state: 'static'; reason: string; action?: TraceAction }
  | { state: 'tracing'; entry?: string }
  | { state: 'traced'; ms: number; entry?: string; stale?: boolean }
  | { state: 'no-gradient'; reason: string; action: TraceAction; ms?: number; entry?: string };

/** A fix the panel can preview (graph after the rewrite) and apply. */
export interface PanelFix {
  id: string;
  title: string;
  /** Graph of the text as it would be after this fix: static at first, traced (same entry, same seed) once previewed. */
  after: TraceGraph;
}

export type ToWebview =
  | { type: 'graph'; file: string; graph: TraceGraph; fixes: PanelFix[] }
  /**
   * A `graph` message as JSON text (what the extension sends): one string crosses into the webview
   * as a plain copy and `JSON.parse` rebuilds it there, several times cheaper on the panel's thread
   * than cloning the object tree of a large graph (a 20,000-node trace is about 13 MB).
   */
  | { type: 'graph-json'; json: string }
  | { type: 'trace-state'; trace: TraceState }
  | { type: 'highlight-line'; line: number }
  | { type: 'theme-changed' }
  /** Estimators tab: a run started, progressed or ended without a report (`reason`). */
  | { type: 'estimate-state'; state: EstimateState }
  /** Estimators tab: the report of the last run (see src/core/estimators/report.ts). */
  | { type: 'estimates'; report: EstimateReport };

/** State of the Estimators tab's run. */
export type EstimateState =
  | { state: 'idle'; reason?: string }
  | { state: 'running'; done: number; total: number };

// ───────────────────────────── webview → extension ─────────────────────────────

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; line: number; column: number; endLine: number; endColumn: number }
  | { type: 'apply-fix'; id: string }
  | { type: 'rerun' }
  /** The status line's action button. */
  | { type: 'action'; action: TraceAction }
  /** "Show graph after fix" was turned on for this fix: trace the fixed text. */
  | { type: 'preview-fix'; id: string }
  | { type: 'export'; format: 'svg' | 'mermaid' | 'json'; content: string }
  /** Estimators tab: run N draws of `entry` (null: the first objective function of the file) with `args` by name. */
  | { type: 'estimate'; samples: number; entry: string | null; args?: Record<string, unknown> }
  | { type: 'cancel-estimate' }
  /** Estimators tab: a chart as SVG text or PNG (`content` is a `data:image/png;base64,` URL). */
  | { type: 'export-chart'; format: 'svg' | 'png'; name: string; content: string };

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
  /**
   * Run the finite-difference gradient check (default true). It calls the entry again, twice per
   * parameter, so the program's side effects repeat; false skips it.
   */
  gradientCheck?: boolean;
}

/**
 * `cancel` asks a responsive child to stop now and report what it recorded so far (the parent
 * kills it after a short grace period when it is stuck in a synchronous loop).
 */
export type ToTracer = TraceRequest | EstimateRequest | { type: 'cancel'; reason?: 'timeout' | 'cancelled'; message?: string };

/** The estimator lab's request: N draws of the entry with common random numbers (see src/tracer/estimate.ts). */
export interface EstimateRequest {
  type: 'estimate';
  file: string;
  /** Unsaved editor text of `file`; when absent the file is read from disk. */
  text?: string;
  entry: string;
  args: Record<string, unknown>;
  seed: number;
  /** Number of draws N. */
  samples: number;
  /** Relative error for the samples-needed figures (default 0.1). */
  relError?: number;
  /** Temperature of the relaxed estimator for discrete samplers (default the quick fix's, 0.5). */
  temperature?: number;
  objectivePattern?: string;
  samplers?: import('./config').UserSamplerSpec[];
}

export type FromTracer =
  | { type: 'started'; pid: number }
  /** The user's code is bundled and starts running now (the time limit counts from here). */
  | { type: 'running' }
  | { type: 'console'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'result'; graph: TraceGraph }
  | { type: 'error'; error: TraceError; graph: TraceGraph | null }
  /** Estimator lab: draws done so far. */
  | { type: 'estimate-progress'; done: number; total: number }
  /** Estimator lab: the report (with `error` when the user's code threw or the run was cancelled). */
  | { type: 'estimate-result'; report: EstimateReport };

const TO_WEBVIEW = new Set<ToWebview['type']>(['graph', 'graph-json', 'trace-state', 'highlight-line', 'theme-changed', 'estimate-state', 'estimates']);
const FROM_WEBVIEW = new Set<FromWebview['type']>(['ready', 'reveal', 'apply-fix', 'rerun', 'action', 'preview-fix', 'export', 'estimate', 'cancel-estimate', 'export-chart']);
const FROM_TRACER = new Set<FromTracer['type']>(['started', 'running', 'console', 'result', 'error', 'estimate-progress', 'estimate-result']);

function hasType(x: unknown): x is { type: string } {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}

/**
 * True when `x` is a well-formed message for the webview (graphs, fixes and states checked in depth;
 * a `graph-json` text is checked once parsed, with {@link graphFromJson}).
 */
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
    case 'graph-json':
      return typeof m.json === 'string';
    case 'trace-state':
      return isTraceState(m.trace);
    case 'highlight-line':
      return Number.isInteger(m.line) && (m.line as number) >= 0;
    case 'theme-changed':
      return true;
    case 'estimate-state':
      return isEstimateState(m.state);
    case 'estimates':
      return isEstimateReport(m.report);
  }
}

const ESTIMATOR_IDS = new Set(['as-written', 'pathwise', 'score', 'score-baseline', 'relaxed']);

/** Structural check of an estimate report: the fields the panel reads, with their types. */
export function isEstimateReport(x: unknown): x is EstimateReport {
  if (!isRecord(x) || x.version !== 1 || typeof x.file !== 'string' || !Array.isArray(x.params) || !Array.isArray(x.samplers)) return false;
  if (!Number.isInteger(x.draws) || !Number.isInteger(x.samples) || typeof x.relError !== 'number') return false;
  return x.params.every(
    (p: unknown) =>
      isRecord(p) &&
      typeof p.name === 'string' &&
      typeof p.value === 'number' &&
      // A tensor variable's shape and direction (optional).
      (p.shape === undefined || (Array.isArray(p.shape) && p.shape.every((d: unknown) => Number.isInteger(d)))) &&
      (p.along === undefined || p.along === 'pilot-mean' || p.along === 'ones') &&
      (p.direction === undefined || isNumberArray(p.direction)) &&
      Array.isArray(p.estimators) &&
      p.estimators.every(
        (e: unknown) =>
          isRecord(e) && ESTIMATOR_IDS.has(e.id as string) && typeof e.available === 'boolean' && Array.isArray(e.running) && isRecord(e.histogram) && Array.isArray(e.histogram.counts),
      ),
  );
}

function isEstimateState(x: unknown): x is EstimateState {
  if (!isRecord(x)) return false;
  if (x.state === 'running') return Number.isInteger(x.done) && Number.isInteger(x.total);
  return x.state === 'idle' && (x.reason === undefined || typeof x.reason === 'string');
}

const NODE_KINDS = new Set(['param', 'input', 'noise', 'op', 'sample', 'host', 'output']);
const EDGE_KINDS = new Set(['grad', 'severed', 'zero']);
const TRACE_STATES = new Set(['static', 'tracing', 'traced', 'no-gradient']);
const TRACE_ACTIONS = new Set<TraceAction>(['pick-entry', 'rerun', 'trust']);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Deep check of a TraceGraph, field by field as `model.ts` declares it: ids, labels, ops and kinds are
 * strings (kinds from the model's sets), values are numbers, booleans, tensor summaries or null,
 * locations are numbers. A graph from the tracer child is data of the user's program, so nothing in
 * it is used before this check passes. Numbers may be null where JSON turned NaN or ±Infinity into null.
 */
export function isTraceGraph(x: unknown): x is TraceGraph {
  if (!isRecord(x) || x.version !== 1 || !Array.isArray(x.nodes) || !Array.isArray(x.edges)) return false;
  if (!['plain', 'tfjs', 'static'].includes(x.runtime as string)) return false;
  if (x.file !== undefined && typeof x.file !== 'string') return false;
  if (x.entry !== undefined && x.entry !== null && typeof x.entry !== 'string') return false;
  if (x.seed !== undefined && x.seed !== null && typeof x.seed !== 'number') return false;
  if (x.output !== undefined && x.output !== null && !(isRecord(x.output) && isNodeValue(x.output.value))) return false;
  if (x.params !== undefined && !(Array.isArray(x.params) && x.params.every(isParamInfo))) return false;
  if (x.gradcheck !== undefined && !(Array.isArray(x.gradcheck) && x.gradcheck.every(isGradCheck))) return false;
  if (x.error !== undefined && x.error !== null && !isTraceError(x.error)) return false;
  if (x.earlierCalls !== undefined && !Number.isInteger(x.earlierCalls)) return false;
  if (x.notes !== undefined && !isStringArray(x.notes)) return false;
  return x.nodes.every(isGraphNode) && x.edges.every(
    (e: unknown) => isRecord(e) && typeof e.from === 'string' && typeof e.to === 'string' && EDGE_KINDS.has(e.kind as string),
  );
}

function isGraphNode(n: unknown): boolean {
  return (
    isRecord(n) &&
    typeof n.id === 'string' &&
    typeof n.label === 'string' &&
    typeof n.op === 'string' &&
    NODE_KINDS.has(n.kind as string) &&
    isNodeValue(n.value) &&
    isNodeValue(n.grad) &&
    (n.shape === undefined || n.shape === null || isNumberArray(n.shape)) &&
    (n.loc === undefined || n.loc === null || isSourceLoc(n.loc)) &&
    (n.repeat === undefined || typeof n.repeat === 'number') &&
    (n.group === undefined || isStringArray(n.group)) &&
    (n.detail === undefined || typeof n.detail === 'string')
  );
}

const isNumOrNull = (v: unknown): boolean => v === null || typeof v === 'number';
const isNumberArray = (v: unknown): boolean => Array.isArray(v) && v.every(isNumOrNull);
const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** A node value: number, boolean, null, or a tensor summary (absent counts as null). */
function isNodeValue(v: unknown): boolean {
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean') return true;
  return (
    isRecord(v) &&
    isNumberArray(v.shape) &&
    typeof v.dtype === 'string' &&
    isNumberArray(v.first) &&
    isNumOrNull(v.mean) &&
    isNumOrNull(v.min) &&
    isNumOrNull(v.max) &&
    (v.norm === undefined || isNumOrNull(v.norm))
  );
}

function isSourceLoc(l: unknown): boolean {
  return (
    isRecord(l) &&
    typeof l.line === 'number' &&
    typeof l.column === 'number' &&
    (l.endLine === undefined || typeof l.endLine === 'number') &&
    (l.endColumn === undefined || typeof l.endColumn === 'number') &&
    (l.fn === undefined || typeof l.fn === 'string') &&
    (l.file === undefined || typeof l.file === 'string')
  );
}

function isParamInfo(p: unknown): boolean {
  return isRecord(p) && typeof p.name === 'string' && isNodeValue(p.value) && isNodeValue(p.grad);
}

function isGradCheck(r: unknown): boolean {
  return (
    isRecord(r) && typeof r.param === 'string' && isNumOrNull(r.reverse) && isNumOrNull(r.finiteDiff) &&
    (r.agree === undefined || typeof r.agree === 'boolean')
  );
}

const ERROR_REASONS = new Set(['threw', 'timeout', 'memory', 'cancelled', 'crashed']);

/** Deep check of a TraceError (message, location, reason from the model's set). */
export function isTraceError(e: unknown): e is TraceError {
  return (
    isRecord(e) &&
    typeof e.message === 'string' &&
    (e.loc === null || e.loc === undefined || isSourceLoc(e.loc)) &&
    (e.reason === undefined || ERROR_REASONS.has(e.reason as string))
  );
}

function isTraceState(x: unknown): x is TraceState {
  if (!isRecord(x) || !TRACE_STATES.has(x.state as string)) return false;
  const optString = (v: unknown) => v === undefined || typeof v === 'string';
  const optAction = (v: unknown) => v === undefined || TRACE_ACTIONS.has(v as TraceAction);
  switch (x.state as TraceState['state']) {
    case 'static':
      return typeof x.reason === 'string' && optAction(x.action);
    case 'tracing':
      return optString(x.entry);
    case 'traced':
      return typeof x.ms === 'number' && optString(x.entry) && (x.stale === undefined || typeof x.stale === 'boolean');
    case 'no-gradient':
      return typeof x.reason === 'string' && TRACE_ACTIONS.has(x.action as TraceAction) && (x.ms === undefined || typeof x.ms === 'number') && optString(x.entry);
  }
}

/** True when `x` is a well-formed message from the webview (numbers checked for `reveal`). */
export function isFromWebview(x: unknown): x is FromWebview {
  if (!hasType(x) || !FROM_WEBVIEW.has(x.type as FromWebview['type'])) return false;
  const m = x as Record<string, unknown>;
  switch (x.type as FromWebview['type']) {
    case 'reveal':
      return ['line', 'column', 'endLine', 'endColumn'].every((k) => Number.isInteger(m[k]) && (m[k] as number) >= 0);
    case 'apply-fix':
    case 'preview-fix':
      return typeof m.id === 'string';
    case 'action':
      return TRACE_ACTIONS.has(m.action as TraceAction);
    case 'export':
      return ['svg', 'mermaid', 'json'].includes(m.format as string) && typeof m.content === 'string';
    case 'estimate':
      return Number.isInteger(m.samples) && (m.samples as number) >= 2 && (m.samples as number) <= 1_000_000 && (m.entry === null || (typeof m.entry === 'string' && /^[A-Za-z_$][\w$]*$/.test(m.entry))) && (m.args === undefined || isRecord(m.args));
    case 'export-chart':
      return (
        typeof m.name === 'string' &&
        typeof m.content === 'string' &&
        (m.format === 'svg' || (m.format === 'png' && m.content.startsWith('data:image/png;base64,')))
      );
    case 'ready':
    case 'rerun':
    case 'cancel-estimate':
      return true;
  }
}

/**
 * True when `x` is a well-formed message from the tracer child process, checked in depth (the graph
 * of a `result` or `error` included). The child runs the user's program, which can write anything on
 * the result channel, so the parent trusts no message before this check.
 */
export function isFromTracer(x: unknown): x is FromTracer {
  if (!hasType(x) || !FROM_TRACER.has(x.type as FromTracer['type'])) return false;
  const m = x as Record<string, unknown>;
  switch (x.type as FromTracer['type']) {
    case 'started':
      return Number.isInteger(m.pid);
    case 'running':
      return true;
    case 'console':
      return (m.stream === 'stdout' || m.stream === 'stderr') && typeof m.text === 'string';
    case 'result':
      return isTraceGraph(m.graph);
    case 'error':
      return isTraceError(m.error) && (m.graph === null || isTraceGraph(m.graph));
    case 'estimate-progress':
      return Number.isInteger(m.done) && Number.isInteger(m.total);
    case 'estimate-result':
      return isEstimateReport(m.report);
  }
}

/** True when `x` is a well-formed request from the parent (checked by the child before it acts on it). */
export function isToTracer(x: unknown): x is ToTracer {
  if (!hasType(x)) return false;
  const m = x as Record<string, unknown>;
  switch (x.type as ToTracer['type']) {
    case 'run':
      return typeof m.file === 'string' && (m.entry === null || typeof m.entry === 'string') && isRecord(m.args);
    case 'estimate':
      return typeof m.file === 'string' && typeof m.entry === 'string' && isRecord(m.args) && Number.isInteger(m.samples) && Number.isInteger(m.seed);
    case 'cancel':
      return m.message === undefined || typeof m.message === 'string';
    default:
      return false;
  }
}

// ───────────────────────────── language server ⇄ analysis worker ─────────────────────────────

/** A finding as it crosses a thread boundary: `fixable` is asked for separately (it costs a rewrite). */
export type WireFinding = Omit<import('./types').Finding, 'fixable'>;

/** Work the language server hands its analysis worker thread; `id` pairs the answer with the job. */
export type AnalysisJob =
  | {
      type: 'analyze'; id: number; fileName: string; text: string; options: import('./config').AnalyzeOptions;
      /** Analyse as part of the project (imports followed); false for documents that are not files. */
      project?: boolean;
      /** Open documents the thread has not seen at their current text (`null`: closed, the disk applies again). */
      overlay?: DocumentOverlay[];
      /** Files that changed on disk since the thread last heard (re-read by its project index). */
      changedOnDisk?: string[];
    }
  | { type: 'entries'; id: number; fileName: string; text: string; options: import('./config').AnalyzeOptions }
  | { type: 'fixes'; id: number; fileName: string; text: string; options: import('./config').AnalyzeOptions; finding: WireFinding }
  | { type: 'fix-all'; id: number; fileName: string; text: string; options: import('./config').AnalyzeOptions }
  | { type: 'inspect'; id: number; fileName: string; text: string; options: import('./config').AnalyzeOptions };

/** An open document's text as the analysis thread's project index sees it (`null`: closed). */
export interface DocumentOverlay {
  fileName: string;
  text: string | null;
}

/** A fix as the graph inspector shows it: the rewrite and the static graph after it. */
export interface InspectorFix {
  title: string;
  edits: import('./types').TextEdit[];
  after: TraceGraph;
}

/**
 * Notification from the VS Code client to the language server (`pathwise/didEstimate`): the estimator
 * lab ran on this version of the document; the hover of a finding adds the lines of its severed
 * parameters ("∂E[loss]/∂mu ≈ 0.43 ± 0.01; your code computes 0. …").
 */
export const DID_ESTIMATE = 'pathwise/didEstimate';

export interface DidEstimateParams {
  uri: string;
  version: number;
  summaries: import('./estimators/summary').ParamSummary[];
}

/** The parameters of the document requests (`pathwise/entries`, `pathwise/documentAnalysis`): `{ uri }`. */
export function isUriParams(x: unknown): x is { uri: string } {
  return isRecord(x) && typeof x.uri === 'string';
}

const optionalBoolean = (x: unknown) => x === undefined || typeof x === 'boolean';

/** True when `x` is well-formed {@link DidEstimateParams} (checked by the server before it keeps them). */
export function isDidEstimateParams(x: unknown): x is DidEstimateParams {
  return (
    isRecord(x) && typeof x.uri === 'string' && Number.isInteger(x.version) && Array.isArray(x.summaries) &&
    x.summaries.every((s: unknown) => isRecord(s) && typeof s.name === 'string' && typeof s.line === 'string' && optionalBoolean(s.tensor) && optionalBoolean(s.off))
  );
}

/** Answers of the analysis worker thread. */
export type FromAnalysisWorker =
  | {
      type: 'analyzed'; id: number; findings: WireFinding[]; syntaxErrors: number; skipped: string | null;
      /** Other project files the findings depend on, transitively (an edit to one re-analyses this file). */
      dependsOn?: string[];
    }
  | { type: 'entries'; id: number; entries: import('./entries/list').FileEntries }
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

/**
 * Request of the VS Code client (`pathwise/entries`, `{ uri }`): the document's gradient contexts as
 * traceable entries (the "Trace" CodeLens, the entry the inspector traces), computed on the server's
 * analysis thread like everything else; null when the document is not open or changed meanwhile.
 */
export const ENTRIES_REQUEST = 'pathwise/entries';

export type EntriesResult = { version: number; entries: import('./entries/list').FileEntries } | null;

const ANALYSIS_JOBS = new Set<AnalysisJob['type']>(['analyze', 'entries', 'fixes', 'fix-all', 'inspect']);
const FROM_ANALYSIS_WORKER = new Set<FromAnalysisWorker['type']>(['analyzed', 'entries', 'fixes', 'fix-all', 'inspected', 'failed']);

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

/** The `graph` message a `graph-json` text holds, or null when the text is not JSON of a well-formed one. */
export function graphFromJson(json: string): Extract<ToWebview, { type: 'graph' }> | null {
  let m: unknown;
  try {
    m = JSON.parse(json);
  } catch {
    return null;
  }
  return isToWebview(m) && m.type === 'graph' ? m : null;
}
