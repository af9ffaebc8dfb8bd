/**
 * How a trace starts a tfjs Layer's `call()` (the entry `ZLayer.call`): the constructor's arguments
 * (`$new`) and the input tensors, from the best evidence the module shows. Inputs, in order: the
 * shape of what the module feeds the layer (`new ZLayer().apply([zMean, zLogVar])`, followed back
 * through `tf.input({shape})`, tensor creators and `tf.layers.dense({units})`), a `batchInputShape`
 * or `inputShape` in its config, the declared tensor type of call()'s parameter; else the user is
 * asked (an input box prefilled with a suggestion). Open batch dimensions become {@link LAYER_BATCH}.
 */
import ts from 'typescript';
import { evalNumber, inferTensorRecipe, shapeOf, type TensorRecipe } from './recipe';

/** Batch size of an input whose shape leaves the batch open (`tf.input({shape: [4]})` gives [2, 4]). */
export const LAYER_BATCH = 2;
/** Shape suggested in the input box when the module shows none. */
const SUGGESTED_SHAPE = [LAYER_BATCH, 4];
/** Placeholder for a config property the constructor reads (`config.units`), prefilled in the input box. */
const CONFIG_PLACEHOLDER = 1;

/** Start of a Layer call() trace: arguments by name plus `$new`, what is missing, the input box's suggestion. */
export interface LayerStart {
  args: Record<string, unknown>;
  missing: string[];
  suggested: Record<string, unknown>;
}

type Constants = Map<string, ts.Expression>;
type Shape = number[];

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

/** The arguments a trace of `call` (a method of the Layer class `cls`) starts with. */
export function layerStart(call: ts.MethodDeclaration, cls: ts.ClassLikeDeclaration, sf: ts.SourceFile, constants: Constants): LayerStart {
  const sites = cls.name ? constructions(sf, cls.name.text) : [];
  const args: Record<string, unknown> = {};
  const suggested: Record<string, unknown> = {};
  const missing: string[] = [];

  const ctor = constructorArgs(cls, sites, constants);
  if (ctor.value) args.$new = suggested.$new = ctor.value;
  if (ctor.needs) {
    missing.push('$new');
    suggested.$new = [Object.fromEntries(ctor.needs.map((k) => [k, CONFIG_PLACEHOLDER]))];
  }

  const first = call.parameters[0];
  const inputName = first && ts.isIdentifier(first.name) ? first.name.text : null;
  if (!inputName) return { args, missing, suggested };
  const count = inputCount(call);
  const shapes = applyShapes(sites, constants) ?? configShape(cls, sites, constants, count);
  const input = shapes ? recipeValue(shapes) : declaredInput(first, sf, constants, count);
  if (input) args[inputName] = suggested[inputName] = input;
  else {
    missing.push(inputName);
    suggested[inputName] = recipeValue(count ? Array.from({ length: count }, () => SUGGESTED_SHAPE) : SUGGESTED_SHAPE);
  }
  return { args, missing, suggested };
}

/** `{ $tensor }` for one shape, an array of them for several inputs. */
function recipeValue(shapes: Shape | Shape[]): unknown {
  const one = (shape: Shape): { $tensor: TensorRecipe } => ({ $tensor: { shape } });
  return Array.isArray(shapes[0]) ? (shapes as Shape[]).map(one) : one(shapes as Shape);
}

/** Every `new Name(…)` of the file. */
function constructions(sf: ts.SourceFile, name: string): ts.NewExpression[] {
  const out: ts.NewExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * Constructor arguments: those of a `new` in the module when they are constants; else none when the
 * constructor can do without (no constructor, no or optional parameters), `[{}]` when it only hands
 * its config to `super`, and otherwise the config properties it reads, for the user to fill in.
 */
function constructorArgs(cls: ts.ClassLikeDeclaration, sites: ts.NewExpression[], c: Constants): { value?: unknown[]; needs?: string[] } {
  for (const s of sites) {
    const values = (s.arguments ?? []).map((a) => jsonValue(a, c));
    if (values.every((v) => v !== NOT_CONSTANT)) return values.length ? { value: values } : {};
  }
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  const p = ctor?.parameters[0];
  if (!ctor || !p || p.initializer || p.questionToken || p.dotDotDotToken) return {};
  const read = ts.isObjectBindingPattern(p.name) ? p.name.elements.map((e) => (e.propertyName ?? e.name).getText()) : propertiesRead(ctor, p.name.getText());
  return read.length ? { needs: read } : { value: [{}] };
}

/** Properties of `param` read in the constructor (`config.units`, `const { units } = config`). */
function propertiesRead(ctor: ts.ConstructorDeclaration, param: string): string[] {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === param) out.add(n.name.text);
    if (ts.isVariableDeclaration(n) && ts.isObjectBindingPattern(n.name) && n.initializer && ts.isIdentifier(n.initializer) && n.initializer.text === param) {
      for (const e of n.name.elements) out.add((e.propertyName ?? e.name).getText());
    }
    ts.forEachChild(n, visit);
  };
  if (ctor.body) visit(ctor.body);
  return [...out];
}

const NOT_CONSTANT = Symbol('not constant');

/** The JSON value of a constant expression (numbers folded from module constants), else NOT_CONSTANT. */
function jsonValue(e: ts.Expression, c: Constants): unknown {
  e = unwrap(e);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (e.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(e)) {
    const items = e.elements.map((x) => jsonValue(x, c));
    return items.includes(NOT_CONSTANT) ? NOT_CONSTANT : items;
  }
  if (ts.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = {};
    for (const p of e.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return NOT_CONSTANT;
      const v = jsonValue(p.initializer, c);
      if (v === NOT_CONSTANT) return NOT_CONSTANT;
      out[p.name.text] = v;
    }
    return out;
  }
  return evalNumber(e, c, 0) ?? NOT_CONSTANT;
}

/** Number of inputs when call() takes a list (`const [zMean, zLogVar] = inputs`, `inputs[1]`), else null. */
function inputCount(call: ts.MethodDeclaration): number | null {
  const p = call.parameters[0];
  if (!p) return null;
  if (ts.isArrayBindingPattern(p.name)) return p.name.elements.length;
  const name = p.name.getText();
  let destructured = 0;
  let indexed = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isArrayBindingPattern(n.name) && n.initializer && unwrap(n.initializer).getText() === name) destructured = Math.max(destructured, n.name.elements.length);
    if (ts.isElementAccessExpression(n) && n.expression.getText() === name && ts.isNumericLiteral(n.argumentExpression)) indexed = Math.max(indexed, Number(n.argumentExpression.text) + 1);
    ts.forEachChild(n, visit);
  };
  if (call.body) visit(call.body);
  // `Array.isArray(inputs) ? inputs[0] : inputs` takes one tensor as well as a list: one input.
  const count = Math.max(destructured, indexed > 1 ? indexed : 0);
  return count > 0 ? count : null;
}

/** Shapes of what the module feeds the layer: `new L().apply(x)` or `const l = new L(); l.apply([a, b])`. */
function applyShapes(sites: ts.NewExpression[], c: Constants): Shape | Shape[] | null {
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
function configShape(cls: ts.ClassLikeDeclaration, sites: ts.NewExpression[], c: Constants, count: number | null): Shape | Shape[] | null {
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

/** The declared tensor type of call()'s input (`inputs: tf.Tensor2D`) matched with module data of that type. */
function declaredInput(p: ts.ParameterDeclaration, sf: ts.SourceFile, c: Constants, count: number | null): { $tensor: TensorRecipe } | null {
  const recipe = p.type && !count ? inferTensorRecipe(p.type.getText(sf), sf, c) : null;
  return recipe ? { $tensor: recipe } : null;
}

function prop(o: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of o.properties) if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
  return undefined;
}

function calleeName(e: ts.Expression): string | null {
  return ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : null;
}

function unwrap(e: ts.Expression): ts.Expression {
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
