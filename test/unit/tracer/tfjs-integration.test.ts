import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTrace } from '../../../src/tracer/host';
import type { TensorSummary } from '../../../src/core/graph/model';
import { FIXTURES, runnerPath } from './runner-bundle';

describe('runner ⇄ tfjs recorder integration (real child process, real tfjs)', () => {
  it('installs the recorder on the user\'s tfjs module and returns a tfjs graph with original locations', async () => {
    const console: string[] = [];
    const g = await runTrace({
      file: path.join(FIXTURES, 'tfjs-linear.ts'), entry: 'loss', args: { scale: 2 }, timeoutMs: 60_000,
      runnerPath: runnerPath(), onConsole: (_s, t) => console.push(t),
    });
    expect(g.error).toBeNull();
    expect(g.runtime).toBe('tfjs');
    expect(g.output?.value).toBeCloseTo(0.2, 6);
    const w = g.params.find((p) => p.name === 'w')!;
    // loss = mean((2·x·w)²) → ∂loss/∂w = xᵀ·(4·x·w) = [3.2, 4.0]
    expect((w.grad as TensorSummary).first[0]).toBeCloseTo(3.2, 5);
    expect((w.grad as TensorSummary).first[1]).toBeCloseTo(4.0, 5);
    const matMul = g.nodes.find((n) => n.op === 'BatchMatMul')!;
    expect(matMul.loc).toMatchObject({ line: 8, column: 13 });
    // tfjs's own console banner reaches the console channel, not the protocol.
    expect(console.join('')).toMatch(/TensorFlow\.js/);
  });
});
