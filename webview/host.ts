/**
 * The page's link to its host: the VS Code extension through `acquireVsCodeApi()`, or nothing (the
 * standalone HTML page of `pathwise trace --format html`, whose data is inlined and whose exports are
 * downloads). Outgoing messages are the typed `FromWebview` union.
 */
import type { FromWebview, PanelFix } from '../src/core/protocol';
import type { TraceGraph } from '../src/core/graph/model';
import { isTraceGraph } from '../src/core/protocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi | null = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;

/** True inside VS Code (or a test page that provides `acquireVsCodeApi`). */
export const inVsCode = api !== null;

/** Sends a message to the extension (no-op standalone, except exports which become downloads). */
export function post(msg: FromWebview): void {
  if (api) {
    api.postMessage(msg);
    return;
  }
  if (msg.type === 'export') download(msg.format, msg.content);
}

/** Remembers what the panel showed, so the serializer can restore it after a reload. */
export function saveState(state: { file: string }): void {
  mergeState(state);
}

/** The panel's view preferences, kept in its state: the webview is rebuilt whenever it is shown again. */
export interface Preferences {
  /** Whether the overview map is shown (the person can hide it: it lies over the drawing's corner). */
  overview?: boolean;
}

/** A view preference as last saved, if any. */
export function preference<K extends keyof Preferences>(key: K): Preferences[K] {
  return (savedState() as Preferences)[key];
}

/** Saves a view preference beside the rest of the panel's state. */
export function savePreference<K extends keyof Preferences>(key: K, value: Preferences[K]): void {
  mergeState({ [key]: value });
}

/** Saves `patch` over the panel's state, keeping what it does not name. */
function mergeState(patch: Record<string, unknown>): void {
  api?.setState({ ...savedState(), ...patch });
}

function savedState(): Record<string, unknown> {
  const s = api?.getState();
  return s && typeof s === 'object' ? (s as Record<string, unknown>) : {};
}

/** Data inlined by the standalone page, validated like any message. */
export function inlineData(): { file: string; graph: TraceGraph; fixes: PanelFix[] } | null {
  const el = document.getElementById('pathwise-data');
  if (!el?.textContent) return null;
  try {
    const d = JSON.parse(el.textContent) as { file?: unknown; graph?: unknown };
    if (typeof d.file === 'string' && isTraceGraph(d.graph)) return { file: d.file, graph: d.graph, fixes: [] };
  } catch {
    // fall through: a broken data block shows the empty state
  }
  return null;
}

function download(format: 'svg' | 'mermaid' | 'json', content: string): void {
  const types = { svg: 'image/svg+xml', mermaid: 'text/plain', json: 'application/json' } as const;
  const ext = { svg: 'svg', mermaid: 'mmd', json: 'json' } as const;
  const url = URL.createObjectURL(new Blob([content], { type: types[format] }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `pathwise-graph.${ext[format]}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
