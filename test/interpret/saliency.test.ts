/**
 * Saliency of a linear model logits = W·x + b, known in closed form: ∂y_c/∂x = W_c, so
 * "gradient" is |W_c| (max over channels), "gradient-x-input" is Σ_channels W_c ⊙ x. Tolerance 1e-5:
 * float32 gradients of a single dense layer are exact up to rounding.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { saliency } from "../../lib/interpret";
import { linearModel, maxDiff, uniformImages } from "./helpers";

beforeAll(async () => {
  await initBackend({ force: "cpu", verbose: false });
});

const [H, W, C, K] = [5, 4, 3, 6];

describe("saliency on logits = W·x + b", () => {
  let model: tf.LayersModel, weights: Float32Array, x: tf.Tensor4D;
  const d = H * W * C;
  beforeAll(() => {
    ({ model, weights } = linearModel(H, W, C, K, 7));
    x = uniformImages([2, H, W, C], 3);
  });

  it("'gradient' is max over channels of |W_c| for the given class, per example", async () => {
    const map = await saliency(model, x, { classIndex: [1, 4] });
    expect(map.shape).toEqual([2, H, W]);
    const got = map.dataSync();
    [1, 4].forEach((c, n) => {
      const want = new Float32Array(H * W);
      for (let p = 0; p < H * W; p++) want[p] = Math.max(...[0, 1, 2].map((ch) => Math.abs(weights[c * d + p * C + ch])));
      expect(maxDiff(got.subarray(n * H * W, (n + 1) * H * W), want)).toBeLessThan(1e-5);
    });
    map.dispose();
  });

  it("'gradient-x-input' is Σ_channels W_c ⊙ x", async () => {
    const map = await saliency(model, x, { classIndex: 2, method: "gradient-x-input" });
    const xs = x.dataSync();
    const want = new Float32Array(2 * H * W);
    for (let n = 0; n < 2; n++) for (let p = 0; p < H * W; p++) for (let ch = 0; ch < C; ch++) want[n * H * W + p] += weights[2 * d + p * C + ch] * xs[n * d + p * C + ch];
    expect(maxDiff(map.dataSync(), want)).toBeLessThan(1e-5);
    map.dispose();
  });

  it("defaults to the predicted class, takes an image [H, W, C] and returns [H, W]", async () => {
    const image = x.slice([0], [1]).squeeze([0]);
    const predicted = (model.predict(x.slice([0], [1])) as tf.Tensor).argMax(1).dataSync()[0];
    const byDefault = await saliency(model, image);
    const explicit = await saliency(model, image, { classIndex: predicted });
    expect(byDefault.shape).toEqual([H, W]);
    expect(maxDiff(byDefault.dataSync(), explicit.dataSync())).toBe(0);
    tf.dispose([image, byDefault, explicit]);
  });

  it("'smoothgrad' of a linear model equals 'gradient' (its gradient does not depend on x) and reproduces with a seed", async () => {
    const plain = await saliency(model, x, { classIndex: 0 });
    const smooth = await saliency(model, x, { classIndex: 0, method: "smoothgrad", samples: 4, sigma: 0.3, seed: 5 });
    expect(maxDiff(smooth.dataSync(), plain.dataSync())).toBeLessThan(1e-5);
    tf.dispose([plain, smooth]);
  });

  it("leaks no tensors", async () => {
    (await saliency(model, x, { classIndex: 0 })).dispose();
    const before = tf.memory().numTensors;
    for (const method of ["gradient", "gradient-x-input", "smoothgrad"] as const) (await saliency(model, x, { method, samples: 2 })).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("names the argument when the input is wrong", async () => {
    await expect(saliency(model, tf.zeros([H * W]))).rejects.toThrow(/x must be an image tensor \[H, W, C\] or a batch/);
    await expect(saliency(model, x, { classIndex: K })).rejects.toThrow(/classIndex must be an integer in \[0, 5\], got 6/);
    await expect(saliency(model, x, { method: "magic" as never })).rejects.toThrow(/method must be one of gradient, gradient-x-input, smoothgrad/);
    await expect(saliency(model, x, { method: "smoothgrad", samples: 0 })).rejects.toThrow(/samples must be an integer ≥ 1/);
  });
});
