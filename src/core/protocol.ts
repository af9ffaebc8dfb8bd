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
  | { state: 'done'; ms: number }
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
  /** Bundled, instrumented CommonJS code of the user's module. */
  code: string;
  /** Original file path (for locations, `require` resolution and messages). */
  file: string;
  entry: string | null;
  args: Record<string, unknown>;
  seed: number | null;
}

export type ToTracer = TraceRequest | { type: 'cancel' };

export type FromTracer =
  | { type: 'started'; pid: number }
  | { type: 'console'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'result'; graph: TraceGraph }
  | { type: 'error'; error: TraceError; graph: TraceGraph | null };

const TO_WEBVIEW = new Set<ToWebview['type']>(['graph', 'trace-state', 'highlight-line', 'theme-changed']);
const FROM_WEBVIEW = new Set<FromWebview['type']>(['ready', 'reveal', 'apply-fix', 'rerun', 'export']);
const FROM_TRACER = new Set<FromTracer['type']>(['started', 'console', 'result', 'error']);

function hasType(x: unknown): x is { type: string } {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}

/** True when `x` is a well-formed message for the webview. */
export function isToWebview(x: unknown): x is ToWebview {
  return hasType(x) && TO_WEBVIEW.has(x.type as ToWebview['type']);
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
