/**
 * A VAE's sampling layer as a custom tfjs Layer (the `ZLayer` of tfjs-examples' fashion-mnist-vae)
 * — SEVERED form.
 *
 * Shows: the mistake of severed.ts made inside a Layer's `call()`: the noise's scale is read back
 * from the layer's input (`zLogVar.dataSync()[0]`) and passed to `tf.randomNormal` as a number, so
 * z has no edge to the Dense head that computes zLogVar (zMean still adds in, and keeps its gradient).
 *
 * Pathwise reports: `opaque-sampler` (warning) on the `tf.randomNormal` line, severed zLogVar, with a
 * quick fix that scales standard noise by `exp(0.5 * zLogVar)` in the graph. The "Trace" lens on
 * `call()` (and `pathwise trace` without `--entry`, which picks `ZLayer.call`) applies a new ZLayer
 * to two [2, 2] inputs — the shape `encoder()` feeds it —: `inputs[0]` (zMean) gets a gradient,
 * `inputs[1]` (zLogVar) is cut, the severed edge drawn with the values on both sides.
 *
 * Run: `npx pathwise trace examples/vae-tfjs/sampling-layer.ts --entry ZLayer.call`; run directly, `main()`
 * trains the VAE a few steps (the encoder's zLogVar head learns only from the KL term).
 */
import * as tf from '@tensorflow/tfjs';

void tf.setBackend('cpu');

const BATCH = 8;
const INPUT = 4;
const HIDDEN = 8;
const LATENT = 2;

/** z = zMean + exp(zLogVar / 2) * ε, the reparameterization the layer means to implement. */
class ZLayer extends tf.layers.Layer {
  static className = 'ZLayer';

  computeOutputShape(inputShape: tf.Shape[]): tf.Shape {
    return inputShape[0];
  }

  call(inputs: tf.Tensor[]): tf.Tensor {
    const [zMean, zLogVar] = inputs;
    // Severed: the noise's scale leaves the graph as a plain number.
    const noise = tf.randomNormal(zMean.shape, 0, Math.exp(0.5 * zLogVar.dataSync()[0]));
    return zMean.add(noise);
  }
}
tf.serialization.registerClass(ZLayer);

/** Encoder x → (zMean, zLogVar, z), built the way fashion-mnist-vae builds it. */
export function encoder(): tf.LayersModel {
  const x = tf.input({ shape: [INPUT] });
  const hidden = tf.layers.dense({ units: HIDDEN, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  const zMean = tf.layers.dense({ units: LATENT }).apply(hidden) as tf.SymbolicTensor;
  const zLogVar = tf.layers.dense({ units: LATENT }).apply(hidden) as tf.SymbolicTensor;
  const z = new ZLayer({ name: 'z' }).apply([zMean, zLogVar]) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: [zMean, zLogVar, z] });
}

/**
 * A few Adam steps of the whole VAE (encoder with the ZLayer, a Dense decoder) on a toy batch;
 * prints the loss of each step and returns the last one. The minimized callback is a closure: the
 * file's entry stays `ZLayer.call`.
 */
export async function main(steps = 5): Promise<number> {
  await tf.setBackend('cpu');
  const data = tf.randomNormal([BATCH, INPUT], 0, 1, 'float32', 7);
  const enc = encoder();
  const decoder = tf.sequential({
    layers: [tf.layers.dense({ units: HIDDEN, activation: 'relu', inputShape: [LATENT] }), tf.layers.dense({ units: INPUT })],
  });
  const optimizer = tf.train.adam(0.01);
  let last = NaN;
  for (let step = 0; step < steps; step++) {
    const cost = optimizer.minimize(() => {
      const [zMean, zLogVar, z] = enc.apply(data) as tf.Tensor[];
      const reconstruction = tf.sum(tf.squaredDifference(decoder.apply(z) as tf.Tensor, data)).div(BATCH);
      const kl = tf.sum(zLogVar.exp().add(zMean.square()).sub(1).sub(zLogVar)).mul(0.5).div(BATCH);
      return reconstruction.add(kl) as tf.Scalar;
    }, true);
    last = cost ? cost.dataSync()[0] : NaN;
    cost?.dispose();
    console.log(`step ${step} loss ${last.toFixed(5)}`);
  }
  console.log(`final loss ${last}`);
  return last;
}

if (require.main === module) void main();
