/**
 * What a module exports, syntactically: each exported name and the declaration (or expression) it
 * stands for, in ES module and CommonJS forms, and the `export … from` directives the project index
 * follows itself. Nothing here evaluates anything; `summarize.ts` does, on demand.
 */
import ts from 'typescript';
import { findDeclaration } from '../analysis/scope';

/**
 * `export … from` directives: `names` maps exported name → name in the source module; `null` is
 * `export *`. `namespace` is set for `export * as ns from`: the whole module under one name.
 */
export interface ReExport {
  specifier: string;
  names: Map<string, string> | null;
  namespace?: string;
}

/** An exported name and the node it stands for. */
export interface ExportedDecl {
  name: string;
  decl: ts.Node;
}

const isExported = (s: ts.Node) => ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isDefault = (s: ts.Node) => ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

/** Exported names of a file and the declarations (or expressions) they stand for; collects `export … from` directives. */
export function exportedDeclarations(sf: ts.SourceFile, reExports: ReExport[]): ExportedDecl[] {
  const out: ExportedDecl[] = [];
  const local = (name: string, as: string) => {
    const d = findDeclaration(name, sf);
    if (d) out.push({ name: as, decl: d });
  };
  for (const st of sf.statements) {
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && isExported(st)) {
      out.push({ name: isDefault(st) || !st.name ? 'default' : st.name.text, decl: st });
    } else if (ts.isVariableStatement(st) && isExported(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) out.push({ name: d.name.text, decl: d });
    } else if (ts.isExportAssignment(st)) {
      const x = st.expression;
      if (ts.isIdentifier(x)) local(x.text, 'default');
      else out.push({ name: 'default', decl: x });
    } else if (ts.isExportDeclaration(st)) {
      exportDeclaration(st, reExports, local);
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      commonJsExport(st.expression, out, local);
    }
  }
  return out;
}

function exportDeclaration(st: ts.ExportDeclaration, reExports: ReExport[], local: (name: string, as: string) => void): void {
  const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
  const clause = st.exportClause;
  if (spec !== undefined) {
    if (!clause) reExports.push({ specifier: spec, names: null });
    else if (ts.isNamespaceExport(clause)) reExports.push({ specifier: spec, names: null, namespace: clause.name.text });
    else reExports.push({ specifier: spec, names: new Map(clause.elements.map((el) => [el.name.text, (el.propertyName ?? el.name).text])) });
  } else if (clause && ts.isNamedExports(clause)) {
    for (const el of clause.elements) local((el.propertyName ?? el.name).text, el.name.text);
  }
}

/** `module.exports = …`, `module.exports.x = …`, `exports.x = …`. */
function commonJsExport(b: ts.BinaryExpression, out: ExportedDecl[], local: (name: string, as: string) => void): void {
  const target = b.left.getText().replace(/\s+/g, '');
  const rhs = b.right;
  const m = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
  if (m) {
    if (ts.isIdentifier(rhs)) local(rhs.text, m[1]);
    else out.push({ name: m[1], decl: rhs });
    return;
  }
  if (target !== 'module.exports') return;
  if (ts.isObjectLiteralExpression(rhs)) {
    for (const p of rhs.properties) {
      if (ts.isShorthandPropertyAssignment(p)) local(p.name.text, p.name.text);
      else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
        if (ts.isIdentifier(p.initializer)) local(p.initializer.text, p.name.text);
        else out.push({ name: p.name.text, decl: p.initializer });
      } else if (ts.isMethodDeclaration(p) && p.body && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
        // `module.exports = { normal(mu, sd) { … } }`: the method is the export.
        out.push({ name: p.name.text, decl: p });
      }
    }
  } else if (ts.isIdentifier(rhs)) local(rhs.text, 'default');
  else out.push({ name: 'default', decl: rhs });
}
