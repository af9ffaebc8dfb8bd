/**
 * Top-level functions of a source text and their parameter names, read from the TypeScript AST
 * without running anything: the CLI checks `--entry` and `--args` against them before it starts
 * the tracer, so a misspelt name is a usage error (exit 2) rather than a failed run.
 */
import ts from 'typescript';
import type { FunctionInfo } from './sites';

function paramNames(fn: ts.SignatureDeclarationBase): (string | null)[] {
  return fn.parameters.map((p) => (ts.isIdentifier(p.name) && !p.dotDotDotToken ? p.name.text : null));
}

/** Function declarations and `const f = (…) => …` / `function` expressions at the top level of `text`. */
export function topLevelFunctions(text: string, fileName: string): FunctionInfo[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: FunctionInfo[] = [];
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name) out.push({ name: st.name.text, params: paramNames(st), wrapped: false });
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)) ? d.initializer : null;
        if (init && ts.isIdentifier(d.name)) out.push({ name: d.name.text, params: paramNames(init), wrapped: false });
      }
    }
  }
  return out;
}

/**
 * Named top-level classes (with their constructor's parameters) and their methods as `Class.method`
 * (with theirs): the runner constructs the class and calls the method for a `Class.call` entry.
 */
export function classMembers(sf: ts.SourceFile): FunctionInfo[] {
  const names = (ps: ts.NodeArray<ts.ParameterDeclaration>) => ps.map((p) => (ts.isIdentifier(p.name) && !p.dotDotDotToken ? p.name.text : null));
  const out: FunctionInfo[] = [];
  for (const st of sf.statements) {
    // An ambient `declare class` has no value at run time to register.
    if (!ts.isClassDeclaration(st) || !st.name || ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
    const ctor = st.members.find(ts.isConstructorDeclaration);
    out.push({ name: st.name.text, params: ctor ? names(ctor.parameters) : [], wrapped: false });
    for (const m of st.members) {
      if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name)) out.push({ name: `${st.name.text}.${m.name.text}`, params: names(m.parameters), wrapped: false });
    }
  }
  return out;
}

/** A usage problem of `--entry`/`--args` for `text`, or null when they fit (or cannot be checked statically). */
export function checkEntryUsage(text: string, fileName: string, entry: string, args: Record<string, unknown>): string | null {
  if (entry.includes('.')) return checkMethodEntry(text, fileName, entry, args);
  const fns = topLevelFunctions(text, fileName);
  const fn = fns.find((f) => f.name === entry);
  if (!fn) {
    // Re-exports and factories cannot be seen statically: only complain when nothing could match.
    if (/\bexport\s*(\*|\{)/.test(text) || new RegExp(`\\b${entry}\\b`).test(text)) return null;
    const names = fns.map((f) => f.name);
    return `no top-level function named "${entry}"${names.length ? ` (functions: ${names.join(', ')})` : ''}`;
  }
  const unknown = Object.keys(args).filter((k) => !fn.params.includes(k));
  if (unknown.length) return `${entry} has no parameter named ${unknown.map((k) => `"${k}"`).join(', ')} (parameters: ${fn.params.filter(Boolean).join(', ') || 'none'})`;
  return null;
}

/** Usage problem of a `Class.method` entry: the class and method must exist; `$new` is the constructor's arguments. */
function checkMethodEntry(text: string, fileName: string, entry: string, args: Record<string, unknown>): string | null {
  const members = classMembers(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false));
  const m = members.find((f) => f.name === entry);
  if (!m) {
    // A class imported from another module (registered with tf.serialization.registerClass) cannot be checked here.
    const cls = entry.slice(0, entry.indexOf('.'));
    if (!members.some((f) => f.name === cls) && new RegExp(`(^|[^\\w$])${cls.replace(/\$/g, '\\$')}($|[^\\w$])`).test(text)) return null;
    const methods = members.filter((f) => f.name.includes('.')).map((f) => f.name);
    return `no top-level class method named "${entry}"${methods.length ? ` (methods: ${methods.join(', ')})` : ''}`;
  }
  const unknown = Object.keys(args).filter((k) => k !== '$new' && !m.params.includes(k));
  if (unknown.length) return `${entry} has no parameter named ${unknown.map((k) => `"${k}"`).join(', ')} (parameters: ${[...m.params.filter(Boolean), '$new'].join(', ')})`;
  return null;
}
