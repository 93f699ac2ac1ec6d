import * as tf from "@tensorflow/tfjs";
import { activations, features } from "../../lib/evaluate/activations";
import { nearestNeighbours } from "../../lib/evaluate/neighbours";
import { barImages, tinyCnn } from "../train/helpers";
import { initBackend } from "../../lib/backend";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe("activations", () => {
  it("first conv layer = relu(conv2d(X, K) + b) computed directly (tolerance 1e-5), in any batch size", () => {
    const { images } = barImages(7, 1);
    const model = tinyCnn(2);
    const conv = model.layers[0];
    const [K, b] = conv.getWeights();
    const expected = tf.tidy(() => tf.relu(tf.conv2d(images, K as tf.Tensor4D, 1, "valid").add(b)));
    const whole = activations(model, images, conv.name);
    const batched = activations(model, images, conv.name, { batchSize: 3 });
    expect(whole.shape).toEqual([7, 6, 6, 4]);
    expect(maxAbsDiff(whole, expected)).toBeLessThan(1e-5);
    expect(maxAbsDiff(batched, expected)).toBeLessThan(1e-5);
    tf.dispose([images, expected, whole, batched]);
    model.dispose();
  });

  it("an unknown layer name lists the model's layers", () => {
    const { images } = barImages(2, 1);
    const model = tinyCnn(2);
    const names = model.layers.map((l) => l.name).join(", ");
    expect(() => activations(model, images, "conv9")).toThrow(`layerName "conv9" is not a layer of this model; its layers are: ${names}`);
    images.dispose();
    model.dispose();
  });
});

describe("features", () => {
  it.each<[string, boolean]>([
    ["logits model", false],
    ["softmax model", true],
  ])("%s: penultimate features F give the model's output as act(F·W + b) (tolerance 1e-5)", (_t, softmax) => {
    const { images } = barImages(5, 2);
    const model = tinyCnn(4, { softmax });
    const F = features(model, images, { batchSize: 2 });
    const last = model.layers[model.layers.length - 1];
    const [W, b] = last.getWeights();
    const logits = tf.tidy(() => tf.matMul(F, W as tf.Tensor2D).add(b));
    const expected = model.predict(images) as tf.Tensor;
    const got = softmax ? tf.softmax(logits) : logits.clone();
    expect(F.shape).toEqual([5, 8]);
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
    tf.dispose([images, F, logits, expected, got]);
    model.dispose();
  });
});

describe("activations and features leave only their result behind", () => {
  it.each<[string, (m: tf.LayersModel, x: tf.Tensor) => tf.Tensor]>([
    ["activations, batched", (m, x) => activations(m, x, m.layers[1].name, { batchSize: 2 })],
    ["features, batched", (m, x) => features(m, x, { batchSize: 2 })],
  ])("%s", (_t, run) => {
    const { images } = barImages(5, 3);
    const model = tinyCnn(2);
    run(model, images).dispose(); // warm-up
    const before = tf.memory().numTensors;
    const out = run(model, images);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([out, images]);
    model.dispose();
  });
});

describe("nearestNeighbours against a brute-force float64 search", () => {
  const rows = [[1, 0], [0, 1], [1, 1], [-1, 0], [2, 0.1]];
  const q = [1, 0.2];
  const brute = (metric: "cosine" | "euclidean") =>
    rows
      .map((f, index) => {
        const dot = f[0] * q[0] + f[1] * q[1];
        const nf = Math.hypot(...f), nq = Math.hypot(...q);
        const distance = metric === "cosine" ? 1 - dot / (nf * nq) : Math.hypot(f[0] - q[0], f[1] - q[1]);
        return { index, distance };
      })
      .sort((a, b) => a.distance - b.distance);

  it.each<["cosine" | "euclidean"]>([["cosine"], ["euclidean"]])("%s: same order and distances (tolerance 1e-5)", async (metric) => {
    const F = tf.tensor2d(rows);
    const Q = tf.tensor1d(q);
    const got = await nearestNeighbours(F, Q, 3, { metric });
    const want = brute(metric).slice(0, 3);
    expect(got.map((n) => n.index)).toEqual(want.map((n) => n.index));
    got.forEach((n, i) => expect(Math.abs(n.distance - want[i].distance)).toBeLessThan(1e-5));
    tf.dispose([F, Q]);
  });

  it("a batch of queries gives one list per query; the query itself is its own nearest", async () => {
    const F = tf.tensor2d(rows);
    const lists = await nearestNeighbours(F, tf.tensor2d([rows[3], rows[1]]), 2, { metric: "euclidean" });
    expect(lists.map((l) => l[0].index)).toEqual([3, 1]);
    F.dispose();
  });

  it("rejects k larger than the number of rows", async () => {
    const F = tf.tensor2d(rows);
    await expect(nearestNeighbours(F, tf.tensor1d(q), 9)).rejects.toThrow(/k must be an integer in 1..5 \(the number of feature rows\), got 9/);
    F.dispose();
  });
});
