/**
 * `pathwise fix [--write] [--unsafe] [--config FILE] <file|dir>...` — applies the reparameterization
 * fixes. Without `--write` prints a unified diff; with it rewrites files in place. Exit 0 when
 * nothing (warning or error) is left, 1 when findings remain without an applied fix, 2 on errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { fixToFixpoint, UNPARSABLE } from '../core/fix-loop';
import { isBlocking, oneLine } from '../core/report';
import { collectFiles, describeIoError } from './files';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CliIo } from './io';
import { loadOptions } from './options';

export const FIX_HELP = `Usage: pathwise fix [--write] [--unsafe] [--config FILE] <file|dir>...

Rewrites reparameterizable samplers into the pathwise form (z = mu + sigma * eps).
Without --write, prints a unified diff of the changes and leaves files alone.

Options:
  -w, --write          rewrite the files in place
      --unsafe         also apply fixes that change the estimator (relaxations,
                       straight-through) or the semantics; never applied by default
  -c, --config FILE    options file (default: ./pathwise.config.json when present)
  -h, --help           show this help

A rewrite that would not parse is never written: the file is reported and left as it is.
Exit status: 0 nothing left to fix, 1 findings remain without a fix, 2 usage, config or I/O error.
`;

/** Runs `pathwise fix`; returns the exit code. */
export async function fixCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      write: { type: 'boolean', short: 'w' },
      unsafe: { type: 'boolean' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(FIX_HELP);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new CliError('no files or directories given\n\n' + FIX_HELP);
  const options = loadOptions(io.cwd, values.config);
  const { files, errors } = collectFiles(positionals, io.cwd);
  for (const e of errors) io.stderr.write(`pathwise: ${e}\n`);
  let failed = errors.length > 0;
  let remaining = 0;
  let appliedTotal = 0;
  let changedFiles = 0;

  for (const file of files) {
    const abs = path.resolve(io.cwd, file);
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch (e) {
      io.stderr.write(`pathwise: ${file}: ${describeIoError(e)}\n`);
      failed = true;
      continue;
    }
    const result = fixToFixpoint(file, text, options, { unsafe: values.unsafe === true });
    if (result.skipped) {
      io.stderr.write(`pathwise: ${file}: skipped: ${result.skipped}\n`);
      continue;
    }
    for (const r of result.rejected) {
      io.stderr.write(`pathwise: ${file}:${r.line}: fix "${r.title}" not applied: ${r.reason}\n`);
    }
    if (result.rejected.some((r) => r.reason === UNPARSABLE)) {
      io.stderr.write(`pathwise: ${file}: left untouched because a rewrite would not parse\n`);
      failed = true;
      continue;
    }
    const left = result.remaining.filter(isBlocking);
    remaining += left.length;
    for (const f of left) {
      io.stderr.write(`pathwise: ${file}:${f.line}:${f.column} remains: ${f.ruleId} ${oneLine(f.message)}\n`);
    }
    if (result.text === text) continue;
    appliedTotal += result.applied.length;
    changedFiles++;
    if (values.write) {
      try {
        fs.writeFileSync(abs, result.text, 'utf8');
      } catch (e) {
        io.stderr.write(`pathwise: ${file}: cannot write: ${describeIoError(e)}\n`);
        failed = true;
      }
    } else {
      io.stdout.write(createTwoFilesPatch(`a/${toSlash(file)}`, `b/${toSlash(file)}`, text, result.text));
    }
  }
  const verb = values.write ? 'applied' : 'would apply';
  io.stderr.write(`pathwise: ${verb} ${appliedTotal} fix${appliedTotal === 1 ? '' : 'es'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'}; ${remaining} finding${remaining === 1 ? '' : 's'} remain${remaining === 1 ? 's' : ''}\n`);
  if (failed) return EXIT_ERROR;
  return remaining > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function toSlash(p: string): string {
  return p.split(path.sep).join('/');
}
