/** train/evaluate with the other modules: datasets (ImageSet, batches), models (buildModel), kernel-ext (dashboard). */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import * as datasets from "../../lib/datasets";
import { train } from "../../lib/train/train";
import { BatchSource } from "../../lib/train/data";
import { evaluate } from "../../lib/evaluate/evaluate";
import { features } from "../../lib/evaluate/activations";
import { buildModel } from "../../lib/models/registry";
import { dashboard } from "../../kernel-ext/dashboard";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

/** A small CNN for [size, size, 1] digits. */
function digitCnn(size: number): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [size, size, 1], filters: 8, kernelSize: 5, strides: 2, activation: "relu" }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10 }));
  return m;
}

describe("train with datasets.mnist()", () => {
  const { train: trainSet, test: testSet } = datasets.mnist({ seed: 1, trainLimit: 1000, testLimit: 300 });

  it("an ImageSet is a data set as is: learns digits well above chance, no tensors left", async () => {
    const model = digitCnn(28);
    const before = tf.memory().numTensors;
    const h = await train(model, trainSet, { epochs: 2, batchSize: 32, learningRate: 0.003, seed: 1, validationData: testSet });
    expect(tf.memory().numTensors).toBe(before);
    expect(h.epochs[1].valAccuracy).toBeGreaterThan(0.7); // chance is 0.1
    expect((await evaluate(model, testSet)).accuracy).toBe(h.epochs[1].valAccuracy);
    model.dispose();
  });

  it("datasets.batches() plugs in as a batch source (here padding 28 → 32 as LeNet-5 wants)", async () => {
    const padded: BatchSource = {
      size: trainSet.size,
      batches: (batchSize, { shuffle, seed }) => datasets.batches(trainSet, { batchSize, shuffle, seed, pad: 2 }),
    };
    const model = digitCnn(32);
    const before = tf.memory().numTensors;
    const h = await train(model, padded, { epochs: 1, batchSize: 50, seed: 2 });
    expect(h.epochs[0].images).toBe(1000);
    expect(h.batchLosses).toHaveLength(20);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("buildModel(\"lenet\") trains with the kernel's dashboard as callback; features() gives its 84-d layer", async () => {
    const model = buildModel("lenet", { inputShape: [28, 28, 1], classes: 10, seed: 1 });
    const board = dashboard({ printMs: 1e9 }); // outside a kernel it prints text lines; keep the test quiet
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const h = await train(model, trainSet, { epochs: 1, batchSize: 50, seed: 1, callbacks: board });
    log.mockRestore();
    expect(board.progress()).toBe(1);
    expect(h.epochs[0].loss).toBeLessThan(h.batchLosses[0]);
    const x = testSet.images(Int32Array.from([0, 1, 2]));
    const f = features(model, x);
    expect(f.shape).toEqual([3, 84]);
    tf.dispose([x, f]);
    model.dispose();
  });
});
