/**
 * `pathwise check [--format text|json|sarif] [--config FILE] <file|dir>...` — the analyzer for CI.
 * Exit 0: no warning/error finding; 1: some; 2: usage, configuration or I/O error (results for the
 * readable files are still printed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ProjectIndex, projectPath } from '../core/project/index';
import { nodeHost } from '../core/project/node-host';
import type { AnalyzeOptions } from '../core/config';
import { applySeverity, isBlocking } from '../core/report';
import { collectFiles, describeIoError } from './files';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CliIo } from './io';
import { loadOptions } from './options';
import type { CheckReport, FileReport } from './report-model';

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

Exit status: 0 no warning or error finding, 1 some, 2 usage, config or I/O error.
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
  if (ioErrors > 0) return EXIT_ERROR;
  return report.reports.some((r) => r.findings.some(isBlocking)) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Analyses every file named by `paths` as one project: imports of project modules are resolved
 * (tsconfig `paths`, workspace packages, JS) even to files outside `paths`, whose exports are
 * summarised but whose findings are not reported. Notices and I/O errors go to stderr as they happen.
 */
export function runCheck(paths: string[], options: AnalyzeOptions, io: CliIo): { report: CheckReport; ioErrors: number } {
  const { files, errors } = collectFiles(paths, io.cwd);
  for (const e of errors) io.stderr.write(`pathwise: ${e}\n`);
  let ioErrors = errors.length;
  const reports: FileReport[] = [];
  const project = new ProjectIndex(nodeHost(io.cwd), options);
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
    } catch (e) {
      io.stderr.write(`pathwise: ${file}: ${describeIoError(e)}\n`);
      ioErrors++;
      continue;
    }
    // Analysed as part of the project: imports are followed (also to files outside `paths`).
    const abs = projectPath(path.resolve(io.cwd, file));
    project.update(abs, text);
    const result = project.analyze(abs);
    project.release(abs);
    if (result.skipped) {
      io.stderr.write(`pathwise: ${file}: skipped: ${result.skipped}\n`);
      continue;
    }
    reports.push({ file, text, findings: applySeverity(result.findings, options.severity) });
  }
  return { report: { files: reports.length, reports, cwd: io.cwd }, ioErrors };
}
