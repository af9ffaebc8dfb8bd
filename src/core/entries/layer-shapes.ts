/**
 * Static input shapes of a tfjs Layer from its module: what the module feeds it (`new L().apply(x)`,
 * followed back through variables, `tf.input({shape})`, tensor creators and the built-in layers of
 * {@link LAYER_SHAPES}) and the `batchInputShape`/`inputShape` of its config. Open batch
 * dimensions become {@link LAYER_BATCH}.
 */
import ts from 'typescript';
import { evalNumber, shapeOf } from './recipe';

/** Batch size of an input whose shape leaves the batch open (`tf.input({shape: [4]})` gives [2, 4]). */
export const LAYER_BATCH = 2;

/** A tensor shape. */
export type Shape = number[];
type Constants = Map<string, ts.Expression>;

/** Output shape of built-in layers from their config and their input's shape (a data table: the layers models feed custom layers from). */
const LAYER_SHAPES: Record<string, (config: ts.ObjectLiteralExpression | undefined, input: Shape | null, c: Constants) => Shape | null> = {
  dense: (config, input, c) => {
    const units = config && prop(config, 'units');
    const u = units ? evalNumber(units, c, 0) : null;
    return u === null ? null : [...(input ? input.slice(0, -1) : [LAYER_BATCH]), u];
  },
  dropout: (_config, input) => input,
  activation: (_config, input) => input,
  batchNormalization: (_config, input) => input,
  layerNormalization: (_config, input) => input,
};

/** Shapes of what the module feeds the layer: `new L().apply(x)` or `const l = new L(); l.apply([a, b])`. */
export function applyShapes(sites: ts.NewExpression[], c: Constants): Shape | Shape[] | null {
  for (const s of sites) {
    const holder = s.parent && ts.isVariableDeclaration(s.parent) && ts.isIdentifier(s.parent.name) ? s.parent.name.text : null;
    for (const arg of applyArguments(s, holder)) {
      const a = unwrap(arg);
      if (ts.isArrayLiteralExpression(a)) {
        const shapes = a.elements.map((x) => valueShape(x, c, 0));
        if (shapes.length && shapes.every((x): x is Shape => x !== null)) return shapes;
      } else {
        const shape = valueShape(a, c, 0);
        if (shape) return shape;
      }
    }
  }
  return null;
}

/** First arguments of the `.apply(…)` calls on the constructed layer (directly, or through the variable holding it). */
function applyArguments(site: ts.NewExpression, holder: string | null): ts.Expression[] {
  const out: ts.Expression[] = [];
  const direct = site.parent;
  if (ts.isPropertyAccessExpression(direct) && direct.name.text === 'apply' && ts.isCallExpression(direct.parent) && direct.parent.arguments[0]) out.push(direct.parent.arguments[0]);
  if (holder) {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'apply' && n.expression.expression.getText() === holder && n.arguments[0]) out.push(n.arguments[0]);
      ts.forEachChild(n, visit);
    };
    visit(site.getSourceFile());
  }
  return out;
}

/** Static shape of a value: a tensor creator, `tf.input({shape})`, a built-in layer's `apply`, or a variable holding one. */
function valueShape(e: ts.Expression, c: Constants, depth: number): Shape | null {
  if (depth > 12) return null;
  e = unwrap(e);
  if (ts.isIdentifier(e)) {
    const init = declarationOf(e);
    return init ? valueShape(init, c, depth + 1) : null;
  }
  if (!ts.isCallExpression(e)) return null;
  const created = shapeOf(e, c);
  if (created) return created;
  const callee = calleeName(e.expression);
  const config = e.arguments[0] && ts.isObjectLiteralExpression(unwrap(e.arguments[0])) ? (unwrap(e.arguments[0]) as ts.ObjectLiteralExpression) : undefined;
  if (callee === 'input' && config) return configDims(config, c);
  if (callee === 'apply' && ts.isPropertyAccessExpression(e.expression)) {
    const layer = unwrap(ts.isIdentifier(e.expression.expression) ? declarationOf(e.expression.expression) ?? e.expression.expression : e.expression.expression);
    const kind = ts.isCallExpression(layer) ? calleeName(layer.expression) : null;
    const rule = kind ? LAYER_SHAPES[kind] : undefined;
    if (!rule || !ts.isCallExpression(layer)) return null;
    const layerConfig = layer.arguments[0] && ts.isObjectLiteralExpression(layer.arguments[0]) ? layer.arguments[0] : undefined;
    return rule(layerConfig, e.arguments[0] ? valueShape(e.arguments[0], c, depth + 1) : null, c);
  }
  return null;
}

/** A `batchInputShape`/`batchShape` (open dimensions → LAYER_BATCH) or `inputShape`/`shape` (batch prepended) of a config. */
function configDims(config: ts.ObjectLiteralExpression, c: Constants): Shape | null {
  const dims = (e: ts.Expression | undefined): (number | null)[] | null => {
    const a = e && unwrap(e);
    if (!a || !ts.isArrayLiteralExpression(a)) return null;
    const out = a.elements.map((x) => (x.kind === ts.SyntaxKind.NullKeyword ? null : evalNumber(x, c, 0) ?? NaN));
    return out.every((d) => d === null || (Number.isInteger(d) && d > 0)) ? out : null;
  };
  const batch = dims(prop(config, 'batchInputShape') ?? prop(config, 'batchShape'));
  if (batch) return batch.map((d) => d ?? LAYER_BATCH);
  const one = dims(prop(config, 'inputShape') ?? prop(config, 'shape'));
  return one && one.every((d) => d !== null) ? [LAYER_BATCH, ...(one as number[])] : null;
}

/** The input shape in the layer's config: a `new L({inputShape})` of the module or the constructor's `super({…})`. */
export function configShape(cls: ts.ClassLikeDeclaration, sites: ts.NewExpression[], c: Constants, count: number | null): Shape | Shape[] | null {
  const configs = sites.map((s) => s.arguments?.[0]).filter((a): a is ts.Expression => !!a);
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  ctor?.body?.statements.forEach((st) => {
    const e = ts.isExpressionStatement(st) ? st.expression : null;
    if (e && ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.SuperKeyword && e.arguments[0]) configs.push(e.arguments[0]);
  });
  for (const a of configs) {
    const o = unwrap(a);
    const shape = ts.isObjectLiteralExpression(o) ? configDims(o, c) : null;
    if (shape) return count ? Array.from({ length: count }, () => shape) : shape;
  }
  return null;
}

function prop(o: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of o.properties) if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
  return undefined;
}

function calleeName(e: ts.Expression): string | null {
  return ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : null;
}

export function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/** Initializer of the nearest `const`/`let` declaration of `id` visible from it (same function first, then outer ones). */
function declarationOf(id: ts.Identifier): ts.Expression | undefined {
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    if (!(ts.isBlock(scope) || ts.isSourceFile(scope))) continue;
    for (const st of scope.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === id.text && d.initializer) return d.initializer;
    }
  }
  return undefined;
}
