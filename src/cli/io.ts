/**
 * The process boundary of every CLI command: where output goes and which directory relative paths
 * start from. `main.ts` passes the real process; commands never touch `process` directly, so each
 * command is a plain function `(argv, io) => Promise<exitCode>`.
 */

/** Something text can be written to (`process.stdout` fits). */
export interface TextSink {
  write(text: string): unknown;
}

/** Output streams and working directory of one CLI invocation. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Directory relative paths and `pathwise.config.json` are resolved from. */
  cwd: string;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
/** Some finding of severity warning or error remains. */
export const EXIT_FINDINGS = 1;
/** Usage error, unreadable input, bad configuration. */
export const EXIT_ERROR = 2;

/** A usage or I/O problem that ends a command with exit code 2 and a message on stderr. */
export class CliError extends Error {}
