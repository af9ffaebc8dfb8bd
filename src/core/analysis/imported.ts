/**
 * Values that come from other modules of the project. When the engine has an import resolver (the
 * project index), an import of a project module becomes the value its export summary describes: a
 * trainable, a model or optimizer, or a function known by its summary. A call to such a function
 * inside a gradient context is evaluated from the summary: parameters reach the result as the
 * summary says, imported trainables taint it, and a severing site inside the callee whose inputs
 * depend on trainables becomes a candidate at the call, with related information pointing to the
 * site in the other module. Without a resolver nothing here changes the single-file analysis.
 */
import ts from 'typescript';
import { ownMember, type ClassSummary, type ExportSummary, type FunctionSummary, type ModuleSummary, type SourceLoc, type TrainableRef } from '../project/types';
import type { CallInfo } from '../rules/types';
import { candidate, originsOf } from './candidates';
import { moduleValue } from './declarations';
import type { Engine } from './engine';
import { evalExpr } from './expressions';
import { extendsExpression, findDeclaration, localClassChain } from './scope';
import { EMPTY, join, type Origin, type Value } from './value';

/** How an import names what it takes from the module. */
export type ImportForm = 'named' | 'default' | 'namespace';

/**
 * The value of an import of `specifier` (a catalogue library, or a project module when the engine
 * has a resolver). `member` is the imported name for named imports.
 */
export function importValue(e: Engine, specifier: string, form: ImportForm, member: string | undefined, at: ts.Node): Value {
  const lib = moduleValue(specifier, form === 'named' ? member : undefined);
  if (lib !== EMPTY || !e.imports) return lib;
  let mod: ModuleSummary | undefined;
  try {
    mod = e.imports.exportsOf(specifier);
  } catch {
    mod = undefined;
  }
  if (!mod) return EMPTY;
  if (form === 'namespace') return namespaceValue(e, mod, at);
  const s = mod.exports[form === 'default' ? 'default' : (member ?? '')];
  return s ? exportValue(e, s, at) : EMPTY;
}

/** `import * as m`, `require('./m')`: an object of the module's exports (callable when `module.exports` is a function). */
function namespaceValue(e: Engine, mod: ModuleSummary, at: ts.Node): Value {
  const props = new LazyProps((name) => {
    const s = ownMember(mod.exports, name);
    return s ? exportValue(e, s, at) : undefined;
  });
  const d = mod.exports.default;
  return d?.kind === 'function' ? { props, external: d } : { props };
}

/**
 * The members of a namespace import, each computed when first read: summarising every export of a
 * module because one is used (`other.drawNormal(…)`) would cost what the module-level laziness saves.
 * Iteration sees the members read so far.
 */
class LazyProps extends Map<string, Value> {
  constructor(private readonly compute: (name: string) => Value | undefined) {
    super();
  }

  override get(name: string): Value | undefined {
    if (super.has(name)) return super.get(name);
    const v = this.compute(name);
    if (v) super.set(name, v);
    return v;
  }

  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

function exportValue(e: Engine, s: ExportSummary, at: ts.Node): Value {
  switch (s.kind) {
    case 'function':
      return { external: s };
    case 'class':
      return { externalClass: s, props: new LazyProps((name) => memberValue(ownMember(s.statics, name))) };
    case 'namespace': {
      let mod: ModuleSummary | undefined;
      try {
        mod = e.imports?.moduleAt?.(s.file);
      } catch {
        mod = undefined;
      }
      return mod ? namespaceValue(e, mod, at) : EMPTY;
    }
  }
  let v: Value = join(...s.trainables.map((t) => e.trainable(externalOrigin(e, t, at))));
  if (s.valueKind) v = { ...v, kind: s.valueKind };
  if (s.noise) v = { ...v, noise: true };
  const members = s.members;
  if (members) v = { ...v, props: new LazyProps((name) => memberValue(ownMember(members, name))) };
  return v;

  function memberValue(m: ExportSummary | undefined): Value | undefined {
    return m ? exportValue(e, m, at) : undefined;
  }
}

/**
 * `new C(args)` of a class imported from another module: an instance whose methods are known by
 * their summaries, bound to the constructor's arguments. Its data is the arguments' (as for any
 * object built from them).
 */
export function instanceValue(s: ClassSummary, args: Value[], nodes: ts.Expression[]): Value {
  const bound = { args, nodes };
  const props = new LazyProps((name) => {
    const m = ownMember(s.methods, name);
    return m ? { external: m, bound } : undefined;
  });
  const data = join(...args);
  return data === EMPTY ? { props } : { ...data, props };
}

/**
 * `new Local(…)` where `Local` is a class of this file that extends, through classes of this file
 * without constructors, a class of another module: an instance whose inherited methods are known
 * by the base's summary and bound to these arguments (which go to the base's constructor
 * unchanged). A method the local chain declares itself is left opaque, as for any local class.
 */
export function localSubclassInstance(e: Engine, callee: ts.Expression, args: Value[], nodes: ts.Expression[]): Value | undefined {
  if (!e.imports || !ts.isIdentifier(callee)) return undefined;
  const d = findDeclaration(callee.text, callee);
  if (!d || !ts.isClassDeclaration(d)) return undefined;
  const chain = localClassChain(d);
  const own = new Set<string>();
  for (const c of chain) {
    for (const m of c.members) {
      if (ts.isConstructorDeclaration(m)) return undefined; // its parameters are not the base's
      if (m.name && !ts.isComputedPropertyName(m.name)) own.add(m.name.text);
    }
  }
  const base = extendsExpression(chain[chain.length - 1]);
  if (!base) return undefined;
  const s = e.outside(() => evalExpr(e, base, null)).externalClass;
  if (!s) return undefined;
  const methods = Object.fromEntries(Object.entries(s.methods).filter(([k]) => !own.has(k)));
  return instanceValue({ ...s, methods }, args, nodes);
}

/** One origin per (trainable of another module, node where it enters this file). */
function externalOrigin(e: Engine, t: TrainableRef, at: ts.Node): Origin {
  const m = e.externalOrigins;
  const key = `${t.at.file}:${t.at.start}:${at.pos}`;
  let o = m.get(key);
  if (!o) {
    o = { id: e.id(), name: t.name, node: at, how: `${t.how} in ${baseName(t.at.file)}`, at: t.at };
    m.set(key, o);
    e.graph?.node(`p${o.id}`, t.name, o.how, 'param', at);
  }
  return o;
}

/**
 * Evaluates a call to a function imported from another project module, from its summary. `bound`
 * are the creator's arguments of a method or returned function (see {@link Value.bound}).
 */
export function callExternal(e: Engine, info: CallInfo, s: FunctionSummary, bound?: Value['bound']): Value {
  const arg = (i: number): Value => (s.rest >= 0 && i === s.rest ? join(...info.args.slice(i)) : (info.args[i] ?? EMPTY));
  const bnd = (i: number): Value => bound?.args[i] ?? EMPTY;
  const parts: Value[] = [...s.paramsToResult.map(arg), ...(s.boundToResult ?? []).map(bnd)];
  if (e.inContext) for (const t of s.resultTrainables) parts.push(e.trainable(externalOrigin(e, t, info.node)));
  let out = join(...parts);
  if (e.inContext) {
    for (const u of s.samplers) {
      const values = [...u.params.map(arg), ...(u.bound ?? []).map(bnd), ...u.trainables.map((t) => e.trainable(externalOrigin(e, t, info.node)))];
      if (!values.some((v) => originsOf(v).size > 0)) continue;
      const from = [...u.params.map((i) => info.node.arguments[i]), ...(u.bound ?? []).map((i) => bound?.nodes[i])].filter((n): n is ts.Expression => !!n);
      const c = candidate(e, u.ruleId, info.node, { sampler: u.sampler, family: u.family, from, values });
      if (!c) continue;
      for (const r of u.roundTrips) if (!c.roundTrips.includes(r)) c.roundTrips.push(r);
      c.external ??= [];
      if (!c.external.some((x) => x.at.file === u.at.file && x.at.start === u.at.start)) {
        const chain = [s.name, ...u.via].join(' → ');
        c.external.push({ at: u.at, message: `${chain} ${u.ruleId === 'host-round-trip' ? 'copies to the host' : 'draws'} here (${u.sampler ?? u.ruleId}, ${baseName(u.at.file)}:${u.at.line})` });
      }
      out = join(out, { marks: new Set([c]) });
    }
  }
  if (s.resultKind) out = { ...out, kind: s.resultKind };
  if (s.noise && !out.taint && !out.marks) out = { ...out, noise: true };
  // A factory: the result is the function it returns, bound to this call's arguments.
  if (s.returns) out = { ...out, external: s.returns, bound: { args: info.args, nodes: [...info.node.arguments] } };
  return out;
}

/** The external locations of a candidate, for its finding's related information. */
export function externalRelated(locs: { at: SourceLoc; message: string }[] | undefined): { message: string; start: number; end: number; file: string; range: { line: number; column: number; endLine: number; endColumn: number } }[] {
  return (locs ?? []).map(({ at, message }) => ({ message, ...rangeOf(at) }));
}

/** Related information fields of a location in another file. */
export function rangeOf(at: SourceLoc): { start: number; end: number; file: string; range: { line: number; column: number; endLine: number; endColumn: number } } {
  return { start: at.start, end: at.end, file: at.file, range: { line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn } };
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
