/**
 * `pathwise check [--format text|json|sarif] [--config FILE] <file|dir>...` — the analyzer for CI.
 * Exit 0: no warning/error finding; 1: some; 2: usage, configuration or I/O error (results for the
 * readable files are still printed).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { notAnalysedReason } from '../core/api';
import { ProjectIndex, projectPath } from '../core/project/index';
import { nodeHost } from '../core/project/node-host';
import type { AnalyzeOptions } from '../core/config';
import { applySeverity, isBlocking } from '../core/report';
import { decodeSource } from './decode';
import { collectFiles, readSourceFile } from './files';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CliIo } from './io';
import { loadOptions } from './options';
import type { CheckReport, FileReport, NotAnalysed } from './report-model';

export const CHECK_HELP = `Usage: pathwise check [--format text|json|sarif] [--config FILE] <file|dir>...

Reports sampling calls, host round trips and discrete steps that cut gradient paths.
The files are analysed as one project: imports are followed (tsconfig paths, workspace
packages, JS), also into files not named, whose findings are not reported.
Directories are walked (node_modules, dist, out, build, .git and coverage are skipped
unless named). Analysed extensions: .ts .tsx .mts .cts .js .jsx .mjs .cjs

Options:
  -f, --format FORMAT  text (default): file:line:col severity rule message
                       json: {"version":1,"files":N,"findings":[...]}
                       sarif: SARIF 2.1.0 for code-scanning upload
  -c, --config FILE    options file (default: ./pathwise.config.json when present)
  -h, --help           show this help

Exit status: 0 no warning or error finding, 1 some, 2 usage, config or I/O error, or a
file that could not be analysed (listed as a notice; "notAnalysed" in JSON).
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** Runs `pathwise check`; returns the exit code. */
export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return EXIT_OK;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new CliError(`unknown format "${values.format}" (expected text, json or sarif)`);
  if (positionals.length === 0) throw new CliError('no files or directories given\n\n' + CHECK_HELP);
  const options = loadOptions(io.cwd, values.config);

  const { report, ioErrors } = runCheck(positionals, options, io);
  const output = format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report, io.cwd) : formatText(report);
  io.stdout.write(output);
  if (ioErrors > 0 || (report.notAnalysed?.length ?? 0) > 0) return EXIT_ERROR;
  return report.reports.some((r) => r.findings.some(isBlocking)) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Analyses every file named by `paths` as one project: imports of project modules are resolved
 * (tsconfig `paths`, workspace packages, JS) even to files outside `paths`, whose exports are
 * summarised but whose findings are not reported. Notices and I/O errors go to stderr as they happen.
 */
export function runCheck(paths: string[], options: AnalyzeOptions, io: CliIo): { report: CheckReport; ioErrors: number } {
  // Only regular files within the size limit are read; the rest is reported (see files.ts).
  const { files, errors, skipped } = collectFiles(paths, io.cwd, { maxBytes: options.maxFileSize });
  for (const e of errors) io.stderr.write(`pathwise: ${e}\n`);
  const ioErrors = errors.length;
  const reports: FileReport[] = [];
  const notAnalysed: NotAnalysed[] = [];
  /** The one entry point for files that were not (fully) analysed: a notice now, a report entry, exit 2. */
  const notice = (file: string, reason: string): void => {
    io.stderr.write(`pathwise: ${file}: not analysed: ${reason}\n`);
    notAnalysed.push({ file, reason });
  };
  // Files the walker chose not to read (special files, over-size files).
  for (const s of skipped) notice(s.file, s.reason);
  const project = new ProjectIndex(nodeHost(io.cwd), options);
  for (const file of files) {
    const abs = projectPath(path.resolve(io.cwd, file));
    const read = readSourceFile(abs, options.maxFileSize);
    if (!read.ok) {
      notice(file, read.reason);
      continue;
    }
    const decoded = decodeSource(read.bytes);
    if ('error' in decoded) {
      notice(file, decoded.error);
      continue;
    }
    const text = decoded.text;
    // Analysed as part of the project: imports are followed (also to files outside `paths`).
    project.update(abs, text);
    const result = project.analyze(abs);
    project.release(abs);
    const reason = notAnalysedReason(result);
    if (reason) notice(file, reason);
    if (result.skipped) continue;
    reports.push({ file, text, findings: applySeverity(result.findings, options.severity) });
  }
  return { report: { files: reports.length, reports, notAnalysed, cwd: io.cwd }, ioErrors };
}
