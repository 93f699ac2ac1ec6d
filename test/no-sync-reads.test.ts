/**
 * Every library function that reads a tensor, on a backend that refuses synchronous reads as webgpu does in
 * Node: test/support/no-sync-backend.js around cpu, loaded through CNNLAB_BACKEND_WRAPPER as the notebook
 * test (test/notebooks/no-sync-reads.test.ts) loads it. Each call must finish (it reads with `await`) and
 * leave no tensor behind; a synchronous read is still refused, so the wrapper is really in place.
 */
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend";
import { adversarial, confusionMatrix, interpret, maxActivatingPatches, misclassified, nearestNeighbours, perClassAccuracy } from "../lib";
import { uniformImages } from "./interpret/helpers";

beforeAll(async () => {
  process.env.CNNLAB_BACKEND_WRAPPER = path.resolve(__dirname, "support", "no-sync-backend.js");
  await initBackend({ force: "cpu", verbose: false });
});
afterAll(() => {
  delete process.env.CNNLAB_BACKEND_WRAPPER;
});

/** conv (3x3, 2 channels, ReLU) → flatten → 3 class scores, on 8x8x1 images; seeded. */
function tinyConvNet(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, activation: "relu", name: "conv", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.flatten({ name: "flat" }));
  m.add(tf.layers.dense({ units: 3, name: "head", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  return m;
}

it("runs on the wrapped backend, which refuses a synchronous read", () => {
  expect(tf.getBackend()).toBe("cpu-no-sync-reads");
  const x = tf.ones([2]);
  expect(() => x.dataSync()).toThrow(/synchronous read refused/);
  x.dispose();
});

it("interpret, adversarial, nearestNeighbours, maxActivatingPatches and the metrics read with await and leak nothing", async () => {
  const model = tinyConvNet();
  const x = uniformImages([4, 8, 8, 1], 3);
  const one = x.slice([0], [1]);
  const labels = tf.tensor1d([0, 1, 2, 0], "int32");
  const features = tf.tensor2d([[0, 0], [1, 0], [0, 2], [3, 3]]);
  const predictions = tf.tensor1d([0, 0, 2, 0], "int32");
  const before = tf.memory().numTensors;

  // No classIndex: the predicted classes are read too.
  const maps = [await interpret.saliency(model, x), await interpret.gradCam(model, x, { layer: "conv" }), await interpret.occlusion(model, one, { patch: 4 })];
  expect(maps.map((m) => m.shape)).toEqual([[4, 8, 8], [4, 8, 8], [2, 2]]);
  const top = await interpret.maxActivating(model, x, { layer: "conv", channel: 0, k: 2 });
  const am = await interpret.activationMaximization(model, { layer: "conv", channel: 1, steps: 2 });
  expect([top.top.length, am.history.length, (await interpret.embedding(model, x)).length]).toEqual([2, 3, 4]);
  // Tensor labels, read with await.
  const attacked = [await adversarial.fgsm(model, x, labels, { epsilon: 0.1 }), await adversarial.pgd(model, x, labels, { epsilon: 0.1, steps: 2 })];
  const robust = await adversarial.robustAccuracy(model, { images: x, labels }, { epsilons: [0, 0.1], batchSize: 3 });
  expect(robust.map((p) => p.count)).toEqual([4, 4]);
  const patches = await maxActivatingPatches(model, x, "conv", { channels: [0, 1], top: 2 });
  expect(patches.hits.length).toBe(4);
  expect((await nearestNeighbours(features, features, 2, { metric: "euclidean" })).map((list) => list[0].index)).toEqual([0, 1, 2, 3]);
  expect(await confusionMatrix(labels, labels, 3)).toEqual([[2, 0, 0], [0, 1, 0], [0, 0, 1]]);
  expect(await perClassAccuracy(labels, predictions, 3)).toEqual([1, 0, 1]);
  expect((await misclassified({ labels, predictions: [0, 2, 2, 0], confidence: [0.9, 0.8, 0.7, 0.6] })).map((m) => m.index)).toEqual([1]);

  tf.dispose([...maps, top.patches, am.image, ...attacked, patches.patches]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, one, labels, features, predictions]);
  model.dispose();
});
