import * as tf from "@tensorflow/tfjs";
import { evaluate } from "../../lib/evaluate/evaluate";
import { confusionMatrix, misclassified, perClassAccuracy } from "../../lib/evaluate/metrics";
import { initBackend } from "../../lib/backend";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

/** A model whose logits are its input pixels: images [N, 1, 1, 6] → logits [N, 6] (identity dense layer). */
function identityLogits(classes: number, softmax = false): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.flatten({ inputShape: [1, 1, classes] }));
  m.add(tf.layers.dense({ units: classes, useBias: false, activation: softmax ? "softmax" : "linear" }));
  tf.tidy(() => m.layers[1].setWeights([tf.eye(classes)]));
  return m;
}

// Hand-checkable fixture: 6 classes, 4 examples, logits written out.
const LOGITS = [
  [5, 0, 0, 0, 0, 0], // label 0: right
  [0, 4, 3, 2, 1, -1], // label 2: wrong (predicts 1), label is 3rd → top-5 hit
  [0, 6, 3, 2, 1, -1], // label 5: wrong (predicts 1, more confidently), label is 6th → top-5 miss
  [1, 2, 3, 4, 5, 6], // label 5: right
];
const LABELS = [0, 2, 5, 5];

/** Independent softmax in float64. */
function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function fixture() {
  return { images: tf.tensor4d(LOGITS.flat(), [4, 1, 1, 6]), labels: LABELS };
}

describe("evaluate on a hand-checkable fixture", () => {
  it.each<[string, boolean]>([
    ["model emitting logits", false],
    ["model ending in softmax (output detected)", true],
  ])("%s: accuracy 2/4, top-5 3/4, loss = mean −log p[label] (tolerance 1e-5)", async (_t, endsInSoftmax) => {
    const data = fixture();
    const model = identityLogits(6, endsInSoftmax);
    const r = await evaluate(model, data, { batchSize: 3 }); // batches of 3 + 1
    const probs = LOGITS.map(softmax);
    const expectedLoss = LABELS.reduce((s, y, n) => s - Math.log(probs[n][y]), 0) / 4;
    expect(r.count).toBe(4);
    expect(r.accuracy).toBe(0.5);
    expect(r.top5Accuracy).toBe(0.75);
    expect(Math.abs(r.loss - expectedLoss)).toBeLessThan(1e-5);
    expect(Array.from(r.predictions)).toEqual([0, 1, 1, 5]);
    r.confidence.forEach((c, n) => expect(Math.abs(c - Math.max(...probs[n]))).toBeLessThan(1e-6));
    data.images.dispose();
    model.dispose();
  });

  it("misclassified: wrong examples only, most confident first", async () => {
    const data = fixture();
    const model = identityLogits(6);
    const wrong = await misclassified(await evaluate(model, data));
    expect(wrong.map((w) => [w.index, w.label, w.prediction])).toEqual([
      [2, 5, 1],
      [1, 2, 1],
    ]);
    expect(wrong[0].confidence).toBeGreaterThan(wrong[1].confidence);
    expect(await misclassified(await evaluate(model, data), 1)).toHaveLength(1);
    data.images.dispose();
    model.dispose();
  });

  it("leaves no tensors behind", async () => {
    const data = fixture();
    const model = identityLogits(6);
    await evaluate(model, data); // warm up (layer weights, kernels)
    const before = tf.memory().numTensors;
    await evaluate(model, data, { batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    data.images.dispose();
    model.dispose();
  });

  it("rejects mismatched labels, naming the argument", async () => {
    const model = identityLogits(6);
    const images = tf.zeros([4, 1, 1, 6]) as tf.Tensor4D;
    await expect(evaluate(model, { images, labels: [0, 1] })).rejects.toThrow(/data.labels: expected 4 labels \(one per image\), got 2/);
    await expect(evaluate(model, {} as never)).rejects.toThrow(/data: expected \{ images: Tensor4D .* got an object with keys \[\]/);
    images.dispose();
    model.dispose();
  });
});

describe("confusion matrix and per-class accuracy (hand-checked)", () => {
  const labels = [0, 0, 1, 1, 1, 2];
  const predictions = [0, 1, 1, 1, 2, 2];

  it("rows are true classes, columns predictions", async () => {
    expect(await confusionMatrix(labels, predictions, 3)).toEqual([
      [1, 1, 0],
      [0, 2, 1],
      [0, 0, 1],
    ]);
  });

  it("per-class accuracy is the diagonal over the row sum; NaN for an absent class", async () => {
    const acc = await perClassAccuracy(labels, predictions, 4);
    expect(acc.slice(0, 3)).toEqual([0.5, 2 / 3, 1]);
    expect(acc[3]).toBeNaN();
  });

  it("accepts tensors and typed arrays alike", async () => {
    const t = tf.tensor1d(labels, "int32");
    expect(await confusionMatrix(t, Int32Array.from(predictions), 3)).toEqual(await confusionMatrix(labels, predictions, 3));
    t.dispose();
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ["a label out of range", () => confusionMatrix([0, 3], [0, 1], 3), /labels\[1\]: expected a class index in 0..2, got 3/],
    ["lengths that differ", () => confusionMatrix([0, 1], [0], 3), /predictions: expected 2 entries \(one per label\), got 1/],
    ["classes 0", () => confusionMatrix([], [], 0), /classes: expected an integer ≥ 1, got 0/],
  ])("rejects %s", async (_t, call, message) => {
    await expect(call()).rejects.toThrow(message);
  });
});
