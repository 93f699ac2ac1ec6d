import * as tf from "@tensorflow/tfjs";
import * as R from "../../lib/reference";
import { samePadding } from "../../lib/arith";
import { tfValues, maxScaledDiff, project, randomNd, toTf } from "./helpers";

const TOL_TFJS = 1e-5;
const TOL_GRADCHECK = 1e-7;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

interface Case {
  name: string;
  x: [number, number, number, number];
  size: number;
  stride: number;
  pad: "valid" | "same" | number;
}

const cases: Case[] = [
  { name: "2x2 stride 2 valid", x: [2, 4, 4, 3], size: 2, stride: 2, pad: "valid" },
  { name: "3x3 stride 2 valid (overlapping, AlexNet)", x: [1, 7, 7, 2], size: 3, stride: 2, pad: "valid" },
  { name: "3x3 stride 2 same (padding excluded from the mean)", x: [1, 6, 5, 2], size: 3, stride: 2, pad: "same" },
  { name: "2x2 stride 1 same (extra pad at bottom/right)", x: [1, 5, 5, 1], size: 2, stride: 1, pad: "same" },
  { name: "3x3 stride 1 pad 1", x: [2, 4, 5, 2], size: 3, stride: 1, pad: 1 },
  { name: "2x2 stride 2 on odd input (floors)", x: [1, 5, 7, 1], size: 2, stride: 2, pad: "valid" },
];

type Kind = "max" | "avg";
const ours = {
  max: { forward: R.maxPoolForward, backward: R.maxPoolBackward },
  avg: { forward: R.avgPoolForward, backward: R.avgPoolBackward },
};
const theirs = { max: tf.maxPool, avg: tf.avgPool };
/** The zeros per side that our geometry uses, for tf.pad. */
function padding(c: Case): [[number, number], [number, number], [number, number], [number, number]] {
  const split = (input: number): [number, number] => {
    if (c.pad === "valid") return [0, 0];
    if (typeof c.pad === "number") return [c.pad, c.pad];
    const s = samePadding({ input, kernel: c.size, stride: c.stride });
    return [s.before, s.after];
  };
  return [[0, 0], split(c.x[1]), split(c.x[2]), [0, 0]];
}

/**
 * tfjs 4.22's cpu AvgPoolGrad divides by the full window area even where the forward pass excluded
 * padding (see the last describe), so the avg gradient is taken through an equivalent tfjs can
 * differentiate correctly: mean over in-image pixels = avgPool(pad(x)) / avgPool(pad(ones)).
 */
function avgPoolExcludingPadding(x: tf.Tensor, c: Case): tf.Tensor {
  const sums = tf.avgPool(tf.pad(x, padding(c)) as tf.Tensor4D, c.size, c.stride, "valid");
  const inImage = tf.avgPool(tf.pad(tf.onesLike(x), padding(c)) as tf.Tensor4D, c.size, c.stride, "valid");
  return sums.div(inImage);
}

const table = (["max", "avg"] as Kind[]).flatMap((kind) => cases.map((c) => [`${kind} ${c.name}`, kind, c] as const));

describe("pooling against tf.maxPool / tf.avgPool and their tf.grad (cpu backend)", () => {
  it.each(table)("%s", (_name, kind, c) => {
    const x = randomNd(c.x, 21);
    const args = { size: c.size, stride: c.stride, pad: c.pad };
    const y = ours[kind].forward(x, args);
    const dy = randomNd(y.shape, 22);
    const dx = ours[kind].backward(dy, x, args);
    const before = tf.memory().numTensors;
    const [yTf, dxTf] = tfValues(() => {
      const f = (xt: tf.Tensor) => theirs[kind](xt as tf.Tensor4D, c.size, c.stride, c.pad);
      const differentiable = kind === "avg" ? (xt: tf.Tensor) => avgPoolExcludingPadding(xt, c) : f;
      return [f(toTf(x)), tf.grad(differentiable)(toTf(x), toTf(dy))];
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(maxScaledDiff(y, yTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(dx, dxTf)).toBeLessThan(TOL_TFJS);
  });
});

// Pooling is piecewise linear in x: with distinct inputs and ε below their spacing the centred
// difference is exact up to round-off, which a larger ε shrinks.
const LINEAR_EPS = 1e-3;

describe("pooling gradients pass gradCheck in float64", () => {
  it.each(table)("%s", (_name, kind, c) => {
    // Distinct values (a shuffled ramp): a tie would make max-pool non-differentiable there.
    const x = R.tensor(c.x, R.map(randomNd(c.x, 23, "float64"), (v, k) => k * 0.37 + v * 0.1).data);
    const args = { size: c.size, stride: c.stride, pad: c.pad };
    const r = randomNd(ours[kind].forward(x, args).shape, 24, "float64");
    const check = R.gradCheck((xv) => ({ loss: project(ours[kind].forward(xv, args), r), grad: ours[kind].backward(r, xv, args) }), x, { eps: LINEAR_EPS });
    expect(check.maxRelError).toBeLessThan(TOL_GRADCHECK);
  });
});

describe("max-pool ties: the gradient goes to the first maximum in row-major window order", () => {
  it.each([
    ["all four equal", [5, 5, 5, 5], [1, 0, 0, 0]],
    ["top-right and bottom-left tie", [1, 7, 7, 2], [0, 1, 0, 0]],
    ["bottom row tie", [0, 1, 3, 3], [0, 0, 1, 0]],
  ])("%s", (_name, window, expected) => {
    const x = R.tensor([1, 2, 2, 1], window);
    const dy = R.tensor([1, 1, 1, 1], [1]);
    const dx = R.maxPoolBackward(dy, x, { size: 2 });
    expect(Array.from(dx.data)).toEqual(expected);
    const dxTf = tfValues(() => [tf.grad((xt: tf.Tensor) => tf.maxPool(xt as tf.Tensor4D, 2, 2, "valid"))(toTf(x), toTf(dy))])[0];
    expect(Array.from(dxTf.data)).toEqual(expected); // tfjs's cpu backend does the same
  });
});

describe("global average pooling", () => {
  it("equals tf.mean over H and W, and its gradient spreads dy / (H·W)", () => {
    const x = randomNd([2, 3, 4, 5], 25);
    const y = R.globalAvgPool(x);
    expect(y.shape).toEqual([2, 5]);
    const yTf = tfValues(() => [tf.mean(toTf(x), [1, 2])])[0];
    expect(maxScaledDiff(y, yTf)).toBeLessThan(TOL_TFJS);
    const x64 = randomNd([2, 3, 4, 5], 26, "float64");
    const r = randomNd([2, 5], 27, "float64");
    const check = R.gradCheck((xv) => ({ loss: project(R.globalAvgPool(xv), r), grad: R.globalAvgPoolBackward(r, xv) }), x64);
    expect(check.maxRelError).toBeLessThan(TOL_GRADCHECK);
  });
});

describe("maxout: pooling across feature maps", () => {
  it("takes the max over groups of consecutive channels", () => {
    const x = R.tensor([1, 1, 2, 4], [1, 5, -2, -3, 9, 0, 4, 4]);
    const y = R.maxoutForward(x, { pieces: 2 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([5, -2, 9, 4]);
    // tfjs has no maxout op: compare with a reshape + max over the group axis.
    const yTf = tfValues(() => [toTf(x).reshape([1, 1, 2, 2, 2]).max(4)])[0];
    expect(Array.from(yTf.data)).toEqual(Array.from(y.data));
  });
  it("passes gradCheck in float64", () => {
    const x = R.map(randomNd([2, 3, 3, 6], 28, "float64"), (v, k) => v + k * 0.01);
    const r = randomNd([2, 3, 3, 2], 29, "float64");
    const check = R.gradCheck((xv) => ({ loss: project(R.maxoutForward(xv, { pieces: 3 }), r), grad: R.maxoutBackward(r, xv, { pieces: 3 }) }), x);
    expect(check.maxRelError).toBeLessThan(TOL_GRADCHECK);
  });
});

describe("known tfjs 4.22 discrepancy: tf.avgPool's gradient with padding", () => {
  it("2x2 stride 1 'same' on [[1, 2], [3, 4]]: tfjs's grad divides by 4 everywhere; ours matches differences of tf.avgPool itself", () => {
    const x = R.tensor([1, 2, 2, 1], [1, 2, 3, 4], "float64");
    const args = { size: 2, stride: 1, pad: "same" as const };
    const ones = R.tensor([1, 2, 2, 1], 1);
    const ours = R.avgPoolBackward(ones, x, args);
    // By hand: output (0,0) averages 4 pixels, (0,1) and (1,0) average 2, (1,1) averages 1 (the rest is padding).
    expect(Array.from(ours.data)).toEqual([0.25, 0.25 + 0.5, 0.25 + 0.5, 0.25 + 0.5 + 0.5 + 1]);
    const tfGrad = tfValues(() => [tf.grad((xt: tf.Tensor) => tf.avgPool(xt as tf.Tensor4D, 2, 1, "same"))(toTf(x))])[0];
    expect(Array.from(tfGrad.data)).toEqual([0.25, 0.5, 0.5, 1]);
    const tfForward = (v: number[]): number => tf.tidy(() => tf.avgPool(tf.tensor4d(v, [1, 2, 2, 1]), 2, 1, "same").sum().dataSync()[0]);
    const h = 0.5; // tf.avgPool is linear, so any step is exact up to float32 round-off
    const numeric = [0, 1, 2, 3].map((k) => {
      const plus = [1, 2, 3, 4].map((v, j) => (j === k ? v + h : v));
      const minus = [1, 2, 3, 4].map((v, j) => (j === k ? v - h : v));
      return (tfForward(plus) - tfForward(minus)) / (2 * h);
    });
    numeric.forEach((n, k) => expect(Math.abs(n - ours.data[k])).toBeLessThan(1e-5));
  });
});
