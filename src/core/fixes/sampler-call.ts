/**
 * Reads a sampler call against its catalogue row: which node carries the parameters, which
 * argument (or property) is which parameter, and the same expression with the parameters replaced
 * by constants (the user's own sampler turned into standard noise).
 */
import ts from 'typescript';
import type { SamplerEntry } from '../catalogue/types';
import { skipOuter } from './locate';

export interface SamplerCall {
  /** The whole sampling expression (`randomNormal(mu, s)()`, `tf.randomNormal(shape, m, s)`). */
  site: ts.Expression;
  /** The call whose arguments are the distribution parameters. */
  call: ts.CallExpression;
  entry: SamplerEntry;
  /** Per catalogue parameter, the expression given for it, or undefined when left out. */
  args: (ts.Expression | undefined)[];
  /** The shape argument (tfjs), when the row has one. */
  shape?: ts.Expression;
  /** True when `args` do not sit at the row's argument positions (d3 `randomUniform(max)`). */
  reshuffled?: boolean;
}

/** Matches a site node against its row; undefined when the call does not have the row's form. */
export function readSamplerCall(site: ts.Node, entry: SamplerEntry): SamplerCall | undefined {
  if (!ts.isExpression(site)) return undefined;
  const call = paramsCall(skipOuter(site), entry);
  if (!call) return undefined;
  const objectArg = call.arguments.find((a): a is ts.ObjectLiteralExpression => ts.isObjectLiteralExpression(skipOuter(a)));
  const args = entry.params.map((p) => {
    if (typeof p.arg === 'number') {
      const a = call.arguments[p.arg];
      return a && !ts.isSpreadElement(a) ? a : undefined;
    }
    if (!objectArg) return undefined;
    const prop = skipOuter(objectArg) as ts.ObjectLiteralExpression;
    for (const el of prop.properties) {
      if (ts.isPropertyAssignment(el) && propName(el.name) === p.arg) return el.initializer;
      if (ts.isShorthandPropertyAssignment(el) && el.name.text === p.arg) return el.name;
    }
    return undefined;
  });
  if (call.arguments.some((a) => ts.isSpreadElement(a))) return undefined;
  const shape = entry.shapeArg !== undefined ? call.arguments[entry.shapeArg] : undefined;
  const oneArgIsLast = ONE_ARG_IS_LAST.has(`${entry.library}:${entry.entry}`) && call.arguments.length === 1;
  if (oneArgIsLast) return { site: site as ts.Expression, call, entry, args: [undefined, call.arguments[0]], shape, reshuffled: true };
  let s = site as ts.Expression;
  if (returnsArray(entry, s)) {
    // `PD.rnorm(1, mu, sd)[0]`: the number is the indexed element; an un-indexed array has no rewrite.
    if (!ts.isElementAccessExpression(s.parent) || s.parent.expression !== s) return undefined;
    s = s.parent;
  }
  return { site: s, call, entry, args, shape };
}

/**
 * Samplers whose single argument is their last parameter: d3's `randomUniform(max)` draws from
 * [0, max). Their noise cannot come from the same call with constants substituted.
 */
const ONE_ARG_IS_LAST = new Set(['d3-random:randomUniform']);

/** Samplers that return an array of draws (`PD.rnorm(n, …)`, `gaussian(m, v).random(n)`). */
function returnsArray(entry: SamplerEntry, site: ts.Expression): boolean {
  if (entry.library === 'probability-distributions') return true;
  const e = skipOuter(site);
  return entry.library === 'gaussian' && ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'random';
}

function propName(n: ts.PropertyName): string | undefined {
  return ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) ? n.text : undefined;
}

/** For factories the inner call (`F(mu, s)` of `F(mu, s)()`); otherwise the first call evaluated in the chain. */
function paramsCall(site: ts.Expression, entry: SamplerEntry): ts.CallExpression | undefined {
  if (entry.form === 'factory') {
    // F(params)() or F(params).draw(…) (jStat.normal(m, s).sample(), gaussian(m, v).ppf(u)), maybe indexed.
    let e = site;
    while (ts.isElementAccessExpression(e)) e = skipOuter(e.expression);
    if (!ts.isCallExpression(e)) return undefined;
    let inner = skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(inner) && entry.draw?.includes(inner.name.text)) inner = skipOuter(inner.expression);
    return ts.isCallExpression(inner) ? inner : undefined;
  }
  let deepest: ts.CallExpression | undefined;
  for (let n: ts.Expression = site; ; ) {
    n = skipOuter(n);
    if (ts.isCallExpression(n)) {
      deepest = n;
      n = n.expression;
    } else if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) n = n.expression;
    else break;
  }
  return deepest;
}

/**
 * The site's text with every parameter replaced by `values[i]` (the noise of the user's own sampler).
 * Returns undefined when a left-out parameter's default differs from the wanted constant.
 * For rows with a shape argument (tfjs), trailing arguments equal to their defaults are dropped,
 * so `tf.randomNormal(s, m, sd)` gives `tf.randomNormal(s)`.
 */
export function standardizedText(sc: SamplerCall, values: number[], sf: ts.SourceFile): string | undefined {
  const { site, call, entry } = sc;
  if (sc.reshuffled) return undefined;
  const base = site.getStart(sf);
  const replacements: { start: number; end: number; text: string }[] = [];
  for (let i = 0; i < entry.params.length; i++) {
    const v = values[i];
    if (v === undefined) return undefined;
    const a = sc.args[i];
    if (!a) {
      if ((entry.params[i].default ?? NaN) !== v) return undefined;
      continue;
    }
    replacements.push({ start: a.getStart(sf), end: a.getEnd(), text: String(v) });
  }
  if (entry.shapeArg !== undefined) {
    // Drop trailing arguments that are parameters at their default value.
    let keep = call.arguments.length;
    while (keep > 0) {
      const idx = entry.params.findIndex((p) => p.arg === keep - 1);
      if (idx < 0 || entry.params[idx].default !== values[idx]) break;
      keep--;
    }
    if (keep < call.arguments.length) {
      const cut = keep === 0 ? call.arguments.pos : call.arguments[keep - 1].getEnd();
      const dropped = replacements.filter((r) => r.start < cut);
      dropped.push({ start: cut, end: call.arguments.end, text: '' });
      return splice(site.getText(sf), base, dropped);
    }
  }
  return splice(site.getText(sf), base, replacements);
}

function splice(text: string, base: number, reps: { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const r of [...reps].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start - base) + r.text + out.slice(r.end - base);
  return compact(out);
}

/**
 * The noise is a one-line draw: comments of a multi-line sampler call stay with the rewritten
 * sample (see keepComments), so they are dropped here and the call is put on one line.
 */
function compact(text: string): string {
  if (!/\n|\/\/|\/\*/.test(text)) return text;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  let out = '';
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.SingleLineCommentTrivia || k === ts.SyntaxKind.MultiLineCommentTrivia) continue;
    out += scanner.getTokenText();
  }
  return out
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\s+,/g, ',')
    .replace(/([([{])\s+/g, '$1')
    .replace(/,?\s*([)\]}])/g, '$1');
}
