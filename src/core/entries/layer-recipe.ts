/**
 * How a trace starts a tfjs Layer's `call()` (the entry `ZLayer.call`): the constructor's arguments
 * (`$new`) and the input tensors, from the best evidence the module shows. Inputs, in order: the
 * shape of what the module feeds the layer (`new ZLayer().apply([zMean, zLogVar])`, followed back
 * through `tf.input({shape})`, tensor creators and `tf.layers.dense({units})`), a `batchInputShape`
 * or `inputShape` in its config, the declared tensor type of call()'s parameter; else the user is
 * asked (an input box prefilled with a suggestion). Whether call() takes a list of inputs, and how
 * many, comes from call() (`const [zMean, zLogVar] = inputs`) or `computeOutputShape` (`return
 * inputShape[0]`). Shapes are read in layer-shapes.ts.
 */
import ts from 'typescript';
import { LAYER_BATCH, applyShapes, configShape, unwrap, type Shape } from './layer-shapes';
import { evalNumber, inferTensorRecipe, type TensorRecipe } from './recipe';

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
  const count = inputCount(call) ?? shapeListCount(cls);
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

/**
 * Number of inputs `computeOutputShape(inputShape)` takes when it treats `inputShape` as a list of
 * shapes — `return inputShape[0]`, `inputShape[1][0]`, `inputShape[0].length` — else null.
 */
function shapeListCount(cls: ts.ClassLikeDeclaration): number | null {
  const m = cls.members.find((x): x is ts.MethodDeclaration => ts.isMethodDeclaration(x) && x.name.getText() === 'computeOutputShape');
  const p = m?.parameters[0];
  if (!m?.body || !p || !ts.isIdentifier(p.name)) return null;
  const name = p.name.text;
  let count = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isElementAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name && ts.isNumericLiteral(n.argumentExpression)) {
      // A shape of its own: returned as the output shape, indexed again, or asked for its length.
      const up = n.parent;
      const asShape = ts.isReturnStatement(up) || (ts.isElementAccessExpression(up) && up.expression === n) || (ts.isPropertyAccessExpression(up) && up.name.text === 'length');
      if (asShape) count = Math.max(count, Number(n.argumentExpression.text) + 1);
    }
    ts.forEachChild(n, visit);
  };
  visit(m.body);
  return count > 0 ? count : null;
}

/** The declared tensor type of call()'s input (`inputs: tf.Tensor2D`) matched with module data of that type. */
function declaredInput(p: ts.ParameterDeclaration, sf: ts.SourceFile, c: Constants, count: number | null): { $tensor: TensorRecipe } | null {
  const recipe = p.type && !count ? inferTensorRecipe(p.type.getText(sf), sf, c) : null;
  return recipe ? { $tensor: recipe } : null;
}
