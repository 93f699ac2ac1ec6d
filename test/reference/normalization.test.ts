import * as tf from "@tensorflow/tfjs";
import * as R from "../../lib/reference";
import { tfValues, maxScaledDiff, project, randomNd, toTf } from "./helpers";

const TOL_TFJS = 1e-5;
const TOL_GRADCHECK = 1e-7;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("batch normalization (training mode) against tf.moments + tf.batchNorm and tf.grads", () => {
  it.each([
    ["images [2, 3, 3, 4], eps 1e-3", [2, 3, 3, 4], 1e-3],
    ["images [4, 2, 5, 2], eps 1e-5", [4, 2, 5, 2], 1e-5],
    ["dense [6, 3] (statistics over N only)", [6, 3], 1e-3],
  ] as const)("%s", (_name, shape, eps) => {
    const C = shape[shape.length - 1];
    const x = R.map(randomNd([...shape], 31), (v) => 3 * v + 1); // mean ≠ 0, variance ≠ 1
    const gamma = randomNd([C], 32);
    const beta = randomNd([C], 33);
    const { y, mean, variance } = R.batchNormForward(x, gamma, beta, { eps });
    const dy = randomNd([...shape], 34);
    const { dx, dgamma, dbeta } = R.batchNormBackward(dy, x, gamma, { eps });
    const axes = shape.slice(0, -1).map((_, k) => k);
    const before = tf.memory().numTensors;
    const [yTf, meanTf, varTf, dxTf, dgTf, dbTf] = tfValues(() => {
      const f = (xt: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const m = tf.moments(xt, axes);
        return tf.batchNorm(xt, m.mean, m.variance, b, g, eps);
      };
      const m = tf.moments(toTf(x), axes);
      const grads = tf.grads(f)([toTf(x), toTf(gamma), toTf(beta)], toTf(dy));
      return [f(toTf(x), toTf(gamma), toTf(beta)), m.mean, m.variance, ...grads];
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(maxScaledDiff(y, yTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(mean, meanTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(variance, varTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(dx, dxTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(dgamma, dgTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(dbeta, dbTf)).toBeLessThan(TOL_TFJS);
  });
});

describe("batch normalization gradients pass gradCheck in float64", () => {
  const x = R.map(randomNd([3, 2, 2, 3], 35, "float64"), (v) => 2 * v + 0.5);
  const gamma = randomNd([3], 36, "float64");
  const beta = randomNd([3], 37, "float64");
  const r = randomNd([3, 2, 2, 3], 38, "float64");
  const eps = 1e-3;
  it.each([
    ["wrt x", () => R.gradCheck((xv) => ({ loss: project(R.batchNormForward(xv, gamma, beta, { eps }).y, r), grad: R.batchNormBackward(r, xv, gamma, { eps }).dx }), x)],
    ["wrt gamma", () => R.gradCheck((g) => ({ loss: project(R.batchNormForward(x, g, beta, { eps }).y, r), grad: R.batchNormBackward(r, x, g, { eps }).dgamma }), gamma)],
    ["wrt beta", () => R.gradCheck((b) => ({ loss: project(R.batchNormForward(x, gamma, b, { eps }).y, r), grad: R.batchNormBackward(r, x, gamma, { eps }).dbeta }), beta)],
  ])("%s", (_name, check) => {
    expect(check().maxRelError).toBeLessThan(TOL_GRADCHECK);
  });
});

describe("batch normalization at inference", () => {
  it("uses the given statistics, as tf.batchNorm does", () => {
    const x = randomNd([2, 3, 3, 2], 39);
    const gamma = R.tensor([2], [1.5, -0.5]);
    const beta = R.tensor([2], [0.1, 0.2]);
    const stats = { mean: R.tensor([2], [0.3, -0.2]), variance: R.tensor([2], [2, 0.5]) };
    const y = R.batchNormInference(x, gamma, beta, stats, { eps: 1e-3 });
    const yTf = tfValues(() => [tf.batchNorm(toTf(x), toTf(stats.mean), toTf(stats.variance), toTf(beta), toTf(gamma), 1e-3)])[0];
    expect(maxScaledDiff(y, yTf)).toBeLessThan(TOL_TFJS);
  });
  it("running statistics: running ← momentum·running + (1 − momentum)·batch (hand-checked)", () => {
    const running = R.initRunningStats(2);
    expect(Array.from(running.mean.data)).toEqual([0, 0]);
    expect(Array.from(running.variance.data)).toEqual([1, 1]);
    // Channel 0 holds 1 and 3 (mean 2, variance 1); channel 1 holds 4 and 4 (mean 4, variance 0).
    const x = R.fromNested([[1, 4], [3, 4]]);
    const { mean, variance } = R.batchNormForward(x, R.tensor([2], 1), R.tensor([2], 0));
    expect(Array.from(mean.data)).toEqual([2, 4]);
    expect(Array.from(variance.data)).toEqual([1, 0]);
    const next = R.updateRunningStats(running, { mean, variance }, { momentum: 0.9 });
    expect(Array.from(next.mean.data).map((v) => +v.toFixed(6))).toEqual([0.2, 0.4]);
    expect(Array.from(next.variance.data).map((v) => +v.toFixed(6))).toEqual([1, 0.9]);
  });
});

describe("local response normalization against tf.localResponseNormalization and its tf.grad", () => {
  it.each([
    ["tfjs defaults (r 5, bias 1, alpha 1, beta 0.5)", [1, 2, 2, 7], {} as R.LrnArgs],
    ["AlexNet: k 2, n 5 (r 2), alpha 1e-4, beta 0.75", [2, 3, 3, 8], { depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 }],
    ["r 1, alpha 0.5, beta 0.75 (visible effect)", [1, 3, 2, 5], { depthRadius: 1, bias: 1, alpha: 0.5, beta: 0.75 }],
    ["r 0 (each channel alone)", [1, 2, 2, 3], { depthRadius: 0, bias: 1.5, alpha: 2, beta: 1 }],
  ] as [string, number[], R.LrnArgs][])("%s", (_name, shape, args) => {
    const x = R.map(randomNd([...shape], 41), (v) => 2 * v);
    const y = R.lrnForward(x, args);
    const dy = randomNd([...shape], 42);
    const dx = R.lrnBackward(dy, x, args);
    const before = tf.memory().numTensors;
    const [yTf, dxTf] = tfValues(() => {
      const f = (xt: tf.Tensor) => tf.localResponseNormalization(xt as tf.Tensor4D, args.depthRadius ?? 5, args.bias ?? 1, args.alpha ?? 1, args.beta ?? 0.5);
      return [f(toTf(x)), tf.grad(f)(toTf(x), toTf(dy))];
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(maxScaledDiff(y, yTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(dx, dxTf)).toBeLessThan(TOL_TFJS);

    const x64 = R.map(randomNd([...shape], 43, "float64"), (v) => 2 * v);
    const r = randomNd([...shape], 44, "float64");
    const check = R.gradCheck((xv) => ({ loss: project(R.lrnForward(xv, args), r), grad: R.lrnBackward(r, xv, args) }), x64);
    expect(check.maxRelError).toBeLessThan(TOL_GRADCHECK);
  });
});
