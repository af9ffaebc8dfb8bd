/**
 * Finds the bindings of a module that come from packages (non-relative `import`s and
 * `require(...)`s). Calls rooted in these bindings go through the runtime, which passes plain
 * numbers to the package and recognises catalogue samplers by module and member path.
 */
import ts from 'typescript';

/** A local name bound to (a member of) a package. `path` is '' for the whole module. */
export interface ExternalBinding {
  module: string;
  path: string;
}

function isPackage(spec: string): boolean {
  return !spec.startsWith('.') && !spec.startsWith('/');
}

function requiredModule(e: ts.Expression | undefined): string | null {
  if (!e || !ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'require') return null;
  const a = e.arguments[0];
  return a && ts.isStringLiteralLike(a) && isPackage(a.text) ? a.text : null;
}

/** Local name → package binding, for the top-level imports and requires of `sf`. */
export function collectExternals(sf: ts.SourceFile): Map<string, ExternalBinding> {
  const out = new Map<string, ExternalBinding>();
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && isPackage(st.moduleSpecifier.text)) {
      const module = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) out.set(clause.name.text, { module, path: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) out.set(nb.name.text, { module, path: '' });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) if (!el.isTypeOnly) out.set(el.name.text, { module, path: (el.propertyName ?? el.name).text });
      }
    } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference)) {
      const e = st.moduleReference.expression;
      if (ts.isStringLiteral(e) && isPackage(e.text)) out.set(st.name.text, { module: e.text, path: '' });
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const module = requiredModule(d.initializer);
        if (!module) continue;
        if (ts.isIdentifier(d.name)) out.set(d.name.text, { module, path: '' });
        else if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (!ts.isIdentifier(el.name) || el.dotDotDotToken) continue;
            const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            out.set(el.name.text, { module, path: prop });
          }
        }
      }
    }
  }
  return out;
}
