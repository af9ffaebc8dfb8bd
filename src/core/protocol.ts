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
  | { type: 'trace-state'; trace: TraceState }
  | { type: 'highlight-line'; line: number }
  | { type: 'theme-changed' };

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
export type ToTracer = TraceRequest | { type: 'cancel'; reason?: 'timeout' | 'cancelled'; message?: string };

export type FromTracer =
  | { type: 'started'; pid: number }
  /** The user's code is bundled and starts running now (the time limit counts from here). */
  | { type: 'running' }
  | { type: 'console'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'result'; graph: TraceGraph }
  | { type: 'error'; error: TraceError; graph: TraceGraph | null };

const TO_WEBVIEW = new Set<ToWebview['type']>(['graph', 'trace-state', 'highlight-line', 'theme-changed']);
const FROM_WEBVIEW = new Set<FromWebview['type']>(['ready', 'reveal', 'apply-fix', 'rerun', 'action', 'preview-fix', 'export']);
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
    case 'ready':
    case 'rerun':
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
  }
}

/** True when `x` is a well-formed request from the parent (checked by the child before it acts on it). */
export function isToTracer(x: unknown): x is ToTracer {
  if (!hasType(x)) return false;
  const m = x as Record<string, unknown>;
  switch (x.type as ToTracer['type']) {
    case 'run':
      return typeof m.file === 'string' && (m.entry === null || typeof m.entry === 'string') && isRecord(m.args);
    case 'cancel':
      return m.message === undefined || typeof m.message === 'string';
    default:
      return false;
  }
}
