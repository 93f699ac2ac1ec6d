/**
 * Activation maximisation of a 1x1 convolution whose channel 0 is x₀ − x₁: the best image in [0, 1] is
 * x₀ = 1, x₁ = 0 everywhere; with a small L2 pull towards grey the search must get there (to 0.05).
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { activationMaximization } from "../../lib/interpret";

beforeAll(async () => {
  await initBackend({ force: "cpu", verbose: false });
});

function differenceModel(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [6, 5, 2], filters: 2, kernelSize: 1, useBias: false, name: "mix" }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3, name: "out" }));
  tf.tidy(() => m.getLayer("mix").setWeights([tf.tensor4d([1, 0, -1, 1], [1, 1, 2, 2])]));
  return m;
}

describe("activationMaximization", () => {
  it("finds the image that maximises a linear channel, with a rising history", async () => {
    const model = differenceModel();
    const { image, history } = await activationMaximization(model, { layer: "mix", channel: 0, steps: 60, lr: 0.5, l2: 1e-4, jitter: 1, seed: 3 });
    expect(image.shape).toEqual([6, 5, 2]);
    const px = image.dataSync();
    for (let p = 0; p < 30; p++) {
      expect(px[2 * p]).toBeGreaterThan(0.95);
      expect(px[2 * p + 1]).toBeLessThan(0.05);
    }
    expect(history.length).toBe(61);
    expect(history[60]).toBeGreaterThan(history[0] + 0.9);
    image.dispose();
  });

  it("reproduces with its seed, leaks nothing, and names bad arguments", async () => {
    const model = differenceModel();
    const a = await activationMaximization(model, { layer: "out", channel: 2, steps: 5, seed: 9 });
    const before = tf.memory().numTensors;
    const b = await activationMaximization(model, { layer: "out", channel: 2, steps: 5, seed: 9 });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(a.image.dataSync())).toEqual(Array.from(b.image.dataSync()));
    await expect(activationMaximization(model, { layer: "out", channel: 3 })).rejects.toThrow(/channel must be an integer in \[0, 2\], got 3/);
    await expect(activationMaximization(model, { layer: "mix", channel: 0, lr: 0 })).rejects.toThrow(/lr must be a number > 0/);
    await expect(activationMaximization(model, { layer: "nope", channel: 0 })).rejects.toThrow(/layer "nope" is not a layer of this model; the layers are: mix, flatten.*, out/);
    tf.dispose([a.image, b.image]);
  });
});
