/**
 * The smoke test every backend must pass before the ladder accepts it: one SGD step
 * through a strided, padded convolution must give finite gradients of the right shape
 * and lower the loss. It catches missing kernels (wasm's Conv2DBackpropFilter), broken
 * native builds and silent NaNs, and leaks nothing.
 *
 * It reads results with `await data()`, not `dataSync()`: the webgpu backend cannot read
 * the GPU synchronously in Node (its readSync needs a browser's OffscreenCanvas).
 */
import * as tf from "@tensorflow/tfjs";

export async function convGradientSmokeTest(): Promise<void> {
  const [before, after, grad] = tf.tidy(() => {
    const x = tf.tensor4d(Array.from({ length: 2 * 6 * 6 * 3 }, (_, i) => Math.sin(i)), [2, 6, 6, 3]);
    const target = tf.tensor4d(Array.from({ length: 2 * 3 * 3 * 4 }, (_, i) => Math.cos(i)), [2, 3, 3, 4]);
    const w0 = tf.tensor4d(Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => 0.1 * Math.sin(3 * i)), [3, 3, 3, 4]);
    const loss = (w: tf.Tensor4D) => tf.conv2d(x, w, 2, "same").sub(target).square().mean() as tf.Scalar;
    const { value, grad } = tf.valueAndGrad(loss)(w0);
    return [value, loss(w0.sub(grad.mul(0.1)) as tf.Tensor4D), grad];
  });
  try {
    const expected = [3, 3, 3, 4];
    if (grad.shape.join("x") !== expected.join("x")) throw new Error(`filter gradient has shape ${grad.shape}, expected ${expected}`);
    const g = await grad.data();
    if (!g.every(Number.isFinite)) throw new Error("filter gradient is not finite");
    const [lossBefore, lossAfter] = [(await before.data())[0], (await after.data())[0]];
    if (!(lossAfter < lossBefore)) throw new Error(`one gradient step did not lower the loss (${lossBefore} → ${lossAfter})`);
  } finally {
    tf.dispose([before, after, grad]);
  }
}
