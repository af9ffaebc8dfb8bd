/**
 * Type-checks one file text with the real TypeScript compiler against the installed packages
 * (`@tensorflow/tfjs` types), as `tsc --noEmit --strict` would. The text is served from memory under
 * `fileName`, so fixed variants resolve `node_modules` exactly like the fixture on disk.
 */
import ts from 'typescript';

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  skipLibCheck: true,
  types: [],
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
};

// Consecutive checks share the unchanged files (lib, @tensorflow/tfjs declarations) through
// TypeScript's old-program reuse, which makes each check after the first much cheaper.
let previous: ts.Program | undefined;
const sharedFiles = new Map<string, ts.SourceFile>();

/** Error messages (`line: message`) of `text` checked as the file `fileName`. */
export function typeErrors(fileName: string, text: string): string[] {
  const host = ts.createCompilerHost(OPTIONS, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => {
    if (name === fileName) return ts.createSourceFile(name, text, lang, true);
    let sf = sharedFiles.get(name);
    if (!sf) {
      sf = getSourceFile(name, lang, onError, create);
      if (sf) sharedFiles.set(name, sf);
    }
    return sf;
  };
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? text : readFile(name));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], OPTIONS, host, previous);
  previous = program;
  const sf = program.getSourceFile(fileName)!;
  return ts.getPreEmitDiagnostics(program, sf).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
