#!/usr/bin/env node
// `npm run examples`: keeps examples/ from rotting. For every example listed in examples/expected.json it
//  1. type-checks all examples with the TypeScript API against the installed @tensorflow/tfjs and d3-random types,
//  2. runs the real built CLI, `pathwise check --format json <file>`, and compares findings and exit code,
//  3. runs `pathwise trace <file> --entry E --args JSON --seed 1 --format json` and checks the graph,
//  4. runs `pathwise trace <file> --seed 1 --format json` with no --entry (what a new user runs first): it must pick
//     the same entry, exit 0 with values and gradients, and compute the same loss as step 3 (same noise),
// then prints a table and exits 1 on any mismatch (2 when the CLI is not built or expected.json is unusable).
// Options: --no-types, --no-check, --no-trace, --only SUBSTRING, --json FILE (machine-readable results).
// The comparison functions are exported so the unit tests can feed them hand-made outputs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = path.join(ROOT, 'examples');
const CLI = path.join(ROOT, 'bin', 'pathwise.js');

/** Lists the example sources (every .ts file under examples/, outside node_modules), relative to examples/. */
export function listExampleFiles(dir = EXAMPLES) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Problems with expected.json itself: unlisted or missing files, `text` not on the stated line. */
export function checkExpectations(expected, files, readSource) {
  const problems = [];
  const listed = expected.examples.map((e) => e.file);
  for (const f of files) if (!listed.includes(f)) problems.push(`${f}: not listed in expected.json`);
  for (const e of expected.examples) {
    if (!files.includes(e.file)) {
      problems.push(`${e.file}: listed in expected.json but missing`);
      continue;
    }
    const lines = readSource(e.file).split(/\r?\n/);
    for (const f of e.findings) {
      const at = (lines[f.line - 1] ?? '').indexOf(f.text ?? '');
      if (f.text && at < 0) problems.push(`${e.file}:${f.line}: expected text ${JSON.stringify(f.text)} is not on that line (stale line number?)`);
      else if (f.text && f.column !== undefined && at + 1 !== f.column) problems.push(`${e.file}:${f.line}: expected text starts at column ${at + 1}, not ${f.column}`);
    }
  }
  return problems;
}

const sameSet = (a, b) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Compares expected findings with the `findings` of `pathwise check --format json`; returns mismatch messages. */
export function compareFindings(expectedFindings, actualFindings) {
  const problems = [];
  const used = new Set();
  for (const exp of expectedFindings) {
    const i = actualFindings.findIndex((a, k) => !used.has(k) && a.ruleId === exp.ruleId && a.line === exp.line);
    if (i < 0) {
      problems.push(`missing ${exp.ruleId} at line ${exp.line}`);
      continue;
    }
    used.add(i);
    const act = actualFindings[i];
    const where = `${exp.ruleId} at line ${exp.line}`;
    if (exp.severity !== undefined && act.severity !== exp.severity) problems.push(`${where}: severity ${act.severity}, expected ${exp.severity}`);
    if (exp.severed !== undefined && !(Array.isArray(act.severed) && sameSet(act.severed, exp.severed))) {
      problems.push(`${where}: severed ${JSON.stringify(act.severed)}, expected ${JSON.stringify(exp.severed)}`);
    }
    for (const key of ['column', 'sampler', 'family', 'fixable']) {
      if (exp[key] !== undefined && act[key] !== exp[key]) problems.push(`${where}: ${key} ${JSON.stringify(act[key])}, expected ${JSON.stringify(exp[key])}`);
    }
  }
  actualFindings.forEach((a, k) => {
    if (!used.has(k)) problems.push(`unexpected ${a.ruleId} (${a.severity}) at line ${a.line}: ${a.message}`);
  });
  return problems;
}

/** A node/param value as a number when it is one: a number, or the mean of a tensor summary. */
function asNumber(v) {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && typeof v.mean === 'number') return v.mean;
  return null;
}

/** Compares a `pathwise trace --format json` result (parsed graph or null, and exit code) with a trace expectation. */
export function compareTrace(exp, graph, exitCode) {
  const problems = [];
  if (!graph) return [`no JSON graph on stdout (exit ${exitCode})`];
  const ok = exitCode === 0 && graph.error == null && Number.isFinite(asNumber(graph.output?.value));
  if (exp.ok !== false && !ok) {
    problems.push(`trace failed: exit ${exitCode}, error ${JSON.stringify(graph.error)}, output ${JSON.stringify(graph.output)}`);
  }
  if (exp.ok === false && ok) problems.push('trace succeeded, expected a failure');
  if (exp.runtime && graph.runtime !== exp.runtime) problems.push(`runtime ${graph.runtime}, expected ${exp.runtime}`);
  const severed = (graph.edges ?? []).filter((e) => e.kind === 'severed').length;
  if (exp.severedEdges === 'some' && severed === 0) problems.push('no severed edge, expected some');
  if (exp.severedEdges === 'none' && severed > 0) problems.push(`${severed} severed edge(s), expected none`);
  const params = new Map((graph.params ?? []).map((p) => [p.name, p]));
  for (const name of exp.paramsWithGrad ?? []) {
    const p = params.get(name);
    if (!p) problems.push(`param ${name} missing (params: ${[...params.keys()].join(', ') || 'none'})`);
    else if (p.grad == null) problems.push(`param ${name} has grad null, expected a gradient`);
  }
  for (const name of exp.paramsWithoutGrad ?? []) {
    const p = params.get(name);
    if (!p) problems.push(`param ${name} missing (params: ${[...params.keys()].join(', ') || 'none'})`);
    else if (p.grad != null) problems.push(`param ${name} has grad ${JSON.stringify(p.grad)}, expected null (severed)`);
  }
  if (exp.gradcheckDisagree) {
    const checks = graph.gradcheck ?? [];
    if (checks.length === 0) problems.push('no gradcheck entries');
    for (const c of checks) {
      const gap = c.reverse == null ? Infinity : Math.abs(c.reverse - c.finiteDiff) / Math.max(1, Math.abs(c.finiteDiff));
      const shouldDisagree = exp.gradcheckDisagree.includes(c.param);
      if (shouldDisagree && !(gap > 1e-3)) problems.push(`gradcheck ${c.param}: reverse ${c.reverse} agrees with finite difference ${c.finiteDiff}, expected a disagreement`);
      if (!shouldDisagree && !(gap <= 1e-4)) problems.push(`gradcheck ${c.param}: reverse ${c.reverse} vs finite difference ${c.finiteDiff}, expected agreement`);
    }
    for (const name of exp.gradcheckDisagree) if (!checks.some((c) => c.param === name)) problems.push(`gradcheck has no entry for ${name}`);
  }
  return problems;
}

/** Type-checks every example with the TypeScript API (`tsc --noEmit -p examples/tsconfig.json` semantics). */
export async function typeCheckExamples(dir = EXAMPLES) {
  const ts = (await import('typescript')).default;
  const configPath = path.join(dir, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) return [ts.flattenDiagnosticMessageText(read.error.messageText, '\n')];
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const diags = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  return diags.map((d) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return msg;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(dir, d.file.fileName)}(${line + 1},${character + 1}): TS${d.code} ${msg}`;
  });
}

/** Runs the built CLI; returns exit code, stdout, stderr and wall time. */
function runCli(args, timeoutMs) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? (r.signal ? `killed (${r.signal})` : 'error'), stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? ''), ms: Math.round(performance.now() - t0) };
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Checks one example with `pathwise check`; returns { problems, actual, ms }. */
function checkOne(ex) {
  const r = runCli(['check', '--format', 'json', `examples/${ex.file}`], 60_000);
  const doc = parseJson(r.stdout);
  if (!doc || !Array.isArray(doc.findings)) {
    return { problems: [`no JSON output (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`], actual: null, ms: r.ms };
  }
  const problems = compareFindings(ex.findings, doc.findings);
  if (doc.files !== 1) problems.push(`files ${doc.files}, expected 1`);
  if (r.code !== ex.checkExit) problems.push(`exit ${r.code}, expected ${ex.checkExit}`);
  return { problems, actual: doc.findings, ms: r.ms };
}

/** Traces one example's entry with `pathwise trace`; returns { problems, graph, ms }. */
function traceOne(ex) {
  const t = ex.trace;
  const args = ['trace', `examples/${ex.file}`, '--entry', t.entry, '--seed', '1', '--format', 'json'];
  if (t.args && Object.keys(t.args).length > 0) args.push('--args', JSON.stringify(t.args));
  const r = runCli(args, 120_000);
  const graph = parseJson(r.stdout);
  const problems = compareTrace(t, graph, r.code);
  if (!graph && r.stderr.trim()) problems.push(`stderr: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return { problems, graph, ms: r.ms };
}

/**
 * Compares the trace without --entry with the named one: the picked entry is `exp.entry`, the graph has values and
 * gradients, and the loss equals the named trace's (picked entry + its default arguments = the stated entry + args).
 */
export function comparePicked(exp, picked, exitCode, named) {
  if (!picked) return [`no JSON graph on stdout (exit ${exitCode})`];
  const problems = [];
  if (exitCode !== 0 || picked.error != null) problems.push(`exit ${exitCode}, error ${JSON.stringify(picked.error)}`);
  if (picked.entry !== exp.entry) problems.push(`picked entry ${JSON.stringify(picked.entry)}, expected ${exp.entry}`);
  if (!(picked.nodes?.length > 0)) problems.push('the graph has no nodes (no values)');
  if (!(picked.params ?? []).some((p) => p.grad != null)) problems.push('no parameter has a gradient');
  const a = asNumber(picked.output?.value);
  const b = asNumber(named?.output?.value);
  if (!Number.isFinite(a)) problems.push(`output ${JSON.stringify(picked.output)}, expected a finite value`);
  else if (b !== null && Number.isFinite(b) && Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b))) problems.push(`output ${a}, expected ${b} as with --entry ${exp.entry}`);
  return problems;
}

/** Traces one example without --entry (the entry the editor picks too); returns { problems, graph, ms }. */
function pickOne(ex, named) {
  const r = runCli(['trace', `examples/${ex.file}`, '--seed', '1', '--format', 'json'], 120_000);
  const graph = parseJson(r.stdout);
  const problems = comparePicked(ex.trace, graph, r.code, named);
  if (!graph && r.stderr.trim()) problems.push(`stderr: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return { problems, graph, ms: r.ms };
}

/** Checks the whole folder in one `pathwise check examples` run: the walk finds exactly the example files, same findings. */
function checkDirectory(examples) {
  const r = runCli(['check', '--format', 'json', 'examples'], 120_000);
  const doc = parseJson(r.stdout);
  if (!doc || !Array.isArray(doc.findings)) return { problems: [`no JSON output (exit ${r.code})`], ms: r.ms };
  const problems = [];
  if (doc.files !== examples.length) problems.push(`files ${doc.files}, expected ${examples.length}`);
  const expectedExit = examples.some((e) => e.checkExit === 1) ? 1 : 0;
  if (r.code !== expectedExit) problems.push(`exit ${r.code}, expected ${expectedExit}`);
  const byFile = new Map(examples.map((e) => [e.file, []]));
  for (const f of doc.findings) {
    const rel = path.relative(EXAMPLES, path.resolve(ROOT, String(f.file))).split(path.sep).join('/');
    if (!byFile.has(rel)) problems.push(`finding in unexpected file ${f.file}`);
    else byFile.get(rel).push(f);
  }
  for (const e of examples) for (const p of compareFindings(e.findings, byFile.get(e.file))) problems.push(`${e.file}: ${p}`);
  return { problems, ms: r.ms };
}

const summarize = (findings) => (findings.length === 0 ? '—' : findings.map((f) => `${f.ruleId}@${f.line}${f.severity === 'info' ? '(info)' : ''}`).join(', '));

/** Pads a table row. */
function row(cells, widths) {
  return cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
}

async function main(argv) {
  const flag = (name) => argv.includes(name);
  const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  let expected;
  try {
    expected = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'expected.json'), 'utf8'));
  } catch (e) {
    console.error(`check-examples: cannot read examples/expected.json: ${e.message}`);
    return 2;
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    console.error('check-examples: dist/cli.js is missing; run `node esbuild.js` first (npm run examples does).');
    return 2;
  }
  const only = opt('--only');
  const examples = expected.examples.filter((e) => !only || e.file.includes(only));
  const results = { expectations: [], types: [], examples: [] };
  results.expectations = checkExpectations(expected, listExampleFiles(), (f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
  if (!flag('--no-types')) results.types = await typeCheckExamples();

  const traced = new Map();
  for (const ex of examples) {
    const res = { file: ex.file, expected: summarize(ex.findings), actual: 'skipped', checkMs: null, traceMs: null, pickMs: null, checkProblems: [], traceProblems: [] };
    if (!flag('--no-check')) {
      const c = checkOne(ex);
      res.actual = c.actual ? summarize(c.actual) : 'error';
      res.checkProblems = c.problems;
      res.checkMs = c.ms;
    }
    if (!flag('--no-trace') && ex.trace) {
      const t = traceOne(ex);
      traced.set(ex.file, asNumber(t.graph?.output?.value));
      res.traceProblems = t.problems;
      res.traceMs = t.ms;
      const p = pickOne(ex, t.graph);
      res.traceProblems.push(...p.problems.map((m) => `without --entry: ${m}`));
      res.pickMs = p.ms;
    }
    results.examples.push(res);
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  // Same seed, same noise: a severed file and its fix compute the same loss value, only the gradients differ.
  for (const ex of examples) {
    const other = ex.trace?.sameOutputAs;
    const a = traced.get(ex.file);
    const b = traced.get(other);
    if (!other || a === undefined || b === undefined) continue;
    const res = results.examples.find((r) => r.file === ex.file);
    if (!(a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)))) res.traceProblems.push(`output ${a}, expected the same value as ${other} (${b}) with the same seed`);
  }
  results.directory = { problems: [], ms: null };
  if (!flag('--no-check') && !only) results.directory = checkDirectory(examples);

  const header = ['example', 'expected findings', 'actual findings', 'check', 'trace', 'check ms', 'trace ms', 'no --entry ms'];
  const rows = results.examples.map((r) => [
    r.file,
    r.expected,
    r.actual,
    flag('--no-check') ? 'skip' : r.checkProblems.length ? 'FAIL' : 'ok',
    flag('--no-trace') ? 'skip' : r.traceProblems.length ? 'FAIL' : 'ok',
    r.checkMs ?? '',
    r.traceMs ?? '',
    r.pickMs ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  console.log(row(header, widths));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(row(r, widths));
  console.log('');
  console.log(`type check (examples/tsconfig.json): ${flag('--no-types') ? 'skipped' : results.types.length ? `${results.types.length} error(s)` : 'ok'}`);
  for (const t of results.types) console.log(`  ${t}`);
  if (results.directory.ms !== null) {
    console.log(`pathwise check examples (whole folder, ${results.directory.ms} ms): ${results.directory.problems.length ? 'FAIL' : 'ok'}`);
  }
  for (const p of results.directory.problems) console.log(`  ${p}`);
  for (const p of results.expectations) console.log(`expected.json: ${p}`);
  for (const r of results.examples) {
    for (const p of r.checkProblems) console.log(`${r.file}: check: ${p}`);
    for (const p of r.traceProblems) console.log(`${r.file}: trace: ${p}`);
  }
  if (opt('--json')) fs.writeFileSync(opt('--json'), JSON.stringify(results, null, 2));
  const failures =
    results.expectations.length +
    results.types.length +
    results.directory.problems.length +
    results.examples.reduce((n, r) => n + r.checkProblems.length + r.traceProblems.length, 0);
  console.log(failures === 0 ? `all ${examples.length} examples match` : `${failures} mismatch(es)`);
  return failures === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(2);
    },
  );
}
