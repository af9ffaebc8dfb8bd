/**
 * Source names for traced nodes: a table of small graphs over real source text (real TypeScript
 * parser), then real traces of a tfjs VAE step and a plain-TS ELBO through `runTrace` (real child
 * process, real tfjs), whose nodes must carry the user's names zMean, zLogVar, z.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameNodesFromSource } from '../../../src/core/graph/source-names';
import type { EdgeKind, GraphNode, NodeKind, TraceGraph } from '../../../src/core/graph/model';
import { runTrace } from '../../../src/tracer/host';
import { runnerPath } from '../tracer/runner-bundle';

const FIXTURES = path.join(__dirname, 'fixtures');

/** `[id, kind, op, line, column, endLine?, endColumn?]`; the label starts as the op (what a tracer knows). */
type N = [string, NodeKind, string, number, number, number?, number?];

function graph(nodes: N[], edges: [string, string, EdgeKind?][] = []): TraceGraph {
  return {
    version: 1, file: 'model.ts', entry: null, seed: null, runtime: 'tfjs', output: null,
    params: nodes.filter((n) => n[1] === 'param').map((n) => ({ name: n[2], value: null, grad: null })),
    nodes: nodes.map(([id, kind, op, line, column, endLine, endColumn]): GraphNode => ({
      id, kind, op, label: op, value: null, grad: null, shape: null,
      loc: endLine === undefined ? { line, column } : { line, column, endLine, endColumn },
    })),
    edges: edges.map(([from, to, kind]) => ({ from, to, kind: kind ?? 'grad' })),
    gradcheck: [], error: null,
  };
}

interface Case {
  name: string;
  source: string;
  nodes: N[];
  edges?: [string, string, EdgeKind?][];
  /** Expected label per node id (ids left out keep their op as label). */
  labels: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'const initializer: only the outermost call of a chain (tfjs: starts only, inner feeds outer)',
    source: 'const kl = tf.mean(d).mul(0.5);\n',
    nodes: [['mean', 'op', 'Mean', 1, 12], ['half', 'input', 'const', 1, 12], ['mul', 'op', 'Multiply', 1, 12]],
    edges: [['mean', 'mul'], ['half', 'mul']],
    labels: { mul: 'kl' },
  },
  {
    name: 'an inner op that starts later on the line is named by its own call',
    source: 'const xHat = tf.matMul(z.reshape([1, 1]), w);\n',
    nodes: [['reshape', 'op', 'reshape', 1, 24], ['matMul', 'op', 'BatchMatMul', 1, 14]],
    edges: [['reshape', 'matMul']],
    labels: { matMul: 'xHat', reshape: 'z.reshape([1, 1])' },
  },
  {
    name: 'known ranges: the wider node is the value; equal ranges are loop iterations and all get the name',
    source: 'for (const v of xs) {\n  const d = w * v + b;\n}\n',
    nodes: [['m1', 'op', 'mul', 2, 13, 2, 18], ['a1', 'op', 'add', 2, 13, 2, 22], ['m2', 'op', 'mul', 2, 13, 2, 18], ['a2', 'op', 'add', 2, 13, 2, 22]],
    edges: [['m1', 'a1'], ['m2', 'a2'], ['a1', 'a2']],
    labels: { a1: 'd', a2: 'd' },
  },
  {
    name: 'assignment, compound assignment and property assignment',
    source: 'let s = 0;\ns = s * 2;\ns += t;\nthis.z = mu;\n',
    nodes: [['mul', 'op', 'mul', 2, 5], ['add', 'op', 'add', 3, 1], ['copy', 'op', 'identity', 4, 10]],
    labels: { mul: 's', add: 's', copy: 'this.z' },
  },
  {
    name: 'casts, parentheses and await are looked through',
    source: 'async function f() {\n  const y = (await g(x)) as T;\n}\n',
    nodes: [['g', 'op', 'call', 2, 20]],
    labels: { g: 'y' },
  },
  {
    name: 'a variable is named as declared; params[] follows',
    source: 'const encoderW = tf.variable(tf.randomNormal([4, 2]));\n',
    nodes: [['v', 'param', '0', 1, 18]],
    labels: { v: 'encoderW' },
  },
  {
    name: 'host reads show the call text, from a location on the method name',
    source: 'const z = tf.randomNormal([1], zMean.dataSync()[0], Math.exp(0.5 * zLogVar.dataSync()[0]));\n',
    nodes: [['h0', 'host', 'dataSync', 1, 38], ['h1', 'host', 'dataSync', 1, 76], ['z', 'sample', 'randomNormal', 1, 11]],
    labels: { h0: 'zMean.dataSync()', h1: 'zLogVar.dataSync()', z: 'z' },
  },
  {
    name: 'a value outside any declaration is named by the call that made it (the op picks the call); past the end keeps its label',
    source: 'return a.add(b);\n',
    nodes: [['add', 'output', 'add', 1, 8], ['gone', 'op', 'sub', 9, 1]],
    labels: { add: 'a.add(b)' },
  },
  {
    name: 'in a chain sharing one start, each op is named by its own call; inner ops of one call keep their op',
    source: 'loss.push(x.exp().add(y).sub(1));\n',
    nodes: [['exp', 'op', 'exp', 1, 11], ['add', 'op', 'add', 1, 11], ['one', 'input', 'const', 1, 11], ['sub', 'op', 'sub', 1, 11]],
    edges: [['exp', 'add'], ['add', 'sub'], ['one', 'sub']],
    labels: { sub: 'x.exp().add(y).sub(1)' },
  },
  {
    name: 'array destructuring names the outputs of a multi-output op in order',
    source: 'const [zMean, zLogVar] = tf.split(h, 2, 1);\n',
    nodes: [['s0', 'op', 'split', 1, 26], ['s1', 'op', 'split', 1, 26]],
    labels: { s0: 'zMean', s1: 'zLogVar' },
  },
  {
    name: 'a tfjs layer weight keeps its own name; an automatic variable name is replaced',
    source: 'const encoder = tf.sequential({ layers: [dense] });\nconst w = tf.variable(init);\n',
    nodes: [['k', 'param', 'variable', 1, 17], ['w', 'param', 'variable', 2, 11]],
    labels: { k: 'dense_Dense1/kernel', w: 'w' },
  },
];

/** Labels a tracer gives some nodes before naming (default: the op). */
const START_LABELS: Record<string, string> = { k: 'dense_Dense1/kernel', w: '7' };

describe('nameNodesFromSource: table', () => {
  it.each(CASES)('$name', ({ source, nodes, edges, labels }) => {
    const g = graph(nodes, edges);
    for (const n of g.nodes) n.label = START_LABELS[n.id] ?? n.label;
    const named = nameNodesFromSource(g, source, 'model.ts');
    const got = Object.fromEntries(named.nodes.map((n) => [n.id, n.label]));
    const want = Object.fromEntries(g.nodes.map(({ id, label }) => [id, labels[id] ?? label]));
    expect(got).toEqual(want);
    // The op is what the tracer recorded, whatever the name.
    expect(named.nodes.map((n) => n.op)).toEqual(g.nodes.map((n) => n.op));
  });

  it('a long call is shortened to its callee, with the whole text in detail', () => {
    const source = 'sink(tf.sum(zLogVar.exp().add(zMean.square()).sub(1).sub(zLogVar)));\nlog(q.dataSync());\n';
    const g = graph([['sum', 'op', 'sum', 1, 6], ['sub', 'op', 'sub', 1, 13], ['h', 'host', 'dataSync', 2, 7]], [['sub', 'sum']]);
    const named = nameNodesFromSource(g, source, 'model.ts');
    const pick = (id: string) => named.nodes.find((n) => n.id === id)!;
    expect([pick('sum').label, pick('sum').detail]).toEqual(['tf.sum(…)', 'tf.sum(zLogVar.exp().add(zMean.square()).sub(1).sub(zLogVar))']);
    expect([pick('sub').label, pick('sub').detail]).toEqual(['….sub(zLogVar)', 'zLogVar.exp().add(zMean.square()).sub(1).sub(zLogVar)']);
    expect([pick('h').label, pick('h').detail]).toEqual(['q.dataSync()', undefined]);
  });

  it('ops inside a tfjs layer keep their kernel label (the location is the model call, not theirs)', () => {
    const g = graph([['m', 'op', 'matMul', 1, 1]]);
    g.nodes[0].group = ['model:sequential_1', 'layer:dense_Dense1'];
    expect(nameNodesFromSource(g, 'model.apply(x);\n', 'model.ts').nodes[0].label).toBe('matMul');
    g.nodes[0].group = undefined;
    expect(nameNodesFromSource(g, 'tf.matMul(x, w);\n', 'model.ts').nodes[0].label).toBe('tf.matMul(x, w)');
  });

  it('renames params[] and leaves the input graph untouched', () => {
    const g = graph([['v', 'param', '0', 1, 18]]);
    const named = nameNodesFromSource(g, 'const encoderW = tf.variable(init);\n', 'model.ts');
    expect(named.params.map((p) => p.name)).toEqual(['encoderW']);
    expect(g.params[0].name).toBe('0');
    expect(g.nodes[0].label).toBe('0');
  });

  it('a location in another file is not looked up in this one', () => {
    const g = graph([['v', 'param', '0', 1, 18]]);
    g.nodes[0].loc!.file = '/w/helpers.ts';
    expect(nameNodesFromSource(g, 'const encoderW = tf.variable(init);\n', 'model.ts').nodes[0].label).toBe('0');
  });

  it('an unreadable file leaves the graph as it was', () => {
    const g = graph([['v', 'param', '0', 1, 18]]);
    expect(nameNodesFromSource(g, () => { throw new Error('ENOENT'); }, 'model.ts')).toBe(g);
  });
});

const byLabel = (g: TraceGraph, label: string) => g.nodes.filter((n) => n.label === label);
const one = (g: TraceGraph, label: string) => {
  const found = byLabel(g, label);
  expect(found, `nodes labelled ${label}`).toHaveLength(1);
  return found[0];
};

describe('real traces get source names (runTrace, real child process)', () => {
  it('tfjs VAE step: zMean, zLogVar, z, the variables, the host reads and the severed edges', async () => {
    const file = path.join(FIXTURES, 'vae-tfjs.ts');
    const g = await runTrace({ file, entry: 'loss', seed: 7, timeoutMs: 60_000, runnerPath: runnerPath() });
    expect(g.error).toBeNull();
    expect(g.runtime).toBe('tfjs');
    const zMean = one(g, 'zMean');
    const zLogVar = one(g, 'zLogVar');
    const z = one(g, 'z');
    expect([zMean.op, zLogVar.op, z.kind]).toEqual(['Slice', 'Slice', 'sample']);
    expect(one(g, 'h').op).toBe('BatchMatMul');
    expect(one(g, 'xHat').op).toBe('BatchMatMul');
    expect(one(g, 'recon').op).toBe('RealDiv');
    expect(one(g, 'kl').op).toBe('Multiply');
    // Inner ops of a declaration keep their API names, unless they are a call of their own.
    expect(byLabel(g, 'z.reshape([1, 1])')).toHaveLength(1);
    expect(byLabel(g, 'mean')).toHaveLength(1);
    expect(g.nodes.filter((n) => n.kind === 'param').map((n) => n.label).sort()).toEqual(['decoderW', 'encoderW']);
    expect(g.params.map((p) => p.name).sort()).toEqual(['decoderW', 'encoderW']);
    const reads = g.nodes.filter((n) => n.kind === 'host').map((n) => n.label).sort();
    expect(reads).toEqual(['zLogVar.dataSync()', 'zMean.dataSync()']);
    const severed = g.edges.filter((e) => e.kind === 'severed').map((e) => `${label(g, e.from)} -?-> ${label(g, e.to)}`).sort();
    expect(severed).toEqual([
      'zLogVar -?-> zLogVar.dataSync()', 'zLogVar.dataSync() -?-> z',
      'zMean -?-> zMean.dataSync()', 'zMean.dataSync() -?-> z',
    ]);
    // The cut path has no gradient; the KL path still gives zMean one.
    expect(z.grad).not.toBeNull();
    expect(zMean.grad).not.toBeNull();
  }, 90_000);

  it('plain-TS ELBO: the names agree with the plain tracer\'s own, and the sampler is severed from mu and sigma', async () => {
    const file = path.join(FIXTURES, 'vae-plain.ts');
    const g = await runTrace({ file, entry: 'elbo', args: { mu: 0.5, logSigma: 0.2, w: 1.3 }, seed: 7, timeoutMs: 60_000, runnerPath: runnerPath() });
    expect(g.error).toBeNull();
    expect(g.runtime).toBe('plain');
    for (const name of ['sigma', 'z', 'xHat', 'kl']) one(g, name);
    expect(byLabel(g, 'recon')).toHaveLength(2); // declaration and re-assignment
    const severed = g.edges.filter((e) => e.kind === 'severed').map((e) => `${label(g, e.from)} -?-> ${label(g, e.to)}`).sort();
    expect(severed).toEqual(['mu -?-> z', 'sigma -?-> z']);
    // Forget the plain tracer's names (label := op): naming from the source gives the same ones back.
    const bare: TraceGraph = { ...g, nodes: g.nodes.map((n) => (n.kind === 'param' || n.kind === 'output' ? n : { ...n, label: n.op })) };
    const renamed = nameNodesFromSource(bare, fs.readFileSync(file, 'utf8'), file);
    expect(renamed.nodes.map((n) => n.label)).toEqual(g.nodes.map((n) => n.label));
  }, 90_000);
});

function label(g: TraceGraph, id: string): string {
  return g.nodes.find((n) => n.id === id)?.label ?? id;
}
