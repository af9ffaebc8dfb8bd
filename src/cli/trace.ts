/**
 * `pathwise trace <file> [--entry NAME] [--args JSON] [--seed N] [--timeout MS]
 *  [--format json|mermaid|html] [--out FILE] [--config FILE]`: runs the file in the tracer child
 * process and prints (or writes) its graph. Without `--entry` it runs the entry the editor would
 * (`pickEntry`); when nothing computes a gradient it exits 1 with `no gradient context was called;
 * pass --entry NAME (candidates: …)` on stderr. Exit 0 on success, 1 when the user's code threw or
 * was stopped (the partial graph is still written, the error and its location go to stderr), 2 on
 * usage errors. The default seed is the editor's (`DEFAULT_TRACE_SEED`), so the numbers agree.
 * The user's console output goes to stderr so stdout stays parseable.
 */
import { entryOption, intOption, jsonArgs, oneFile, parseCommandLine, UsageError } from './run-args';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceGraph } from '../core/graph/model';
import { toMermaid } from '../core/graph/mermaid';
import { renderHtmlPage } from '../core/graph/html';
import { runTrace } from '../tracer/host';
import { loadOptions } from './options';
import { checkEntryUsage } from '../tracer/build/top-level';
import { DEFAULT_TRACE_SEED } from '../core/config';
import { entryCandidates, listEntries, noEntryHint, pickEntry, type EntryPick } from '../core/entries';

/** Where a command writes: functions, or streams with `write` (the CLI's `CliIo`). */
export interface TraceIo {
  stdout: ((s: string) => void) | { write(s: string): unknown };
  stderr: ((s: string) => void) | { write(s: string): unknown };
  cwd?: string;
}

export const TRACE_USAGE = `usage: pathwise trace <file> [--entry NAME] [--args JSON] [--seed N] [--timeout MS]
                      [--format json|mermaid|html] [--out FILE] [--config FILE] [--no-gradcheck]
  --no-gradcheck  skip the finite-difference gradient check (it calls the entry again,
                  twice per parameter, so the program's side effects repeat)
  --entry Class.call  trace a tfjs Layer's call(): the layer is constructed (with the
                  arguments under "$new" in --args) and applied to inputs of the shape the
                  module feeds it, or to those given in --args ({"inputs": {"$tensor": {"shape": [2, 4]}}})
`;


function writer(s: TraceIo['stdout']): (text: string) => void {
  return typeof s === 'function' ? s : (text) => void s.write(text);
}

interface TraceArgs {
  file: string;
  entry: string | null;
  args: Record<string, unknown>;
  seed: number | null;
  timeoutMs: number;
  format: 'json' | 'mermaid' | 'html';
  out: string | null;
  config: string | undefined;
  gradientCheck: boolean;
}

function parse(argv: string[]): TraceArgs {
  const { values: v, positionals } = parseCommandLine(argv, {
    entry: { type: 'string' },
    args: { type: 'string' },
    seed: { type: 'string' },
    timeout: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    config: { type: 'string' },
    'no-gradcheck': { type: 'boolean' },
  });
  const file = oneFile(positionals);
  const args = jsonArgs(v.args);
  const format = v.format ?? 'json';
  if (format !== 'json' && format !== 'mermaid' && format !== 'html') throw new UsageError('--format must be json, mermaid or html');
  const entry = entryOption(v.entry, { methods: true });
  return {
    file,
    entry,
    args,
    seed: intOption(v.seed, '--seed', 0),
    timeoutMs: intOption(v.timeout, '--timeout', 1) ?? 10_000,
    format,
    out: v.out ?? null,
    config: v.config,
    gradientCheck: v['no-gradcheck'] !== true,
  };
}

function render(graph: TraceGraph, format: TraceArgs['format']): string {
  if (format === 'json') return `${JSON.stringify(graph, null, 2)}\n`;
  if (format === 'mermaid') return `${toMermaid(graph)}\n`;
  // The page inlines the inspector's webview bundle, which ships beside the CLI bundle.
  const bundle = path.join(__dirname, 'webview.js');
  const script = fs.existsSync(bundle) ? fs.readFileSync(bundle, 'utf8') : '';
  return renderHtmlPage(graph, script);
}

/** Runs `pathwise trace`; returns the exit code (0 ok, 1 user code threw/stopped, 2 usage). */
export async function traceCommand(argv: string[], io: TraceIo, extra: { runnerPath?: string } = {}): Promise<number> {
  const out = writer(io.stdout);
  const err = writer(io.stderr);
  const cwd = io.cwd ?? process.cwd();
  if (argv.includes('-h') || argv.includes('--help')) {
    out(TRACE_USAGE);
    return 0;
  }
  let a: TraceArgs;
  let options;
  let text: string;
  // A Layer entry starts like its CodeLens: the inputs and constructor arguments the module shows.
  let start: Record<string, unknown> = {};
  try {
    a = parse(argv);
    const abs = path.resolve(cwd, a.file);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new UsageError(`${a.file}: no such file`);
    text = fs.readFileSync(abs, 'utf8');
    if (a.entry) {
      const problem = checkEntryUsage(text, abs, a.entry, a.args);
      if (problem) throw new UsageError(problem);
    }
    options = loadOptions(cwd, a.config);
    if (a.entry?.includes('.')) start = layerStartArgs(a, text, options);
  } catch (e) {
    err(`pathwise trace: ${(e as Error).message}\n${e instanceof UsageError ? TRACE_USAGE : ''}`);
    return 2;
  }
  // Without --entry: the entry the editor would trace (the module, an objective with its defaults), or the hint.
  let pick: EntryPick | null = null;
  if (!a.entry) {
    // With no entry that starts by itself the module still runs: its top-level code may call one.
    pick = pickEntry(listEntries(a.file, text, options));
  }
  const entry = pick?.kind === 'entry' ? pick.entry : a.entry;
  const graph = await runTrace({
    file: a.file,
    cwd,
    entry,
    args: pick?.kind === 'entry' ? { ...pick.args, ...a.args } : { ...start, ...a.args },
    seed: a.seed ?? DEFAULT_TRACE_SEED,
    timeoutMs: a.timeoutMs,
    objectivePattern: options.objectivePattern,
    samplers: options.samplers,
    gradientCheck: a.gradientCheck,
    onConsole: (_stream, text) => err(text),
    runnerPath: extra.runnerPath,
  });
  if (pick) {
    const what = pick.kind === 'entry' ? `${pick.entry} (${pick.reason})` : pick.kind === 'module' ? `the module (${pick.reason})` : 'the module (no gradient context starts by itself)';
    graph.notes = [`entry picked: ${what}`, ...(graph.notes ?? [])];
  }
  const page = render(graph, a.format);
  if (a.out) fs.writeFileSync(path.resolve(cwd, a.out), page);
  else out(page);
  if (!graph.error && graph.nodes.length === 0 && !a.entry) {
    // The module ran but computed no gradient: never an empty page with exit 0.
    err(`pathwise trace: ${a.file}: ${noEntryHint(entryCandidatesOf(a.file, text, options))}\n`);
    return 1;
  }
  if (graph.error) {
    const loc = graph.error.loc;
    const where = loc ? `${loc.file ?? a.file}:${loc.line}:${loc.column}: ` : `${a.file}: `;
    err(`${where}${graph.error.reason ?? 'error'}: ${graph.error.message}\n`);
    return 1;
  }
  return 0;
}

/**
 * The arguments a `Class.call` entry starts with (the CodeLens's), or a usage error naming what
 * neither the module shows nor `--args` gives, with the JSON to fill in.
 */
function layerStartArgs(a: TraceArgs, text: string, options: Parameters<typeof listEntries>[2]): Record<string, unknown> {
  const entry = listEntries(a.file, text, options).entries.find((e) => e.callable === a.entry);
  if (!entry) return {};
  const missing = entry.missing.filter((m) => !Object.hasOwn(a.args, m));
  if (missing.length) {
    const what = missing.map((m) => (m === '$new' ? '"$new" (its constructor reads a config)' : `"${m}" (no input shape could be inferred from the module)`));
    throw new UsageError(`${a.entry} needs ${what.join(' and ')}; pass --args '${JSON.stringify({ ...entry.suggested, ...a.args })}'`);
  }
  return entry.args;
}

function entryCandidatesOf(file: string, text: string, options: Parameters<typeof listEntries>[2]): string[] {
  return entryCandidates(listEntries(file, text, options));
}
