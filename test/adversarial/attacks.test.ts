/**
 * The attacks on a linear model logits = W·x + b, where the input gradient of the cross-entropy is known:
 * ∇_x L = Wᵀ(softmax(Wx + b) − onehot(y)). FGSM must move x by exactly ε·sign of that (tolerance 1e-5: float32
 * rounding of one dense layer); PGD must stay in the ε-ball and the pixel range, and raise the loss.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { fgsm, pgd, robustAccuracy } from "../../lib/adversarial";
import { linearModel, maxDiff, uniformImages } from "../interpret/helpers";

beforeAll(async () => {
  await initBackend({ force: "cpu", verbose: false });
});

const [H, W, C, K] = [4, 4, 2, 5];
const d = H * W * C;

/** ∇_x L in float64 from W, b, x, y: Wᵀ(p − onehot(y)). */
function closedFormGradient(weights: Float32Array, bias: Float32Array, x: Float32Array, y: number): Float64Array {
  const z = Array.from({ length: K }, (_, c) => bias[c] + x.reduce((s, v, j) => s + weights[c * d + j] * v, 0));
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const total = e.reduce((a, b) => a + b, 0);
  const p = e.map((v) => v / total);
  const g = new Float64Array(d);
  for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) g[j] += weights[c * d + j] * (p[c] - (c === y ? 1 : 0));
  return g;
}

function crossEntropy(model: tf.LayersModel, x: tf.Tensor, y: number[]): number {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(y, "int32"), K), model.predict(x) as tf.Tensor).dataSync()[0]);
}

describe("fgsm and pgd on logits = W·x + b", () => {
  let model: tf.LayersModel, weights: Float32Array, bias: Float32Array, x: tf.Tensor4D;
  const y = [3, 0, 1];
  beforeAll(() => {
    ({ model, weights, bias } = linearModel(H, W, C, K, 31));
    x = uniformImages([3, H, W, C], 32);
  });

  it("fgsm moves x by ε·sign(Wᵀ(p − onehot(y))) (no clipping needed: pixels in [0.2, 0.8], ε = 0.1)", async () => {
    const eps = 0.1;
    const adv = await fgsm(model, x, y, { epsilon: eps });
    const xs = x.dataSync(), as = adv.dataSync();
    for (let n = 0; n < 3; n++) {
      const g = closedFormGradient(weights, bias, xs.subarray(n * d, (n + 1) * d) as Float32Array, y[n]);
      const want = Float32Array.from(g, (v, j) => xs[n * d + j] + eps * Math.sign(v));
      expect(maxDiff(as.subarray(n * d, (n + 1) * d), want)).toBeLessThan(1e-5);
    }
    expect(crossEntropy(model, adv, y)).toBeGreaterThan(crossEntropy(model, x, y));
    adv.dispose();
  });

  it("fgsm clips to the pixel range: a large ε gives only 0s and 1s", async () => {
    const adv = await fgsm(model, x, y, { epsilon: 5 });
    expect(new Set(adv.dataSync())).toEqual(new Set([0, 1]));
    adv.dispose();
  });

  it("pgd with one step of α = ε from x itself is fgsm", async () => {
    const a = await pgd(model, x, y, { epsilon: 0.05, alpha: 0.05, steps: 1, noRandomStart: true });
    const b = await fgsm(model, x, y, { epsilon: 0.05 });
    expect(maxDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-6);
    tf.dispose([a, b]);
  });

  it("pgd stays in the ε-ball and the pixel range, raises the loss more than fgsm, and reproduces with its seed", async () => {
    const eps = 0.08;
    const a = await pgd(model, x, y, { epsilon: eps, steps: 20, seed: 4 });
    const again = await pgd(model, x, y, { epsilon: eps, steps: 20, seed: 4 });
    const xs = x.dataSync(), as = a.dataSync();
    expect(maxDiff(as, xs)).toBeLessThanOrEqual(eps + 1e-6);
    expect(Math.min(...as)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...as)).toBeLessThanOrEqual(1);
    expect(maxDiff(as, again.dataSync())).toBe(0);
    const f = await fgsm(model, x, y, { epsilon: eps });
    expect(crossEntropy(model, a, y)).toBeGreaterThanOrEqual(crossEntropy(model, f, y) - 1e-6);
    tf.dispose([a, again, f]);
  });

  it("takes the labels as a tensor too (read with await), with the same result as an array", async () => {
    const yT = tf.tensor1d(y, "int32");
    const fromTensor = await fgsm(model, x, yT, { epsilon: 0.1 });
    const fromArray = await fgsm(model, x, y, { epsilon: 0.1 });
    const pgdTensor = await pgd(model, x, yT, { epsilon: 0.1, steps: 2, seed: 1 });
    const pgdArray = await pgd(model, x, y, { epsilon: 0.1, steps: 2, seed: 1 });
    expect(maxDiff(fromTensor.dataSync(), fromArray.dataSync())).toBe(0);
    expect(maxDiff(pgdTensor.dataSync(), pgdArray.dataSync())).toBe(0);
    const tooFew = tf.tensor1d([1, 2], "int32");
    await expect(fgsm(model, x, tooFew, { epsilon: 0.1 })).rejects.toThrow(/fgsm: y must be 3 integer class labels \(one per image of x\), got 2 values/);
    tf.dispose([yT, tooFew, fromTensor, fromArray, pgdTensor, pgdArray]);
  });

  it("leaks no tensors", async () => {
    (await fgsm(model, x, y, { epsilon: 0.1 })).dispose();
    const before = tf.memory().numTensors;
    (await fgsm(model, x, y, { epsilon: 0.1 })).dispose();
    (await pgd(model, x, y, { epsilon: 0.1, steps: 3 })).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects bad arguments, naming them", async () => {
    await expect(fgsm(model, x, y, { epsilon: -0.1 })).rejects.toThrow(/fgsm: epsilon must be a finite number ≥ 0, got -0.1/);
    await expect(pgd(model, x, y, { epsilon: 0.1, steps: -1 })).rejects.toThrow(/pgd: steps must be an integer ≥ 0, got -1/);
    await expect(fgsm(model, x, [1, 2], { epsilon: 0.1 })).rejects.toThrow(/fgsm: y must be 3 integer class labels \(one per image of x\), got 2 values/);
    await expect(fgsm(model, x, y, { epsilon: 0.1, clip: [1, 0] })).rejects.toThrow(/clip must be \[min, max\] with min < max/);
  });
});

describe("robustAccuracy", () => {
  it("at ε = 0 is the clean accuracy, and falls as ε grows on a linear model", async () => {
    const { model } = linearModel(H, W, C, K, 41);
    const images = uniformImages([60, H, W, C], 42);
    const labels = Array.from((model.predict(images) as tf.Tensor).argMax(1).dataSync()).map((p, i) => (i % 3 === 0 ? (p + 1) % K : p));
    const points = await robustAccuracy(model, { images, labels }, { epsilons: [0, 0.05, 0.3], batchSize: 16 });
    expect(points.map((p) => p.epsilon)).toEqual([0, 0.05, 0.3]);
    expect(points[0].accuracy).toBeCloseTo(40 / 60, 10); // every third label was made wrong
    expect(points[2].accuracy).toBeLessThan(points[0].accuracy);
    const pgdPoints = await robustAccuracy(model, { images, labels }, { attack: "pgd", epsilons: [0.3], steps: 5 });
    expect(pgdPoints[0].accuracy).toBeLessThanOrEqual(points[2].accuracy);
    await expect(robustAccuracy(model, { images, labels }, { epsilons: [] })).rejects.toThrow(/epsilons must be a non-empty array/);
    images.dispose();
  });
});

describe("adversarialBatches", () => {
  it("replaces the given fraction of each batch by FGSM copies made with the current weights, keeps labels, leaks nothing", async () => {
    const { adversarialBatches, fgsm: attack } = await import("../../lib/adversarial");
    const { model } = linearModel(H, W, C, K, 51);
    const images = uniformImages([10, H, W, C], 52);
    const labels = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4];
    const source = adversarialBatches(model, { images, labels }, { epsilon: 0.1, fraction: 0.5 });
    const before = tf.memory().numTensors;
    const got: { x: tf.Tensor; y: tf.Tensor }[] = [];
    for await (const b of source.batches(4, { shuffle: false, seed: 0 })) got.push(b);
    expect(got.map((b) => b.x.shape[0])).toEqual([4, 4, 2]);
    const first = got[0];
    const clean = images.slice([0], [4]);
    const head = images.slice([0], [2]);
    const adv = await attack(model, head, labels.slice(0, 2), { epsilon: 0.1 });
    head.dispose();
    const [advPart, cleanPart, cleanWant] = tf.tidy(() => [first.x.slice([0], [2]).dataSync(), first.x.slice([2], [2]).dataSync(), clean.slice([2], [2]).dataSync()]);
    expect(maxDiff(advPart, adv.dataSync())).toBeLessThan(1e-6);
    expect(maxDiff(cleanPart, cleanWant)).toBe(0);
    expect(Array.from(first.y.dataSync())).toEqual([0, 1, 2, 3]);
    tf.dispose([clean, adv]);
    for (const b of got) tf.dispose([b.x, b.y]);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    expect(() => adversarialBatches(model, { images, labels }, { epsilon: 0.1, fraction: 2 })).toThrow(/fraction must be a number in \[0, 1\], got 2/);
    images.dispose();
  });
});
