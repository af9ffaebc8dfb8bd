/** Top-level help text of the `pathwise` command. */
export const MAIN_HELP = `Usage: pathwise <command> [options]

Finds sampling calls that sever gradient paths in TS/JS ML code and rewrites them
into the reparameterized form (z = mu + sigma * eps).

Commands:
  check   report findings (text, json or sarif); exit 1 when a warning or error is found
  fix     apply the reparameterization fixes (diff by default, --write to rewrite)
  trace   run a model function and emit its computational graph with gradients
  estimate  compare gradient estimators (as written, pathwise, score function) over N draws
  lsp     run the language server over stdio (lsp --stdio), for editors other than VS Code

Run "pathwise <command> --help" for the options of a command.
Options:
  -h, --help      show this help
  -v, --version   print the version
`;
