/**
 * Reading tensors with `await`, the way every backend can (webgpu in Node cannot read synchronously:
 * no `dataSync`, `arraySync`). Each takes a tensor (read, left to its owner) or a function that makes
 * one (run in tf.tidy, read, then disposed), so `await readScalar(() => tf.max(x))` leaks nothing.
 */
import * as tf from "@tensorflow/tfjs";

type TensorOrMaker = tf.Tensor | (() => tf.Tensor);

async function withTensor<T>(x: TensorOrMaker, argName: string, read: (t: tf.Tensor) => Promise<T>): Promise<T> {
  if (x instanceof tf.Tensor) return read(x);
  if (typeof x !== "function") throw new Error(`${argName}: expected a tf.Tensor or a function that returns one, got ${x === null ? "null" : typeof x}`);
  const t = tf.tidy(x);
  if (!(t instanceof tf.Tensor)) throw new Error(`${argName}: the function returned ${t === null ? "null" : typeof t}, not a tf.Tensor`);
  try {
    return await read(t);
  } finally {
    t.dispose();
  }
}

/** The one value of a tensor of size 1, e.g. `await readScalar(() => tf.losses.meanSquaredError(y, p))`. */
export function readScalar(x: TensorOrMaker): Promise<number> {
  return withTensor(x, "readScalar", async (t) => {
    if (t.size !== 1) throw new Error(`readScalar: expected a tensor with one value, got shape [${t.shape.join(", ")}]`);
    return (await t.data())[0] as number;
  });
}

/** The values as a flat array of numbers (row-major), e.g. `await readData(() => tf.conv1d(x, k, 1, "same"))`. */
export function readData(x: TensorOrMaker): Promise<number[]> {
  return withTensor(x, "readData", async (t) => Array.from((await t.data()) as ArrayLike<number>));
}

/** The values as nested arrays, as `t.array()` gives them. */
export function readArray<T = unknown>(x: TensorOrMaker): Promise<T> {
  return withTensor(x, "readArray", async (t) => (await t.array()) as unknown as T);
}
