/**
 * Values of declarations seen from outside the function being evaluated, computed on demand and
 * memoised: imports and requires become module references (any import form: default, namespace,
 * named, aliased, `require`, destructured `require`, `import x = require()`), variables take the
 * union of their initializer and every assignment to them, `this.x` the union of its class's
 * field initializers and `this.x = …` assignments.
 */
import ts from 'typescript';
import { libraryOfGlobal, libraryOfModule } from '../catalogue/index';
import type { Engine } from './engine';
import { evalExpr, propOf } from './expressions';
import { findDeclaration } from './scope';
import { importValue } from './imported';
import { EMPTY, merge, type Value } from './value';

/** Module reference for an import/require specifier, or EMPTY for modules outside the catalogue. */
export function moduleValue(specifier: string, member?: string): Value {
  const m = libraryOfModule(specifier);
  if (!m) return EMPTY;
  return { ref: { lib: m.lib, path: member ? [...m.path, member] : m.path } };
}

/** The value an identifier has when nothing in the frame chain binds it. */
export function staticValue(e: Engine, decl: ts.Node): Value {
  const memo = e.staticMemo.get(decl);
  if (memo) return memo;
  if (e.staticBusy.has(decl)) return EMPTY;
  e.staticBusy.add(decl);
  let v: Value = EMPTY;
  try {
    v = e.outside(() => computeStatic(e, decl));
  } finally {
    e.staticBusy.delete(decl);
  }
  e.staticMemo.set(decl, v);
  return v;
}

function computeStatic(e: Engine, decl: ts.Node): Value {
  if (ts.isImportClause(decl)) return importValue(e, specifierOf(decl.parent), 'default', undefined, decl);
  if (ts.isNamespaceImport(decl)) return importValue(e, specifierOf(decl.parent.parent), 'namespace', undefined, decl);
  if (ts.isImportSpecifier(decl)) {
    return importValue(e, specifierOf(decl.parent.parent.parent), 'named', (decl.propertyName ?? decl.name).text, decl);
  }
  if (ts.isImportEqualsDeclaration(decl)) {
    const r = decl.moduleReference;
    return ts.isExternalModuleReference(r) && ts.isStringLiteral(r.expression) ? importValue(e, r.expression.text, 'namespace', undefined, decl) : EMPTY;
  }
  if (ts.isFunctionDeclaration(decl) || ts.isFunctionExpression(decl)) {
    return { fn: { node: decl, env: null, cls: classOf(decl) } };
  }
  if (ts.isVariableDeclaration(decl)) {
    let v = decl.initializer ? evalExpr(e, decl.initializer, null) : EMPTY;
    if (ts.isIdentifier(decl.name)) v = withAssignments(e, decl, decl.name.text, v);
    return v;
  }
  if (ts.isBindingElement(decl)) return bindingElementValue(e, decl);
  return EMPTY;
}

function specifierOf(d: ts.ImportDeclaration | ts.JSDocImportTag): string {
  return ts.isStringLiteral(d.moduleSpecifier) ? d.moduleSpecifier.text : '';
}

function classOf(n: ts.Node): ts.ClassLikeDeclaration | undefined {
  return n.parent && ts.isClassLike(n.parent) ? n.parent : undefined;
}

/** Joins the values of `name = expr` assignments that resolve to `decl`. */
function withAssignments(e: Engine, decl: ts.Node, name: string, v: Value): Value {
  const list = e.assignments.get(name);
  if (!list) return v;
  for (const rhs of list) {
    const lhs = (rhs.parent as ts.BinaryExpression).left;
    if (findDeclaration(name, lhs) !== decl) continue;
    v = merge(v, evalExpr(e, rhs, null));
  }
  return v;
}

/** `const { a: b } = src` / `const [x, y] = src`: the part of the source value the element binds. */
function bindingElementValue(e: Engine, el: ts.BindingElement): Value {
  const pattern = el.parent;
  const holder = pattern.parent;
  let src: Value = EMPTY;
  if (ts.isVariableDeclaration(holder)) src = holder.initializer ? evalExpr(e, holder.initializer, null) : EMPTY;
  else if (ts.isBindingElement(holder)) src = bindingElementValue(e, holder);
  if (ts.isObjectBindingPattern(pattern)) {
    const key = el.propertyName ?? el.name;
    const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
    return name ? propOf(e, src, name, el) : src;
  }
  const idx = pattern.elements.indexOf(el);
  return src.props?.get(String(idx)) ?? propOf(e, src, '[]', el);
}

/** Global names: library globals (`tf`, `jStat`, `chance`, `d3`) when the file does not declare them. */
export function globalValue(name: string): Value {
  const lib = libraryOfGlobal(name);
  return lib ? { ref: { lib, path: [] } } : EMPTY;
}

const classMembers = new WeakMap<ts.ClassLikeDeclaration, Map<string, ts.Node[]>>();

/** Field initializers, `this.x = …` right-hand sides and methods of a class, by member name. */
function membersOf(cls: ts.ClassLikeDeclaration): Map<string, ts.Node[]> {
  let m = classMembers.get(cls);
  if (m) return m;
  const map = new Map<string, ts.Node[]>();
  m = map;
  const add = (k: string, n: ts.Node) => map.set(k, [...(map.get(k) ?? []), n]);
  for (const mem of cls.members) {
    const name = mem.name && (ts.isIdentifier(mem.name) || ts.isPrivateIdentifier(mem.name)) ? mem.name.text : undefined;
    if (name && ts.isPropertyDeclaration(mem) && mem.initializer) add(name, mem.initializer);
    if (name && (ts.isMethodDeclaration(mem) || ts.isGetAccessor(mem))) add(name, mem);
    // `constructor(private mean: Tensor)`: `this.mean` is the parameter.
    if (ts.isConstructorDeclaration(mem)) for (const p of mem.parameters) if (ts.isParameterPropertyDeclaration(p, mem) && ts.isIdentifier(p.name)) add(p.name.text, p.name);
  }
  const walk = (n: ts.Node): void => {
    if (ts.isClassLike(n) && n !== cls) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left)) {
      if (n.left.expression.kind === ts.SyntaxKind.ThisKeyword) add(n.left.name.text, n.right);
    }
    n.forEachChild(walk);
  };
  cls.members.forEach(walk);
  classMembers.set(cls, map);
  return map;
}

/** The value of `this.name` inside class `cls`. */
export function thisProp(e: Engine, cls: ts.ClassLikeDeclaration, name: string): Value {
  const key = `${cls.pos}:${name}`;
  const written = e.thisWrites.get(key);
  const memoNode = cls.members.find((m) => m.name?.getText() === name) ?? cls;
  const memoKey = `this:${key}`;
  let v = e.callMemo.get(memoKey);
  if (!v) {
    if (e.staticBusy.has(memoNode)) return written ?? EMPTY;
    e.staticBusy.add(memoNode);
    v = EMPTY;
    try {
      for (const n of membersOf(cls).get(name) ?? []) {
        if (ts.isMethodDeclaration(n) || ts.isGetAccessor(n)) v = merge(v, { fn: { node: n, env: null, cls } });
        else v = merge(v, e.outside(() => evalExpr(e, n as ts.Expression, e.newFrame(null, cls))));
      }
    } finally {
      e.staticBusy.delete(memoNode);
    }
    e.callMemo.set(memoKey, v);
  }
  return written ? merge(written, v) : v;
}
