/**
 * Parent side of the dynamic tracer, used by the CLI (`pathwise trace`) and the VS Code panel.
 * `runTrace` runs one `run` request in the tracer child (`child-session.ts`: own process group,
 * validated channel, wall-clock and memory limits, the group killed on every way out). It never
 * rejects for problems of the user's code: the graph carries `error` (reason threw / timeout /
 * memory / cancelled / crashed) and the partial graph.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceGraph } from '../core/graph/model';
import { nameNodesFromSource } from '../core/graph/source-names';
import type { UserSamplerSpec } from '../core/config';
import { runChild, type ChildLimits } from './child-session';

export { MAX_CONSOLE_BYTES } from './console-capture';
export { defaultRunnerPath } from './child-session';

/** Options of one trace run: the child's limits (timeout default 10 000 ms) and what to run. */
export interface RunTraceOptions extends Partial<ChildLimits> {
  file: string;
  /** Unsaved text of `file` (the editor buffer). */
  text?: string;
  entry?: string | null;
  args?: Record<string, unknown>;
  seed?: number | null;
  objectivePattern?: string;
  samplers?: UserSamplerSpec[];
  /** Graph nodes above which values fold by source location (default 2000). */
  maxNodes?: number;
  /**
   * Run the finite-difference gradient check (default true). It calls the entry again, twice per
   * parameter, so the program's side effects repeat (`pathwise.trace.gradientCheck`, `--no-gradcheck`).
   */
  gradientCheck?: boolean;
}


function emptyGraph(o: RunTraceOptions): TraceGraph {
  return {
    version: 1, file: o.file, entry: o.entry ?? null, seed: o.seed ?? null, runtime: 'plain',
    output: null, params: [], nodes: [], edges: [], gradcheck: [], error: null,
  };
}

/** Runs the user's file in a child process and resolves with its trace graph. */
export function runTrace(opts: RunTraceOptions): Promise<TraceGraph> {
  const file = path.resolve(opts.cwd ?? process.cwd(), opts.file);
  const fallback = emptyGraph(opts);
  return runChild<TraceGraph>(
    {
      file,
      what: 'trace',
      request: {
        type: 'run', file, text: opts.text, entry: opts.entry ?? null, args: opts.args ?? {}, seed: opts.seed ?? null,
        objectivePattern: opts.objectivePattern, samplers: opts.samplers, maxNodes: opts.maxNodes, gradientCheck: opts.gradientCheck,
      },
      onMessage(msg, stopped) {
        if (msg.type === 'result') return { ...msg.graph, file: opts.file, ...(stopped ? { error: stopped } : {}) };
        if (msg.type === 'error') return { ...(msg.graph ?? fallback), file: opts.file, error: msg.error };
        return undefined; // estimate-* replies belong to an `estimate` request, never sent for `run`
      },
      failed: (error) => ({ ...fallback, error }),
      finish(g, notice) {
        if (notice) g = { ...g, notes: [...(g.notes ?? []), notice] };
        // Nodes are named after the user's variables here, so the panel, the CLI and the JSON all show the same names.
        return nameNodesFromSource(g, opts.text ?? (() => fs.readFileSync(file, 'utf8')), file);
      },
    },
    { ...opts, timeoutMs: opts.timeoutMs ?? 10_000 },
  );
}
