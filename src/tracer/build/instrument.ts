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
import type { NamePattern } from '../../core/name-pattern';
import ts from 'typescript';
import type { UserSamplerSpec } from '../../core/config';
import type { FunctionInfo, Site } from './sites';
import { classMembers } from './top-level';
import { collectExternals } from './externals';
import { wrapContext } from './context-wrap';
import { plainBindings } from './plain-bindings';
import { NO_SHADOW_LOCALS, shadowLocals } from './shadow-locals';
import { pairForm, prependToBody } from './pair-form';
import { createEmitter } from './emit';
import { callRewriter } from './call-rewrite';
import {
  ARITH,
  COMPOUND,
  RELATIONAL,
  strip,
  isBooleanish,
  isNonNumericLiteral,
  isSimpleRef,
  fnName,
  isTopLevel,
  isValueOnly,
  isAsyncOrGenerator,
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
  objectivePattern: NamePattern;
  /** Entry function name when this is the traced file and `--entry` was given. */
  entry: string | null;
  userSamplers: UserSamplerSpec[];
  /** Shared site table; new sites are appended. */
  sites: Site[];
  /** Filled with the file's top-level functions (for `--entry`). */
  functions?: FunctionInfo[];
  /** Module format of the output: ES modules for esbuild (default) or CommonJS for in-process runs. */
  module?: 'esm' | 'commonjs';
  /**
   * Keep eligible locals unboxed with shadow node ids (default true). False boxes every traced
   * value: the same graph, more slowly; the tests compare the two forms.
   */
  unboxedLocals?: boolean;
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
    // Locals kept unboxed, with their node ids in companion locals (see shadow-locals.ts).
    const shadow = opts.unboxedLocals === false ? NO_SHADOW_LOCALS : shadowLocals(sf, isPlain);
    const fnStack: string[] = [];
    const { site, pw, lit, label } = createEmitter(f, sf, opts, fnStack);
    const visitExpr = (e: ts.Expression) => ts.visitNode(e, visit) as ts.Expression;
    /** A fresh copy of a simple reference for the read side of `x op= e`. */
    const copyRef = (e: ts.Expression): ts.Expression => {
      if (ts.isIdentifier(e)) return pairs.read(e, false) ?? f.createIdentifier(e.text);
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
    const calls = callRewriter({ f, ctx, visit, visitExpr, site, pw, lit, isPlain, externals, userSamplers: opts.userSamplers, pairs: () => pairs });
    const pairs = pairForm({ f, shadow, isPlain, mathUnary: calls.mathUnary, site, visitExpr, pw, label });
    const visitCall = calls.visitCall;

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
        if (pairs.hasShadowLeaf(node)) return pairs.boxedArith(node);
        const s = site(node);
        return pw(arith, [visitExpr(node.left), visitExpr(node.right), lit(s)], node);
      }
      const compound = COMPOUND[k];
      if (compound || k === ts.SyntaxKind.EqualsToken) {
        const written = pairs.write(node);
        if (written) return written;
      }
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
        // Plain numbers and unboxed locals (read as their number) compare natively.
        const raw = (e: ts.Expression) => isPlain(e) || (ts.isIdentifier(e) && !!shadow.refOf(e));
        if ((raw(l) && raw(r)) || isNonNumericLiteral(l) || isNonNumericLiteral(r)) return ts.visitEachChild(node, visit, ctx);
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
      const unboxed = pairs.step(node);
      if (unboxed) return unboxed;
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
      const visited = prependToBody(f, ts.visitEachChild(node, visit, ctx) as ts.FunctionLikeDeclaration, pairs.paramPrologue(node));
      fnStack.pop();
      const top = isTopLevel(node);
      const isAsyncOrGen = isAsyncOrGenerator(node);
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
      if (ts.isIdentifier(node)) return pairs.read(node, isValueOnly(node)) ?? node;
      if (ts.isShorthandPropertyAssignment(node) && shadow.refOf(node.name)) {
        return f.createPropertyAssignment(node.name.text, pairs.read(node.name, false)!);
      }
      if (ts.isVariableDeclarationList(node)) {
        const list = pairs.declarations(node, (d) => visit(d) as ts.VariableDeclaration);
        if (list) return list;
      }
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
          if (pairs.hasShadowLeaf(node)) return pairs.boxedArith(node);
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

    const body = ts.visitEachChild(sf, visit, ctx);
    const visited = f.updateSourceFile(body, [...pairs.modulePrologue(), ...body.statements]);
    if (!opts.functions) return visited;
    // Top-level classes and their methods too: a Layer's call() is traced as `--entry Class.call`.
    opts.functions.push(...classMembers(sf).filter((c) => !opts.functions!.some((x) => x.name === c.name)));
    // Register top-level functions and classes so `--entry` finds them even when they are not exported.
    const register = opts.functions.filter((fi) => !fi.name.includes('.')).map((fi) =>
      f.createExpressionStatement(pw('top', [f.createStringLiteral(fi.name), f.createIdentifier(fi.name)])),
    );
    return f.updateSourceFile(visited, [...visited.statements, ...register]);
  };
}
