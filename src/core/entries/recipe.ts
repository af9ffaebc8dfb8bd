/**
 * Inputs for tensor parameters without a default: a shape read from the module's own data — a
 * top-level constant of the same declared tensor type (`const data = tf.randomNormal([BATCH, INPUT])
 * as tf.Tensor2D` for `x: tf.Tensor2D`) — with the shape's numbers folded from top-level constants.
 * The tracer builds the input as standard-normal noise of that shape, seeded like every other draw.
 */
import ts from 'typescript';

/** How to build one tensor input: `{ "$tensor": { "shape": [8, 4] } }` in the trace arguments. */
export interface TensorRecipe {
  shape: number[];
  /** The module constant the shape was read from (shown to the user). */
  like?: string;
}

/** Creators whose first argument is the shape. */
const SHAPED = new Set(['randomNormal', 'randomUniform', 'truncatedNormal', 'randomStandardNormal', 'randomGamma', 'zeros', 'ones', 'fill']);
/** Creators from nested array literals. */
const LITERAL = /^tensor[1-6]?d?$/;

/** Initializers of the top-level `const`s, by name. */
export function moduleConstants(sf: ts.SourceFile): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) out.set(d.name.text, d.initializer);
  }
  return out;
}

/** A recipe for a parameter of declared type `type`, or null when the module does not show a shape. */
export function inferTensorRecipe(type: string, sf: ts.SourceFile, constants: Map<string, ts.Expression>): TensorRecipe | null {
  const want = norm(type);
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.initializer) continue;
      let init = d.initializer;
      let declared = d.type ? norm(d.type.getText(sf)) : null;
      while (ts.isAsExpression(init) || ts.isParenthesizedExpression(init)) {
        if (ts.isAsExpression(init)) declared ??= norm(init.type.getText(sf));
        init = init.expression;
      }
      if (declared !== want) continue;
      const shape = shapeOf(init, constants);
      if (shape) return { shape, like: d.name.text };
    }
  }
  return null;
}

function norm(type: string): string {
  return type.replace(/\s+/g, '').replace(/^tf\./, '');
}

/** Static shape of a tensor creation call (`tf.randomNormal([B, D])`, `tf.tensor2d([[1, 2]])`), or null. */
export function shapeOf(e: ts.Expression, constants: Map<string, ts.Expression>): number[] | null {
  if (!ts.isCallExpression(e)) return null;
  const c = e.expression;
  const name = ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? c.text : '';
  const first = e.arguments[0];
  if (!first) return null;
  if (SHAPED.has(name) && ts.isArrayLiteralExpression(first)) {
    const dims = first.elements.map((x) => evalNumber(x, constants, 0));
    return dims.every((d): d is number => d !== null && Number.isInteger(d) && d > 0) ? dims : null;
  }
  if (LITERAL.test(name)) {
    const explicit = e.arguments[1];
    if (explicit && ts.isArrayLiteralExpression(explicit)) return shapeOf(ts.factory.createCallExpression(ts.factory.createIdentifier('zeros'), undefined, [explicit]), constants);
    return nestedShape(first);
  }
  return null;
}

function nestedShape(e: ts.Expression): number[] | null {
  if (!ts.isArrayLiteralExpression(e)) return [];
  if (e.elements.length === 0) return null;
  const inner = nestedShape(e.elements[0]);
  return inner ? [e.elements.length, ...inner] : null;
}

/** Folds `8`, `BATCH`, `2 * LATENT` from top-level constants; null when it is not a constant number. */
export function evalNumber(e: ts.Expression, constants: Map<string, ts.Expression>, depth: number): number | null {
  if (depth > 8) return null;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isParenthesizedExpression(e)) return evalNumber(e.expression, constants, depth + 1);
  if (ts.isIdentifier(e)) {
    const init = constants.get(e.text);
    return init ? evalNumber(init, constants, depth + 1) : null;
  }
  if (ts.isBinaryExpression(e)) {
    const a = evalNumber(e.left, constants, depth + 1);
    const b = evalNumber(e.right, constants, depth + 1);
    if (a === null || b === null) return null;
    switch (e.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return a + b;
      case ts.SyntaxKind.MinusToken:
        return a - b;
      case ts.SyntaxKind.AsteriskToken:
        return a * b;
      case ts.SyntaxKind.SlashToken:
        return a / b;
      default:
        return null;
    }
  }
  return null;
}
