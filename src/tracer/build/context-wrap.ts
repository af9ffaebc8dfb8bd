/**
 * Wraps a gradient-context function (an objective, or the `--entry` function) so that calling it
 * starts a trace: `enter` resets the tape unless a trace is already running, the numeric
 * parameters become parameter nodes, every `return` marks the loss, and `fail`/`leave` close the
 * trace even when the body throws.
 *
 *   function loss(mu, s) {
 *     const __pwc = __pw.enter("loss", site, loss, this, [mu, s]);
 *     try { mu = __pw.param(__pwc, mu, "mu", 0, site); ...; return __pw.exit(__pwc, value, site); }
 *     catch (__pwe) { throw __pw.fail(__pwc, __pwe); }
 *     finally { __pw.leave(__pwc); }
 *   }
 */
import ts from 'typescript';

/** Site indices the wrapper passes to the runtime. */
export interface ContextSites {
  enterSite: number;
  paramSites: number[];
  /** Creates the site of an original `return` statement. */
  returnSite: (node: ts.Node) => number;
}

function fnRef(f: ts.NodeFactory, orig: ts.FunctionLikeDeclaration): ts.Expression {
  if ((ts.isFunctionDeclaration(orig) || ts.isFunctionExpression(orig)) && orig.name) return f.createIdentifier(orig.name.text);
  const p = orig.parent;
  if ((ts.isArrowFunction(orig) || ts.isFunctionExpression(orig)) && p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) {
    return f.createIdentifier(p.name.text);
  }
  return f.createIdentifier('undefined');
}

/** Returns `fn` (the visited function) with its body wrapped as a traced gradient context. */
export function wrapContext(
  f: ts.NodeFactory,
  ctx: ts.TransformationContext,
  fn: ts.FunctionLikeDeclaration,
  orig: ts.FunctionLikeDeclaration,
  name: string,
  sites: ContextSites,
): ts.Node {
  const pw = (m: string, args: ts.Expression[]) =>
    f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier('__pw'), m), undefined, args);
  const C = () => f.createIdentifier('__pwc');
  const isArrow = ts.isArrowFunction(fn);
  const simple = (p: ts.ParameterDeclaration) => ts.isIdentifier(p.name) && !p.dotDotDotToken;

  const args = f.createArrayLiteralExpression(
    orig.parameters.map((p) => (simple(p) ? f.createIdentifier((p.name as ts.Identifier).text) : f.createIdentifier('undefined'))),
  );
  const enter = f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList(
      [f.createVariableDeclaration('__pwc', undefined, undefined,
        pw('enter', [f.createStringLiteral(name), f.createNumericLiteral(sites.enterSite), fnRef(f, orig), isArrow ? f.createIdentifier('undefined') : f.createThis(), args]))],
      ts.NodeFlags.Const,
    ),
  );
  const params = orig.parameters.flatMap((p, i) => {
    if (!simple(p)) return [];
    const id = (p.name as ts.Identifier).text;
    return [f.createExpressionStatement(f.createAssignment(f.createIdentifier(id),
      pw('param', [C(), f.createIdentifier(id), f.createStringLiteral(id), f.createNumericLiteral(i), f.createNumericLiteral(sites.paramSites[i])])))];
  });

  const exit = (e: ts.Expression | undefined, at: ts.Node) =>
    pw('exit', [C(), e ?? f.createIdentifier('undefined'), f.createNumericLiteral(sites.returnSite(at))]);
  // Rewrites the `return`s of this function only (not of nested functions or classes).
  const returns = (node: ts.Node): ts.Node => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return node;
    if (ts.isReturnStatement(node)) {
      const v = ts.visitEachChild(node, returns, ctx);
      return f.updateReturnStatement(v, exit(v.expression, ts.getOriginalNode(node)));
    }
    return ts.visitEachChild(node, returns, ctx);
  };
  const body = fn.body!;
  const statements: ts.Statement[] = ts.isBlock(body)
    ? body.statements.map((s) => ts.visitNode(s, returns) as ts.Statement)
    : [f.createReturnStatement(exit(body as ts.Expression, ts.getOriginalNode(orig.body!)))];

  const tryStmt = f.createTryStatement(
    f.createBlock([...params, ...statements], true),
    f.createCatchClause(f.createVariableDeclaration('__pwe'), f.createBlock([f.createThrowStatement(pw('fail', [C(), f.createIdentifier('__pwe')]))])),
    f.createBlock([f.createExpressionStatement(pw('leave', [C()]))]),
  );
  const newBody = f.createBlock([enter, tryStmt], true);

  if (ts.isFunctionDeclaration(fn)) {
    return f.updateFunctionDeclaration(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.typeParameters, fn.parameters, fn.type, newBody);
  }
  if (ts.isFunctionExpression(fn)) {
    return f.updateFunctionExpression(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.typeParameters, fn.parameters, fn.type, newBody);
  }
  if (ts.isArrowFunction(fn)) {
    return f.updateArrowFunction(fn, fn.modifiers, fn.typeParameters, fn.parameters, fn.type, fn.equalsGreaterThanToken, newBody);
  }
  if (ts.isMethodDeclaration(fn)) {
    return f.updateMethodDeclaration(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.questionToken, fn.typeParameters, fn.parameters, fn.type, newBody);
  }
  return fn;
}
