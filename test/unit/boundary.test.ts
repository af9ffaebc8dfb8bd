// The core must run without VS Code (CLI, tests, tracer): enforce the layering by reading the
// real import declarations of every core file with the TypeScript parser.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|mts|cts)$/.test(e.name) ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports, `require()` and `import()` calls. */
export function importsOf(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push(n.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(n) &&
      (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require')) &&
      n.arguments.length > 0 &&
      ts.isStringLiteralLike(n.arguments[0])
    ) {
      out.push(n.arguments[0].text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('layering', () => {
  const core = sourceFiles(path.join(root, 'src/core'));

  it('finds the core sources', () => {
    expect(core.length).toBeGreaterThan(5);
  });

  it('src/core never imports vscode, the LSP libraries, the editor adapter or the language server', () => {
    const offenders = core.flatMap((f) =>
      importsOf(f)
        .filter((m) => m === 'vscode' || /^vscode-language/.test(m) || /(^|\/)(extension|server)(\/|$)/.test(m))
        .map((m) => `${path.relative(root, f)} imports ${m}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the import scanner sees static, dynamic and require imports', () => {
    const tmp = path.join(root, 'node_modules/.cache/boundary-probe.ts');
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.writeFileSync(tmp, "import * as v from 'vscode';\nconst a = require('vscode');\nvoid import('vscode');\nexport {};\n");
    expect(importsOf(tmp)).toEqual(['vscode', 'vscode', 'vscode']);
  });
});
