/** Shared test helpers: the backend, seeded inputs, a loss and a single optimisation step. */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { rng } from "../../lib/random";

/** The project's backend ladder (wasm here; CNNLAB_BACKEND=cpu forces the reference JS kernels). */
export async function useBackend(): Promise<void> {
  await initBackend({ verbose: false });
}

/** A seeded N(0, 1) tensor. */
export function seededNormal(shape: number[], seed: number): tf.Tensor {
  const r = rng(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = r.normal();
  return tf.tensor(data, shape);
}

/** Seeded one-hot labels, [batch, classes]. */
export function seededLabels(batch: number, classes: number, seed: number): tf.Tensor2D {
  const r = rng(seed);
  const labels = Array.from({ length: batch }, () => r.int(classes));
  return tf.oneHot(tf.tensor1d(labels, "int32"), classes).toFloat() as tf.Tensor2D;
}

/**
 * Softmax cross-entropy of the model's logits, computed in training mode so that
 * batch norm uses the batch statistics the step optimises (models are built with
 * dropout 0 in these tests, so training mode is deterministic).
 */
export function loss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): number {
  return tf.tidy(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor;
    return tf.losses.softmaxCrossEntropy(y, logits).dataSync()[0];
  });
}

/**
 * One gradient-descent step on (x, y) of fixed length in weight space,
 * w ← w − stepLength · ∇L / ‖∇L‖ (SGD with the gradient normalised by its global norm);
 * returns the loss before and after it. A short enough step along −∇L must lower the
 * loss; a fixed learning rate cannot promise that for every model, since the gradient
 * norm at initialisation ranges from ~1 (LeNet) to hundreds (ResNet-50, batch 4).
 */
export function oneStep(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, stepLength = 1e-3): { before: number; after: number } {
  const before = loss(model, x, y);
  tf.tidy(() => {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, variables);
    const norm = tf.sqrt(tf.addN(variables.map((v) => tf.sum(tf.square(grads[v.name])))));
    for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name], tf.div(stepLength, norm))));
  });
  const after = loss(model, x, y);
  return { before, after };
}

/** Max |a - b| over all elements. */
export function maxAbsDiff(a: tf.Tensor | ArrayLike<number>, b: tf.Tensor | ArrayLike<number>): number {
  const da = a instanceof tf.Tensor ? a.dataSync() : a;
  const db = b instanceof tf.Tensor ? b.dataSync() : b;
  if (da.length !== db.length) throw new Error(`maxAbsDiff: lengths differ, ${da.length} vs ${db.length}`);
  let m = 0;
  for (let i = 0; i < da.length; i++) m = Math.max(m, Math.abs(da[i] - db[i]));
  return m;
}
