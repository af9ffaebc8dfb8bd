/**
 * Small real tfjs models used by the recorder tests: linear regression, an MLP, a VAE step with
 * the reparameterized sample and the same VAE with the severed sample
 * (`tf.randomNormal(shape, zMean.dataSync()[0], …)`). Every random draw is seeded, so building a
 * model twice gives the same numbers.
 */
import * as tfNs from '@tensorflow/tfjs';

export type Tf = typeof tfNs;
type Variable = tfNs.Variable;
type Scalar = tfNs.Scalar;
type Tensor = tfNs.Tensor;

export interface TestModel {
  vars: Variable[];
  /** The loss as the user would write it for `tf.variableGrads` / `optimizer.minimize`. */
  loss: () => Scalar;
  /** Named intermediate computations, for intermediate-gradient checks. */
  parts: Record<string, (...xs: Tensor[]) => Tensor>;
  inputs: Record<string, Tensor>;
  dispose(): void;
}

function v(tf: Tf, shape: number[], seed: number): Variable {
  return tf.variable(tf.randomNormal(shape, 0, 0.5, 'float32', seed));
}

function disposeAll(vars: Variable[], inputs: Record<string, Tensor>): void {
  for (const x of vars) x.dispose();
  for (const t of Object.values(inputs)) t.dispose();
}

export function linearRegression(tf: Tf): TestModel {
  const X = tf.randomNormal([8, 3], 0, 1, 'float32', 1);
  const Y = tf.randomNormal([8, 1], 0, 1, 'float32', 2);
  const w = v(tf, [3, 1], 3);
  const b = tf.variable(tf.zeros([1]));
  const inputs = { X, Y };
  return {
    vars: [w, b],
    loss: () => tf.mean(tf.square(X.matMul(w).add(b).sub(Y))) as Scalar,
    parts: {},
    inputs,
    dispose: () => disposeAll([w, b], inputs),
  };
}

export function mlp(tf: Tf): TestModel {
  const X = tf.randomNormal([16, 4], 0, 1, 'float32', 11);
  const Y = tf.randomNormal([16, 1], 0, 1, 'float32', 12);
  const W1 = v(tf, [4, 8], 13);
  const b1 = v(tf, [8], 14);
  const W2 = v(tf, [8, 1], 15);
  const b2 = tf.variable(tf.zeros([1]));
  const hidden = (x: Tensor) => tf.relu(x.matMul(W1).add(b1));
  const head = (h: Tensor) => tf.mean(tf.square(h.matMul(W2).add(b2).sub(Y)));
  const inputs = { X, Y };
  return {
    vars: [W1, b1, W2, b2],
    loss: () => head(hidden(X)) as Scalar,
    parts: { hidden, head },
    inputs,
    dispose: () => disposeAll([W1, b1, W2, b2], inputs),
  };
}

/** A VAE step; `severed` draws z with the parameters read on the host (the bug Pathwise finds). */
export function vae(tf: Tf, opts: { severed?: boolean; kl?: boolean } = {}): TestModel {
  const X = tf.sigmoid(tf.randomNormal([8, 6], 0, 1, 'float32', 21));
  const Wmu = v(tf, [6, 2], 22);
  const Wlv = v(tf, [6, 2], 23);
  const Wd = v(tf, [2, 6], 24);
  const bd = tf.variable(tf.zeros([6]));
  const vars = [Wmu, Wlv, Wd, bd];
  const decode = (z: Tensor) => tf.mean(tf.square(tf.sigmoid(z.matMul(Wd).add(bd)).sub(X)));
  const klOf = (zMean: Tensor, zLogVar: Tensor) =>
    tf.mul(-0.5, tf.mean(tf.scalar(1).add(zLogVar).sub(tf.square(zMean)).sub(tf.exp(zLogVar))));
  const eps = () => tf.randomNormal([8, 2], 0, 1, 'float32', 42);
  const fromLatents = (zMean: Tensor, zLogVar: Tensor) => {
    let z: Tensor;
    if (opts.severed) {
      z = tf.randomNormal([8, 2], zMean.dataSync()[0], Math.exp(0.5 * zLogVar.dataSync()[0]), 'float32', 42);
    } else {
      z = zMean.add(tf.exp(zLogVar.mul(0.5)).mul(eps()));
    }
    const recon = decode(z);
    return opts.kl === false ? recon : recon.add(klOf(zMean, zLogVar));
  };
  const loss = () => fromLatents(X.matMul(Wmu), X.matMul(Wlv)) as Scalar;
  const inputs = { X };
  return {
    vars,
    loss,
    parts: { decode, fromLatents, zMean: () => X.matMul(Wmu), zLogVar: () => X.matMul(Wlv), eps },
    inputs,
    dispose: () => disposeAll(vars, inputs),
  };
}

/** Runs `steps` of `optimizer.minimize` and returns the losses and final variable values. */
export function train(tf: Tf, model: TestModel, steps: number): { losses: number[]; finals: Float32Array[] } {
  const opt = tf.train.adam(0.05);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const l = opt.minimize(model.loss, true, model.vars);
    losses.push(l!.dataSync()[0]);
    l!.dispose();
  }
  opt.dispose();
  return { losses, finals: model.vars.map((x) => Float32Array.from(x.dataSync() as Float32Array)) };
}
