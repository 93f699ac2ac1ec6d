import * as tf from "@tensorflow/tfjs";
import { earlyStopping } from "../../lib/train/early-stopping";
import { train } from "../../lib/train/train";
import type { EpochLogs } from "../../lib/train/callbacks";
import { barImages, tinyCnn } from "./helpers";
import { initBackend } from "../../lib/backend";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

const logs = (valAccuracy?: number, valLoss?: number) => ({ valAccuracy, valLoss } as EpochLogs);
const firstKernel = (m: tf.LayersModel) => Array.from(m.getWeights()[0].dataSync());

describe("earlyStopping", () => {
  it("stops after `patience` epochs without a better validation accuracy and restores the best epoch's weights", () => {
    const model = tinyCnn(1);
    const stops: number[] = [];
    const es = earlyStopping(model, { patience: 2 });
    es.onTrainBegin!({} as never, { stop: () => undefined });
    const scores = [0.5, 0.7, 0.6, 0.7, 0.65];
    let atBest: number[] = [];
    scores.forEach((acc, epoch) => {
      // A different model state each epoch: the kernel set to the epoch number.
      const w = model.getWeights();
      model.setWeights([tf.fill(w[0].shape, epoch), ...w.slice(1)]);
      if (epoch === 1) atBest = firstKernel(model);
      es.onEpochEnd!(epoch, logs(acc), { stop: () => stops.push(epoch) });
    });
    // Best: epoch 2 (0.7; a later tie is no improvement); epochs 3 and 4 bring nothing → stop asked at the end of epoch 4 (index 3).
    expect(stops[0]).toBe(3);
    expect([es.bestEpoch, es.best]).toEqual([2, 0.7]);
    const before = tf.memory().numTensors;
    es.onTrainEnd!({} as never, { stop: () => undefined });
    expect(firstKernel(model)).toEqual(atBest);
    expect(tf.memory().numTensors).toBeLessThan(before);   // the snapshot is freed
    model.dispose();
  });

  it("watches the validation loss downwards when asked, and needs validation data", () => {
    const model = tinyCnn(2);
    const es = earlyStopping(model, { monitor: "valLoss", patience: 1, restoreBest: false });
    const stops: number[] = [];
    [1.0, 0.8, 0.9].forEach((loss, epoch) => es.onEpochEnd!(epoch, logs(undefined, loss), { stop: () => stops.push(epoch) }));
    expect([es.bestEpoch, es.best, stops]).toEqual([2, 0.8, [2]]);
    expect(() => earlyStopping(model).onEpochEnd!(0, logs(), { stop: () => undefined })).toThrow(
      "earlyStopping: it watches valAccuracy, but train() has no validationData to compute it",
    );
    expect(() => earlyStopping(model, { patience: 0 })).toThrow("earlyStopping: patience must be an integer ≥ 1, got 0");
    model.dispose();
  });

  it("inside train(): training ends early and the model scores its best validation accuracy again", async () => {
    const { images, labels } = barImages(60, 3);
    const val = barImages(30, 4);
    const model = tinyCnn(3);
    const es = earlyStopping(model, { patience: 1 });
    const before = tf.memory().numTensors;
    const history = await train(model, { images, labels }, { epochs: 40, batchSize: 8, learningRate: 0.05, seed: 1, validationData: val, callbacks: es });
    const accs = history.epochs.map((e) => e.valAccuracy as number);
    expect(history.epochs.length).toBeLessThan(40);
    expect(es.best).toBe(Math.max(...accs));
    const { evaluate } = await import("../../lib/evaluate/evaluate");
    expect((await evaluate(model, val)).accuracy).toBeCloseTo(es.best, 6);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([images, val.images]);
    model.dispose();
  });
});
