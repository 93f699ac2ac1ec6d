import * as tf from "@tensorflow/tfjs";
import * as R from "../../lib/reference";
import { tfValues, maxScaledDiff, project, randomNd, toTf } from "./helpers";

const TOL_TFJS = 1e-5;
const TOL_GRADCHECK = 1e-7;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

// Inputs kept away from ReLU's kink at 0, where the derivative is not defined.
const x32 = R.map(randomNd([3, 4, 5], 51), (v) => 3 * v + (Math.abs(v) < 0.05 ? 0.2 : 0));
const x64 = R.tensor(x32.shape, Float64Array.from(x32.data));
const r64 = randomNd(x32.shape, 52, "float64");

describe("activations against tfjs and tf.grad", () => {
  it.each([
    ["sigmoid", R.sigmoid, R.sigmoidBackward, tf.sigmoid],
    ["tanh", R.tanh, R.tanhBackward, tf.tanh],
    ["relu", R.relu, R.reluBackward, tf.relu],
  ] as const)("%s", (_name, forward, backward, theirs) => {
    const dy = randomNd(x32.shape, 53);
    const [yTf, dxTf] = tfValues(() => [theirs(toTf(x32)), tf.grad((t: tf.Tensor) => theirs(t))(toTf(x32), toTf(dy))]);
    expect(maxScaledDiff(forward(x32), yTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(backward(dy, x32), dxTf)).toBeLessThan(TOL_TFJS);
  });

  it("prelu (one slope per channel) and its gradients wrt x and the slope", () => {
    const slope = R.tensor([5], [0.1, 0.25, -0.3, 0, 1.5]);
    const dy = randomNd(x32.shape, 54);
    const [yTf, dxTf, dsTf] = tfValues(() => {
      const f = (xt: tf.Tensor, a: tf.Tensor) => tf.prelu(xt, a);
      return [f(toTf(x32), toTf(slope)), ...tf.grads(f)([toTf(x32), toTf(slope)], toTf(dy))];
    });
    const { dx, dslope } = R.preluBackward(dy, x32, slope);
    expect(maxScaledDiff(R.preluForward(x32, slope), yTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(dx, dxTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(dslope, dsTf)).toBeLessThan(TOL_TFJS);
  });

  it("softmax: rows sum to 1, equals tf.softmax, and does not overflow at logits of 1000", () => {
    const z = R.fromNested([[1000, 1001, 1002], [-5, 0, 5]]);
    const y = R.softmax(z);
    const yTf = tfValues(() => [tf.softmax(toTf(z))])[0];
    expect(maxScaledDiff(y, yTf)).toBeLessThan(TOL_TFJS);
    expect(y.data.every(Number.isFinite)).toBe(true);
    expect(y.data[0] + y.data[1] + y.data[2]).toBeCloseTo(1, 6);
  });
});

describe("activation gradients pass gradCheck in float64", () => {
  const slope = R.tensor([5], [0.1, 0.25, -0.3, 0, 1.5], "float64");
  const z = randomNd([4, 6], 55, "float64");
  const rz = randomNd([4, 6], 56, "float64");
  it.each([
    ["sigmoid", () => R.gradCheck((x) => ({ loss: project(R.sigmoid(x), r64), grad: R.sigmoidBackward(r64, x) }), x64)],
    ["tanh", () => R.gradCheck((x) => ({ loss: project(R.tanh(x), r64), grad: R.tanhBackward(r64, x) }), x64)],
    ["relu", () => R.gradCheck((x) => ({ loss: project(R.relu(x), r64), grad: R.reluBackward(r64, x) }), x64)],
    ["prelu wrt x", () => R.gradCheck((x) => ({ loss: project(R.preluForward(x, slope), r64), grad: R.preluBackward(r64, x, slope).dx }), x64)],
    ["prelu wrt slope", () => R.gradCheck((a) => ({ loss: project(R.preluForward(x64, a), r64), grad: R.preluBackward(r64, x64, a).dslope }), slope)],
    ["softmax", () => R.gradCheck((v) => ({ loss: project(R.softmax(v), rz), grad: R.softmaxBackward(rz, v) }), z)],
  ])("%s", (_name, check) => {
    expect(check().maxRelError).toBeLessThan(TOL_GRADCHECK);
  });
});

describe("losses", () => {
  const logits = R.map(randomNd([5, 4], 57, "float64"), (v) => 3 * v);
  const labels = [0, 3, 1, 1, 2];
  const soft = R.softmax(R.map(randomNd([5, 4], 58, "float64"), (v) => 2 * v)); // soft targets
  const probs = R.softmax(logits);
  const pred = randomNd([3, 4], 59, "float64");
  const target = randomNd([3, 4], 60, "float64");
  const signs = R.map(randomNd([3, 4], 61, "float64"), (v) => (v > 0 ? 1 : -1));

  it.each([
    ["softmaxCrossEntropy with class indices", () => R.gradCheck((z) => R.softmaxCrossEntropy(z, labels), logits)],
    ["softmaxCrossEntropy with soft targets", () => R.gradCheck((z) => R.softmaxCrossEntropy(z, soft), logits)],
    // −log q has f‴/f′ = 2/q², so the truncation error ε²/(3q²) needs a smaller ε for small probabilities.
    ["crossEntropy from probabilities", () => R.gradCheck((q) => R.crossEntropy(q, labels), probs, { eps: 1e-6 })],
    ["mse", () => R.gradCheck((p) => R.mse(p, target), pred)],
    ["mae", () => R.gradCheck((p) => R.mae(p, target), pred)],
    ["multi-class hinge (margin 1)", () => R.gradCheck((s) => R.hinge(s, labels), logits)],
    ["binary hinge (targets ±1)", () => R.gradCheck((p) => R.binaryHinge(p, signs), pred)],
  ])("%s passes gradCheck in float64", (_name, check) => {
    expect(check().maxRelError).toBeLessThan(TOL_GRADCHECK);
  });

  it("softmaxCrossEntropy equals tf.losses.softmaxCrossEntropy and crossEntropy(softmax) agrees", () => {
    const oneHot = R.tensor([5, 4], 0, "float64");
    labels.forEach((y, n) => (oneHot.data[n * 4 + y] = 1));
    const theirs = tf.tidy(() => tf.losses.softmaxCrossEntropy(toTf(oneHot), toTf(logits)).dataSync()[0]);
    const ours = R.softmaxCrossEntropy(logits, labels).loss;
    expect(Math.abs(ours - theirs)).toBeLessThan(TOL_TFJS);
    expect(R.crossEntropy(probs, oneHot).loss).toBeCloseTo(ours, 12);
  });

  it("mse and mae equal tf.losses.meanSquaredError and absoluteDifference", () => {
    const [mseTf, maeTf] = tf.tidy(() => [tf.losses.meanSquaredError(toTf(target), toTf(pred)), tf.losses.absoluteDifference(toTf(target), toTf(pred))].map((t) => t.dataSync()[0]));
    expect(Math.abs(R.mse(pred, target).loss - mseTf)).toBeLessThan(TOL_TFJS);
    expect(Math.abs(R.mae(pred, target).loss - maeTf)).toBeLessThan(TOL_TFJS);
  });

  it("multi-class hinge by hand: scores [3, 1, 2.5], class 0 → max(0, 1 − 3 + 1) + max(0, 2.5 − 3 + 1) = 0.5", () => {
    const { loss, grad } = R.hinge(R.fromNested([[3, 1, 2.5]]), [0]);
    expect(loss).toBeCloseTo(0.5, 12);
    expect(Array.from(grad.data)).toEqual([-1, 0, 1]);
  });
});

describe("dropout (inverted, seeded)", () => {
  const x = R.tensor([1000], 1);
  it("keeps about 1 − rate of the units, scaled by 1/(1 − rate), so the mean stays near 1", () => {
    const { y, mask } = R.dropoutForward(x, { rate: 0.25, seed: 7 });
    const kept = Array.from(mask.data).filter((m) => m !== 0);
    expect(kept.every((m) => Math.abs(m - 1 / 0.75) < 1e-6)).toBe(true);
    expect(kept.length).toBeGreaterThan(700); // binomial(1000, 0.75): 750 ± 14 (sd)
    expect(kept.length).toBeLessThan(800);
    const mean = Array.from(y.data).reduce((a, b) => a + b, 0) / 1000;
    expect(Math.abs(mean - 1)).toBeLessThan(0.1);
  });
  it("the same seed gives the same mask, another seed another", () => {
    const a = R.dropoutForward(x, { rate: 0.5, seed: 1 }).mask.data;
    const b = R.dropoutForward(x, { rate: 0.5, seed: 1 }).mask.data;
    const c = R.dropoutForward(x, { rate: 0.5, seed: 2 }).mask.data;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
  it("is the identity at evaluation, and backward multiplies by the mask", () => {
    const v = randomNd([2, 3], 62);
    expect(Array.from(R.dropoutForward(v, { rate: 0.5, training: false }).y.data)).toEqual(Array.from(v.data));
    const { mask } = R.dropoutForward(v, { rate: 0.5, seed: 3 });
    const dy = randomNd([2, 3], 63);
    const dx = R.dropoutBackward(dy, mask);
    dx.data.forEach((g, k) => expect(g).toBeCloseTo(dy.data[k] * mask.data[k], 6));
  });
});

describe("SGD with momentum and weight decay (seed 001)", () => {
  it("follows v ← αv − βεw − ε∇L, w ← w + v step by step (hand-computed)", () => {
    const w = R.tensor([2], [1, -2], "float64");
    const opt = new R.SGD({ learningRate: 0.1, momentum: 0.9, weightDecay: 0.0005 });
    opt.step([w], [R.tensor([2], [0.5, 1], "float64")]);
    // v = 0 − 0.0005·0.1·[1, −2] − 0.1·[0.5, 1] = [−0.05005, −0.0999]
    expect(Array.from(opt.velocities[0].data).map((v) => +v.toFixed(10))).toEqual([-0.05005, -0.0999]);
    expect(Array.from(w.data).map((v) => +v.toFixed(10))).toEqual([0.94995, -2.0999]);
    opt.step([w], [R.tensor([2], [0.5, 1], "float64")]);
    // v = 0.9·[−0.05005, −0.0999] − 0.00005·[0.94995, −2.0999] − [0.05, 0.1]
    const v2 = [0.9 * -0.05005 - 0.00005 * 0.94995 - 0.05, 0.9 * -0.0999 + 0.00005 * 2.0999 - 0.1];
    expect(opt.velocities[0].data[0]).toBeCloseTo(v2[0], 12);
    expect(opt.velocities[0].data[1]).toBeCloseTo(v2[1], 12);
    expect(w.data[0]).toBeCloseTo(0.94995 + v2[0], 12);
  });
  it("plain SGD (no momentum, no decay) is w ← w − ε∇L and minimises a quadratic", () => {
    const w = R.tensor([1], [4], "float64");
    const opt = new R.SGD({ learningRate: 0.25 });
    for (let t = 0; t < 20; t++) opt.step([w], [R.tensor([1], [2 * (w.data[0] - 1)], "float64")]); // L = (w − 1)²
    expect(w.data[0]).toBeCloseTo(1, 5);
  });
});
