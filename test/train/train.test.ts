import * as tf from "@tensorflow/tfjs";
import { train, TrainArgs } from "../../lib/train/train";
import { logEpochs, TrainCallbacks } from "../../lib/train/callbacks";
import { Batch, BatchSource } from "../../lib/train/data";
import { evaluate } from "../../lib/evaluate/evaluate";
import { barImages, tinyCnn } from "./helpers";
import { initBackend } from "../../lib/backend";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

describe("train", () => {
  it("a small CNN learns a separable synthetic set to ≥ 95 % validation accuracy in 3 epochs", async () => {
    const trainSet = barImages(96, 1);
    const valSet = barImages(60, 2);
    const model = tinyCnn(5);
    const before = await evaluate(model, valSet);
    const history = await train(model, trainSet, { epochs: 3, batchSize: 16, learningRate: 0.03, seed: 3, validationData: valSet });
    const last = history.epochs[history.epochs.length - 1];
    expect(before.accuracy).toBeLessThan(0.8); // it had to learn
    expect(last.valAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(last.valLoss).toBeLessThan(before.loss);
    expect(last.imagesPerSecond).toBeGreaterThan(0);
    expect(last.images).toBe(96);
    tf.dispose([trainSet.images, valSet.images]);
    model.dispose();
  });

  it("numTensors after three epochs equals that after one (dropout, augmentation, validation, momentum)", async () => {
    const data = barImages(40, 1);
    const model = tinyCnn(5, { dropout: true });
    const args: TrainArgs = {
      optimizer: "momentum", batchSize: 16, validationData: data, augment: { flip: true, crop: { padding: 1 }, noise: 0.01 },
    };
    await train(model, data, { ...args, epochs: 1 });
    const afterOne = tf.memory().numTensors;
    await train(model, data, { ...args, epochs: 3 });
    expect(tf.memory().numTensors).toBe(afterOne);
    data.images.dispose();
    model.dispose();
  });

  it.each<[string, TrainArgs]>([
    ["adam, shuffled", { optimizer: "adam" }],
    ["momentum with dropout, augmentation and He init", { optimizer: "momentum", init: "he", augment: { flip: true, shift: 1, brightness: 0.1 } }],
  ])("is seeded (%s): same seed → identical losses, other seed → other losses", async (_t, extra) => {
    const data = barImages(48, 1);
    const run = async (seed: number) => {
      const model = tinyCnn(5, { dropout: true });
      const h = await train(model, data, { ...extra, epochs: 2, batchSize: 16, seed, init: extra.init ?? "glorot" });
      model.dispose();
      return h.batchLosses;
    };
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(a).toHaveLength(6);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    data.images.dispose();
  });

  it("stop() ends training after the current batch", async () => {
    const data = barImages(64, 1);
    const model = tinyCnn(5);
    const seen: number[] = [];
    const run = train(model, data, {
      epochs: 3, batchSize: 8,
      callbacks: { onBatchEnd: (batch) => { seen.push(batch); if (batch === 2) run.stop(); } },
    });
    const history = await run;
    expect(seen).toEqual([0, 1, 2]);
    expect(history.batchLosses).toHaveLength(3);
    expect(history.stopped).toBe(true);
    expect(history.epochs).toHaveLength(1);
    expect(history.epochs[0]).toMatchObject({ complete: false, images: 24 });
    data.images.dispose();
    model.dispose();
  });

  it("an AbortSignal stops training between batches; an already aborted one trains nothing", async () => {
    const data = barImages(64, 1);
    const model = tinyCnn(5);
    const controller = new AbortController();
    const h = await train(model, data, { batchSize: 8, signal: controller.signal, callbacks: { onBatchEnd: (batch) => { if (batch === 1) controller.abort(); } } });
    expect(h.batchLosses).toHaveLength(2);
    const h2 = await train(model, data, { batchSize: 8, signal: controller.signal });
    expect(h2).toMatchObject({ stopped: true, epochs: [], batchLosses: [] });
    data.images.dispose();
    model.dispose();
  });

  it("a SIGINT (a notebook interrupt under tslab, which already listens for it) stops training; the listener is removed after", async () => {
    const data = barImages(64, 1);
    const model = tinyCnn(5);
    const kernelListener = () => undefined; // stands in for tslab's own SIGINT handler
    process.on("SIGINT", kernelListener);
    const listenersBefore = process.listenerCount("SIGINT");
    const h = await train(model, data, { epochs: 2, batchSize: 8, callbacks: { onBatchEnd: (batch) => { if (batch === 1) process.emit("SIGINT"); } } });
    expect(h.stopped).toBe(true);
    expect(h.batchLosses).toHaveLength(2);
    expect(process.listenerCount("SIGINT")).toBe(listenersBefore);
    process.off("SIGINT", kernelListener);
    data.images.dispose();
    model.dispose();
  });

  it("calls the hooks in order with the run's facts; control.stop() from a hook also stops", async () => {
    const data = barImages(20, 1);
    const model = tinyCnn(5);
    const calls: string[] = [];
    const h = await train(model, data, {
      epochs: 3, batchSize: 8,
      callbacks: [{
        onTrainBegin: (info) => { calls.push(`begin ${info.epochs}×${info.batchesPerEpoch} of ${info.size}`); },
        onEpochBegin: (epoch, l) => { calls.push(`epoch ${epoch} lr=${l.learningRate}`); },
        onBatchEnd: (batch, l) => { calls.push(`batch ${l.epoch}.${batch} n=${l.size}`); },
        onEpochEnd: async (epoch, l, control) => { calls.push(`epoch ${epoch} done`); if (l.epoch === 1) control.stop(); },
        onTrainEnd: (hist) => { calls.push(`end stopped=${hist.stopped}`); },
      }],
    });
    expect(calls).toEqual([
      "begin 3×3 of 20",
      "epoch 0 lr=0.001", "batch 0.0 n=8", "batch 0.1 n=8", "batch 0.2 n=4", "epoch 0 done",
      "epoch 1 lr=0.001", "batch 1.0 n=8", "batch 1.1 n=8", "batch 1.2 n=4", "epoch 1 done",
      "end stopped=true",
    ]);
    expect(h.epochs.map((e) => e.complete)).toEqual([true, true]);
    data.images.dispose();
    model.dispose();
  });

  it("runs a tf.Callback written for model.fit, after setModel/setParams as model.fit does", async () => {
    const data = barImages(20, 1);
    const model = tinyCnn(5);
    const seen: string[] = [];
    class FitStyle extends tf.Callback {
      async onTrainBegin() {
        seen.push(`params ${JSON.stringify(this.params)} model ${this.model === model}`);
      }
      async onEpochEnd(epoch: number, logs?: tf.Logs) {
        seen.push(`epoch ${epoch} loss ${typeof logs?.loss}`);
      }
    }
    // tf.Logs holds numbers only while our EpochLogs also has a boolean: the cast is the one seam.
    await train(model, data, { epochs: 2, batchSize: 10, callbacks: new FitStyle() as unknown as TrainCallbacks });
    expect(seen).toEqual([
      `params {"epochs":2,"batchSize":10,"samples":20,"steps":2} model true`,
      "epoch 0 loss number",
      "epoch 1 loss number",
    ]);
    data.images.dispose();
    model.dispose();
  });

  it("logEpochs prints one line per epoch", async () => {
    const data = barImages(12, 1);
    const model = tinyCnn(5);
    const lines: string[] = [];
    await train(model, data, { epochs: 2, batchSize: 6, validationData: data, callbacks: logEpochs((l) => lines.push(l)) });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^epoch 2: loss \d\.\d{4} acc \d\.\d{4} val_loss \d\.\d{4} val_acc \d\.\d{4} lr 0\.00100 \d+ img\/s \d+\.\d s$/);
    data.images.dispose();
    model.dispose();
  });

  it("applies the learning-rate schedule per epoch", async () => {
    const data = barImages(12, 1);
    const model = tinyCnn(5);
    const h = await train(model, data, { epochs: 4, batchSize: 12, optimizer: "sgd", learningRate: 0.08, schedule: { type: "step", every: 2, gamma: 0.5 } });
    expect(h.epochs.map((e) => e.learningRate)).toEqual([0.08, 0.08, 0.04, 0.04]);
    data.images.dispose();
    model.dispose();
  });

  it("trains a model ending in softmax (output detected) and one with a custom loss", async () => {
    const data = barImages(48, 1);
    const soft = tinyCnn(5, { softmax: true });
    const hs = await train(soft, data, { epochs: 4, batchSize: 12, learningRate: 0.02 });
    expect(hs.output).toBe("probabilities");
    expect(hs.epochs[3].loss).toBeLessThan(hs.epochs[0].loss);
    // Custom loss: mean squared error against one-hot targets.
    const mse = (labels: tf.Tensor1D, outputs: tf.Tensor2D) =>
      tf.tidy(() => tf.losses.meanSquaredError(tf.oneHot(labels.toInt(), 3), tf.softmax(outputs)) as tf.Scalar);
    const plain = tinyCnn(5);
    const hm = await train(plain, data, { epochs: 4, batchSize: 12, learningRate: 0.02, loss: mse });
    expect(hm.epochs[3].loss).toBeLessThan(hm.epochs[0].loss);
    data.images.dispose();
    soft.dispose();
    plain.dispose();
  });

  it("streams from a batch source (async generator) and resizes each batch", async () => {
    const big = barImages(30, 1);
    const upsampled = tf.image.resizeBilinear(big.images, [16, 16]); // the source holds 16×16 images
    const yielded: number[] = [];
    const source: BatchSource = {
      size: 30,
      async *batches(batchSize, { shuffle, seed }): AsyncIterable<Batch> {
        expect(shuffle).toBe(true);
        expect(typeof seed).toBe("number");
        for (let s = 0; s < 30; s += batchSize) {
          const n = Math.min(batchSize, 30 - s);
          yielded.push(n);
          yield { x: upsampled.slice(s, n), y: tf.tensor1d(big.labels.slice(s, s + n), "int32") };
        }
      },
    };
    const model = tinyCnn(5);
    const before = tf.memory().numTensors;
    const h = await train(model, source, { batchSize: 10, resize: [8, 8] });
    expect(yielded).toEqual([10, 10, 10]);
    expect(h.epochs[0].images).toBe(30);
    expect(tf.memory().numTensors).toBe(before); // the trainer disposed every yielded batch
    tf.dispose([big.images, upsampled]);
    model.dispose();
  });

  it("reads an image set { size, labels, images(indices) } batch by batch (the shape of datasets' ImageSet)", async () => {
    const { images, labels } = barImages(30, 1);
    const pixels = Uint8Array.from(images.mul(255).clipByValue(0, 255).dataSync()); // kept as bytes, like ImageSet
    images.dispose();
    const requested: number[] = [];
    const set = {
      size: 30,
      labels,
      images(indices: ArrayLike<number>): tf.Tensor4D {
        requested.push(indices.length);
        const out = new Float32Array(indices.length * 64);
        Array.from(indices).forEach((i, k) => out.set(Array.from(pixels.subarray(i * 64, (i + 1) * 64), (p) => p / 255), k * 64));
        return tf.tensor4d(out, [indices.length, 8, 8, 1]);
      },
    };
    const model = tinyCnn(5);
    const before = tf.memory().numTensors;
    const h = await train(model, set, { epochs: 2, batchSize: 16, validationData: set, validationBatchSize: 16 });
    expect(requested).toEqual([16, 14, 16, 14, 16, 14, 16, 14]); // train, validate, train, validate: never all 30
    expect(h.epochs[1].valAccuracy).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("puts dropout in training mode during training and inference mode in evaluate", async () => {
    const data = barImages(32, 1);
    const m = tf.sequential();
    m.add(tf.layers.flatten({ inputShape: [8, 8, 1] }));
    m.add(tf.layers.dropout({ rate: 0.99 }));
    m.add(tf.layers.dense({ units: 3 }));
    const evalLoss = (await evaluate(m, data)).loss;
    const h = await train(m, data, { batchSize: 32, optimizer: "sgd", learningRate: 0 });
    // With 99 % of inputs dropped the training loss differs from the inference loss (lr 0: weights unchanged).
    expect(Math.abs(h.batchLosses[0] - evalLoss)).toBeGreaterThan(1e-3);
    expect((await evaluate(m, data)).loss).toBeCloseTo(evalLoss, 6);
    data.images.dispose();
    m.dispose();
  });

  it("updates batch-norm running statistics while training (training=true reaches the layer)", async () => {
    const data = barImages(32, 1);
    const m = tf.sequential();
    m.add(tf.layers.batchNormalization({ inputShape: [8, 8, 1], momentum: 0.5 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 3 }));
    const movingMean = () => m.layers[0].getWeights()[2].dataSync()[0];
    expect(movingMean()).toBe(0);
    const pixelMean = tf.tidy(() => data.images.mean().dataSync()[0]);
    await train(m, data, { batchSize: 32, epochs: 3, optimizer: "sgd", learningRate: 0 });
    // three full-batch updates with momentum 0.5: mean · (1 − 0.5³)
    expect(movingMean()).toBeCloseTo(pixelMean * (1 - 0.125), 5);
    data.images.dispose();
    m.dispose();
  });

  it("accepts Uint8Array labels and restores the dropout layers' seeds afterwards", async () => {
    const { images, labels } = barImages(16, 1);
    const model = tinyCnn(5, { dropout: true });
    const dropout = model.layers.find((l) => l.getClassName() === "Dropout") as unknown as { seed?: number };
    const h = await train(model, { images, labels: Uint8Array.from(labels) }, { batchSize: 8 });
    expect(h.batchLosses).toHaveLength(2);
    expect(dropout.seed).toBeUndefined();
    images.dispose();
    model.dispose();
  });

  it.each<[string, () => { model: tf.LayersModel; data: unknown; args?: TrainArgs }, RegExp]>([
    ["images of the wrong size", () => ({ model: tinyCnn(), data: { images: tf.zeros([4, 9, 9, 1]), labels: [0, 1, 2, 0] } }),
      /batch images have shape \[4,9,9,1\] but the model expects \[N,8,8,1\]; pass resize/],
    ["a label outside the classes", () => ({ model: tinyCnn(), data: { images: tf.zeros([2, 8, 8, 1]), labels: [0, 7] } }),
      /label 7 in the data is not a class index 0..2/],
    ["a misspelt option", () => ({ model: tinyCnn(), data: barImages(3, 1), args: { epoch: 2 } as TrainArgs }),
      /unknown option\(s\) epoch; expected some of epochs/],
    ["batchSize 0", () => ({ model: tinyCnn(), data: barImages(3, 1), args: { batchSize: 0 } }),
      /train: batchSize must be an integer ≥ 1, got 0/],
    ["a model whose layers are all frozen", () => {
      const model = tinyCnn();
      model.layers.forEach((l) => (l.trainable = false));
      return { model, data: barImages(3, 1) };
    }, /train: the model has no trainable weights \(layers: conv2d.* \(frozen\)/],
    ["data that is not a data set", () => ({ model: tinyCnn(), data: [1, 2, 3] }),
      /train: data: expected \{ images: Tensor4D \[N,H,W,C\], labels \}, an image set .* got an array of length 3/],
  ])("rejects %s with a clear error", async (_t, make, message) => {
    const { model, data, args } = make();
    await expect(train(model, data as never, args)).rejects.toThrow(message);
    model.dispose();
  });
});
