import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildMermaid, esc, toMermaid } from '../../../src/core/graph/mermaid';
import type { GraphEdge, GraphNode, TraceGraph } from '../../../src/core/graph/model';

const fixture = (name: string): TraceGraph => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

function graphOf(nodes: Partial<GraphNode>[], edges: GraphEdge[], runtime: TraceGraph['runtime'] = 'plain'): TraceGraph {
  return {
    version: 1, file: 'f.ts', entry: null, seed: null, runtime, output: null, params: [], gradcheck: [], error: null, edges,
    nodes: nodes.map((n, i) => ({ id: `id${i}`, label: `v${i}`, op: 'add', kind: 'op', value: null, grad: null, shape: null, loc: null, ...n })),
  };
}

/** A graph of `fns` functions, each a loop body of `iters` iterations plus some distinct ops. */
function largeGraph(total: number, fns = 5): TraceGraph {
  const nodes: Partial<GraphNode>[] = [{ id: 'p', label: 'theta', kind: 'param', op: 'param' }];
  const edges: GraphEdge[] = [];
  for (let i = 1; i < total - 1; i++) {
    nodes.push({ id: `o${i}`, label: `t${i}`, op: i % 2 ? 'mul' : 'add', loc: { line: i + 1, column: 3, fn: `f${i % fns}` } });
    edges.push({ from: i === 1 ? 'p' : `o${i - 1}`, to: `o${i}`, kind: 'grad' });
  }
  nodes.push({ id: 'out', label: 'loss', kind: 'output', op: 'add' });
  edges.push({ from: `o${total - 2}`, to: 'out', kind: 'grad' });
  return graphOf(nodes, edges);
}

const edgeLines = (text: string) => text.split('\n').filter((l) => /^\s+n\d+ (-->|-\.->)/.test(l));

describe('toMermaid: edge styles', () => {
  const text = toMermaid(fixture('vae-severed.json'));
  it.each([
    ['severed μ ──?──> z is dashed, labelled ?', /^\s+n0 -\.->\|\?\| n5$/m],
    ['severed σ ──?──> z', /^\s+n4 -\.->\|\?\| n5$/m],
    ['grad edges are solid', /^\s+n1 --> n4$/m],
    ['severed edges styled red and dashed by index', /linkStyle \d+(,\d+)* stroke:#e5484d,.*stroke-dasharray:7 5/],
    ['sample node marked as cut', /class n5 (sample|cut)/],
    ['subgraph per function', /subgraph g\d+\["klNormal"\]/],
  ])('%s', (_name, re) => expect(text).toMatch(re));

  it('the severed mark is applied after the kind colour (the later class wins in mermaid)', () => {
    const classLines = text.split('\n').filter((l) => /^\s+class /.test(l));
    const sample = classLines.findIndex((l) => / sample$/.test(l));
    const cut = classLines.findIndex((l) => / cut$/.test(l));
    expect(sample).toBeGreaterThanOrEqual(0);
    expect(cut).toBeGreaterThan(sample);
  });

  it('linkStyle indices point at the severed edge lines', () => {
    const edges = edgeLines(text);
    const idx = /linkStyle ([\d,]+) stroke:#e5484d/.exec(text)![1].split(',').map(Number);
    expect(idx).toHaveLength(2);
    for (const i of idx) expect(edges[i]).toContain('-.->|?|');
  });

  it('zero-gradient edges are dotted with their own style', () => {
    const g = graphOf([{ kind: 'param' }, { op: 'floor' }, { kind: 'output' }], [
      { from: 'id0', to: 'id1', kind: 'zero' }, { from: 'id1', to: 'id2', kind: 'grad' },
    ]);
    const t = toMermaid(g);
    expect(t).toMatch(/^\s+n0 -\.-> n1$/m);
    expect(t).toMatch(/linkStyle 0 stroke:#8b8d98,.*stroke-dasharray:1 4/);
  });

  it('the reparameterized VAE has no severed edge and ε drawn as an input (parallelogram)', () => {
    const t = toMermaid(fixture('vae-reparam.json'));
    expect(t).not.toContain('-.->');
    expect(t).toMatch(/n5\[\/"<b>eps<\/b><br><i>noise ε · input<\/i>/);
  });
});

describe('toMermaid: labels', () => {
  it('shows name, op, value and ∂loss/∂node', () => {
    const t = toMermaid(fixture('vae-severed.json'));
    expect(t).toContain('n5{{"<b>z</b><br><i>sample · randomNormal(mu, sigma)</i><br>= 1.458<br>∂L: -0.2727"}}');
  });
  it('static graphs show no values', () => {
    const t = toMermaid(graphOf([{ label: 'z', op: 'mul', value: null }], [], 'static'));
    expect(t).toContain('n0["<b>z</b><br><i>mul</i>"]');
  });
  it('shows tensor shapes', () => {
    const t = toMermaid(graphOf([{ label: 'h', op: 'matMul', shape: [32, 10] }], [], 'static'));
    expect(t).toContain('shape [32×10]');
  });

  it.each([
    ['<img src=x onerror=alert(1)>', '#60;img src=x onerror=alert(1)#62;'],
    ['a"]; click n0 call alert()', 'a#34;#93;#59; click n0 call alert()'],
    ['#lt;script#gt;', '#35;lt#59;script#35;gt#59;'],
    ['x\ny%%{init}', 'x y#37;#37;#123;init#125;'],
    ['`**md**`', '#96;#42;#42;md#42;#42;#96;'],
    ['μ + σ·ε', 'μ + σ·ε'],
  ])('escapes %j', (raw, escaped) => {
    expect(esc(raw)).toBe(escaped);
    const t = toMermaid(graphOf([{ label: raw, op: raw, loc: { line: 1, column: 1, fn: raw } }], []));
    // Inside the quoted label only our own <b>/<i>/<br> markup remains: no user markup, quote or backtick.
    const label = /^\s+n0\["(.*)"\]$/m.exec(t)![1];
    expect(label.replace(/<\/?[bi]>|<br>/g, '')).not.toMatch(/[<>"`]/);
    const title = /^\s+subgraph g0\["(.*)"\]$/m.exec(t)![1];
    expect(title).toBe(escaped);
  });
});

describe('toMermaid: collapsing large graphs', () => {
  it('folds repeated loop iterations into one node ×N', () => {
    const nodes: Partial<GraphNode>[] = [{ id: 'p', kind: 'param', label: 'w' }];
    const edges: GraphEdge[] = [];
    for (let i = 0; i < 10; i++) {
      nodes.push({ id: `a${i}`, label: 'acc', op: 'add', loc: { line: 4, column: 5, fn: 'loss' }, value: i, grad: 1 });
      edges.push({ from: i ? `a${i - 1}` : 'p', to: `a${i}`, kind: 'grad' });
    }
    const { text, view } = buildMermaid(graphOf(nodes, edges));
    expect(view.nodes).toHaveLength(2);
    expect(text).toContain('<b>acc</b> ×10');
    expect(text).toContain('= 9'); // the last iteration's value
    const full = buildMermaid(graphOf(nodes, edges), { collapse: false });
    expect(full.view.nodes).toHaveLength(11);
  });

  it.each([50, 500, 2000, 10000])('%i nodes collapse under the node budget, keeping params, output and severed edges', (n) => {
    const g = largeGraph(n);
    g.nodes.splice(1, 0, { id: 's', label: 'zs', op: 'randomNormal', kind: 'sample', value: null, grad: null, shape: null, loc: null });
    g.edges.push({ from: 'p', to: 's', kind: 'severed' });
    const { text, view } = buildMermaid(g, { maxNodes: 150 });
    expect(view.nodes.length).toBeLessThanOrEqual(150);
    expect(edgeLines(text).length).toBeLessThan(500); // mermaid's default maxEdges
    expect(text.length).toBeLessThan(50_000); // mermaid's default maxTextSize
    expect(text).toContain('<b>theta</b>');
    expect(text).toContain('<b>loss</b>');
    expect(text).toMatch(/-\.->\|\?\|/);
    if (n > 150) expect(text).toMatch(/<b>\d+ nodes in f\d<\/b>/);
  });

  it('folds a function group on request and keeps an expanded one open over budget', () => {
    const vae = fixture('vae-severed.json');
    const folded = buildMermaid(vae, { fold: ['klNormal'] });
    expect(folded.view.nodes).toHaveLength(11);
    expect(folded.text).toContain('<b>3 nodes in klNormal</b>');
    expect(folded.groups).toEqual(['elbo', 'decode', 'klNormal']);
    const g = largeGraph(400);
    const open = buildMermaid(g, { maxNodes: 150, expand: ['f1'] });
    const f1 = g.nodes.filter((n) => n.loc?.fn === 'f1').length;
    expect(open.view.nodes.filter((v) => v.group === 'f1' && v.kind !== 'summary')).toHaveLength(f1);
    expect(open.view.nodes.length).toBeLessThanOrEqual(150);
  });

  it('the full view draws every node on request', () => {
    const { view } = buildMermaid(largeGraph(500), { collapse: false });
    expect(view.nodes).toHaveLength(500);
  });

  it('highlights the nodes given by id', () => {
    const t = toMermaid(fixture('vae-severed.json'), { highlight: ['z'] });
    expect(t).toMatch(/class n5 hl$/m);
  });

  it('drops edges to unknown nodes instead of throwing', () => {
    const t = toMermaid(graphOf([{}], [{ from: 'id0', to: 'nope', kind: 'grad' }]));
    expect(edgeLines(t)).toHaveLength(0);
  });
});
