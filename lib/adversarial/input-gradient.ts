/**
 * The gradient the attacks climb: ∂/∂x of the cross-entropy of the model's output against the true
 * labels, per example (each example's loss depends only on its own input, so the gradient of the summed
 * loss holds every example's own gradient).
 */
import * as tf from "@tensorflow/tfjs";
import { crossEntropyPerExample, detectOutput } from "../train/loss";

export function lossGradient(model: tf.LayersModel, x: tf.Tensor, labels: tf.Tensor1D): tf.Tensor {
  const kind = detectOutput(model);
  return tf.grad((input: tf.Tensor) => tf.sum(crossEntropyPerExample(labels, model.apply(input, { training: false }) as tf.Tensor2D, kind)) as tf.Scalar)(x);
}

/**
 * The labels as an int32 tensor [N], a tensor y read with `await` (every backend can, webgpu in Node
 * included); the error names the argument when they do not match the batch.
 */
export async function labelTensor(y: unknown, n: number, fn: string): Promise<tf.Tensor1D> {
  const values = y instanceof tf.Tensor ? Array.from(await y.data()) : Array.isArray(y) || ArrayBuffer.isView(y) ? Array.from(y as ArrayLike<number>) : null;
  if (values === null || values.length !== n || values.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new Error(`${fn}: y must be ${n} integer class labels (one per image of x), got ${values === null ? typeof y : `${values.length} values`}`);
  }
  return tf.tensor1d(values, "int32");
}

/** The number of examples in x (an image [H, W, C] is one); the error names x when it is no tensor. */
export function exampleCount(x: unknown, fn: string): number {
  if (!(x instanceof tf.Tensor) || x.rank < 1) throw new Error(`${fn}: x must be a tensor of inputs [N, H, W, C], got ${x === null ? "null" : typeof x}`);
  return x.rank === 3 ? 1 : x.shape[0];
}

/** The batch [N, ...] of x: an image [H, W, C] becomes a batch of one. */
export function asBatch(x: unknown, fn: string): tf.Tensor {
  exampleCount(x, fn);
  const t = x as tf.Tensor;
  return t.rank === 3 ? t.expandDims(0) : t;
}

/** Validated pixel range: [lo, hi], or null for none. */
export function pixelRange(clip: unknown, fn: string): [number, number] | null {
  if (clip === null) return null;
  const range = clip === undefined ? [0, 1] : clip;
  if (!Array.isArray(range) || range.length !== 2 || !(range[0] < range[1])) {
    throw new Error(`${fn}: clip must be [min, max] with min < max, or null for no clipping, got ${JSON.stringify(clip)}`);
  }
  return [range[0], range[1]];
}

export function nonNegative(value: unknown, name: string, fn: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new Error(`${fn}: ${name} must be a finite number ≥ 0, got ${JSON.stringify(value)}`);
  return value;
}
