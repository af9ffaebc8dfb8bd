/**
 * Builds the reparameterization fix of one sampler call: noise declaration + deterministic
 * replacement, for plain numbers and for tfjs (with host round trips lifted into tensor ops).
 */
import ts from 'typescript';
import type { TextEdit } from '../types';
import { isTensor, num, printPlain, printTensor, PREC, raw, fn, div, type Expr, type TensorStyle } from './expr';
import { liftNumber, type LiftMode } from './lift';
import { freshName, isAssignment, namesInFile, placementFor, precOf, skipOuter } from './locate';
import { declareAndReplace } from './place';
import { siblingNoise, type NoiseDraw } from './noise';
import { standardizedText, type SamplerCall } from './sampler-call';
import type { RewriteRow } from './table';
import { tensorStyle } from './tensor-style';

/** Noise names per kind: `eps` for N(0, 1), `u` for U(0, 1). */
const NOISE_NAME = { normal: 'eps', uniform: 'u' } as const;
const NOISE_LAW = { normal: 'N(0, 1)', uniform: 'U(0, 1)' } as const;

/** Parameter expressions in the row's role order, or undefined when one is missing without default. */
function paramExprs(sc: SamplerCall, row: RewriteRow, lift: (a: ts.Expression) => Expr, sf: ts.SourceFile): Expr[] | undefined {
  const out: Expr[] = [];
  const used = new Set<number>();
  for (let i = 0; i < row.roles.length; i++) {
    const role = row.roles[i];
    let idx = sc.entry.params.findIndex((p, j) => !used.has(j) && role.aliases.includes(p.name.toLowerCase()));
    if (idx < 0 && !used.has(i) && i < sc.entry.params.length && !row.roles.some((r) => r.aliases.includes(sc.entry.params[i].name.toLowerCase()))) {
      idx = i;
    }
    if (idx >= 0) used.add(idx);
    const arg = idx >= 0 ? sc.args[idx] : undefined;
    if (arg) out.push(lift(arg));
    else {
      const d = idx >= 0 ? (sc.entry.params[idx].default ?? role.default) : role.default;
      if (d === undefined) return undefined;
      out.push(num(d));
    }
  }
  void sf;
  // Libraries that take the variance or the precision instead of the standard deviation.
  if (row.roles[1]?.role === 'scale' && sc.entry.scale === 'variance') out[1] = fn('sqrt', out[1]);
  if (row.roles[1]?.role === 'scale' && sc.entry.scale === 'precision') out[1] = div(num(1), fn('sqrt', out[1]));
  return out;
}

/**
 * The precedence an expression needs to replace `site` without parentheses: call arguments,
 * initializers and statements take anything; a binary operand needs its operator's level
 * (one more on the right, since + - * / associate to the left).
 */
export function requiredPrec(site: ts.Node): number {
  const p = site.parent;
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    if (op === ts.SyntaxKind.CommaToken) return PREC.assign;
    if (isAssignment(op)) return p.right === site ? PREC.assign : PREC.postfix;
    const level = precOf(p);
    if (level === PREC.exp) return p.left === site ? PREC.postfix : PREC.exp;
    return p.left === site ? level : level + 1;
  }
  if (ts.isPrefixUnaryExpression(p) || ts.isAwaitExpression(p) || ts.isTypeOfExpression(p) || ts.isVoidExpression(p)) return PREC.unary;
  if (ts.isConditionalExpression(p)) return p.condition === site ? PREC.or : PREC.assign;
  if (
    ts.isVariableDeclaration(p) ||
    ts.isReturnStatement(p) ||
    ts.isExpressionStatement(p) ||
    ts.isParenthesizedExpression(p) ||
    ts.isArrowFunction(p) ||
    ts.isPropertyAssignment(p) ||
    ts.isArrayLiteralExpression(p) ||
    ts.isTemplateSpan(p) ||
    ts.isSpreadElement(p) ||
    (ts.isCallExpression(p) && p.arguments.includes(site as ts.Expression)) ||
    (ts.isNewExpression(p) && p.arguments !== undefined && p.arguments.includes(site as ts.Expression))
  ) {
    return PREC.assign;
  }
  return PREC.postfix;
}

function countLeaf(e: Expr, name: string): number {
  switch (e.k) {
    case 'raw':
      return e.text === name ? 1 : 0;
    case 'num':
      return 0;
    case 'bin':
      return countLeaf(e.l, name) + countLeaf(e.r, name);
    case 'neg':
      return countLeaf(e.e, name);
    case 'fn':
      return e.args.reduce((s, a) => s + countLeaf(a, name), 0);
  }
}

export interface RewriteOptions {
  frontend: 'plain' | 'tfjs';
  mode: LiftMode;
}

/**
 * The fix for one sampler call, or undefined when this call cannot be rewritten (a parameter that
 * cannot be lifted, no way to draw the noise). `title` lacks the safety suffix; the caller adds it.
 */
export function rewriteSampler(
  sc: SamplerCall,
  row: RewriteRow,
  sf: ts.SourceFile,
  opts: RewriteOptions,
): { edits: TextEdit[]; title: string; widened: boolean; roundTrips: number } | undefined {
  let widened = false;
  let roundTrips = 0;
  const tfjs = opts.frontend === 'tfjs';
  const lift = (a: ts.Expression): Expr => {
    // Literal arguments become numbers so the templates fold them (loc 0, scale 1 vanish).
    const lit = literalValue(a);
    if (lit !== undefined) return num(lit);
    if (!tfjs) return raw(a.getText(sf), precOf(a), false);
    const l = liftNumber(a, sf, opts.mode);
    widened ||= l.widened;
    roundTrips += l.roundTrips;
    return l.expr;
  };
  const params = paramExprs(sc, row, lift, sf);
  if (!params) return undefined;

  const taken = namesInFile(sf);
  const name = freshName(NOISE_NAME[row.noise], taken);
  let noise: NoiseDraw | undefined;
  const std = row.standardize ? standardizedText(sc, row.standardize, sf) : undefined;
  if (std !== undefined) noise = { text: std, edits: [] };
  else noise = siblingNoise(sc, row.noise, sf, taken);
  if (!noise && row.family === 'lognormal') {
    // Fall back on the user's own lognormal sampler: log of LogNormal(0, 1) is N(0, 1).
    const w = standardizedText(sc, [0, 1], sf);
    if (w !== undefined) noise = { text: tfjs ? `${w}.log()` : `Math.log(${w})`, edits: [] };
  }
  if (!noise) return undefined;

  const style: TensorStyle = tfjs ? tensorStyle(sc, sf) : { style: 'function', ns: null };
  const print = (e: Expr) => (tfjs ? printTensor(e, style) : printPlain(e));
  let placement = placementFor(sc.site, sf);
  // `const h = f(x), z = tf.randomNormal(h.shape, …)`: the noise needs `h`, so it cannot go first.
  if ((placement.kind === 'before' || placement.kind === 'wrap') && declaredNames(placement.stmt).some((n) => noise!.text.split(/[^\w$]+/).includes(n))) {
    placement = { kind: 'inline' };
  }
  const inline = placement.kind === 'inline';
  const leaf = inline ? raw(noise.text, PREC.postfix, tfjs) : raw(name, PREC.atom, tfjs);
  const z = row.template(params, leaf);
  if (inline && countLeaf(z, noise.text) > 1) return undefined;
  if (tfjs && !isTensor(z)) return undefined;
  // tfjs samplers take numbers: a rewrite that keeps number parameters would leave the path cut.
  if (tfjs && roundTrips === 0) return undefined;
  const printed = print(z);
  const replaced = printed.prec < requiredPrec(sc.site) ? `(${printed.text})` : printed.text;
  const replacement = keepComments(sf.text.slice(sc.site.getStart(sf), sc.site.getEnd()), replaced);

  const edits = [...noise.edits, ...declareAndReplace(sf, sc.site, placement, inline ? [] : [`const ${name} = ${noise.text};`], replacement)];
  const law = NOISE_LAW[row.noise];
  // Titles use math notation (short) whatever the frontend; the edit itself has the tensor ops.
  const formula = printPlain(z).text;
  // A long noise expression (tfjs shapes, seeded sources) is left to the preview, not the title.
  const draw = noise.text.length <= 40 ? `${name} = ${noise.text} ~ ${law}` : `${name} ~ ${law}`;
  const title = inline ? `${formula}, with ${law} noise` : `${formula}, with ${draw}`;
  return { edits, title, widened, roundTrips };
}


/** The value of a numeric literal argument (`0`, `-1`, `0.5`), or undefined. */
function literalValue(a: ts.Expression): number | undefined {
  const e = skipOuter(a);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  return undefined;
}

/** Names a variable statement declares (destructuring included); none for other statements. */
function declaredNames(stmt: ts.Statement): string[] {
  if (!ts.isVariableStatement(stmt)) return [];
  const out: string[] = [];
  const collect = (n: ts.BindingName): void => {
    if (ts.isIdentifier(n)) out.push(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) collect(el.name);
  };
  stmt.declarationList.declarations.forEach((d) => collect(d.name));
  return out;
}

/**
 * Comments written inside the replaced sampler call (`randomNormal(mu /* prior mean *\/, s)()`)
 * that the rewrite did not carry over are appended after it as block comments, so none is lost.
 */
export function keepComments(original: string, replacement: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, original);
  const lost: string[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k !== ts.SyntaxKind.SingleLineCommentTrivia && k !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const text = scanner.getTokenText();
    if (replacement.includes(text)) continue;
    lost.push(k === ts.SyntaxKind.SingleLineCommentTrivia ? `/* ${text.slice(2).trim().replace(/\*\//g, '* /')} */` : text);
  }
  return lost.length > 0 ? `${replacement} ${lost.join(' ')}` : replacement;
}
