import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse, scriptKindOf } from '../../../src/core/analysis/analyze';
import { syntaxIndex } from '../../../src/core/analysis/syntax-index';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function exampleFiles(dir = EXAMPLES): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : exampleFiles(p);
    return /\.(ts|js)$/.test(d.name) ? [p] : [];
  });
}

/** Every node, JSDoc included, with the parent it should have. */
function allNodes(root: ts.Node): [ts.Node, ts.Node | undefined][] {
  const out: [ts.Node, ts.Node | undefined][] = [];
  const visit = (n: ts.Node, parent: ts.Node | undefined) => {
    out.push([n, parent]);
    for (const d of (n as { jsDoc?: ts.Node[] }).jsDoc ?? []) visit(d, n);
    n.forEachChild((c) => visit(c, n));
  };
  visit(root, undefined);
  return out;
}

const shape = (ns: readonly ts.Node[]) => ns.map((n) => `${ts.SyntaxKind[n.kind]}@${n.pos}-${n.end}`);

/** The order discovery walked the tree in before the index existed: pre-order, children last to first. */
function discoveryOrder(sf: ts.SourceFile): ts.Node[] {
  const out: ts.Node[] = [];
  const stack: ts.Node[] = [sf];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return out;
}

const WANTED = new Set([
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression,
]);
const wanted = (n: ts.Node) => WANTED.has(n.kind) || (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken);

const JSDOC_CASE = `
/**
 * @param {{ [sample()]: number }} p a computed key in a JSDoc type is not code
 * @differentiable
 */
function loss(p) { let a; a = p.mu + 1; return a * a; }
class Sampling extends tf.layers.Layer { w = 1; call(x) { this.w = 2; return x; } }
const o = { f: () => 0, g: function () { return 1; } };
`;

describe('syntax index (parent pointers and discovery nodes in one walk)', () => {
  const cases: [string, string][] = [...exampleFiles().map((f): [string, string] => [path.relative(EXAMPLES, f), fs.readFileSync(f, 'utf8')]), ['jsdoc.js', JSDOC_CASE]];

  /** What TypeScript gives with parent pointers, JSDoc parsed as `parse` does it (only when a `@differentiable` tag can be there). */
  const reference = (name: string, text: string) =>
    ts.createSourceFile(name, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: text.includes('@differentiable') ? ts.JSDocParsingMode.ParseAll : ts.JSDocParsingMode.ParseNone }, true, scriptKindOf(name));

  it.each(cases)('%s: every node has the parent TypeScript gives it', (name, text) => {
    const ours = parse(name, text);
    const theirs = reference(name, text);
    const a = allNodes(ours);
    const b = allNodes(theirs);
    expect(a.length).toBe(b.length);
    expect(a.length).toBeGreaterThan(10);
    for (let i = 0; i < a.length; i++) {
      expect(a[i][0].parent).toBe(a[i][1]);
      expect(shape(a[i][1] ? [a[i][1]!] : [])).toEqual(shape(b[i][0].parent ? [b[i][0].parent] : []));
    }
  });

  it.each(cases)('%s: the index holds exactly the nodes discovery reads, in its walk order', (name, text) => {
    const sf = parse(name, text);
    const expected = discoveryOrder(sf).filter(wanted);
    expect(expected.length).toBeGreaterThan(0);
    expect(shape(syntaxIndex(sf))).toEqual(shape(expected));
    // A tree parsed elsewhere (no index recorded) gets the same index from a walk.
    const other = reference(name, text);
    expect(shape(syntaxIndex(other))).toEqual(shape(expected));
  });

  it('does not index code-like nodes inside JSDoc', () => {
    const sf = parse('jsdoc.js', JSDOC_CASE);
    const calls = syntaxIndex(sf).filter(ts.isCallExpression);
    expect(calls).toEqual([]);
    // …which are there (the JSDoc type has a computed key with a call in it).
    const inDoc = allNodes(sf).filter(([n]) => ts.isCallExpression(n));
    expect(inDoc.length).toBe(1);
  });

  it('parses JSDoc only when the text can hold a @differentiable tag (the only JSDoc the analysis reads)', () => {
    const jsDocs = (sf: ts.SourceFile) => allNodes(sf).filter(([n]) => ts.isJSDoc(n)).length;
    expect(jsDocs(parse('tagged.js', JSDOC_CASE))).toBe(1);
    expect(jsDocs(parse('untagged.js', JSDOC_CASE.replace('@differentiable', '@returns {number}')))).toBe(0);
  });
});
