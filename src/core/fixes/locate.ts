/**
 * Syntax helpers of the fix engine: finding the node of a finding, the statement a noise
 * declaration goes before, indentation, and fresh names that shadow nothing.
 */
import ts from 'typescript';
import { PREC } from './expr';

/** The outermost node spanning exactly [start, end) (ignoring leading trivia), or the smallest one containing it. */
export function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let exact: ts.Node | undefined;
  let containing: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (exact || n.pos > start || n.end < end) return; // cheap range test before getStart's trivia scan
    const s = n.getStart(sf);
    const e = n.getEnd();
    if (s > start || e < end) return;
    if (s === start && e === end) {
      exact = n;
      return;
    }
    containing = n;
    n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return exact ?? containing;
}

/** Strips parentheses, `as`/`!` and satisfies wrappers. */
export function skipOuter(n: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isNonNullExpression(n) || ts.isSatisfiesExpression(n)) n = n.expression;
  return n;
}

/** True for `=`, `+=` and the other assignment operators. */
export function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Precedence of a source expression, for deciding where the printer needs parentheses. */
export function precOf(n: ts.Expression): number {
  if (ts.isBinaryExpression(n)) {
    switch (n.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
      case ts.SyntaxKind.MinusToken:
        return PREC.add;
      case ts.SyntaxKind.AsteriskToken:
      case ts.SyntaxKind.SlashToken:
      case ts.SyntaxKind.PercentToken:
        return PREC.mul;
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return PREC.exp;
      case ts.SyntaxKind.CommaToken:
        return PREC.comma;
      case ts.SyntaxKind.AmpersandAmpersandToken:
        return PREC.and;
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
        return PREC.or;
      default:
        return isAssignment(n.operatorToken.kind) ? PREC.assign : PREC.rel;
    }
  }
  if (ts.isConditionalExpression(n) || ts.isArrowFunction(n) || ts.isYieldExpression(n)) return PREC.cond;
  if (ts.isPrefixUnaryExpression(n) || ts.isAwaitExpression(n) || ts.isTypeOfExpression(n) || ts.isVoidExpression(n)) return PREC.unary;
  if (ts.isAsExpression(n) || ts.isSatisfiesExpression(n)) return PREC.rel;
  if (ts.isNumericLiteral(n) && n.text.startsWith('-')) return PREC.unary;
  return PREC.atom;
}

/** Where the declaration of the noise goes. */
export type Placement =
  /** Before `stmt`, a statement of a block or the file, with its indentation. */
  | { kind: 'before'; stmt: ts.Statement; indent: string }
  /** `x => expr`: the body becomes `{ const eps = …; return expr; }`. */
  | { kind: 'arrow'; body: ts.Expression; indent: string }
  /** A single-statement body (`if (c) z = …;`): wrap it in braces. */
  | { kind: 'wrap'; stmt: ts.Statement; indent: string }
  /** Nowhere sensible (loop header, class field, default parameter): the noise stays inline. */
  | { kind: 'inline' };

const isBlockLike = (n: ts.Node): boolean =>
  ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n);

/** Decides where a noise draw used by `node` is declared. */
export function placementFor(node: ts.Node, sf: ts.SourceFile): Placement {
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n; child = n, n = n.parent) {
    if (ts.isArrowFunction(n) && n.body === child && !ts.isBlock(child)) {
      return { kind: 'arrow', body: n.body as ts.Expression, indent: lineIndent(sf, n.getStart(sf)) };
    }
    // Re-evaluated parts of loops: hoisting the draw out would reuse one noise value for every iteration.
    if ((ts.isForStatement(n) && child !== n.statement && child !== n.initializer) || (ts.isWhileStatement(n) && child === n.expression)) {
      return { kind: 'inline' };
    }
    if (ts.isDoStatement(n) && child === n.expression) return { kind: 'inline' };
    if (ts.isFunctionLike(n) || ts.isClassLike(n) || ts.isPropertyDeclaration(n) || ts.isParameter(n)) return { kind: 'inline' };
    if (ts.isStatement(n)) {
      if (n.parent && isBlockLike(n.parent)) return { kind: 'before', stmt: n, indent: lineIndent(sf, n.getStart(sf)) };
      if (n.parent && (ts.isIfStatement(n.parent) || ts.isIterationStatement(n.parent, false) || ts.isLabeledStatement(n.parent))) {
        return { kind: 'wrap', stmt: n, indent: lineIndent(sf, n.parent.getStart(sf)) };
      }
      return { kind: 'inline' };
    }
  }
  return { kind: 'inline' };
}

/** Leading whitespace of the line containing `pos`. */
export function lineIndent(sf: ts.SourceFile, pos: number): string {
  const text = sf.text;
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

const STYLE = new WeakMap<ts.SourceFile, { unit: string; nl: string }>();

function fileStyle(sf: ts.SourceFile): { unit: string; nl: string } {
  let st = STYLE.get(sf);
  if (!st) {
    let min = Infinity;
    let unit: string | undefined;
    for (const line of sf.text.split('\n')) {
      const m = /^( +|\t)\S/.exec(line);
      if (!m) continue;
      if (m[1] === '\t') {
        unit = '\t';
        break;
      }
      min = Math.min(min, m[1].length);
    }
    unit ??= min === Infinity || min > 8 ? '  ' : ' '.repeat(min);
    st = { unit, nl: sf.text.includes('\r\n') ? '\r\n' : '\n' };
    STYLE.set(sf, st);
  }
  return st;
}

/** The file's indentation unit: a tab, or the smallest positive run of leading spaces (default two). */
export function indentUnit(sf: ts.SourceFile): string {
  return fileStyle(sf).unit;
}

/** The file's line break. */
export function newline(sf: ts.SourceFile): string {
  return fileStyle(sf).nl;
}

/** Names already spelled in a file plus the fresh ones taken since. */
export interface TakenNames {
  has(name: string): boolean;
  add(name: string): void;
}

const NAMES = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/**
 * Every identifier spelled anywhere in the file: a fresh name avoids all of them, so it can shadow
 * nothing. The scan is cached per source file; names added later stay in the returned object.
 */
export function namesInFile(sf: ts.SourceFile): TakenNames {
  let names = NAMES.get(sf);
  if (!names) names = parserIdentifiers(sf);
  if (!names) {
    const out = new Set<string>();
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) out.add(n.text);
      n.forEachChild(visit);
    };
    visit(sf);
    NAMES.set(sf, out);
    names = out;
  }
  const base = names;
  const extra = new Set<string>();
  return { has: (n) => base.has(n) || extra.has(n), add: (n) => void extra.add(n) };
}

/**
 * The identifier texts the parser collected while reading the file (TypeScript keeps them on the
 * source file for its own unique-name generation; not in the public typings). Saves a walk of the
 * whole tree per analysis; undefined if a TypeScript version stops providing it.
 */
function parserIdentifiers(sf: ts.SourceFile): ReadonlySet<string> | undefined {
  const ids = (sf as unknown as { identifiers?: ReadonlyMap<string, string> }).identifiers;
  if (!(ids instanceof Map)) return undefined;
  const out = new Set<string>(ids.keys());
  NAMES.set(sf, out);
  return out;
}

/** `base`, `base2`, `base3`… the first not in `taken`; the result is added to `taken`. */
export function freshName(base: string, taken: TakenNames): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}
