/**
 * Which path each wasm kernel takes (lib/backend/kernel-paths.ts, lib/backend/wasm/), for
 * representative calls of the three benchmark models (batch sizes as bench/run.ts: LeNet and
 * ResNet-20 128, AlexNet 32), on the threaded build with cnnlab's SIMD kernels, as users get it:
 * explainKernel's answer, the earlier paths it says were declined, and for the SIMD paths the
 * SIMD function that really runs when the kernel is called (a spy on the pool).
 */
import * as tf from "@tensorflow/tfjs";
import { explainKernel } from "../../lib/backend";
import { BATCH_NORM_TRAINING } from "../../lib/backend/batch-norm-kernels";
import { CONV2D_BIAS_RELU } from "../../lib/backend/conv-bias-relu-kernel";
import { SimdPool } from "../../lib/backend/simd-pool";
import { threadedSimdPool } from "./threaded-pool";

let pool: SimdPool;
beforeAll(async () => {
  pool = await threadedSimdPool();
}, 60_000);

type Case = {
  model: string;
  what: string;
  kernel: string;
  inputs: Record<string, number[]>;
  attrs: Record<string, unknown>;
  path: string;
  /** The paths declined before it, in order. */
  declined: string[];
  /** The SIMD function the call runs (SIMD paths). */
  simd?: string;
};

const conv = (strides: number, pad: string) => ({ strides, pad, dataFormat: "NHWC", dilations: 1 });
const fused = (pad: string) => ({ ...conv(1, pad), activation: "relu" });

const CASES: Case[] = [
  // LeNet (28x28x1, batch 128)
  { model: "LeNet", what: "C1 forward, 5x5 'same' 1 → 6 with bias and ReLU", kernel: tf.FusedConv2D,
    inputs: { x: [128, 28, 28, 1], filter: [5, 5, 1, 6], bias: [6] }, attrs: fused("same"), path: "tfjs", declined: ["simd-winograd", "same-padding-fix"] },
  { model: "LeNet", what: "C1 filter gradient", kernel: tf.Conv2DBackpropFilter,
    inputs: { x: [128, 28, 28, 1], dy: [128, 28, 28, 6] }, attrs: { ...conv(1, "same"), filterShape: [5, 5, 1, 6] },
    path: "simd-direct", declined: ["simd-winograd"], simd: "filterGrad" },
  { model: "LeNet", what: "C3 input gradient, 5x5 'valid' 6 → 16", kernel: tf.Conv2DBackpropInput,
    inputs: { dy: [128, 10, 10, 16], filter: [5, 5, 6, 16] }, attrs: { ...conv(1, "valid"), inputShape: [128, 14, 14, 6] },
    path: "simd-product-scatter", declined: ["simd-winograd"], simd: "convInputGrad" },
  { model: "LeNet", what: "S2 max pool 2x2/2", kernel: tf.MaxPool,
    inputs: { x: [128, 28, 28, 6] }, attrs: { filterSize: 2, strides: 2, pad: "valid" }, path: "simd", declined: [], simd: "maxPool" },
  { model: "LeNet", what: "F5 forward, 400 → 120", kernel: tf.BatchMatMul,
    inputs: { a: [128, 400], b: [400, 120] }, attrs: { transposeA: false, transposeB: false }, path: "simd-small", declined: [], simd: "matmul" },
  { model: "LeNet", what: "F5 input gradient dY·Wᵀ", kernel: tf.BatchMatMul,
    inputs: { a: [128, 120], b: [400, 120] }, attrs: { transposeA: false, transposeB: true }, path: "simd-small", declined: [], simd: "matmulTransposedB" },
  // ResNet-20 (32x32x3, batch 128)
  { model: "ResNet-20", what: "3x3 'same' 16 → 16 forward", kernel: tf.Conv2D,
    inputs: { x: [128, 32, 32, 16], filter: [3, 3, 16, 16] }, attrs: conv(1, "same"), path: "simd-winograd", declined: [], simd: "winogradFilter" },
  { model: "ResNet-20", what: "3x3 'same' stride 2, 16 → 32 forward", kernel: tf.Conv2D,
    inputs: { x: [128, 32, 32, 16], filter: [3, 3, 16, 32] }, attrs: conv(2, "same"), path: "tfjs", declined: ["simd-winograd", "same-padding-fix"] },
  { model: "ResNet-20", what: "3x3 stride-1 input gradient", kernel: tf.Conv2DBackpropInput,
    inputs: { dy: [128, 32, 32, 16], filter: [3, 3, 16, 16] }, attrs: { ...conv(1, "same"), inputShape: [128, 32, 32, 16] },
    path: "simd-winograd", declined: [], simd: "winogradFilter" },
  { model: "ResNet-20", what: "3x3 stride-2 input gradient, 16 → 32", kernel: tf.Conv2DBackpropInput,
    inputs: { dy: [128, 16, 16, 32], filter: [3, 3, 16, 32] }, attrs: { ...conv(2, "same"), inputShape: [128, 32, 32, 16] },
    path: "simd-product-scatter", declined: ["simd-winograd"], simd: "convInputGrad" },
  { model: "ResNet-20", what: "first layer's filter gradient, 3 → 16", kernel: tf.Conv2DBackpropFilter,
    inputs: { x: [128, 32, 32, 3], dy: [128, 32, 32, 16] }, attrs: { ...conv(1, "same"), filterShape: [3, 3, 3, 16] },
    path: "simd-direct", declined: ["simd-winograd"], simd: "filterGrad" },
  { model: "ResNet-20", what: "3x3 16 → 16 filter gradient", kernel: tf.Conv2DBackpropFilter,
    inputs: { x: [128, 32, 32, 16], dy: [128, 32, 32, 16] }, attrs: { ...conv(1, "same"), filterShape: [3, 3, 16, 16] },
    path: "simd-winograd", declined: [], simd: "winogradFilterGrad" },
  { model: "ResNet-20", what: "batch norm in training", kernel: BATCH_NORM_TRAINING,
    inputs: { x: [128, 32, 32, 16], scale: [16], offset: [16] }, attrs: { epsilon: 1e-3 }, path: "fused", declined: [], simd: "channelSums" },
  { model: "ResNet-20", what: "a bias gradient, Σ over N, H, W", kernel: tf.Sum,
    inputs: { x: [128, 32, 32, 16] }, attrs: { axis: [0, 1, 2], keepDims: false }, path: "simd-bias-gradient", declined: [], simd: "channelSums" },
  { model: "ResNet-20", what: "the loss's mean, Σ over every axis", kernel: tf.Sum,
    inputs: { x: [128, 10] }, attrs: { axis: [0, 1], keepDims: false }, path: "tfjs", declined: ["simd-bias-gradient"] },
  // AlexNet (224x224x1 single tower, batch 32)
  { model: "AlexNet", what: "5x5 'same' 96 → 256 with bias and ReLU", kernel: CONV2D_BIAS_RELU,
    inputs: { x: [32, 26, 26, 96], filter: [5, 5, 96, 256], bias: [256] }, attrs: { strides: [1, 1], pad: "same", dilations: [1, 1] },
    path: "fused-conv2d", declined: [], simd: "winogradFilter" },
  { model: "AlexNet", what: "its forward FusedConv2D", kernel: tf.FusedConv2D,
    inputs: { x: [32, 26, 26, 96], filter: [5, 5, 96, 256], bias: [256] }, attrs: fused("same"), path: "simd-winograd", declined: [], simd: "winogradFilter" },
  { model: "AlexNet", what: "fc6 forward, 6400 → 4096", kernel: tf.BatchMatMul,
    inputs: { a: [32, 6400], b: [6400, 4096] }, attrs: { transposeA: false, transposeB: false }, path: "large-weights", declined: ["simd-small"] },
  { model: "AlexNet", what: "fc6 weight gradient Xᵀ·dY", kernel: tf.BatchMatMul,
    inputs: { a: [32, 6400], b: [32, 4096] }, attrs: { transposeA: true, transposeB: false }, path: "transpose-then-xnnpack", declined: ["simd-small", "large-weights"] },
  { model: "AlexNet", what: "max pool 3x3/2 gradient", kernel: tf.MaxPoolGrad,
    inputs: { dy: [32, 26, 26, 96], input: [32, 54, 54, 96], output: [32, 26, 26, 96] }, attrs: { filterSize: 3, strides: 2, pad: "valid" },
    path: "simd", declined: [], simd: "maxPoolGrad" },
];

describe.each(["LeNet", "ResNet-20", "AlexNet"])("%s", (model) => {
  it.each(CASES.filter((c) => c.model === model))("$what: $kernel runs on $path", (c) => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([name, shape]) => [name, tf.fill(shape, 0.5)]));
      const explained = explainKernel(c.kernel, inputs, c.attrs);
      expect(explained.path).toBe(c.path);
      expect(explained.declined.map((d) => d.path)).toEqual(c.declined);
      for (const { why } of explained.declined) expect(why).toMatch(/\w/);
      expect(explained.text).toContain(`${c.kernel} runs on ${c.path}`);
      // The call itself: the SIMD function it runs, or none.
      const runs = jest.spyOn(pool, "runShared");
      tf.engine().runKernel(c.kernel, inputs, c.attrs as tf.NamedAttrMap);
      const fns = runs.mock.calls.map(([shares]) => shares[0].fn);
      runs.mockRestore();
      if (c.simd) expect(fns[0]).toBe(c.simd);
      else expect(fns).toEqual([]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("explainKernel's reasons", () => {
  it("say what the declining path needs", () => {
    tf.tidy(() => {
      const { declined } = explainKernel(tf.Conv2D, { x: tf.zeros([1, 8, 8, 3]), filter: tf.zeros([3, 3, 3, 8]) }, conv(1, "same"));
      expect(declined[0]).toEqual({ path: "simd-winograd", why: expect.stringContaining("input channels a multiple of 4") });
      expect(declined[1]).toEqual({ path: "same-padding-fix", why: "XNNPACK's own 'same' padding is right for this geometry" });
    });
  });

  it("a kernel without a module is an error naming it", () => {
    expect(() => explainKernel(tf.Relu, {})).toThrow("cnnlab: no kernel module for Relu is installed on wasm");
  });
});
