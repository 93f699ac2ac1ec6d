/** Plain values and their comparisons: what checks report and what the grader compares, by hand-checkable cases. */
import { compareAccuracy, compareAtLeast, compareClose, compareEqual, isValue, toValue } from "../../lib/grading/values";
import * as tf from "@tensorflow/tfjs";

describe("toValue", () => {
  beforeAll(() => tf.setBackend("cpu"));

  it.each([
    ["a number", 2.5, { shape: [], data: [2.5] }],
    ["a boolean", true, { shape: [], data: [1] }],
    ["a string", "abc", { text: "abc" }],
    ["nested arrays", [[1, 2, 3], [4, 5, 6]], { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }],
    ["a typed array", new Float32Array([0.5, 1]), { shape: [2], data: [0.5, 1] }],
    ["an NdArray", { shape: [1, 2], data: new Float64Array([7, 8]) }, { shape: [1, 2], data: [7, 8] }],
  ])("converts %s", (_, input, expected) => {
    expect(toValue(input, "x")).toEqual(expected);
  });

  it("converts a tf tensor without leaking tensors", () => {
    const t = tf.tensor2d([[1, 2], [3, 4]]);
    const before = tf.memory().numTensors;
    expect(toValue(t, "x")).toEqual({ shape: [2, 2], data: [1, 2, 3, 4] });
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it.each([
    ["a ragged array", [[1, 2], [3]], "x: ragged nested array; expected length 2 at depth 1, got 1"],
    ["undefined", undefined, "x: expected a number, boolean, string, array, typed array, {shape, data} or tf.Tensor, got undefined"],
    ["a shape that does not fit the data", { shape: [3], data: [1, 2] }, "x: shape [3] holds 3 values but data has 2"],
  ])("rejects %s, naming it", (_, input, message) => {
    expect(() => toValue(input, "x")).toThrow(message);
  });

  it.each([
    ["a good array", { shape: [2], data: [1, 2] }, true],
    ["text", { text: "a" }, true],
    ["a wrong size", { shape: [3], data: [1, 2] }, false],
    ["strings as data", { shape: [1], data: ["1"] }, false],
    ["null", null, false],
  ])("isValue accepts only well-formed values from another process: %s", (_, v, ok) => {
    expect(isValue(v)).toBe(ok);
  });
});

const v = (shape: number[], data: number[]) => ({ shape, data });

describe("comparisons", () => {
  it.each([
    ["equal arrays", v([2], [1, 2]), v([2], [1, 2]), 1e-5, true, "all 2 values within 0.00001"],
    ["within a relative tolerance", v([], [1000.001]), v([], [1000]), 1e-5, true, "1000 within 0.00001"],
    ["one element off", v([2, 2], [1, 2, 3, 5]), v([2, 2], [1, 2, 3, 4]), 1e-5, false, "1 of 4 values differ by more than 0.00001; worst at index [1, 1]: expected 4, got 5"],
    ["a scalar off", v([], [3]), v([], [6]), 1e-5, false, "expected 6, got 3"],
    ["NaN", v([1], [NaN]), v([1], [0]), 1e-5, false, "expected 0, got NaN"],
    ["different shapes", v([3], [1, 2, 3]), v([1, 3], [1, 2, 3]), 1e-5, false, "expected shape [1,3], got shape [3]"],
  ])("compareClose: %s", (_, got, want, tol, ok, message) => {
    expect(compareClose(got, want, tol)).toEqual({ ok, message });
  });

  it.each([
    ["the same integers", v([2], [3, 4]), v([2], [3, 4]), true, "equals the expected [2] array"],
    ["an integer off", v([2], [3, 5]), v([2], [3, 4]), false, "expected 4 at index [1], got 5"],
    ["the same text", { text: "a" }, { text: "a" }, true, 'equals "a"'],
    ["text vs number", { text: "a" }, v([], [1]), false, 'expected 1, got "a"'],
  ])("compareEqual: %s", (_, got, want, ok, message) => {
    expect(compareEqual(got, want)).toEqual({ ok, message });
  });

  it.each([
    [0.9, 0.8, true, "0.9 ≥ 0.8"],
    [0.7, 0.8, false, "expected at least 0.8, got 0.7"],
  ])("compareAtLeast(%s, %s)", (x, floor, ok, message) => {
    expect(compareAtLeast(v([], [x]), floor)).toEqual({ ok, message });
  });

  it("compareAccuracy counts equal labels", () => {
    expect(compareAccuracy(v([4], [1, 2, 3, 0]), v([4], [1, 2, 3, 4]), 0.75)).toEqual({ ok: true, accuracy: 0.75, message: "3 of 4 right: accuracy 75.00% ≥ the required 75.00%" });
    expect(compareAccuracy(v([4], [1, 0, 3, 0]), v([4], [1, 2, 3, 4]), 0.75)).toMatchObject({ ok: false, accuracy: 0.5 });
  });
});
