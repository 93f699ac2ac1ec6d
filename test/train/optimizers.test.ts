import * as tf from "@tensorflow/tfjs";
import { createOptimizer, OptimizerName, StepOptimizer } from "../../lib/train/optimizers";
import { evaluate } from "../../lib/evaluate/evaluate";
import { train } from "../../lib/train/train";
import { barImages, tinyCnn } from "./helpers";
import { initBackend } from "../../lib/backend";

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
});

/** Runs `steps` updates of L(w) = ½·Σ(w − target)², whose gradient is w − target; returns w after each step. */
function runQuadratic(opt: StepOptimizer | tf.Optimizer, w0: number[], target: number[], steps: number): number[][] {
  const w = tf.tidy(() => tf.variable(tf.tensor1d(w0)));
  const t = tf.tensor1d(target);
  const trace: number[][] = [];
  for (let s = 0; s < steps; s++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(w.sub(t))).mul(0.5) as tf.Scalar, [w]);
      if (opt instanceof tf.Optimizer) opt.applyGradients({ [w.name]: grads[w.name] });
      else opt.step([w], [grads[w.name]]);
    });
    trace.push(Array.from(w.dataSync()));
  }
  w.dispose();
  t.dispose();
  return trace;
}

describe("momentum with weight decay (lecture 08, eqs. 15–16)", () => {
  it("matches v ← αv − βεw − ε∇L, w ← w + v on a one-parameter model (tolerance 1e-6)", () => {
    const alpha = 0.9, beta = 0.0005, eps = 0.1, target = 3;
    const opt = createOptimizer("momentum", { learningRate: eps });
    const trace = runQuadratic(opt, [1], [target], 5);
    opt.dispose();
    let w = 1, v = 0;
    for (let s = 0; s < 5; s++) {
      const grad = w - target;
      v = alpha * v - beta * eps * w - eps * grad;
      w = w + v;
      expect(trace[s][0]).toBeCloseTo(w, 6);
    }
  });

  it("with a zero gradient, weight decay alone shrinks w by β·ε per step at first", () => {
    const opt = createOptimizer("momentum", { learningRate: 0.5, weightDecay: 0.1 });
    const trace = runQuadratic(opt, [2], [2], 1); // w = target: ∇L = 0
    opt.dispose();
    expect(trace[0][0]).toBeCloseTo(2 - 0.1 * 0.5 * 2, 6); // v = −βεw = −0.1
  });
});

describe("train() applies the momentum update end to end", () => {
  it("two steps on a 2-weight model match the formula with ∇L = x·(softmax(z) − onehot) (tolerance 1e-6)", async () => {
    // One 1×1×1 image of value x = 1, label 0; logits z = x·[w0, w1] (a dense layer without bias).
    const model = tf.sequential();
    model.add(tf.layers.flatten({ inputShape: [1, 1, 1] }));
    model.add(tf.layers.dense({ units: 2, useBias: false }));
    tf.tidy(() => model.layers[1].setWeights([tf.tensor2d([[0.3, -0.2]])]));
    const data = { images: tf.ones([1, 1, 1, 1]) as tf.Tensor4D, labels: [0] };
    const eps = 0.5, alpha = 0.9, beta = 0.01;
    await train(model, data, { optimizer: "momentum", learningRate: eps, momentum: alpha, weightDecay: beta, epochs: 2, batchSize: 1 });
    let w = [0.3, -0.2];
    let v = [0, 0];
    for (let step = 0; step < 2; step++) {
      const e = w.map(Math.exp);
      const p = e.map((x) => x / (e[0] + e[1]));
      const grad = [p[0] - 1, p[1]];
      v = v.map((vi, i) => alpha * vi - beta * eps * w[i] - eps * grad[i]);
      w = w.map((wi, i) => wi + v[i]);
    }
    const got = Array.from(model.layers[1].getWeights()[0].dataSync());
    got.forEach((g, i) => expect(Math.abs(g - w[i])).toBeLessThan(1e-6));
    data.images.dispose();
    model.dispose();
  });
});

describe("sgd and adam against independent implementations", () => {
  it("sgd with weight decay: w ← w − ε(∇L + βw) (tolerance 1e-6)", () => {
    const opt = createOptimizer("sgd", { learningRate: 0.2, weightDecay: 0.01 });
    const trace = runQuadratic(opt, [1, -2], [0.5, 0.5], 3);
    opt.dispose();
    let w = [1, -2];
    for (let s = 0; s < 3; s++) {
      w = w.map((wi) => wi - 0.2 * (wi - 0.5 + 0.01 * wi));
      expect(trace[s][0]).toBeCloseTo(w[0], 6);
      expect(trace[s][1]).toBeCloseTo(w[1], 6);
    }
  });

  it("adam matches tf.train.adam step for step (tolerance 1e-5)", () => {
    const ours = createOptimizer("adam", { learningRate: 0.05 });
    const theirs = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
    const a = runQuadratic(ours, [1, -2, 0.3], [0.5, 0.5, 0.5], 6);
    const b = runQuadratic(theirs, [1, -2, 0.3], [0.5, 0.5, 0.5], 6);
    ours.dispose();
    theirs.dispose();
    for (let s = 0; s < 6; s++) for (let i = 0; i < 3; i++) expect(Math.abs(a[s][i] - b[s][i])).toBeLessThan(1e-5);
  });

  it("frees its state on dispose (no tensors left behind)", () => {
    const before = tf.memory().numTensors;
    const opt = createOptimizer("adam");
    runQuadratic(opt, [1], [0], 2);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("one training step lowers the loss on a fixed batch", () => {
  it.each<[OptimizerName, number]>([
    ["sgd", 0.1],
    ["momentum", 0.05],
    ["adam", 0.01],
  ])("%s (learning rate %p)", async (optimizer, learningRate) => {
    const data = barImages(24, 7);
    const model = tinyCnn(3);
    const before = await evaluate(model, data);
    const history = await train(model, data, { optimizer, learningRate, batchSize: 24, epochs: 1, shuffle: false });
    const after = await evaluate(model, data);
    expect(history.batchLosses).toHaveLength(1);
    expect(history.batchLosses[0]).toBeCloseTo(before.loss, 5); // the step's reported loss is the pre-update loss
    expect(after.loss).toBeLessThan(before.loss);
    data.images.dispose();
    model.dispose();
  });
});

describe("createOptimizer rejects bad arguments, naming them", () => {
  it.each<[string, () => unknown, RegExp]>([
    ["unknown name", () => createOptimizer("rmsprop" as OptimizerName), /expected one of "sgd", "momentum", "adam", got "rmsprop"/],
    ["negative learning rate", () => createOptimizer("sgd", { learningRate: -1 }), /learningRate must be .* got -1/],
    ["momentum ≥ 1", () => createOptimizer("momentum", { momentum: 1.5 }), /momentum must be in \[0, 1\), got 1.5/],
    ["NaN weight decay", () => createOptimizer("adam", { weightDecay: NaN }), /weightDecay must be .* got NaN/],
  ])("%s", (_title, make, message) => {
    expect(make).toThrow(message);
  });
});
