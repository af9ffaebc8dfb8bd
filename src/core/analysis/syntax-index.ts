/**
 * One walk over a freshly parsed tree that both sets parent pointers and collects the nodes
 * gradient-context discovery and the `name = expr` assignment index look at. Walking a 50k-line
 * project's trees costs about as much as a third of parsing them (every node read through
 * megamorphic property loads), so the analyzer walks each tree once, not three times (parents,
 * contexts, a summary's assignment index).
 */
import ts from 'typescript';

/** The nodes discovery reads, in the order of its walk (pre-order, children from last to first). */
export type SyntaxIndex = readonly ts.Node[];

/**
 * The index is kept on the tree itself, not in a WeakMap keyed by it: V8 treats a WeakMap value
 * that points into the young generation as a root in minor collections, so every tree analysed
 * (reachable from its index) survived them and was copied and promoted even when the caller had
 * dropped it; this alone cost about 0.7x the parse on 200 files. A property dies with its tree.
 */
const INDEX = Symbol('pathwise.syntaxIndex');

type Indexed = ts.SourceFile & { [INDEX]?: SyntaxIndex };

/**
 * Kinds discovery or the assignment index reads, as a table: `ts.SyntaxKind.X` in a hot loop is a
 * getter call and a dictionary lookup on TypeScript's enum object (the bundle cannot inline it).
 */
const INDEXED = new Uint8Array(1 + Math.max(...Object.values(ts.SyntaxKind).filter((v): v is number => typeof v === 'number')));
for (const k of [
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression,
]) {
  INDEXED[k] = 1;
}
const BINARY = ts.SyntaxKind.BinaryExpression;
const EQUALS = ts.SyntaxKind.EqualsToken;

/** Whether discovery or the assignment index reads this node (an `=` assignment, a call, a declaration, a class). */
function isIndexed(n: ts.Node): boolean {
  const k = n.kind;
  return INDEXED[k] === 1 || (k === BINARY && (n as ts.BinaryExpression).operatorToken.kind === EQUALS);
}

/**
 * Sets `parent` on every node, JSDoc included (what `createSourceFile(…, setParentNodes: true)`
 * does, with a plain explicit stack instead of its generic work queue, which took a third of the
 * parse), and records the file's {@link SyntaxIndex}. Not recursive, so a 20,000-term operator
 * chain cannot overflow the call stack.
 */
export function linkAndIndex(sf: ts.SourceFile): void {
  const found: ts.Node[] = [];
  const stack: ts.Node[] = [sf];
  let parent: ts.Node;
  const link = (child: ts.Node): undefined => {
    (child as { parent: ts.Node }).parent = parent;
    stack.push(child);
    return undefined; // a truthy return would stop forEachChild
  };
  while (stack.length > 0) {
    parent = stack.pop()!;
    if (isIndexed(parent)) found.push(parent);
    const jsDoc = (parent as { jsDoc?: ts.Node[] }).jsDoc;
    // JSDoc is not code: linked on its own stack so discovery never sees what it contains.
    if (jsDoc) for (const d of jsDoc) linkSubtree(d, parent);
    ts.forEachChild(parent, link);
  }
  (sf as Indexed)[INDEX] = found;
}

function linkSubtree(root: ts.Node, rootParent: ts.Node): void {
  (root as { parent: ts.Node }).parent = rootParent;
  const stack: ts.Node[] = [root];
  let parent: ts.Node;
  const link = (child: ts.Node): undefined => {
    (child as { parent: ts.Node }).parent = parent;
    stack.push(child);
    return undefined;
  };
  while (stack.length > 0) {
    parent = stack.pop()!;
    ts.forEachChild(parent, link);
  }
}

/** The discovery nodes of a tree: recorded by {@link linkAndIndex}, else found by a walk (a tree parsed elsewhere). */
export function syntaxIndex(sf: ts.SourceFile): SyntaxIndex {
  const known = (sf as Indexed)[INDEX];
  if (known) return known;
  const found: ts.Node[] = [];
  const stack: ts.Node[] = [sf];
  const push = (c: ts.Node) => {
    stack.push(c);
  };
  while (stack.length) {
    const n = stack.pop()!;
    if (isIndexed(n)) found.push(n);
    n.forEachChild(push);
  }
  (sf as Indexed)[INDEX] = found;
  return found;
}
