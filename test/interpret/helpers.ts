/** Models whose explanations are known in closed form, for the interpret and adversarial tests. */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../lib/random";

/** A seeded array of N(0, 1) samples. */
export function randn(n: number, seed: number, scale = 1): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => scale * r.normal());
}

/** logits = W·flatten(x) + b on images [H, W, C]; W is [classes, H·W·C] (row c: class c's weights). */
export function linearModel(H: number, W: number, C: number, classes: number, seed: number): { model: tf.Sequential; weights: Float32Array; bias: Float32Array } {
  const d = H * W * C;
  const weights = randn(classes * d, seed);
  const bias = randn(classes, seed + 1);
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [H, W, C] }));
  model.add(tf.layers.dense({ units: classes }));
  tf.tidy(() => {
    // tfjs's dense kernel is [in, out] = Wᵀ
    const kernel = tf.tensor2d(weights, [classes, d]).transpose();
    model.layers[1].setWeights([kernel, tf.tensor1d(bias)]);
  });
  return { model, weights, bias };
}

/** Uniform pixels in [lo, hi), an image batch [N, H, W, C]. */
export function uniformImages(shape: [number, number, number, number], seed: number, lo = 0.2, hi = 0.8): tf.Tensor4D {
  const r = rng(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => lo + (hi - lo) * r.next()), shape);
}

/** Largest |a − b| over two arrays of equal length. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
