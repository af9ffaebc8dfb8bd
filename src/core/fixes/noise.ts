/**
 * Standard noise drawn from the library the user called. When the row's noise is not the user's
 * own sampler at constant parameters, the noise comes from a sibling of that sampler in the same
 * library (`randomUniform` next to `randomExponential`, `jStat.uniform` next to `jStat.laplace`),
 * reached through the same namespace, import or `.source(rng)` chain; a missing named import is
 * added. Math.random-based code gets `Math.random()` for uniforms.
 */
import ts from 'typescript';
import type { TextEdit } from '../types';
import type { SamplerCall } from './sampler-call';
import type { NoiseKind } from './table';
import { codeName } from './catalogue-link';
import { freshName, newline, skipOuter, type TakenNames } from './locate';

interface Sibling {
  /** Export / property name of the standard sampler in that library. */
  entry: string;
  /** Argument list; `$shape` is the user's shape argument. */
  args: string;
}

/** One row per library: where its standard normal and uniform noise come from. */
const SIBLINGS: Record<string, Partial<Record<NoiseKind, Sibling>>> = {
  'd3-random': { normal: { entry: 'randomNormal', args: '0, 1' }, uniform: { entry: 'randomUniform', args: '0, 1' } },
  tfjs: { normal: { entry: 'randomNormal', args: '$shape' }, uniform: { entry: 'randomUniform', args: '$shape' } },
  jstat: { normal: { entry: 'normal', args: '0, 1' }, uniform: { entry: 'uniform', args: '0, 1' } },
  stdlib: { normal: { entry: 'normal', args: '0, 1' }, uniform: { entry: 'uniform', args: '0, 1' } },
  random: { normal: { entry: 'normal', args: '0, 1' }, uniform: { entry: 'uniform', args: '0, 1' } },
};

export interface NoiseDraw {
  text: string;
  edits: TextEdit[];
}

/**
 * The expression drawing standard `kind` noise from the sampler's library, plus any import edits;
 * undefined when the library has no way to draw it.
 */
export function siblingNoise(sc: SamplerCall, kind: NoiseKind, sf: ts.SourceFile, taken: TakenNames): NoiseDraw | undefined {
  const sib = SIBLINGS[sc.entry.library]?.[kind];
  if (sib) {
    const args = sib.args.replace('$shape', sc.shape ? sc.shape.getText(sf) : '[]');
    const callee = siblingCallee(sc.call.expression, codeName(sc.entry), sib.entry, sf, taken);
    // A factory draws the way the user's call did: the text after the parameter call (`()`, `.sample()`).
    const suffix = sc.entry.form === 'factory' ? sf.text.slice(sc.call.getEnd(), sc.site.getEnd()) : '';
    if (callee) return { text: `${callee.text}(${args})${suffix}`, edits: callee.edits };
  }
  if (kind === 'uniform' && sc.entry.library !== 'tfjs') return { text: 'Math.random()', edits: [] };
  return undefined;
}

/** The callee with the reference to `entry` swapped for `sibling`, keeping namespaces and `.source(rng)`. */
function siblingCallee(
  callee: ts.Expression,
  entry: string,
  sibling: string,
  sf: ts.SourceFile,
  taken: TakenNames,
): { text: string; edits: TextEdit[] } | undefined {
  const base = callee.getStart(sf);
  const text = callee.getText(sf);
  for (let n: ts.Expression = callee; ; ) {
    n = skipOuter(n);
    if (ts.isPropertyAccessExpression(n)) {
      if (n.name.text === entry) {
        const s = n.name.getStart(sf) - base;
        return { text: text.slice(0, s) + sibling + text.slice(n.name.getEnd() - base), edits: [] };
      }
      n = n.expression;
    } else if (ts.isCallExpression(n) || ts.isElementAccessExpression(n)) {
      n = n.expression;
    } else if (ts.isIdentifier(n)) {
      const bound = siblingBinding(n, entry, sibling, sf, taken);
      if (!bound) return undefined;
      const s = n.getStart(sf) - base;
      return { text: text.slice(0, s) + bound.name + text.slice(n.getEnd() - base), edits: bound.edits };
    } else return undefined;
  }
}

/** Finds or creates a local binding of `sibling` next to the import (or require) that binds `id`. */
function siblingBinding(id: ts.Identifier, entry: string, sibling: string, sf: ts.SourceFile, taken: TakenNames): { name: string; edits: TextEdit[] } | undefined {
  const nl = newline(sf);
  for (const st of sf.statements) {
    // import { randomNormal as rn } from 'd3-random'  /  import normal from '@stdlib/random-base-normal'
    if (ts.isImportDeclaration(st) && st.importClause && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      const named = clause.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings : undefined;
      const spec = named?.elements.find((e) => e.name.text === id.text);
      if (spec && named) {
        const existing = named.elements.find((e) => (e.propertyName ?? e.name).text === sibling);
        if (existing) return { name: existing.name.text, edits: [] };
        const name = freshName(sibling, taken);
        const last = named.elements[named.elements.length - 1];
        return { name, edits: [{ start: last.getEnd(), end: last.getEnd(), text: `, ${name === sibling ? name : `${sibling} as ${name}`}` }] };
      }
      if (clause.name?.text === id.text) {
        const mod = siblingModule(st.moduleSpecifier.text, entry, sibling);
        if (!mod) return undefined;
        const have = findDefaultImport(sf, mod);
        if (have) return { name: have, edits: [] };
        const name = freshName(sibling, taken);
        return { name, edits: [{ start: st.getEnd(), end: st.getEnd(), text: `${nl}import ${name} from '${mod}';` }] };
      }
    }
    // const { randomNormal } = require('d3-random')  /  const normal = require('@stdlib/random-base-normal')
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const mod = requiredModule(d.initializer);
        if (!mod) continue;
        if (ts.isObjectBindingPattern(d.name)) {
          const el = d.name.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === id.text);
          if (!el) continue;
          const existing = d.name.elements.find((e) => ((e.propertyName ?? e.name) as ts.Identifier).text === sibling);
          if (existing && ts.isIdentifier(existing.name)) return { name: existing.name.text, edits: [] };
          const name = freshName(sibling, taken);
          const last = d.name.elements[d.name.elements.length - 1];
          return { name, edits: [{ start: last.getEnd(), end: last.getEnd(), text: `, ${name === sibling ? name : `${sibling}: ${name}`}` }] };
        }
        if (ts.isIdentifier(d.name) && d.name.text === id.text) {
          const smod = siblingModule(mod, entry, sibling);
          if (!smod) return undefined;
          const name = freshName(sibling, taken);
          const kw = st.declarationList.flags & ts.NodeFlags.Const ? 'const' : st.declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var';
          return { name, edits: [{ start: st.getEnd(), end: st.getEnd(), text: `${nl}${kw} ${name} = require('${smod}');` }] };
        }
      }
    }
  }
  return undefined;
}

function requiredModule(init: ts.Expression | undefined): string | undefined {
  if (!init) return undefined;
  const e = skipOuter(init);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments[0] && ts.isStringLiteral(e.arguments[0])) {
    return e.arguments[0].text;
  }
  return undefined;
}

/** `@stdlib/random-base-normal` → `@stdlib/random-base-uniform` (per-sampler packages only). */
function siblingModule(mod: string, entry: string, sibling: string): string | undefined {
  const m = /^(@stdlib\/random[-/]base[-/])([a-z0-9-]+)$/.exec(mod);
  return m && m[2].replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) === entry ? m[1] + sibling : undefined;
}

function findDefaultImport(sf: ts.SourceFile, mod: string): string | undefined {
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text === mod && st.importClause?.name) {
      return st.importClause.name.text;
    }
  }
  return undefined;
}
