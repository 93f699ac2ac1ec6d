/**
 * cnnlab's conv2d and batch-norm layers survive model.save → tf.loadLayersModel: the reloaded
 * LeNet and ResNet-20 have the same layer classes as the originals, train one step to the same
 * loss (then a second step from the same updated weights: equal too), and train through cnnlab's
 * fused kernels (CnnlabConv2DBiasRelu for LeNet's conv + bias + ReLU layers,
 * CnnlabBatchNormTraining for ResNet-20's batch norm), seen in tf.profile's kernel list.
 * Same weights and the same kernels in the same order: the losses are equal exactly.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { BATCH_NORM_TRAINING } from "../../lib/backend/batch-norm-kernels";
import { CONV2D_BIAS_RELU } from "../../lib/backend/conv-bias-relu-kernel";
import { BatchNormalization } from "../../lib/layers/batch-norm";
import { Conv2D } from "../../lib/layers/factories";
import { buildModel } from "../../lib/models/registry";
import { rng } from "../../lib/random";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
}, 60_000);

/** The model saved to memory and loaded back, as tfjs-layers' own save and load do it. */
async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
  return tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
}

/** Two SGD steps on one seeded batch: the two losses, and the kernels the first step ran. */
async function twoSteps(model: tf.LayersModel, inputShape: number[]): Promise<{ losses: number[]; kernels: string[] }> {
  const r = rng(3);
  const batch = 4;
  const size = batch * inputShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(Float32Array.from({ length: size }, () => r.normal()), [batch, ...inputShape]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, () => r.int(10)), "int32"), 10);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits) });
  const losses: number[] = [];
  const profile = await tf.profile(async () => {
    losses.push((await model.trainOnBatch(x, y)) as number);
  });
  losses.push((await model.trainOnBatch(x, y)) as number);
  tf.dispose([x, y]);
  return { losses, kernels: profile.kernels.map((k) => k.name) };
}

describe.each([
  { model: "lenet", inputShape: [28, 28, 1], fusedKernel: CONV2D_BIAS_RELU, cnnlabClass: Conv2D },
  { model: "resnet20", inputShape: [32, 32, 3], fusedKernel: BATCH_NORM_TRAINING, cnnlabClass: BatchNormalization },
])("$model saved and loaded", ({ model: name, inputShape, fusedKernel, cnnlabClass }) => {
  it("has the same layer classes, trains to the same losses and through the same fused kernel", async () => {
    const original = buildModel(name, { inputShape: inputShape as [number, number, number], classes: 10, seed: 1 });
    const loaded = await roundTrip(original);
    expect(loaded.layers.map((l) => l.constructor)).toEqual(original.layers.map((l) => l.constructor));
    expect(loaded.layers.some((l) => l instanceof cnnlabClass)).toBe(true);
    // The saved file names tfjs-layers' classes: tfjs alone can load it.
    expect(JSON.stringify(loaded.toJSON(null, false))).not.toMatch(/Cnnlab/);

    const before = await twoSteps(original, inputShape);
    const after = await twoSteps(loaded, inputShape);
    expect(after.losses).toEqual(before.losses);
    expect(before.kernels).toContain(fusedKernel);
    expect(after.kernels).toContain(fusedKernel);
    original.dispose();
    loaded.dispose();
  });
});
