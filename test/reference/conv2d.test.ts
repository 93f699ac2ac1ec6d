import * as tf from "@tensorflow/tfjs";
import * as R from "../../lib/reference";
import { tfValues, maxScaledDiff, project, randomNd, toTf } from "./helpers";

const TOL_TFJS = 1e-5; // float32 vs float32, |a − b| / max(1, |b|)
const TOL_GRADCHECK = 1e-7; // float64 relative error

beforeAll(async () => {
  await tf.setBackend("cpu");
});

interface Case {
  name: string;
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  stride: number | [number, number];
  pad: "valid" | "same" | number;
  dilation: number | [number, number];
}

// tf.conv2d refuses stride > 1 together with dilation > 1; those cases are checked against im2col and gradCheck only.
const cases: Case[] = [
  { name: "3x3 valid stride 1", x: [2, 5, 5, 3], k: [3, 3], cout: 4, stride: 1, pad: "valid", dilation: 1 },
  { name: "3x3 same stride 1", x: [1, 6, 5, 2], k: [3, 3], cout: 3, stride: 1, pad: "same", dilation: 1 },
  { name: "2x2 same stride 1 (odd total pad: extra at bottom/right)", x: [1, 5, 5, 1], k: [2, 2], cout: 2, stride: 1, pad: "same", dilation: 1 },
  { name: "4x4 same stride 2 (even kernel)", x: [1, 7, 8, 2], k: [4, 4], cout: 2, stride: 2, pad: "same", dilation: 1 },
  { name: "3x3 valid stride 2 (floors)", x: [2, 8, 7, 2], k: [3, 3], cout: 3, stride: 2, pad: "valid", dilation: 1 },
  { name: "5x3 pad 1 stride [2,1]", x: [1, 9, 6, 2], k: [5, 3], cout: 2, stride: [2, 1], pad: 1, dilation: 1 },
  { name: "3x3 dilation 2 valid", x: [1, 8, 8, 2], k: [3, 3], cout: 2, stride: 1, pad: "valid", dilation: 2 },
  { name: "3x3 dilation [2,3] same", x: [1, 7, 9, 2], k: [3, 3], cout: 3, stride: 1, pad: "same", dilation: [2, 3] },
  { name: "1x1 conv", x: [2, 4, 4, 5], k: [1, 1], cout: 3, stride: 1, pad: "valid", dilation: 1 },
  { name: "7x7 same stride 3", x: [1, 10, 10, 1], k: [7, 7], cout: 2, stride: 3, pad: "same", dilation: 1 },
];

const pairOf = (v: number | [number, number]): [number, number] => (typeof v === "number" ? [v, v] : v);

/**
 * tfjs 4.22 sizes a numeric pad with kernel[0] and stride[0] on both axes (wrong for a 5x3 kernel
 * at stride [2, 1]), so numbers are passed as explicit padding, which it handles per axis.
 */
type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];
const tfPad = (pad: Case["pad"]): "valid" | "same" | ExplicitPadding =>
  typeof pad === "number" ? [[0, 0], [pad, pad], [pad, pad], [0, 0]] : pad;

/**
 * tfjs has no gradient for dilated conv2d, so the gradients use an equivalent it can differentiate:
 * the kernel with (d − 1) zeros inserted between taps, convolved without dilation.
 */
function dilateKernel(w: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  const [kh, kw, ci, co] = w.shape;
  const rows = tf.pad(w.reshape([kh, 1, kw, ci, co]), [[0, 0], [0, dh - 1], [0, 0], [0, 0], [0, 0]])
    .reshape([kh * dh, kw, ci, co]).slice([0, 0, 0, 0], [(kh - 1) * dh + 1, kw, ci, co]);
  const H = (kh - 1) * dh + 1;
  return tf.pad(rows.reshape([H, kw, 1, ci, co]), [[0, 0], [0, 0], [0, dw - 1], [0, 0], [0, 0]])
    .reshape([H, kw * dw, ci, co]).slice([0, 0, 0, 0], [H, (kw - 1) * dw + 1, ci, co]) as tf.Tensor4D;
}

describe("conv2d against tf.conv2d (cpu backend)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const x = randomNd(c.x, 1);
    const w = randomNd([...c.k, c.x[3], c.cout], 2);
    const b = randomNd([c.cout], 3);
    const args = { stride: c.stride, pad: c.pad, dilation: c.dilation };
    const y = R.conv2dForward(x, w, b, args);
    const dy = randomNd(y.shape, 4);
    const { dx, dw, db } = R.conv2dBackward(dy, x, w, args);

    const before = tf.memory().numTensors;
    const [yTf, dxTf, dwTf, dbTf] = tfValues(() => {
      const forward = tf.conv2d(toTf(x) as tf.Tensor4D, toTf(w) as tf.Tensor4D, pairOf(c.stride), tfPad(c.pad), "NHWC", pairOf(c.dilation)).add(toTf(b));
      const viaDilatedKernel = (xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) =>
        tf.conv2d(xt as tf.Tensor4D, dilateKernel(wt as tf.Tensor4D, pairOf(c.dilation)), pairOf(c.stride), tfPad(c.pad)).add(bt);
      const grads = tf.grads(viaDilatedKernel)([toTf(x), toTf(w), toTf(b)], toTf(dy));
      return [forward, ...grads];
    });
    expect(tf.memory().numTensors).toBe(before);

    expect(maxScaledDiff(y, yTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(dx, dxTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(dw, dwTf)).toBeLessThan(TOL_TFJS);
    expect(maxScaledDiff(db, dbTf)).toBeLessThan(TOL_TFJS);
  });
});

const allCases: Case[] = [
  ...cases,
  { name: "3x3 stride 2 dilation 2 pad 2 (not allowed by tfjs)", x: [1, 9, 9, 2], k: [3, 3], cout: 2, stride: 2, pad: 2, dilation: 2 },
];

describe("im2col + matmul agrees with the naive loops", () => {
  it.each(allCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const x = randomNd(c.x, 5, "float64");
    const w = randomNd([...c.k, c.x[3], c.cout], 6, "float64");
    const b = randomNd([c.cout], 7, "float64");
    const args = { stride: c.stride, pad: c.pad, dilation: c.dilation };
    const y = R.conv2dForward(x, w, b, args);
    expect(maxScaledDiff(R.conv2dForwardIm2col(x, w, b, args), y)).toBeLessThan(1e-12);
    const dy = randomNd(y.shape, 8, "float64");
    const naive = R.conv2dBackward(dy, x, w, args);
    const fast = R.conv2dBackwardIm2col(dy, x, w, args);
    expect(maxScaledDiff(fast.dx, naive.dx)).toBeLessThan(1e-12);
    expect(maxScaledDiff(fast.dw, naive.dw)).toBeLessThan(1e-12);
    expect(maxScaledDiff(fast.db, naive.db)).toBeLessThan(1e-12);
  });
});

// The loss Σ conv(x)·r is linear in each of x, w and b, so centred differences have no truncation
// error and a large ε only shrinks round-off (with ε = 1e-5, gradients that happen to be near 0 show 1e-7 noise).
const LINEAR_EPS = 1e-3;

describe("conv2d gradients pass gradCheck in float64", () => {
  it.each(allCases.slice(0, 4).concat(allCases.slice(-3)).map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const x = randomNd(c.x, 9, "float64");
    const w = randomNd([...c.k, c.x[3], c.cout], 10, "float64");
    const b = randomNd([c.cout], 11, "float64");
    const args = { stride: c.stride, pad: c.pad, dilation: c.dilation };
    const r = randomNd(R.conv2dForward(x, w, b, args).shape, 12, "float64");
    const wrtX = R.gradCheck((xv) => ({ loss: project(R.conv2dForward(xv, w, b, args), r), grad: R.conv2dBackward(r, xv, w, args).dx }), x, { eps: LINEAR_EPS });
    const wrtW = R.gradCheck((wv) => ({ loss: project(R.conv2dForward(x, wv, b, args), r), grad: R.conv2dBackward(r, x, wv, args).dw }), w, { eps: LINEAR_EPS });
    const wrtB = R.gradCheck((bv) => ({ loss: project(R.conv2dForward(x, w, bv, args), r), grad: R.conv2dBackward(r, x, w, args).db }), b, { eps: LINEAR_EPS });
    expect(wrtX.maxRelError).toBeLessThan(TOL_GRADCHECK);
    expect(wrtW.maxRelError).toBeLessThan(TOL_GRADCHECK);
    expect(wrtB.maxRelError).toBeLessThan(TOL_GRADCHECK);
  });
});

describe("dtype", () => {
  it("float64 in gives float64 out, float32 gives float32", () => {
    const x32 = randomNd([1, 3, 3, 1], 1);
    const w32 = randomNd([2, 2, 1, 1], 2);
    expect(R.conv2dForward(x32, w32).data).toBeInstanceOf(Float32Array);
    const x64 = randomNd([1, 3, 3, 1], 1, "float64");
    expect(R.conv2dForward(x64, w32).data).toBeInstanceOf(Float64Array);
    expect(R.conv2dBackward(R.conv2dForward(x64, w32), x64, w32).dw.data).toBeInstanceOf(Float64Array);
  });
});

describe("matmul (the engine of im2col) by hand", () => {
  const A = R.fromNested([[1, 2], [3, 4]]);
  const B = R.fromNested([[5, 6], [7, 8]]);
  it.each([
    ["A·B", {}, [[19, 22], [43, 50]]],
    ["Aᵀ·B", { transposeA: true }, [[26, 30], [38, 44]]],
    ["A·Bᵀ", { transposeB: true }, [[17, 23], [39, 53]]],
    ["Aᵀ·Bᵀ", { transposeA: true, transposeB: true }, [[23, 31], [34, 46]]],
  ])("%s", (_name, options, expected) => {
    expect(R.toNested(R.matmul(A, B, options))).toEqual(expected);
  });
  it("a rectangular product [2, 3]·[3, 1]", () => {
    expect(R.toNested(R.matmul(R.fromNested([[1, 0, 2], [0, 1, -1]]), R.fromNested([[3], [4], [5]])))).toEqual([[13], [-1]]);
  });
});
