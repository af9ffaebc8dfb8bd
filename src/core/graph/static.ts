/**
 * The static graph the inspector shows at once, before (or without) running the code: a def-use graph
 * of each gradient context — parameters, one node per assignment, samples, noise, host reads, the
 * returned loss — built from the syntax tree and the analyzer's findings. No execution, so no values:
 * `runtime: 'static'`. Edges into a sampler the analyzer flagged are `severed`; into a discrete step
 * (`Math.round`, comparisons) `zero`; everything else `grad`.
 */
import ts from 'typescript';
import { DEFAULT_OBJECTIVE_PATTERN } from '../config';
import type { Finding } from '../types';
import type { EdgeKind, GraphEdge, GraphNode, NodeKind, TraceGraph } from './model';

const GRAD_CALLS = /(^|\.)(grad|grads|valueAndGrad|valueAndGrads|variableGrads|minimize|computeGradients)$/;
const NOISE_CALL = /(random|randn|normal|uniform|gaussian|truncatedNormal|sample)/i;
const HOST_READ = /\.(dataSync|arraySync|data|array|bufferSync)$/;
const DISCRETE_CALL = /(^|\.)(round|floor|ceil|sign|trunc|argMax|argMin|oneHot)$/;
const DISCRETE_OPS = new Set([ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken]);
const MAX_NODES = 2000;

/** Static graph of `text`: the gradient contexts (objective-named functions, gradient callbacks) and functions with findings. */
export function staticGraph(fileName: string, text: string, findings: Finding[], objectivePattern = DEFAULT_OBJECTIVE_PATTERN): TraceGraph {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const b = new Builder(sf, findings);
  for (const fn of contextFunctions(sf, findings, safeRegExp(objectivePattern))) {
    const before = b.nodes.length;
    b.addFunction(fn);
    // A callback that only forwards to another context (`minimize(() => loss(data))`) adds nothing.
    if (b.nodes.length - before <= 1) b.truncate(before);
  }
  return {
    version: 1, file: fileName, entry: null, seed: null, runtime: 'static', output: null,
    params: b.nodes.filter((n) => n.kind === 'param').map((n) => ({ name: n.label, value: null, grad: null })),
    nodes: b.nodes, edges: b.edges, gradcheck: [], error: null,
  };
}

type Fn = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** Outermost functions that hold a finding, plus objective-named functions and callbacks of gradient APIs. */
function contextFunctions(sf: ts.SourceFile, findings: Finding[], objective: RegExp | null): Fn[] {
  const out: Fn[] = [];
  const visit = (node: ts.Node, inside: boolean): void => {
    if (isFn(node)) {
      const name = fnName(node);
      const holds = findings.some((f) => f.start >= node.getStart(sf) && f.end <= node.getEnd());
      const callback = ts.isCallExpression(node.parent) && GRAD_CALLS.test(node.parent.expression.getText(sf)) && node.parent.arguments.includes(node as ts.Expression);
      if (!inside && (holds || callback || (objective !== null && objective.test(name)))) {
        out.push(node);
        return; // its nested functions are part of it
      }
    }
    ts.forEachChild(node, (c) => visit(c, inside));
  };
  visit(sf, false);
  return out;
}

class Builder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];

  constructor(private readonly sf: ts.SourceFile, private readonly findings: Finding[]) {}

  /** Drops the nodes from index `n` on, and their edges. */
  truncate(n: number): void {
    const gone = new Set(this.nodes.splice(n).map((x) => x.id));
    const kept = this.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to));
    this.edges.splice(0, this.edges.length, ...kept);
  }

  addFunction(fn: Fn): void {
    const name = fnName(fn);
    const scope = new Map<string, string>();
    for (const p of fn.parameters) {
      for (const id of bindingNames(p.name)) scope.set(id.text, this.node(id, id.text, 'param', 'param', name));
    }
    const body = fn.body;
    if (!body) return;
    if (!ts.isBlock(body)) {
      this.output(body, name, scope);
      return;
    }
    const walk = (node: ts.Node): void => {
      if (this.nodes.length >= MAX_NODES) return;
      if (ts.isVariableDeclaration(node) && node.initializer && !isFn(node.initializer)) {
        walk(node.initializer);
        for (const id of bindingNames(node.name)) this.define(id, id.text, node.initializer, name, scope, null);
        return;
      }
      if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind) && ts.isIdentifier(node.left)) {
        walk(node.right);
        const prev = node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? null : scope.get(node.left.text) ?? null;
        this.define(node.left, node.left.text, node.right, name, scope, prev);
        return;
      }
      if (ts.isReturnStatement(node) && node.expression && enclosingFn(node) === fn) {
        this.output(node.expression, name, scope);
        return;
      }
      ts.forEachChild(node, walk);
    };
    walk(body);
  }

  /** A node for `name = expr`, with edges from the names `expr` reads. */
  private define(at: ts.Node, name: string, expr: ts.Expression, fn: string, scope: Map<string, string>, prev: string | null): void {
    const finding = this.findings.find((f) => f.start >= expr.getStart(this.sf) && f.end <= expr.getEnd());
    const reads = this.reads(expr, scope);
    const callee = topCallee(expr, this.sf);
    let kind: NodeKind = 'op';
    let edgeKind: EdgeKind = 'grad';
    if (finding && finding.ruleId === 'discrete-step') {
      edgeKind = 'zero';
    } else if (finding) {
      kind = finding.ruleId === 'host-round-trip' ? 'host' : 'sample';
      edgeKind = 'severed';
    } else if (callee && HOST_READ.test(callee)) {
      kind = 'host';
      edgeKind = 'severed';
    } else if (callee && NOISE_CALL.test(callee) && reads.length === 0) {
      kind = 'noise';
    } else if ((callee && DISCRETE_CALL.test(callee)) || isDiscrete(expr)) {
      edgeKind = 'zero';
    }
    const id = this.node(at, name, kind, (kind !== 'op' && finding?.sampler) || opName(expr, this.sf), fn, expr);
    for (const r of new Set([...reads, ...(prev ? [prev] : [])])) this.edges.push({ from: r, to: id, kind: edgeKind });
    scope.set(name, id);
  }

  private output(expr: ts.Expression, fn: string, scope: Map<string, string>): void {
    const id = this.node(expr, fn, 'output', opName(expr, this.sf), fn);
    for (const r of new Set(this.reads(expr, scope))) this.edges.push({ from: r, to: id, kind: isDiscrete(expr) ? 'zero' : 'grad' });
  }

  /** Node ids of the in-scope names an expression reads (property names and nested function bodies excluded). */
  private reads(expr: ts.Node, scope: Map<string, string>): string[] {
    const out: string[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) {
        const p = n.parent;
        const isProp = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n);
        const id = scope.get(n.text);
        if (!isProp && id) out.push(id);
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(expr);
    return out;
  }

  private node(at: ts.Node, label: string, kind: NodeKind, op: string, fn: string, range: ts.Node = at): string {
    const start = this.sf.getLineAndCharacterOfPosition(range.getStart(this.sf));
    const end = this.sf.getLineAndCharacterOfPosition(range.getEnd());
    const id = `s${this.nodes.length}`;
    this.nodes.push({
      id, label, op, kind, value: null, grad: null, shape: null,
      loc: { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, fn },
    });
    return id;
  }
}

function isFn(n: ts.Node): n is Fn {
  return ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n);
}

function enclosingFn(n: ts.Node): ts.Node | undefined {
  let p = n.parent;
  while (p && !isFn(p)) p = p.parent;
  return p;
}

/** A function's name: declared, or the variable/property/call it is bound to. */
function fnName(fn: Fn): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.getText();
  const p = fn.parent;
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) return p.name.getText();
  if (ts.isCallExpression(p)) return `${p.expression.getText()}(…)`;
  return '(anonymous)';
}

function bindingNames(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

function isAssignment(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

function isDiscrete(e: ts.Node): boolean {
  const x = skipParens(e);
  return (ts.isBinaryExpression(x) && DISCRETE_OPS.has(x.operatorToken.kind)) || ts.isConditionalExpression(x);
}

function skipParens(e: ts.Node): ts.Node {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
  return x;
}

/** Callee text of the outermost call (through a chained factory call `normal(mu, s)()`). */
function topCallee(e: ts.Node, sf: ts.SourceFile): string | null {
  let x = skipParens(e);
  while (ts.isCallExpression(x) && ts.isCallExpression(x.expression)) x = x.expression;
  return ts.isCallExpression(x) || ts.isNewExpression(x) ? x.expression.getText(sf) : null;
}

/** The operation of an initializer in a word: `add`, `mul`, `Math.exp`, `tf.matMul`... */
function opName(e: ts.Node, sf: ts.SourceFile): string {
  const x = skipParens(e);
  const callee = topCallee(x, sf);
  if (callee) {
    // `tf.sum(a).div(b)` reads as `.div`; `tf.split`, `Math.exp`, `decoder.apply` stay whole.
    const chained = /[()[\]]/.test(callee);
    const text = chained ? `.${callee.slice(callee.lastIndexOf('.') + 1)}` : callee;
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  }
  if (ts.isBinaryExpression(x)) return BINARY[x.operatorToken.kind] ?? ts.tokenToString(x.operatorToken.kind) ?? 'op';
  if (ts.isPrefixUnaryExpression(x)) return x.operator === ts.SyntaxKind.MinusToken ? 'neg' : ts.tokenToString(x.operator) ?? 'op';
  if (ts.isNumericLiteral(x)) return 'const';
  if (ts.isIdentifier(x)) return 'copy';
  if (ts.isConditionalExpression(x)) return 'select';
  return 'expr';
}

const BINARY: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.PlusToken]: 'add', [ts.SyntaxKind.MinusToken]: 'sub', [ts.SyntaxKind.AsteriskToken]: 'mul',
  [ts.SyntaxKind.SlashToken]: 'div', [ts.SyntaxKind.AsteriskAsteriskToken]: 'pow',
  [ts.SyntaxKind.PlusEqualsToken]: 'add', [ts.SyntaxKind.MinusEqualsToken]: 'sub', [ts.SyntaxKind.AsteriskEqualsToken]: 'mul',
};

function safeRegExp(s: string): RegExp | null {
  try {
    return new RegExp(s);
  } catch {
    return null;
  }
}
