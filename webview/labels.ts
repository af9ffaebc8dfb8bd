/**
 * What a drawn box says, line by line: a node's name (the source expression, variable, or layer/weight
 * name) with its loop count, its op, value and gradient summaries (shape, mean, min, max, norm), and a
 * closed group's kind, name and size. Every string passes `displayText` (bidi neutralised, clipped).
 */
import { formatNumber } from '../src/core/graph/mermaid';
import { displayText, formatCount } from '../src/core/graph/text';
import type { NodeValue, TensorSummary } from '../src/core/graph/model';
import type { HGroup, HNode } from '../src/core/graph/hierarchy';

export interface Line { text: string; cls: 'title' | 'op' | 'value' | 'grad' | 'shape' | 'meta' }

/** Font size of box text in CSS px at 100 %: legible (≥ 11 px) without zooming. */
export const FONT = 12;
export const LINE_H = 16;
export const PAD_X = 9;
export const PAD_Y = 6;

/** Kind names people read (group entries are written `kind:name`). */
const GROUP_KIND: Record<string, string> = { model: 'model', layer: 'layer', module: 'module', fn: 'function', chunk: 'ops', scope: 'scope' };

export function nodeLines(n: HNode, showValues: boolean): Line[] {
  const name = displayText(n.label || n.op || n.kind) + (n.repeat > 1 ? ` ×${n.repeat}` : '');
  const lines: Line[] = [{ text: name, cls: 'title' }];
  const kind = n.kind === 'noise' ? 'noise ε · input' : n.kind === 'op' ? n.op : n.op && n.op !== n.kind ? `${n.kind} · ${n.op}` : n.kind;
  if (kind && kind !== n.label) lines.push({ text: displayText(kind, 40), cls: 'op' });
  const shape = shapeOf(n);
  if (shape) lines.push({ text: `shape [${displayText(shape.join('×'), 40)}]`, cls: 'shape' });
  if (showValues) {
    if (n.value !== null) lines.push({ text: `= ${valueText(n.value)}`, cls: 'value' });
    lines.push({ text: n.grad === null ? '∂L: none' : `∂L ${valueText(n.grad)}`, cls: 'grad' });
  }
  return lines;
}

export function groupLines(g: HGroup, count: number): Line[] {
  const kind = GROUP_KIND[g.kind] ?? displayText(g.kind, 16);
  return [
    { text: `▸ ${displayText(g.name || kind)}`, cls: 'title' },
    { text: `${kind} · ${formatCount(count)} node${count === 1 ? '' : 's'}`, cls: 'meta' },
  ];
}

/** Title of an open group's frame. */
export function groupTitle(g: HGroup): string {
  const kind = GROUP_KIND[g.kind] ?? displayText(g.kind, 16);
  return `▾ ${kind} ${displayText(g.name, 60)} · ${formatCount(g.size)}`;
}

/**
 * One line for a value: a number, or a tensor's mean, range and norm (`μ 0.05 [-1, 2] ‖3.4‖`);
 * non-finite numbers are written as they are (NaN, Infinity), never dropped.
 */
export function valueText(v: NodeValue): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (isTensor(v)) {
    const size = v.shape.reduce((a, b) => a * (Number(b) || 0), 1);
    if (size === 1 && typeof v.first?.[0] === 'number') return formatNumber(v.first[0]);
    const norm = typeof v.norm === 'number' ? ` ‖${formatNumber(v.norm)}‖` : '';
    return `μ ${formatNumber(v.mean)} [${formatNumber(v.min)}, ${formatNumber(v.max)}]${norm}`;
  }
  return displayText(String(v), 40);
}

export function isTensor(v: unknown): v is TensorSummary {
  return typeof v === 'object' && v !== null && Array.isArray((v as TensorSummary).shape);
}

function shapeOf(n: HNode): number[] | null {
  if (n.shape && n.shape.length) return n.shape;
  if (isTensor(n.value) && n.value.shape.length) return n.value.shape;
  return null;
}

let ctx: CanvasRenderingContext2D | null = null;
const widths = new Map<string, number>();
/** Advance width of single characters by font (`b` + font for the bold titles). */
const advances = new Map<string, Map<string, number>>();
/**
 * Text whose width is the sum of its characters' advances, to within a pixel: Latin, Greek and the
 * symbols the labels use, without combining marks or scripts that shape their letters together.
 */
const SIMPLE = /^[\u0020-\u024F\u0370-\u03FF\u2010-\u2027\u2030-\u205E\u2190-\u22FF]*$/;

function measured(text: string, bold: boolean, font: string): number {
  if (!ctx) ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return text.length * FONT * 0.6;
  const f = `${bold ? '600 ' : ''}${FONT}px ${font}`;
  if (ctx.font !== f) ctx.font = f;
  return ctx.measureText(text).width;
}

/**
 * Text width in px at the box font: canvas measure, cached per string; simple text as the sum of
 * its characters' measured advances (thousands of distinct value lines cost a few dozen canvas
 * calls, not one each), plus a pixel for kerning. An estimate where canvas is missing.
 */
export function textWidth(text: string, bold: boolean, font: string): number {
  const key = `${bold ? 'b' : ''}${text}`;
  const hit = widths.get(key);
  if (hit !== undefined) return hit;
  let w: number;
  if (text.length > 3 && SIMPLE.test(text)) {
    const fk = `${bold ? 'b' : ''}${font}`;
    let adv = advances.get(fk);
    if (!adv) advances.set(fk, (adv = new Map()));
    w = 1;
    for (const ch of text) {
      let a = adv.get(ch);
      if (a === undefined) adv.set(ch, (a = measured(ch, bold, font)));
      w += a;
    }
  } else w = measured(text, bold, font);
  if (widths.size > 50_000) widths.clear();
  widths.set(key, w);
  return w;
}

/** Box size for some lines. */
export function boxSize(lines: Line[], font: string): { w: number; h: number } {
  const w = Math.max(...lines.map((l) => textWidth(l.text, l.cls === 'title', font)));
  return { w: Math.ceil(Math.max(56, w) + 2 * PAD_X), h: lines.length * LINE_H + 2 * PAD_Y };
}
