/**
 * `pathwise lsp --stdio`: runs the Pathwise language server (the one the VS Code extension starts)
 * over stdin/stdout, for Neovim, Helix, Emacs and any other LSP client. Never returns: the server
 * exits when the client sends `exit` or closes the stream.
 */
import * as path from 'node:path';
import { CliError, EXIT_OK, type CliIo } from './io';

export const LSP_HELP = `Usage: pathwise lsp --stdio

Runs the Pathwise language server over stdin/stdout (Language Server Protocol):
diagnostics, hovers, quick fixes and the source.fixAll.pathwise action.
Initialization options (optional): {"analysisBudgetMs": 5000, "settings": {...}}
where settings holds the "pathwise" section (enable, run, debounceMs,
objectivePattern, maxFileSize, samplers, severity).
`;

export async function lspCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout.write(LSP_HELP);
    return EXIT_OK;
  }
  const unknown = argv.filter((a) => a !== '--stdio' && !a.startsWith('--clientProcessId'));
  if (!argv.includes('--stdio') || unknown.length > 0) throw new CliError(`lsp: the only transport is --stdio\n\n${LSP_HELP}`);
  // The server bundle sits next to the CLI bundle (dist/); it reads `--stdio` from process.argv.
  require(path.join(__dirname, 'server.js'));
  return new Promise<number>(() => {});
}
