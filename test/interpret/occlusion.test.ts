/**
 * Occlusion on a model that only looks at the top-left quadrant: covering a patch outside it changes
 * nothing (drop exactly 0); covering part of it drops the score by exactly the covered pixels'
 * contribution (the model is linear there).
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { occlusion } from "../../lib/interpret";
import { randn, uniformImages } from "./helpers";

beforeAll(async () => {
  await initBackend({ force: "cpu", verbose: false });
});

const S = 8; // 8x8 grey images; the quadrant is rows 0..3, columns 0..3

function quadrantModel(): { model: tf.LayersModel; w: Float32Array } {
  const w = randn(S * S, 21);
  for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) if (i >= S / 2 || j >= S / 2) w[i * S + j] = 0;
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [S, S, 1] }));
  model.add(tf.layers.dense({ units: 2 }));
  tf.tidy(() => {
    const kernel = new Float32Array(S * S * 2);
    for (let p = 0; p < S * S; p++) { kernel[p * 2] = w[p]; kernel[p * 2 + 1] = -w[p]; }
    model.layers[1].setWeights([tf.tensor2d(kernel, [S * S, 2]), tf.zeros([2])]);
  });
  return { model, w };
}

describe("occlusion", () => {
  let model: tf.LayersModel, w: Float32Array, x: tf.Tensor4D, xs: Float32Array;
  beforeAll(() => {
    ({ model, w } = quadrantModel());
    x = uniformImages([1, S, S, 1], 8);
    xs = x.dataSync() as Float32Array;
  });

  it("drops nothing outside the quadrant and exactly the covered contribution inside", async () => {
    const drops = await occlusion(model, x, { patch: 2, stride: 2, classIndex: 0 });
    expect(drops.shape).toEqual([4, 4]);
    const d = drops.arraySync();
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        let want = 0;
        for (let i = 2 * r; i < 2 * r + 2; i++) for (let j = 2 * c; j < 2 * c + 2; j++) want += w[i * S + j] * xs[i * S + j];
        if (r >= 2 || c >= 2) expect(d[r][c]).toBe(0);
        else expect(Math.abs(d[r][c] - want)).toBeLessThan(1e-5);
      }
    }
    drops.dispose();
  });

  it("counts positions with a stride that overlaps and fills with a chosen value", async () => {
    const drops = await occlusion(model, x.squeeze([0]), { patch: 3, stride: 1, classIndex: 1, fill: 0.5 });
    expect(drops.shape).toEqual([6, 6]);
    const d = drops.arraySync();
    expect(d[5][5]).toBe(0); // rows and columns 5..7: outside the quadrant
    drops.dispose();
  });

  it("leaks no tensors and rejects bad arguments, naming them", async () => {
    (await occlusion(model, x, { patch: 4 })).dispose();
    const before = tf.memory().numTensors;
    (await occlusion(model, x, { patch: 4 })).dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(occlusion(model, x, { patch: 9 })).rejects.toThrow(/patch 9 is larger than the image \(8x8\)/);
    await expect(occlusion(model, x, { patch: 0 })).rejects.toThrow(/patch must be an integer ≥ 1, got 0/);
    await expect(occlusion(model, x, { patch: 2, stride: 1.5 })).rejects.toThrow(/stride must be an integer ≥ 1, got 1.5/);
    await expect(occlusion(model, tf.zeros([2, S, S, 1]), { patch: 2 })).rejects.toThrow(/x must be one image/);
  });
});
