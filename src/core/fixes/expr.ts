/**
 * A tiny expression language for the rewrite templates. One template per family is written once in
 * these nodes and printed twice: as plain number math (`Math.exp(mu + sigma * eps)`) and as tfjs
 * tensor ops (`tf.exp(tf.add(mu, tf.mul(sigma, eps)))` or `mu.add(sigma.mul(eps)).exp()`).
 */

/** Unary and binary math functions the templates use; each has a `Math.*` and a tfjs spelling. */
export type MathFn = 'exp' | 'log' | 'log1p' | 'sqrt' | 'pow' | 'tan' | 'sign' | 'abs' | 'tanh' | 'maximum' | 'minimum' | 'sigmoid';

/** Operator precedence levels (higher binds tighter), matching JavaScript. */
export const PREC = { comma: 1, assign: 2, cond: 3, or: 4, and: 5, rel: 10, add: 12, mul: 13, exp: 14, unary: 15, postfix: 18, atom: 20 } as const;

export type Expr =
  /** Source text kept as written, with its own precedence; `tensor` marks a tfjs tensor value. */
  | { k: 'raw'; text: string; prec: number; tensor: boolean }
  | { k: 'num'; v: number }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; l: Expr; r: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'fn'; name: MathFn; args: Expr[] };

export const raw = (text: string, prec: number = PREC.atom, tensor = false): Expr => ({ k: 'raw', text, prec, tensor });
export const num = (v: number): Expr => ({ k: 'num', v });
const isNum = (e: Expr, v: number): boolean => e.k === 'num' && e.v === v;

/** Builders that fold the trivial cases, so defaulted parameters (loc 0, scale 1) vanish from the output. */
export const add = (l: Expr, r: Expr): Expr => (isNum(l, 0) ? r : isNum(r, 0) ? l : { k: 'bin', op: '+', l, r });
export const sub = (l: Expr, r: Expr): Expr => (isNum(r, 0) ? l : isNum(l, 0) ? neg(r) : { k: 'bin', op: '-', l, r });
export const mul = (l: Expr, r: Expr): Expr => (isNum(l, 1) ? r : isNum(r, 1) ? l : { k: 'bin', op: '*', l, r });
export const div = (l: Expr, r: Expr): Expr => (isNum(r, 1) ? l : { k: 'bin', op: '/', l, r });
export const neg = (e: Expr): Expr => (e.k === 'num' ? num(-e.v) : e.k === 'neg' ? e.e : { k: 'neg', e });
export const fn = (name: MathFn, ...args: Expr[]): Expr => ({ k: 'fn', name, args });

/** True when the value of `e` is a tensor (some leaf is). */
export function isTensor(e: Expr): boolean {
  switch (e.k) {
    case 'raw':
      return e.tensor;
    case 'num':
      return false;
    case 'bin':
      return isTensor(e.l) || isTensor(e.r);
    case 'neg':
      return isTensor(e.e);
    case 'fn':
      return e.args.some(isTensor);
  }
}

/** Thrown when an expression cannot be printed in the requested frontend (the fix is then not offered). */
export class Unprintable extends Error {}

const BIN_PREC = { '+': PREC.add, '-': PREC.add, '*': PREC.mul, '/': PREC.mul } as const;

function wrap(text: string, prec: number, min: number): string {
  return prec < min ? `(${text})` : text;
}

/** Prints with plain number math. Returns the text and its precedence. */
export function printPlain(e: Expr): { text: string; prec: number } {
  switch (e.k) {
    case 'raw':
      return { text: e.text, prec: e.prec };
    case 'num':
      return e.v < 0 ? { text: String(e.v), prec: PREC.unary } : { text: String(e.v), prec: PREC.atom };
    case 'bin': {
      const p = BIN_PREC[e.op];
      const l = printPlain(e.l);
      const r = printPlain(e.r);
      return { text: `${wrap(l.text, l.prec, p)} ${e.op} ${wrap(r.text, r.prec, p + 1)}`, prec: p };
    }
    case 'neg': {
      const inner = printPlain(e.e);
      const t = wrap(inner.text, inner.prec, PREC.unary);
      return { text: t.startsWith('-') ? `-(${t})` : `-${t}`, prec: PREC.unary };
    }
    case 'fn': {
      if (e.name === 'sigmoid') return printPlain(div(num(1), add(num(1), fn('exp', neg(e.args[0])))));
      const name = e.name === 'maximum' ? 'max' : e.name === 'minimum' ? 'min' : e.name;
      return { text: `Math.${name}(${e.args.map((a) => printPlain(a).text).join(', ')})`, prec: PREC.postfix };
    }
  }
}

/** How tensor ops are spelled in the file being fixed. */
export interface TensorStyle {
  /** `function`: `tf.add(a, b)`; `method`: `a.add(b)`. */
  style: 'function' | 'method';
  /** Namespace expression for function-style ops (`tf`), or null when the file has none. */
  ns: string | null;
}

const TF_BIN = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' } as const;

/**
 * Prints with tfjs ops where a tensor is involved and plain math elsewhere (number-only
 * sub-expressions such as `b - a` stay numbers; tfjs ops accept numbers as operands).
 */
export function printTensor(e: Expr, st: TensorStyle): { text: string; prec: number } {
  if (!isTensor(e)) return printPlain(e);
  const fnStyle = st.style === 'function' && st.ns !== null;
  const arg = (x: Expr): string => printTensor(x, st).text;
  const recv = (x: Expr): string => {
    const p = printTensor(x, st);
    return wrap(p.text, p.prec, PREC.postfix);
  };
  const call = (op: string, args: Expr[]): { text: string; prec: number } => {
    if (fnStyle) return { text: `${st.ns}.${op}(${args.map(arg).join(', ')})`, prec: PREC.postfix };
    const [first, ...rest] = args;
    if (isTensor(first)) return { text: `${recv(first)}.${op}(${rest.map(arg).join(', ')})`, prec: PREC.postfix };
    if (st.ns !== null) return { text: `${st.ns}.${op}(${args.map(arg).join(', ')})`, prec: PREC.postfix };
    throw new Unprintable(`cannot print ${op} on a number receiver without a tfjs namespace`);
  };
  switch (e.k) {
    case 'raw':
      return { text: e.text, prec: e.prec };
    case 'num':
      return printPlain(e);
    case 'bin': {
      const op = TF_BIN[e.op];
      if (!fnStyle && !isTensor(e.l)) {
        // Method style needs a tensor receiver: commute, or rewrite a - t as t.neg().add(a).
        if (e.op === '+' || e.op === '*') return call(op, [e.r, e.l]);
        if (e.op === '-') return { text: `${recv(e.r)}.neg().add(${arg(e.l)})`, prec: PREC.postfix };
        return { text: `${recv(e.r)}.reciprocal().mul(${arg(e.l)})`, prec: PREC.postfix };
      }
      return call(op, [e.l, e.r]);
    }
    case 'neg':
      return call('neg', [e.e]);
    case 'fn':
      return call(e.name, e.args);
  }
}
