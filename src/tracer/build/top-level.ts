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

/** A usage problem of `--entry`/`--args` for `text`, or null when they fit (or cannot be checked statically). */
export function checkEntryUsage(text: string, fileName: string, entry: string, args: Record<string, unknown>): string | null {
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
