/**
 * `pathwise fix [--write] [--unsafe] [--config FILE] <file|dir>...` — applies the reparameterization
 * fixes. Without `--write` prints a unified diff; with it rewrites files in place. Exit 0 when
 * nothing (warning or error) is left, 1 when findings remain without an applied fix, 2 on errors.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { analyze } from '../core/api';
import type { AnalyzeOptions } from '../core/config';
import { countSyntaxErrors, fixToFixpoint, UNPARSABLE } from '../core/fix-loop';
import { applySeverity, isBlocking, oneLine } from '../core/report';
import type { Finding } from '../core/types';
import { collectFiles, readSourceFile } from './files';
import { decodeLossless, describeWriteError, realTarget, writeIfUnchanged, writeRoots } from './write-back';
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
With --write, a file is left as it is (and reported) when it already has syntax errors, is not
valid UTF-8, changed since it was read, or is a symlink to a file outside the given paths;
files are replaced atomically (a temporary file renamed over them, same mode).
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
  const { files, errors, skipped } = collectFiles(positionals, io.cwd, { maxBytes: options.maxFileSize });
  for (const e of errors) io.stderr.write(`pathwise: ${e}\n`);
  for (const s of skipped) io.stderr.write(`pathwise: ${s.file}: skipped: ${s.reason}\n`);
  const roots = writeRoots(positionals, io.cwd);
  let failed = errors.length > 0;
  let remaining = 0;
  let appliedTotal = 0;
  let changedFiles = 0;
  const refuse = (file: string, why: string) => {
    io.stderr.write(`pathwise: ${file}: not rewritten: ${why}\n`);
    failed = true;
  };

  for (const file of files) {
    const abs = path.resolve(io.cwd, file);
    const read = readSourceFile(abs, options.maxFileSize);
    if (!read.ok) {
      io.stderr.write(`pathwise: ${file}: ${read.reason}\n`);
      failed = true;
      continue;
    }
    // Only text whose bytes survive a decode and encode is rewritten (UTF-8, UTF-16 with a byte-order mark).
    const decoded = decodeLossless(read.bytes);
    if (decoded === null) {
      refuse(file, 'not valid UTF-8 or UTF-16 with a byte-order mark (Pathwise rewrites only text it can write back byte for byte; its bytes are left as they are)');
      continue;
    }
    const text = decoded.text;
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
    if (result.text !== text) {
      // A fix is written only into a file that parses: the file's own syntax errors come first.
      const syntaxErrors = countSyntaxErrors(file, text);
      if (syntaxErrors > 0) {
        io.stderr.write(`pathwise: ${file}: not rewritten: it has ${syntaxErrors} syntax error${syntaxErrors === 1 ? '' : 's'}; fix ${syntaxErrors === 1 ? 'it' : 'them'} first\n`);
        remaining += reportRemaining(io, file, analyze(file, text, options).findings, options);
        continue;
      }
    }
    remaining += reportRemaining(io, file, result.remaining, options);
    if (result.text === text) continue;
    if (values.write) {
      try {
        const target = realTarget(abs, roots);
        if (target.outside) {
          refuse(file, `it is a symlink to ${target.real}, outside the given paths`);
          continue;
        }
        writeIfUnchanged(target.real, read.bytes, decoded.encode(result.text));
      } catch (e) {
        io.stderr.write(`pathwise: ${file}: ${describeWriteError(e)}\n`);
        failed = true;
        continue;
      }
    } else {
      io.stdout.write(createTwoFilesPatch(`a/${toSlash(file)}`, `b/${toSlash(file)}`, text, result.text));
    }
    // Counted once written (or shown): the summary never claims a write that failed.
    appliedTotal += result.applied.length;
    changedFiles++;
  }
  const verb = values.write ? 'applied' : 'would apply';
  io.stderr.write(`pathwise: ${verb} ${appliedTotal} fix${appliedTotal === 1 ? '' : 'es'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'}; ${remaining} finding${remaining === 1 ? '' : 's'} remain${remaining === 1 ? 's' : ''}\n`);
  if (failed) return EXIT_ERROR;
  return remaining > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** Prints the blocking findings left in `file` and returns how many there are. */
function reportRemaining(io: CliIo, file: string, findings: Finding[], options: AnalyzeOptions): number {
  const left = applySeverity(findings, options.severity).filter(isBlocking);
  for (const f of left) {
    io.stderr.write(`pathwise: ${file}:${f.line}:${f.column} remains: ${f.ruleId} ${oneLine(f.message)}\n`);
  }
  return left.length;
}

function toSlash(p: string): string {
  return p.split(path.sep).join('/');
}
