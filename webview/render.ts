/**
 * Draws a TraceGraph with mermaid (`startOnLoad: false`, `securityLevel: 'strict'`, no eval) and
 * wires the drawn nodes back to source nodes: click → reveal, cursor line → highlight, search → mark.
 */
import mermaid from 'mermaid';
import { buildMermaid } from '../src/core/graph/mermaid';
import type { ViewGraph, ViewNode } from '../src/core/graph/layout';
import type { TraceGraph } from '../src/core/graph/model';
import { mermaidThemeVariables, type Palette } from './theme';

/**
 * Limits raised deliberately: the collapsed view stays far below them, and the full view (on request)
 * must draw instead of failing with mermaid's defaults (500 edges, 50,000 characters).
 */
export const MERMAID_LIMITS = { maxEdges: 50_000, maxTextSize: 10_000_000 } as const;

export interface Drawn {
  svg: SVGSVGElement;
  view: ViewGraph;
  text: string;
  /** Drawn node element per view node id. */
  elements: Map<string, Element>;
  /** Function name per drawn subgraph (cluster) element. */
  clusters: Map<Element, string>;
}

/** Which function groups the person unfolded or folded by clicking. */
export interface GroupChoices {
  expand: Set<string>;
  fold: Set<string>;
}

let renders = 0;

/** Renders `graph` into `container`; resolves with the SVG and the view↔element map. */
export async function drawGraph(container: HTMLElement, graph: TraceGraph, palette: Palette, full: boolean, choices: GroupChoices): Promise<Drawn> {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'base',
    themeVariables: mermaidThemeVariables(palette),
    fontFamily: palette.font,
    ...MERMAID_LIMITS,
    flowchart: { htmlLabels: true, useMaxWidth: false, curve: 'basis', nodeSpacing: 36, rankSpacing: 48, padding: 10 },
  });
  const { text, view, groups } = buildMermaid(graph, { collapse: !full, expand: [...choices.expand], fold: [...choices.fold] });
  const id = `pw-graph-${++renders}`;
  const { svg } = await mermaid.render(id, text);
  // mermaid's output is sanitised (strict) and built from escaped labels only.
  container.innerHTML = svg;
  const el = container.querySelector('svg') as SVGSVGElement;
  // The `?` of a severed edge must be impossible to miss.
  for (const label of el.querySelectorAll('g.edgeLabel')) {
    if (label.textContent?.trim() === '?') label.classList.add('pw-q');
  }
  const elements = new Map<string, Element>();
  for (const g of el.querySelectorAll('g.node')) {
    const m = /flowchart-(n\d+)-\d+$/.exec(g.id);
    if (m) elements.set(m[1], g);
  }
  const clusters = new Map<Element, string>();
  for (const c of el.querySelectorAll('g.cluster')) {
    const m = /-g(\d+)$/.exec(c.id);
    if (m && groups[Number(m[1])] !== undefined) clusters.set(c, groups[Number(m[1])]);
  }
  return { svg: el, view, text, elements, clusters };
}

/** Source range of a drawn node (1-based line/column), or null when it has none. */
export function rangeOf(v: ViewNode): { line: number; column: number; endLine: number; endColumn: number } | null {
  if (!v.loc) return null;
  const line = v.loc.line;
  const column = v.loc.column;
  return { line, column, endLine: v.loc.endLine ?? line, endColumn: v.loc.endColumn ?? column };
}

/** View nodes whose source range covers `line` (1-based). */
export function nodesOnLine(view: ViewGraph, line: number): ViewNode[] {
  return view.nodes.filter((v) => v.loc && v.kind !== 'summary' && v.loc.line <= line && line <= (v.loc.endLine ?? v.loc.line));
}

/** Sets `cls` on exactly the given nodes' elements. */
export function markNodes(d: Drawn, ids: Set<string>, cls: string): void {
  for (const [id, el] of d.elements) el.classList.toggle(cls, ids.has(id));
}

/** Loads mermaid's flowchart code while the extension is still analysing, so the first drawing is quicker. */
export function warmUp(): void {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'base', ...MERMAID_LIMITS });
  void mermaid.parse('flowchart TB\n  a --> b').catch(() => undefined);
}
