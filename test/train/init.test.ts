import * as tf from "@tensorflow/tfjs";
import { fans, initialize, Init } from "../../lib/train/init";
import { initBackend } from "../../lib/backend";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

/** conv 5×5×1→20 then dense 500→100: large enough for sample statistics. */
function model(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [10, 10, 1], filters: 20, kernelSize: 5 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 100 }));
  return m;
}

function stats(t: tf.Tensor): { mean: number; std: number; maxAbs: number } {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, maxAbs: v.reduce((a, b) => Math.max(a, Math.abs(b)), 0) };
}

describe("fans", () => {
  it.each<[string, number[], number, number]>([
    ["conv 5×5, 1 → 20", [5, 5, 1, 20], 25, 500],
    ["dense 500 → 100", [500, 100], 500, 100],
  ])("%s", (_t, shape, fanIn, fanOut) => {
    expect(fans(shape)).toEqual({ fanIn, fanOut });
  });
});

describe("initialize", () => {
  // Expected kernel std of the dense layer (fanIn 6·6·20 = 720, fanOut 100); sample std within 10 %.
  const fanIn = 720, fanOut = 100;
  it.each<[string, Init, number, number]>([
    ["alexnet: N(0, 0.01²), bias 1", "alexnet", 0.01, 1],
    ["he: N(0, 2/fanIn), bias 0", "he", Math.sqrt(2 / fanIn), 0],
    ["lecun: N(0, 1/fanIn), bias 0", "lecun", Math.sqrt(1 / fanIn), 0],
    ["glorot: U(±√(6/(fanIn+fanOut))), bias 0 (std = limit/√3)", "glorot", Math.sqrt(6 / (fanIn + fanOut)) / Math.sqrt(3), 0],
    ["normal std 0.05, bias 0.5", { type: "normal", std: 0.05, bias: 0.5 }, 0.05, 0.5],
  ])("%s", (_t, init, std, bias) => {
    const m = initialize(model(), init, 42);
    const [, , dense] = m.layers;
    const [kernel, b] = dense.getWeights();
    expect(fans(kernel.shape)).toEqual({ fanIn, fanOut });
    const s = stats(kernel);
    expect(Math.abs(s.mean)).toBeLessThan(std * 0.05);
    expect(Math.abs(s.std - std) / std).toBeLessThan(0.1);
    if (init === "glorot") expect(s.maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / (fanIn + fanOut)));
    expect(Array.from(new Set(b.dataSync()))).toEqual([bias]);
    m.dispose();
  });

  it("is seeded: same seed → same weights, other seed → other weights", () => {
    const a = initialize(model(), "he", 1), b = initialize(model(), "he", 1), c = initialize(model(), "he", 2);
    const w = (m: tf.LayersModel) => Array.from(m.layers[0].getWeights()[0].dataSync());
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it("leaves no tensors behind", () => {
    const m = model();
    const before = tf.memory().numTensors;
    initialize(m, "glorot", 3);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it("rejects an unknown scheme, naming it", () => {
    const m = model();
    expect(() => initialize(m, "xavier" as Init)).toThrow(/init: expected "glorot", "he", "lecun", "alexnet" or \{ type: "normal", std, bias \}, got "xavier"/);
    m.dispose();
  });
});
