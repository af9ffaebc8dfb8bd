/**
 * Command dispatch of the `pathwise` CLI: one module per command, each `(argv, io) => Promise<exitCode>`.
 * Errors of any command end here and become a message on stderr and exit code 2.
 */
import { checkCommand } from './check';
import { fixCommand } from './fix';
import { lspCommand } from './lsp';
import { MAIN_HELP } from './help';
import { CliError, EXIT_ERROR, EXIT_OK, type CliIo } from './io';
import { packageInfo } from './package-info';
import { traceCommand } from './trace';
import { estimateCommand } from './estimate';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  check: checkCommand,
  fix: fixCommand,
  trace: (argv, io) => traceCommand(argv, io),
  estimate: (argv, io) => estimateCommand(argv, io),
  lsp: lspCommand,
};

/** Runs the CLI with `argv` (without node and script); returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) throw new CliError(`missing command\n\n${MAIN_HELP}`);
    if (name === '-h' || name === '--help' || name === 'help') {
      io.stdout.write(MAIN_HELP);
      return EXIT_OK;
    }
    if (name === '-v' || name === '--version') {
      io.stdout.write(`${packageInfo().version}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS[name];
    if (!command) throw new CliError(`unknown command "${name}"\n\n${MAIN_HELP}`);
    return await command(rest, io);
  } catch (e) {
    io.stderr.write(`pathwise: ${errorMessage(e)}\n`);
    return EXIT_ERROR;
  }
}

/** Messages for the errors a command may end with: usage (`parseArgs`), configuration, I/O, or a bug. */
function errorMessage(e: unknown): string {
  if (e instanceof CliError) return e.message;
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return `${(e as Error).message} (see --help)`;
  return `internal error: ${(e as Error)?.stack ?? String(e)}`;
}
