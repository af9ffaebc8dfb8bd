/**
 * Entry point of the `pathwise` command (bundled to `dist/cli.js`, launched by `bin/pathwise.js`).
 * Kept free of logic so tests can import `runCli` from `./run` without starting a process.
 */
import type { CliIo } from './io';
import { runCli } from './run';
import { killGroupsOnSignals } from '../tracer/process-group';

// A traced program runs in a process group of its own, which Ctrl+C in the terminal does not reach:
// while a trace runs, end it with the CLI, then die of the same signal.
killGroupsOnSignals();

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
void runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
