/**
 * Where the "Show gradient graph" CodeLens goes: the outermost named function around each position of
 * interest. Plain TypeScript compiler API, no `vscode`, so it is unit-tested directly.
 */
import * as ts from 'typescript';

/** Start offsets (deduplicated, sorted) of the outermost named functions containing each offset. */
export function enclosingFunctionStarts(fileName: string, text: string, offsets: number[]): number[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found = new Set<number>();
  for (const offset of offsets) {
    let best: ts.Node | null = null;
    const visit = (node: ts.Node): void => {
      if (offset < node.getFullStart() || offset > node.getEnd()) return;
      if (isNamedFunction(node)) {
        best = node;
        return; // outermost: a gradient context is the top-level objective, not its inner callbacks
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(sf, visit);
    if (best) found.add((best as ts.Node).getStart(sf));
  }
  return [...found].sort((a, b) => a - b);
}

function isNamedFunction(node: ts.Node): boolean {
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) return true;
  if (ts.isVariableStatement(node)) {
    return node.declarationList.declarations.some((d) => d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)));
  }
  return false;
}
