import * as tf from "@tensorflow/tfjs";
import * as R from "../../lib/reference";
import { maxScaledDiff, randomNd, tfValues } from "./helpers";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const image = R.fromNested([[1, 2], [3, 4]]);
const delta = R.fromNested([[1, 0], [0, 0]]); // a single 1 at the kernel's top-left

describe("convolve2d and correlate2d by hand: a delta kernel", () => {
  it.each([
    ["convolve2d full: the image stays at the top-left", R.convolve2d, "full", [[1, 2, 0], [3, 4, 0], [0, 0, 0]]],
    ["correlate2d full: the image moves to the bottom-right", R.correlate2d, "full", [[0, 0, 0], [0, 1, 2], [0, 3, 4]]],
    ["convolve2d valid: one output, the bottom-right pixel", R.convolve2d, "valid", [[4]]],
    ["correlate2d valid: one output, the top-left pixel", R.correlate2d, "valid", [[1]]],
    // Y[i, j] = Σ I[i + p, j + q]·K[1 − p, 1 − q] = I[i + 1, j + 1]. (scipy.signal.convolve2d would give the image itself:
    // for even kernels it crops 'full' one pixel differently; odd kernels agree.)
    ["convolve2d same (flipped 2x2 kernel, top = 0)", R.convolve2d, "same", [[4, 0], [0, 0]]],
    ["correlate2d same (2x2 kernel: top = 0, the extra zero at bottom/right)", R.correlate2d, "same", [[1, 2], [3, 4]]],
  ] as const)("%s", (_name, op, mode, expected) => {
    expect(R.toNested(op(image, delta, { mode }))).toEqual(expected);
  });
});

describe("convolution is correlation with the kernel flipped in both axes", () => {
  const I = randomNd([6, 5], 71, "float64");
  const K = randomNd([3, 2], 72, "float64");
  const flipped = R.tensor([3, 2], Float64Array.from(K.data).reverse()); // reversing row-major data flips both axes
  it.each(["valid", "same", "full"] as const)("mode %s", (mode) => {
    const conv = R.convolve2d(I, K, { mode });
    expect(maxScaledDiff(conv, R.correlate2d(I, flipped, { mode }))).toBeLessThan(1e-14);
    const sizes = { valid: [4, 4], same: [6, 5], full: [8, 6] };
    expect(conv.shape).toEqual(sizes[mode]);
  });
});

describe("correlate2d equals tf.conv2d on one channel (its 'same' split included)", () => {
  it.each([
    ["3x3 kernel, valid", [3, 3], "valid"],
    ["3x3 kernel, same", [3, 3], "same"],
    ["2x2 kernel, same (extra zero at bottom/right)", [2, 2], "same"],
    ["4x3 kernel, same", [4, 3], "same"],
  ] as const)("%s", (_name, [kh, kw], mode) => {
    const I = randomNd([7, 6], 73);
    const K = randomNd([kh, kw], 74);
    const [theirs] = tfValues(() => [tf.conv2d(tf.tensor4d(Float32Array.from(I.data), [1, 7, 6, 1]), tf.tensor4d(Float32Array.from(K.data), [kh, kw, 1, 1]), 1, mode).reshape([-1])]);
    const ours = R.correlate2d(I, K, { mode });
    expect(maxScaledDiff(R.tensor([ours.data.length], ours.data), theirs)).toBeLessThan(1e-5);
  });
});
