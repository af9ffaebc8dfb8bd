import { describe, expect, it } from 'vitest';
import { estimateCommand } from '../../../src/cli/estimate';
import { runCli } from '../../../src/cli/run';
import { runEstimate } from '../../../src/tracer/estimate-host';
import type { EstimateReport } from '../../../src/core/estimators/report';
import { ROOT, runnerPath } from '../tracer/runner-bundle';

function sink() {
  const o = { out: '', err: '' };
  return { o, io: { stdout: (s: string) => void (o.out += s), stderr: (s: string) => void (o.err += s), cwd: ROOT } };
}

describe('pathwise estimate', () => {
  it('prints the JSON report with the three estimators per parameter, progress on stderr, exit 0', async () => {
    const { o, io } = sink();
    const code = await estimateCommand(['examples/scalar-vi/severed.ts', '--entry', 'elbo', '--samples', '300', '--seed', '5', '--format', 'json'], io, { runnerPath: runnerPath() });
    expect(code).toBe(0);
    const r = JSON.parse(o.out) as EstimateReport;
    expect(r).toMatchObject({ version: 1, file: 'examples/scalar-vi/severed.ts', entry: 'elbo', seed: 5, samples: 300, draws: 300, fixed: true, error: null });
    expect(r.params.map((p) => p.name)).toEqual(['mu', 'logSigma']);
    expect(r.params[0].estimators.map((e) => e.id)).toEqual(['as-written', 'pathwise', 'score', 'score-baseline']);
    expect(r.samplers).toEqual([{ label: 'd3.randomNormal', family: 'normal', line: 39 }]);
    expect(o.err).toMatch(/pathwise estimate: 300\/300 draws/);
  }, 60_000);

  it('gives the same numbers for the same seed and different ones for another seed', async () => {
    const run = async (seed: string) => {
      const { o, io } = sink();
      await estimateCommand(['examples/scalar-vi/severed.ts', '--entry', 'elbo', '--samples', '50', '--seed', seed, '--format', 'json'], io, { runnerPath: runnerPath() });
      return (JSON.parse(o.out) as EstimateReport).params[0].estimators[1].mean;
    };
    const [a, b, c] = [await run('9'), await run('9'), await run('10')];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  }, 60_000);

  it('text and html formats carry the summary line; html embeds the two charts per parameter, escaped', async () => {
    const t = sink();
    expect(await estimateCommand(['examples/scalar-vi/severed.ts', '--entry', 'elbo', '--samples', '200'], t.io, { runnerPath: runnerPath() })).toBe(0);
    expect(t.o.out).toMatch(/∂E\[elbo\]\/∂mu ≈ [\d.]+ ± [\d.]+; your code computes 0\. After the fix: pathwise, [\d.,]+× lower variance than REINFORCE\./);
    const h = sink();
    expect(await estimateCommand(['examples/scalar-vi/severed.ts', '--entry', 'elbo', '--samples', '200', '--format', 'html'], h.io, { runnerPath: runnerPath() })).toBe(0);
    expect(h.o.out).toMatch(/^<!DOCTYPE html>/);
    expect(h.o.out.match(/<svg /g)).toHaveLength(4);
    expect(h.o.out).toContain('data-estimator="as-written"');
    expect(h.o.out).toContain("default-src 'none'");
    expect(h.o.out).not.toMatch(/<script/);
  }, 60_000);

  it('usage errors exit 2: bad --samples, bad format, missing file, unknown entry, nothing to pick', async () => {
    for (const argv of [
      ['test/fixtures/estimate/no-context.ts'],
      ['examples/scalar-vi/severed.ts', '--entry', 'elbo', '--samples', '0'],
      ['examples/scalar-vi/severed.ts', '--entry', 'elbo', '--format', 'mermaid'],
      ['nope.ts', '--entry', 'elbo'],
      ['examples/scalar-vi/severed.ts', '--entry', 'nosuch'],
      ['examples/scalar-vi/severed.ts', '--entry', 'elbo', '--temperature', '0'],
      ['examples/scalar-vi/severed.ts', '--entry', 'elbo', '--args', '[1]'],
    ]) {
      const { o, io } = sink();
      expect(await estimateCommand(argv, io, { runnerPath: runnerPath() }), argv.join(' ')).toBe(2);
      expect(o.err).toMatch(/^pathwise estimate: /);
    }
    const { o, io } = sink();
    await estimateCommand(['test/fixtures/estimate/no-context.ts'], io);
    expect(o.err).toMatch(/pass --entry NAME \(candidates: none\)/);
  });

  it('without --entry estimates the entry pathwise trace picks (the objective of scalar-vi: elbo)', async () => {
    const { o, io } = sink();
    const code = await estimateCommand(['examples/scalar-vi/severed.ts', '--samples', '50', '--format', 'json'], io, { runnerPath: runnerPath() });
    expect(code).toBe(0);
    expect(o.err).toMatch(/estimating elbo/);
    const r = JSON.parse(o.out);
    expect(r.entry).toBe('elbo');
    expect(r.draws).toBe(50);
  });

  it('is a command of the CLI', async () => {
    let out = '';
    const code = await runCli(['estimate', '--help'], { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, cwd: ROOT } as never);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: pathwise estimate <file> \[--entry NAME\]/);
  });

  it('exit 1 when the user code throws, with the location on stderr and the partial report on stdout', async () => {
    const { o, io } = sink();
    const code = await estimateCommand(['test/fixtures/estimate/throws.ts', '--entry', 'loss', '--samples', '10', '--format', 'json'], io, { runnerPath: runnerPath() });
    expect(code).toBe(1);
    expect(JSON.parse(o.out).draws).toBe(2);
    expect(o.err).toMatch(/throws\.ts:7:\d+: threw: Error: bad draw \(draw 3\)/);
  }, 60_000);

  it('stops a draw that never returns at the time limit (wall-clock from the start, bundling included), leaving no process', async () => {
    const started = Date.now();
    const r = await runEstimate({ file: 'test/fixtures/estimate/endless.ts', cwd: ROOT, entry: 'loss', samples: 100, timeoutMs: 1500, runnerPath: runnerPath() });
    expect(r.error).toMatchObject({ reason: 'timeout' });
    expect(r.error!.message).toMatch(/time limit of 1500 ms/);
    // The limit plus the cancel grace and the output drain; never the old "limit after bundling" (+30 s).
    expect(Date.now() - started).toBeLessThan(1500 + 1500 + 1000 + 2000);
  }, 60_000);

  it('can be cancelled: the draws so far are reported with reason cancelled', async () => {
    const ac = new AbortController();
    const progress: number[] = [];
    const r = await runEstimate({
      file: 'test/fixtures/estimate/normal-square.ts', cwd: ROOT, entry: 'loss', samples: 5_000_000, runnerPath: runnerPath(), signal: ac.signal,
      onProgress: (done) => {
        progress.push(done);
        if (progress.length === 2) ac.abort();
      },
    });
    expect(r.error).toMatchObject({ reason: 'cancelled' });
    expect(r.draws).toBeGreaterThan(0);
    expect(r.draws).toBeLessThan(5_000_000);
    expect(r.params.find((p) => p.name === 'mu')!.estimators.find((e) => e.id === 'pathwise')!.n).toBe(r.draws);
  }, 60_000);
});
