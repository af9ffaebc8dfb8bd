// Synthetic model graphs shaped like traced tfjs models, for the webview benchmark and browser tests:
// a `model:` group of `layer:` groups (dense layers: kernel/bias params, matMul, add, activation; LSTM
// layers unrolled over time steps, a dozen ops per step, most without a source location as the tfjs
// recorder gives them), then a plain `loss` function in `module:train.ts` where a host read
// (`zMean.dataSync()`) severs the path into a sample. Deterministic (seeded), so runs compare.

/** Mulberry32: a small seeded generator, so every run draws the same graph. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A model graph of about `n` nodes: `layers` layers (every third an LSTM taking the bulk of the nodes),
 * tensor summaries with shape, mean, min, max and norm on values and gradients.
 */
export function modelGraph(n, { layers = Math.max(3, Math.min(40, Math.round(n / 500))), seed = 7, file = `model-${n}.ts` } = {}) {
  const rand = rng(seed);
  const nodes = [];
  const edges = [];
  const tensor = (shape) => {
    const mean = rand() - 0.5;
    const spread = 0.5 + rand();
    return { shape, dtype: 'float32', first: [mean, mean + 0.1, mean - 0.1], mean, min: mean - spread, max: mean + spread, norm: spread * Math.sqrt(shape.reduce((a, b) => a * b, 1)) };
  };
  const add = (node) => {
    const shape = node.shape ?? [32, 64];
    nodes.push({ value: tensor(shape), grad: tensor(shape), loc: null, ...node, shape });
    return node.id;
  };
  const model = 'model:sequential_1';
  const lossNodes = 16;
  const budget = n - lossNodes;
  const lstmLayers = [];
  for (let l = 0; l < layers; l++) if (l % 3 === 1) lstmLayers.push(l);
  const denseCost = 6;
  const perLstm = Math.max(20, Math.floor((budget - (layers - lstmLayers.length) * denseCost) / Math.max(1, lstmLayers.length)));
  let prev = add({ id: 'x', label: 'x', op: 'input', kind: 'input', loc: { line: 3, column: 7, fn: 'main' }, group: ['module:train.ts'] });
  let id = 0;
  for (let l = 0; l < layers; l++) {
    const lstm = lstmLayers.includes(l);
    const name = lstm ? `lstm_LSTM${l}` : `dense_Dense${l}`;
    const group = [model, `layer:${name}`];
    const kernel = add({ id: `${name}/kernel`, label: `${name}/kernel`, op: 'variable', kind: 'param', group, shape: [64, 64] });
    const bias = add({ id: `${name}/bias`, label: `${name}/bias`, op: 'variable', kind: 'param', group, shape: [64] });
    if (!lstm) {
      const mm = add({ id: `o${id++}`, label: 'matMul', op: 'fusedMatMul', kind: 'op', group });
      edges.push({ from: prev, to: mm, kind: 'grad' }, { from: kernel, to: mm, kind: 'grad' }, { from: bias, to: mm, kind: 'grad' });
      const act = add({ id: `o${id++}`, label: 'relu', op: 'relu', kind: 'op', group });
      edges.push({ from: mm, to: act, kind: 'grad' });
      const d = add({ id: `o${id++}`, label: 'dropout', op: 'mul', kind: 'op', group });
      edges.push({ from: act, to: d, kind: 'grad' });
      const out = add({ id: `o${id++}`, label: `${name}/output`, op: 'identity', kind: 'op', group });
      edges.push({ from: d, to: out, kind: 'grad' });
      prev = out;
      continue;
    }
    const recurrent = add({ id: `${name}/recurrent_kernel`, label: `${name}/recurrent_kernel`, op: 'variable', kind: 'param', group, shape: [64, 256] });
    const steps = Math.max(1, Math.floor((perLstm - 3) / 12));
    let h = prev;
    let c = add({ id: `o${id++}`, label: 'c0', op: 'zeros', kind: 'op', group });
    for (let t = 0; t < steps; t++) {
      const ops = ['matMul', 'matMul', 'add', 'add', 'sigmoid', 'sigmoid', 'tanh', 'sigmoid', 'mul', 'mul', 'add', 'tanh'];
      const ids = ops.map((op) => add({ id: `o${id++}`, label: op, op, kind: 'op', group }));
      edges.push({ from: prev, to: ids[0], kind: 'grad' }, { from: kernel, to: ids[0], kind: 'grad' }, { from: h, to: ids[1], kind: 'grad' }, { from: recurrent, to: ids[1], kind: 'grad' });
      edges.push({ from: ids[0], to: ids[2], kind: 'grad' }, { from: ids[1], to: ids[2], kind: 'grad' }, { from: ids[2], to: ids[3], kind: 'grad' }, { from: bias, to: ids[3], kind: 'grad' });
      for (const g of [4, 5, 6, 7]) edges.push({ from: ids[3], to: ids[g], kind: 'grad' });
      edges.push({ from: ids[5], to: ids[8], kind: 'grad' }, { from: c, to: ids[8], kind: 'grad' }, { from: ids[4], to: ids[9], kind: 'grad' }, { from: ids[6], to: ids[9], kind: 'grad' });
      edges.push({ from: ids[8], to: ids[10], kind: 'grad' }, { from: ids[9], to: ids[10], kind: 'grad' }, { from: ids[10], to: ids[11], kind: 'grad' });
      c = ids[10];
      h = ids[11];
    }
    prev = h;
  }
  // The loss: a VAE-style head whose sample goes through a host read (severed), in plain code.
  const g = ['module:train.ts', 'fn:loss'];
  const at = (line, column) => ({ line, column, fn: 'loss', endLine: line, endColumn: column + 10 });
  const zMean = add({ id: 'zMean', label: 'zMean', op: 'slice', kind: 'op', group: g, loc: at(12, 9), shape: [32, 2] });
  edges.push({ from: prev, to: zMean, kind: 'grad' });
  const host = add({ id: 'read', label: 'zMean.dataSync()', op: 'dataSync', kind: 'host', group: g, loc: at(13, 30), shape: [64] });
  edges.push({ from: zMean, to: host, kind: 'severed' });
  const z = add({ id: 'z', label: 'z', op: 'randomNormal', kind: 'sample', group: g, loc: at(13, 9), detail: 'tf.randomNormal([32, 2], zMean.dataSync()[0], 1)', shape: [32, 2] });
  edges.push({ from: host, to: z, kind: 'severed' });
  let last = z;
  for (let i = 0; i < lossNodes - 4; i++) {
    const o = add({ id: `l${i}`, label: ['decoded', 'xHat', 'diff', 'sq', 'mse', 'kl', 'sum', 'mean', 'scaled', 'total', 'reg', 'out'][i % 12], op: ['matMul', 'sigmoid', 'sub', 'square', 'mean', 'sub', 'sum', 'mean', 'mul', 'add', 'add', 'add'][i % 12], kind: 'op', group: g, loc: at(14 + i, 9) });
    edges.push({ from: last, to: o, kind: i === 5 ? 'zero' : 'grad' });
    if (i === 5) edges.push({ from: zMean, to: o, kind: 'grad' });
    last = o;
  }
  add({ id: 'loss', label: 'loss', op: 'add', kind: 'output', group: g, loc: at(30, 10), shape: [] });
  edges.push({ from: last, to: 'loss', kind: 'grad' });
  const params = nodes.filter((x) => x.kind === 'param').slice(0, 50).map((p) => ({ name: p.label, value: p.value, grad: p.grad }));
  return { version: 1, file, entry: 'loss', seed, runtime: 'tfjs', output: { value: 1 }, params, nodes, edges, gradcheck: [], error: null };
}

/** A flat chain of `n` plain ops with no groups and no locations (the worst case for grouping). */
export function chainGraph(n) {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `c${i}`, label: `t${i}`, op: i % 2 ? 'mul' : 'add', kind: i === 0 ? 'param' : i === n - 1 ? 'output' : 'op', value: i, grad: 1, shape: null, loc: null });
    if (i > 0) edges.push({ from: `c${i - 1}`, to: `c${i}`, kind: 'grad' });
  }
  return { version: 1, file: `chain-${n}.ts`, entry: null, seed: 1, runtime: 'plain', output: { value: n }, params: [], nodes, edges, gradcheck: [], error: null };
}
