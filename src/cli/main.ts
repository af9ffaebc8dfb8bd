/**
 * Entry point of the `pathwise` command (bundled to `dist/cli.js`, launched by `bin/pathwise.js`).
 * Kept free of logic so tests can import `runCli` from `./run` without starting a process.
 */
import type { CliIo } from './io';
import { runCli } from './run';

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
void runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
