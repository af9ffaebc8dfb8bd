/**
 * The TypeScript transformer that makes values carry tape nodes. It rewrites arithmetic, compound
 * assignment, `===`, `<` & co., unary minus, `typeof`, truthiness tests, `Math.*`, `Math.random()`,
 * calls of imported packages (plain-number arguments; samplers recognised) and user-declared
 * samplers into calls of the runtime object `__pw`, and wraps gradient contexts (objective
 * functions and the entry) so that their calls are traced. Expressions that certainly compute
 * plain numbers (loop counters and what derives from them, see plain-bindings.ts) stay native.
 * Every rewritten expression gets a {@link Site} with its original line and column. Output is
 * JavaScript (ES2022 modules) with a source map.
 */
import ts from 'typescript';
import type { UserSamplerSpec } from '../../core/config';
import type { FunctionInfo, Site } from './sites';
import { collectExternals, type ExternalBinding } from './externals';
import { wrapContext } from './context-wrap';
import { plainBindings } from './plain-bindings';
import {
  ARITH,
  COMPOUND,
  RELATIONAL,
  MATH_UNARY,
  NUMBER_CHECKS,
  strip,
  isBooleanish,
  isNonNumericLiteral,
  isSimpleRef,
  isPlainReceiver,
  fnName,
  isTopLevel,
} from './syntax';

/** A syntax error of the original source (1-based position). */
export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
}

/** What the instrumenter needs to know about the file and the run. */
export interface InstrumentOptions {
  /** Absolute path of the file (sites record it). */
  file: string;
  objectivePattern: RegExp;
  /** Entry function name when this is the traced file and `--entry` was given. */
  entry: string | null;
  userSamplers: UserSamplerSpec[];
  /** Shared site table; new sites are appended. */
  sites: Site[];
  /** Filled with the file's top-level functions (for `--entry`). */
  functions?: FunctionInfo[];
  /** Module format of the output: ES modules for esbuild (default) or CommonJS for in-process runs. */
  module?: 'esm' | 'commonjs';
}

/** Instruments one source file; returns JavaScript and its source map (JSON text). */
export function instrumentSource(text: string, opts: InstrumentOptions): { code: string; map: string; syntaxErrors: SyntaxProblem[] } {
  const out = ts.transpileModule(text, {
    fileName: opts.file,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: opts.module === 'commonjs' ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext,
      sourceMap: true,
      jsx: ts.JsxEmit.Preserve,
      esModuleInterop: true,
      useDefineForClassFields: true,
    },
    transformers: { before: [instrumenter(opts)] },
  });
  const code = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  const syntaxErrors = (out.diagnostics ?? [])
    .filter((d) => d.category === ts.DiagnosticCategory.Error && d.file && d.start !== undefined)
    .map((d) => {
      const pos = d.file!.getLineAndCharacterOfPosition(d.start!);
      return { message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), line: pos.line + 1, column: pos.character + 1 };
    });
  return { code, map: out.sourceMapText ?? '', syntaxErrors };
}

function instrumenter(opts: InstrumentOptions): ts.TransformerFactory<ts.SourceFile> {
  return (ctx) => (sf) => {
    const f = ctx.factory;
    const externals = collectExternals(sf);
    // Expressions that certainly compute plain numbers (loop counters and what they derive) stay native.
    const isPlain = plainBindings(sf);
    const userSamplers = new Map(opts.userSamplers.map((s) => [s.name, s]));
    const fnStack: string[] = [];
    /** Site created for an original expression node (to label it with the variable it is assigned to). */
    const siteOfNode = new Map<ts.Node, number>();

    const site = (node: ts.Node, extra: Partial<Site> = {}): number => {
      const a = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      const b = sf.getLineAndCharacterOfPosition(node.getEnd());
      const s: Site = { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1, file: opts.file, ...extra };
      if (fnStack.length) s.fn = fnStack[fnStack.length - 1];
      opts.sites.push(s);
      siteOfNode.set(node, opts.sites.length - 1);
      return opts.sites.length - 1;
    };
    const pw = (name: string, args: ts.Expression[], range?: ts.Node): ts.Expression => {
      const callee = name.includes('.')
        ? f.createPropertyAccessExpression(f.createPropertyAccessExpression(f.createIdentifier('__pw'), name.split('.')[0]), name.split('.')[1])
        : f.createPropertyAccessExpression(f.createIdentifier('__pw'), name);
      const call = f.createCallExpression(callee, undefined, args);
      return range ? ts.setTextRange(call, range) : call;
    };
    const lit = (n: number) => f.createNumericLiteral(n);
    const visitExpr = (e: ts.Expression) => ts.visitNode(e, visit) as ts.Expression;
    const label = (init: ts.Expression | undefined, name: string) => {
      if (!init) return;
      // A factory draw `randomNormal(mu, s)()` / `jStat.normal(m, s).sample()` is labelled through its inner call.
      let e = strip(init);
      while (!siteOfNode.has(e) && (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e))) e = strip(e.expression);
      const s = siteOfNode.get(e);
      if (s !== undefined && opts.sites[s].label === undefined) opts.sites[s].label = name;
    };
    /** A fresh copy of a simple reference for the read side of `x op= e`. */
    const copyRef = (e: ts.Expression): ts.Expression => {
      if (ts.isIdentifier(e)) return f.createIdentifier(e.text);
      if (e.kind === ts.SyntaxKind.ThisKeyword) return f.createThis();
      if (ts.isPropertyAccessExpression(e)) return f.createPropertyAccessExpression(copyRef(e.expression), e.name.text);
      if (ts.isElementAccessExpression(e)) return f.createElementAccessExpression(copyRef(e.expression), copyRef(e.argumentExpression));
      if (ts.isNumericLiteral(e)) return f.createNumericLiteral(e.text);
      if (ts.isStringLiteral(e)) return f.createStringLiteral(e.text);
      return e;
    };
    const isCompoundTarget = (e: ts.Expression): boolean =>
      ts.isIdentifier(e) ||
      (ts.isPropertyAccessExpression(e) && isSimpleRef(e)) ||
      (ts.isElementAccessExpression(e) && isSimpleRef(e.expression) &&
        (ts.isIdentifier(e.argumentExpression) || ts.isNumericLiteral(e.argumentExpression) || ts.isStringLiteral(e.argumentExpression)));
    const test = (orig: ts.Expression, e: ts.Expression) => (isBooleanish(orig) ? e : pw('truthy', [e]));
    const externalRoot = (e: ts.Expression): { binding: ExternalBinding; members: string[] } | null => {
      const members: string[] = [];
      while (ts.isPropertyAccessExpression(e) && !e.questionDotToken) {
        members.unshift(e.name.text);
        e = e.expression;
      }
      if (!ts.isIdentifier(e)) return null;
      const binding = externals.get(e.text);
      return binding ? { binding, members } : null;
    };

    function visitCall(node: ts.CallExpression): ts.Node {
      const callee = strip(node.expression);
      if (node.questionDotToken || ts.isOptionalChain(node)) return ts.visitEachChild(node, visit, ctx);
      const args = () => node.arguments.map(visitExpr);
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && !externals.has(callee.expression.text)) {
        const obj = callee.expression.text;
        const name = callee.name.text;
        if (obj === 'Math') {
          if (name === 'random' && node.arguments.length === 0) return pw('random', [lit(site(node))], node);
          if (name === 'max' || name === 'min') return pw('extreme', [name === 'max' ? f.createTrue() : f.createFalse(), lit(site(node)), f.createArrayLiteralExpression(args())], node);
          if (name === 'hypot') return pw('hypot', [lit(site(node)), f.createArrayLiteralExpression(args())], node);
          const spread = node.arguments.some(ts.isSpreadElement);
          if (!spread && MATH_UNARY.has(name) && node.arguments.length === 1) {
            if (isPlain(node.arguments[0])) {
              // Left native, but its site is still numbered (in the same order) so node ids do not move.
              const out = ts.visitEachChild(node, visit, ctx);
              site(node);
              return out;
            }
            return pw(`M.${name}`, [...args(), lit(site(node))], node);
          }
          if (!spread && (name === 'pow' || name === 'atan2') && node.arguments.length === 2) return pw(`M.${name}`, [...args(), lit(site(node))], node);
        }
        if (obj === 'Number' && NUMBER_CHECKS.has(name)) return pw(`N.${name}`, args(), node);
      }
      const ext = externalRoot(callee);
      if (ext) {
        const path = [ext.binding.path, ...ext.members].filter(Boolean).join('.');
        const s = site(node, { ext: { module: ext.binding.module, path } });
        const argList = f.createArrayLiteralExpression(args());
        if (ts.isPropertyAccessExpression(callee)) {
          return pw('extm', [lit(s), visitExpr(callee.expression), f.createStringLiteral(callee.name.text), argList], node);
        }
        return pw('ext', [lit(s), visitExpr(callee), f.createIdentifier('undefined'), argList], node);
      }
      if (
        externals.size > 0 && ts.isPropertyAccessExpression(callee) && !callee.questionDotToken && ts.isIdentifier(callee.name) &&
        node.arguments.length > 0 && !isPlainReceiver(callee.expression)
      ) {
        // A method of an object the package may have made (a tensor): traced numbers are unwrapped for it.
        return pw('callm', [visitExpr(callee.expression), f.createStringLiteral(callee.name.text), f.createArrayLiteralExpression(args())], node);
      }
      if (ts.isIdentifier(callee) && userSamplers.has(callee.text)) {
        const spec = userSamplers.get(callee.text)!;
        const s = site(node, { userSampler: { name: spec.name, params: spec.params, form: spec.form ?? 'direct' } });
        return pw('ext', [lit(s), visitExpr(callee), f.createIdentifier('undefined'), f.createArrayLiteralExpression(args())], node);
      }
      return ts.visitEachChild(node, visit, ctx);
    }

    function visitBinary(node: ts.BinaryExpression): ts.Node {
      const k = node.operatorToken.kind;
      const arith = ARITH[k];
      if (arith) {
        const l = strip(node.left), r = strip(node.right);
        if (ts.isNumericLiteral(l) && ts.isNumericLiteral(r)) return node;
        if (isPlain(l) && isPlain(r)) {
          // Certainly two plain numbers: native arithmetic (the site is still numbered, see above).
          site(node);
          return ts.visitEachChild(node, visit, ctx);
        }
        if (arith === 'add' && (isNonNumericLiteral(l) || isNonNumericLiteral(r))) return ts.visitEachChild(node, visit, ctx);
        const s = site(node);
        return pw(arith, [visitExpr(node.left), visitExpr(node.right), lit(s)], node);
      }
      const compound = COMPOUND[k];
      if (compound && isCompoundTarget(node.left)) {
        if (compound === 'add' && isNonNumericLiteral(node.right)) return ts.visitEachChild(node, visit, ctx);
        const name = ts.isIdentifier(node.left) ? node.left.text : ts.isPropertyAccessExpression(node.left) ? node.left.name.text : undefined;
        const s = site(node, name ? { label: name } : {});
        const target = visitExpr(node.left);
        return ts.setTextRange(f.createAssignment(target, pw(compound, [copyRef(node.left), visitExpr(node.right), lit(s)], node)), node);
      }
      const rel = RELATIONAL[k];
      if (rel) {
        const l = strip(node.left), r = strip(node.right);
        if ((isPlain(l) && isPlain(r)) || isNonNumericLiteral(l) || isNonNumericLiteral(r)) return ts.visitEachChild(node, visit, ctx);
        return pw(rel, [visitExpr(node.left), visitExpr(node.right)], node);
      }
      if (k === ts.SyntaxKind.EqualsEqualsEqualsToken || k === ts.SyntaxKind.ExclamationEqualsEqualsToken) {
        if (isNonNumericLiteral(node.left) || isNonNumericLiteral(node.right)) return ts.visitEachChild(node, visit, ctx);
        const call = pw('seq', [visitExpr(node.left), visitExpr(node.right)], node);
        return k === ts.SyntaxKind.EqualsEqualsEqualsToken ? call : f.createLogicalNot(call);
      }
      if ((k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.AmpersandAmpersandToken) && !isBooleanish(node.left) && isSimpleRef(node.left)) {
        const left = visitExpr(node.left);
        const right = visitExpr(node.right);
        const cond = pw('truthy', [left]);
        const e = k === ts.SyntaxKind.BarBarToken
          ? f.createConditionalExpression(cond, undefined, copyRef(strip(node.left)), undefined, right)
          : f.createConditionalExpression(cond, undefined, right, undefined, copyRef(strip(node.left)));
        return f.createParenthesizedExpression(e);
      }
      if (k === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
        const out = ts.visitEachChild(node, visit, ctx);
        label(node.right, node.left.text);
        return out;
      }
      return ts.visitEachChild(node, visit, ctx);
    }

    /**
     * `x++`, `++x`, `x--`, `--x` on a value that may be traced: `x = __pw.inc(x, ±1, site)`, and for a
     * postfix whose value is used, `__pw.first(__pw.old(x), x = …)` (the value before the step).
     * Counters the plain-binding analysis proves to be numbers keep the native operator.
     */
    function visitStep(node: ts.PrefixUnaryExpression | ts.PostfixUnaryExpression): ts.Node {
      const operand = strip(node.operand);
      if (isPlain(operand) || !isCompoundTarget(operand)) return ts.visitEachChild(node, visit, ctx);
      const name = ts.isIdentifier(operand) ? operand.text : ts.isPropertyAccessExpression(operand) ? operand.name.text : undefined;
      const s = site(node, name ? { label: name } : {});
      const d = node.operator === ts.SyntaxKind.PlusPlusToken ? f.createNumericLiteral(1) : f.createPrefixMinus(f.createNumericLiteral(1));
      const assign = f.createAssignment(visitExpr(operand), pw('inc', [copyRef(operand), d, lit(s)]));
      const valueUnused = ts.isExpressionStatement(node.parent) || (ts.isForStatement(node.parent) && node.parent.incrementor === node);
      const out = ts.isPrefixUnaryExpression(node) || valueUnused ? assign : pw('first', [pw('old', [copyRef(operand)]), assign]);
      return ts.setTextRange(f.createParenthesizedExpression(out), node);
    }

    function visitFunction(node: ts.FunctionLikeDeclaration): ts.Node {
      const name = fnName(node);
      fnStack.push(name ?? '<anonymous>');
      const visited = ts.visitEachChild(node, visit, ctx) as ts.FunctionLikeDeclaration;
      fnStack.pop();
      const top = isTopLevel(node);
      const isAsyncOrGen = !!node.asteriskToken || (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
      const differentiable = ts.getJSDocTags(node).some((t) => t.tagName.text === 'differentiable') ||
        (!!node.parent && ts.isVariableDeclaration(node.parent) && ts.getJSDocTags(node.parent).some((t) => t.tagName.text === 'differentiable'));
      const isEntry = opts.entry !== null && top && name === opts.entry;
      const isContext = !!name && !isAsyncOrGen && !!node.body && (isEntry || differentiable || opts.objectivePattern.test(name));
      if (top && name && opts.functions && !opts.functions.some((x) => x.name === name)) {
        opts.functions.push({ name, params: node.parameters.map((p) => (ts.isIdentifier(p.name) && !p.dotDotDotToken ? p.name.text : null)), wrapped: isContext });
      }
      if (!isContext) return visited;
      fnStack.push(name!);
      const enterSite = site(node.name ?? node, { label: name });
      const paramSites = node.parameters.map((p) => site(p.name, ts.isIdentifier(p.name) ? { label: p.name.text } : {}));
      const returnSite = (r: ts.Node) => site(r);
      fnStack.pop();
      return wrapContext(f, ctx, visited, node, name!, { enterSite, paramSites, returnSite });
    }

    function visit(node: ts.Node): ts.Node {
      if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) return visitFunction(node);
      if (ts.isBinaryExpression(node)) return visitBinary(node);
      if (ts.isCallExpression(node)) return visitCall(node);
      if (ts.isPrefixUnaryExpression(node)) {
        const operand = strip(node.operand);
        if (node.operator === ts.SyntaxKind.MinusToken && !ts.isNumericLiteral(operand)) {
          if (isPlain(operand)) {
            const out = ts.visitEachChild(node, visit, ctx);
            site(node);
            return out;
          }
          return pw('neg', [visitExpr(node.operand), lit(site(node))], node);
        }
        if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) return visitStep(node);
        if (node.operator === ts.SyntaxKind.PlusToken) return pw('pos', [visitExpr(node.operand)], node);
        if (node.operator === ts.SyntaxKind.ExclamationToken && !isBooleanish(node.operand)) return f.createLogicalNot(pw('truthy', [visitExpr(node.operand)], node));
        return ts.visitEachChild(node, visit, ctx);
      }
      if (ts.isPostfixUnaryExpression(node)) return visitStep(node);
      if (ts.isTypeOfExpression(node)) {
        const e = strip(node.expression);
        if (ts.isIdentifier(e)) {
          const t = f.createTypeOfExpression(f.createIdentifier(e.text));
          return f.createParenthesizedExpression(f.createConditionalExpression(
            f.createStrictEquality(t, f.createStringLiteral('object')), undefined, pw('typeOf', [f.createIdentifier(e.text)]), undefined, f.createTypeOfExpression(f.createIdentifier(e.text))));
        }
        return pw('typeOf', [visitExpr(node.expression)], node);
      }
      if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) {
        const out = ts.visitEachChild(node, visit, ctx);
        label(node.initializer, node.name.text);
        return out;
      }
      if (ts.isIfStatement(node)) {
        const v = ts.visitEachChild(node, visit, ctx) as ts.IfStatement;
        return f.updateIfStatement(v, test(node.expression, v.expression), v.thenStatement, v.elseStatement);
      }
      if (ts.isWhileStatement(node)) {
        const v = ts.visitEachChild(node, visit, ctx) as ts.WhileStatement;
        return f.updateWhileStatement(v, test(node.expression, v.expression), v.statement);
      }
      if (ts.isDoStatement(node)) {
        const v = ts.visitEachChild(node, visit, ctx) as ts.DoStatement;
        return f.updateDoStatement(v, v.statement, test(node.expression, v.expression));
      }
      if (ts.isForStatement(node) && node.condition) {
        const v = ts.visitEachChild(node, visit, ctx) as ts.ForStatement;
        return f.updateForStatement(v, v.initializer, test(node.condition, v.condition!), v.incrementor, v.statement);
      }
      if (ts.isSwitchStatement(node)) {
        // `case` compares with ===: a traced discriminant is compared by its number.
        const v = ts.visitEachChild(node, visit, ctx) as ts.SwitchStatement;
        return f.updateSwitchStatement(v, pw('prim', [v.expression]), v.caseBlock);
      }
      if (ts.isConditionalExpression(node)) {
        const v = ts.visitEachChild(node, visit, ctx) as ts.ConditionalExpression;
        return f.updateConditionalExpression(v, test(node.condition, v.condition), v.questionToken, v.whenTrue, v.colonToken, v.whenFalse);
      }
      return ts.visitEachChild(node, visit, ctx);
    }

    const visited = ts.visitEachChild(sf, visit, ctx);
    if (!opts.functions) return visited;
    // Register top-level functions so `--entry` finds them even when they are not exported.
    const register = opts.functions.map((fi) =>
      f.createExpressionStatement(pw('top', [f.createStringLiteral(fi.name), f.createIdentifier(fi.name)])),
    );
    return f.updateSourceFile(visited, [...visited.statements, ...register]);
  };
}
