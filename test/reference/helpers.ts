/** Shared test helpers: conversions to and from tfjs, seeded random arrays, closeness checks. */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../lib/random";
import { DType, NdArray, tensor } from "../../lib/reference";

export function toTf(x: NdArray): tf.Tensor {
  return tf.tensor(Array.from(x.data), x.shape, "float32");
}

export function fromTf(t: tf.Tensor): NdArray {
  return tensor(t.shape, t.dataSync() as Float32Array);
}

/** Uniform in [-1, 1) from a seed, so each case is reproducible. */
export function randomNd(shape: number[], seed: number, dtype: DType = "float32"): NdArray {
  const r = rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(shape, Array.from({ length: size }, () => 2 * r.next() - 1), dtype);
}

/** Largest |a − b| / max(1, |b|): absolute near zero, relative for large values. */
export function maxScaledDiff(a: NdArray, b: NdArray): number {
  expect(a.shape).toEqual(b.shape);
  let worst = 0;
  for (let k = 0; k < a.data.length; k++) {
    worst = Math.max(worst, Math.abs(a.data[k] - b.data[k]) / Math.max(1, Math.abs(b.data[k])));
  }
  return worst;
}

/** Σ y · r: a scalar loss whose gradient wrt y is r (a fixed random projection). */
export function project(y: NdArray, r: NdArray): number {
  let s = 0;
  for (let k = 0; k < y.data.length; k++) s += y.data[k] * r.data[k];
  return s;
}

/** Runs tfjs code, returns its tensors as NdArrays and disposes everything it created. */
export function tfValues(f: () => tf.Tensor[]): NdArray[] {
  const tensors = tf.tidy(f);
  const values = tensors.map(fromTf);
  tf.dispose(tensors);
  return values;
}
