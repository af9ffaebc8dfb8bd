/**
 * Mermaid flowchart text for a TraceGraph: the picture of the background document, where edges that
 * carry gradient are solid, severed edges are dashed red and labelled `?` (μ ──?──> z), and discrete
 * (zero-gradient) edges are dotted. Used by the inspector webview and `pathwise trace --format mermaid`.
 *
 * Every user-derived string (identifiers, op names, values, function names) is written with mermaid
 * entity codes, so `<img src=x onerror=alert(1)>` becomes text, never markup or mermaid syntax.
 */
import { buildView, type ViewGraph, type ViewNode, type ViewOptions } from './layout';
import type { NodeValue, TraceGraph } from './model';
import { displayText } from './text';

export interface MermaidOptions extends ViewOptions {
  /** Original node ids to draw highlighted (e.g. the nodes of the cursor's line). */
  highlight?: string[];
}

/** Colours chosen to read on light, dark and high-contrast backgrounds alike. */
export const EDGE_COLOURS = { severed: '#e5484d', zero: '#8b8d98' } as const;

const CLASS_DEFS = [
  'classDef param stroke:#3b82f6,stroke-width:2px',
  'classDef input stroke:#8b8d98,stroke-width:1.5px',
  'classDef noise stroke:#a855f7,stroke-width:2px,stroke-dasharray:4 3',
  'classDef sample stroke:#f59e0b,stroke-width:2px',
  'classDef host stroke:#0ea5e9,stroke-width:2px',
  'classDef output stroke:#10b981,stroke-width:3px',
  'classDef summary stroke:#8b8d98,stroke-width:1px,stroke-dasharray:2 2',
  `classDef cut stroke:${EDGE_COLOURS.severed},stroke-width:3px`,
  'classDef hl stroke:#fbbf24,stroke-width:5px',
];

const KIND_CLASSES: ReadonlySet<string> = new Set(['param', 'input', 'noise', 'sample', 'host', 'output', 'summary']);

/** Flowchart text for `graph` (collapsed by default: loops folded, large groups contracted). */
export function toMermaid(graph: TraceGraph, opts: MermaidOptions = {}): string {
  return buildMermaid(graph, opts).text;
}

/** The flowchart text plus the drawn graph, whose node ids map mermaid nodes back to source nodes. */
export function buildMermaid(graph: TraceGraph, opts: MermaidOptions = {}): { text: string; view: ViewGraph; groups: string[] } {
  const view = buildView(graph, opts);
  const showValues = graph.runtime !== 'static';
  const highlight = new Set(opts.highlight ?? []);
  const cut = new Set(view.edges.filter((e) => e.kind === 'severed').map((e) => e.to));
  const lines: string[] = [
    `%% pathwise ${esc(graph.file ?? '')}: ${view.totalNodes} nodes, ${view.nodes.length} drawn${view.collapsed ? ' (collapsed)' : ''}`,
    'flowchart TB',
  ];

  const byGroup = new Map<string | null, ViewNode[]>();
  for (const v of view.nodes) {
    let list = byGroup.get(v.group);
    if (!list) byGroup.set(v.group, (list = []));
    list.push(v);
  }
  // groups[i] is the function drawn as subgraph `g{i}` (the webview folds/unfolds by it).
  const groups: string[] = [];
  for (const [group, members] of byGroup) {
    const indent = group === null ? '  ' : '    ';
    if (group !== null) {
      lines.push(`  subgraph g${groups.length}["${esc(clip(group, 60))}"]`);
      groups.push(group);
    }
    for (const v of members) lines.push(indent + nodeDecl(v, showValues));
    if (group !== null) lines.push('  end');
  }

  const styled: Record<'severed' | 'zero', number[]> = { severed: [], zero: [] };
  view.edges.forEach((e, i) => {
    if (e.kind === 'severed') lines.push(`  ${e.from} -.->|?| ${e.to}`);
    else if (e.kind === 'zero') lines.push(`  ${e.from} -.-> ${e.to}`);
    else lines.push(`  ${e.from} --> ${e.to}`);
    if (e.kind !== 'grad') styled[e.kind].push(i);
  });
  if (styled.severed.length) {
    lines.push(`  linkStyle ${styled.severed.join(',')} stroke:${EDGE_COLOURS.severed},stroke-width:2.5px,stroke-dasharray:7 5,color:${EDGE_COLOURS.severed}`);
  }
  if (styled.zero.length) {
    lines.push(`  linkStyle ${styled.zero.join(',')} stroke:${EDGE_COLOURS.zero},stroke-width:1.5px,stroke-dasharray:1 4`);
  }

  lines.push(...CLASS_DEFS.map((c) => `  ${c}`));
  const classes = new Map<string, string[]>();
  for (const v of view.nodes) {
    // Only the model's own kinds become class names: a kind is never written into the text as it came.
    const names = [v.kind !== 'op' && KIND_CLASSES.has(v.kind) ? v.kind : '', cut.has(v.id) ? 'cut' : ''];
    if (v.members.some((m) => highlight.has(m))) names.push('hl');
    for (const c of names.filter(Boolean)) {
      let list = classes.get(c);
      if (!list) classes.set(c, (list = []));
      list.push(v.id);
    }
  }
  // Later class statements win in mermaid: the kind colours first, then the severed mark, then the highlight.
  const rank = (c: string) => (c === 'hl' ? 2 : c === 'cut' ? 1 : 0);
  for (const [c, ids] of [...classes].sort((a, b) => rank(a[0]) - rank(b[0]))) lines.push(`  class ${ids.join(',')} ${c}`);
  return { text: lines.join('\n') + '\n', view, groups };
}

/** Node declaration with a shape per kind: params rounded, inputs/noise parallelogram, samples hexagon, loss framed. */
function nodeDecl(v: ViewNode, showValues: boolean): string {
  const text = nodeLabel(v, showValues);
  switch (v.kind) {
    case 'param':
      return `${v.id}("${text}")`;
    case 'input':
    case 'noise':
      return `${v.id}[/"${text}"/]`;
    case 'sample':
      return `${v.id}{{"${text}"}}`;
    case 'host':
      return `${v.id}[\\"${text}"\\]`;
    case 'output':
      return `${v.id}[["${text}"]]`;
    default:
      return `${v.id}["${text}"]`;
  }
}

/** Label lines: name (×iterations), op, value, ∂L = ∂loss/∂node, shape. */
export function nodeLabel(v: ViewNode, showValues: boolean): string {
  const title = `<b>${esc(clip(v.label || v.op || v.kind, 40))}</b>${v.repeat > 1 ? ` ×${v.repeat}` : ''}`;
  const parts = [title];
  const kindText = v.kind === 'noise' ? 'noise ε · input' : v.kind === 'op' ? v.op : v.op && v.op !== v.kind ? `${v.kind} · ${v.op}` : v.kind;
  if (kindText && kindText !== v.label) parts.push(`<i>${esc(clip(kindText, 40))}</i>`);
  // The shape gets its own line, so values and gradients of tensors leave it out (narrower nodes).
  const hasShape = Boolean(v.shape && v.shape.length);
  if (showValues && v.kind !== 'summary') {
    if (v.value !== null) parts.push(`= ${esc(formatValue(v.value, !hasShape))}`);
    parts.push(v.grad === null ? '∂L: none' : `∂L: ${esc(formatValue(v.grad, !hasShape))}`);
  }
  if (hasShape) parts.push(`shape [${esc(v.shape!.join('×'))}]`);
  return parts.join('<br>');
}

/**
 * Short, human form of a node value (4 significant digits). A tensor of one element is its number;
 * a larger one is summarised by shape and mean (`[4×2] mean 0.05`; the dtype only when not float32,
 * the shape only when `withShape`, i.e. when it is not shown beside it anyway).
 */
export function formatValue(v: NodeValue, withShape = true): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && Array.isArray(v.shape)) {
    const size = v.shape.reduce((a, b) => a * b, 1);
    const dtype = v.dtype && v.dtype !== 'float32' ? `${v.dtype} ` : '';
    if (size === 1 && Array.isArray(v.first) && typeof v.first[0] === 'number') return `${dtype}${formatNumber(v.first[0])}`;
    return `${dtype}${withShape ? `[${v.shape.join('×')}] ` : ''}mean ${formatNumber(v.mean)}`;
  }
  return String(v);
}

export function formatNumber(x: number): string {
  if (typeof x !== 'number') return String(x);
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function clip(s: string, max: number): string {
  return displayText(s, max);
}

/**
 * Escapes user text for a quoted mermaid label: every character outside a small safe set becomes a
 * numeric entity code (`#60;`), which mermaid turns into an HTML entity, i.e. text. Control characters
 * and line breaks become spaces. Unicode letters (μ, σ, ε, ∂) pass as they are.
 */
export function esc(s: string): string {
  let out = '';
  for (const ch of displayText(s, Number.MAX_SAFE_INTEGER)) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) out += ' ';
    else if (/[A-Za-z0-9 _.,:+\-=()/!?@$^~']/.test(ch) || (code >= 0xa0 && code !== 0x2028 && code !== 0x2029)) out += ch;
    else out += `#${code};`;
  }
  return out;
}
