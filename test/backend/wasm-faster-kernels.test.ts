/**
 * The faster wasm paths (BatchMatMul with transposes, Conv2DBackpropInput as a
 * convolution — covered with the conv table in wasm-gradients.test.ts —, Slice, PadV2 and
 * GatherV2 through heap views, MaxPoolGrad by arg-max) against the cpu backend. MaxPoolGrad's cases
 * run through cnnlab's SIMD kernel in front of the arg-max path (single-threaded here);
 * simd-max-pool.test.ts runs the arg-max path itself with the SIMD module unavailable.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../lib/backend";
import { explainKernel } from "../../lib/backend/kernel-paths";
import { expectClose as expectCloseWithin } from "./close";

const TOLERANCE = 1e-5;
const fill = (shape: number[], phase: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)), shape);

async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    const data = await Promise.all(list.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(list);
    return data;
  };
  return { cpu: await run("cpu"), wasm: await run("wasm") };
}

const expectClose = (actual: Float32Array[], expected: Float32Array[]) => expectCloseWithin(actual, expected, TOLERANCE);

beforeAll(() => {
  registerWasmTrainingKernels();
});

describe("matMul with transposed operands", () => {
  it.each([
    { name: "Aᵀ·B (dense weight gradient)", a: [128, 40], b: [128, 12], ta: true, tb: false },
    { name: "A·Bᵀ, B smaller than A", a: [16, 40], b: [12, 40], ta: false, tb: true },
    { name: "A·Bᵀ, B larger than A but small", a: [8, 30], b: [50, 30], ta: false, tb: true },
    { name: "A·Bᵀ, B over 2^20 weights (dense input gradient dY·Wᵀ, computed as (W·dYᵀ)ᵀ)", a: [4, 1100], b: [1000, 1100], ta: false, tb: true },
    { name: "A·Bᵀ of rank 3 with batch 1, B over 2^20 weights", a: [1, 4, 1100], b: [1, 1000, 1100], ta: false, tb: true },
    { name: "Aᵀ·Bᵀ", a: [40, 16], b: [12, 40], ta: true, tb: true },
    { name: "batched Aᵀ·B", a: [3, 20, 7], b: [3, 20, 5], ta: true, tb: false },
  ])("$name", async ({ a, b, ta, tb }) => {
    const { cpu, wasm } = await onBoth(() => tf.matMul(fill(a, 0.1), fill(b, 0.9), ta, tb));
    expectClose(wasm, cpu);
  });
});

describe("a small X times a large W (a dense layer's forward pass), computed as (Wᵀ·Xᵀ)ᵀ", () => {
  // W over 2^20 weights and 4x larger than X: the sizes at which the transposing path takes over.
  const x = [4, 1100];
  const w = [1100, 1000];
  it("matMul", async () => {
    const { cpu, wasm } = await onBoth(() => tf.matMul(fill(x, 0.1), fill(w, 0.9)));
    expectClose(wasm, cpu);
  });
  it.each([["linear", "transposing path"], ["relu", "transposing path"], ["elu", "the original kernel"]] as const)("fused matMul with a bias and activation %s (%s)", async (activation) => {
    const { cpu, wasm } = await onBoth(() => tf.fused.matMul({ a: fill(x, 0.1), b: fill(w, 0.9), bias: fill([1000], 0.5), activation }));
    expectClose(wasm, cpu);
  });
  it("a batch of products takes the original kernel", async () => {
    const { cpu, wasm } = await onBoth(() => tf.matMul(fill([2, 3, 600], 0.1), fill([2, 600, 900], 0.9)));
    expectClose(wasm, cpu);
  });
});

describe("slice", () => {
  const x = [4, 5, 6, 3];
  it.each([
    { name: "a batch along axis 0", begin: [1, 0, 0, 0], size: [2, 5, 6, 3] },
    { name: "a window in the middle", begin: [1, 2, 1, 0], size: [2, 2, 3, 3] },
    { name: "channels (not contiguous)", begin: [0, 0, 0, 1], size: [4, 5, 6, 2] },
    { name: "a single element", begin: [3, 4, 5, 2], size: [1, 1, 1, 1] },
    { name: "everything", begin: [0, 0, 0, 0], size: [4, 5, 6, 3] },
  ])("$name", async ({ begin, size }) => {
    const { cpu, wasm } = await onBoth(() => tf.slice(fill(x, 0.3), begin, size));
    expectClose(wasm, cpu);
  });
  it("of rank-1 and rank-2 tensors", async () => {
    const { cpu, wasm } = await onBoth(() => [tf.slice(fill([10], 0), 2, 3), tf.slice(fill([6, 7], 0), [1, 2], [3, 4])]);
    expectClose(wasm, cpu);
  });
});

describe("pad (PadV2 through heap views)", () => {
  it.each([
    { name: "LeNet's C1 input padded for the filter gradient (2 rows, 2 + 6 columns, 1 channel)", shape: [3, 6, 5, 1], paddings: [[0, 0], [2, 2], [2, 6], [0, 0]], value: 0 },
    { name: "channels only (the innermost axis padded), constant 1.5", shape: [2, 3, 4], paddings: [[0, 0], [0, 0], [1, 2]], value: 1.5 },
    { name: "the outermost axis only", shape: [2, 3, 4], paddings: [[1, 2], [0, 0], [0, 0]], value: -1 },
    { name: "every axis of a rank-4 tensor", shape: [2, 3, 2, 3], paddings: [[1, 0], [0, 2], [1, 1], [2, 0]], value: 0 },
    { name: "rank 1", shape: [5], paddings: [[3, 1]], value: 2 },
    { name: "an empty input", shape: [2, 0, 3], paddings: [[0, 0], [1, 1], [0, 0]], value: 7 },
  ] as Array<{ name: string; shape: number[]; paddings: Array<[number, number]>; value: number }>)("$name", async ({ shape, paddings, value }) => {
    const { cpu, wasm } = await onBoth(() => tf.pad(fill(shape, 0.3), paddings, value));
    expect(wasm).toEqual(cpu); // copies and fills: exactly equal
  });

  it("of int32 values", async () => {
    const { cpu, wasm } = await onBoth(() => tf.pad(tf.tensor([[1, 2], [3, 4]], undefined, "int32"), [[1, 0], [0, 1]], 9));
    expect(wasm).toEqual(cpu);
  });
});

describe("gather (GatherV2 through heap views)", () => {
  it.each([
    { name: "a batch of images cut from a dataset (axis 0, shuffled and repeated indices)", shape: [6, 4, 4, 1], indices: [5, 0, 3, 3, 1], axis: 0 },
    { name: "columns of a matrix (axis 1)", shape: [3, 7], indices: [6, 0, 2], axis: 1 },
    { name: "a rank-2 index tensor along axis 1 of a rank-3 tensor", shape: [2, 5, 3], indices: [[4, 1], [0, 0]], axis: 1 },
    { name: "the last axis, counted from the end (axis −1)", shape: [2, 3, 4], indices: [3, 1], axis: -1 },
    { name: "no indices", shape: [4, 3], indices: [], axis: 0 },
    // Runs shorter than 16 values are copied value by value, longer ones with set(): both sides of the switch.
    { name: "pixels of a one-channel image, four per output (the bilinear warp's gather: runs of 1)", shape: [17, 1], indices: [16, 0, 1, 4, 4, 5, 8, 9, 16, 2], axis: 0 },
    { name: "runs of 15 and of 16 values", shape: [3, 15], indices: [2, 0, 2], axis: 0 },
    { name: "runs of 16 values", shape: [3, 16], indices: [1, 2, 0], axis: 0 },
  ] as Array<{ name: string; shape: number[]; indices: number[] | number[][]; axis: number }>)("$name", async ({ shape, indices, axis }) => {
    const { cpu, wasm } = await onBoth(() => tf.gather(fill(shape, 0.2), tf.tensor(indices, undefined, "int32"), axis));
    expect(wasm).toEqual(cpu); // copies: exactly equal
  });

  it("of int32 values", async () => {
    const { cpu, wasm } = await onBoth(() => tf.gather(tf.tensor([[1, 2], [3, 4], [5, 6]], undefined, "int32"), [2, 0], 0));
    expect(wasm).toEqual(cpu);
  });
});

describe("max-pool gradient", () => {
  it.each([
    { name: "2x2 stride 2 valid (LeNet)", x: [4, 8, 8, 3], size: 2, stride: 2, pad: "valid" as const },
    { name: "3x3 stride 2 valid, overlapping (AlexNet)", x: [2, 13, 13, 4], size: 3, stride: 2, pad: "valid" as const },
    { name: "3x3 stride 2 same", x: [2, 12, 12, 4], size: 3, stride: 2, pad: "same" as const },
    { name: "3x3 stride 1 same (Inception pool branch)", x: [2, 7, 7, 3], size: 3, stride: 1, pad: "same" as const },
    { name: "2x2 stride 2 on an odd input", x: [1, 7, 9, 2], size: 2, stride: 2, pad: "valid" as const },
  ])("$name", async ({ x, size, stride, pad }) => {
    const { cpu, wasm } = await onBoth(() => {
      const input = fill(x, 0.2) as tf.Tensor4D;
      return tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, size, stride, pad).mul(fill(tf.maxPool(input, size, stride, pad).shape, 1.1)).sum())(input);
    });
    expectClose(wasm, cpu);
  });

  it("routes a tied window's gradient to its first maximum, as the cpu backend does", async () => {
    const { cpu, wasm } = await onBoth(() =>
      tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, "valid").sum())(tf.ones([1, 4, 4, 1])));
    expectClose(wasm, cpu);
    expect(Array.from(wasm[0])).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
  });

  it.each([
    { name: "3x3 windows", size: 3 },
    { name: "2x2 windows (their own loop)", size: 2 },
  ])("falls back to a running arg-max when no pixel equals the given maximum (e.g. NaN): $name", async ({ size }) => {
    const { cpu, wasm } = await onBoth(() => {
      const input = fill([2, 9, 9, 3], 0.4);
      const dy = fill([2, 4, 4, 3], 0.7);
      const output = tf.fill([2, 4, 4, 3], NaN);
      // The cpu kernel recomputes the arg-max from the input; wasm's searches for `output` first.
      return tf.engine().runKernel(tf.MaxPoolGrad, { dy, input, output }, { filterSize: size, strides: 2, pad: "valid" }) as tf.Tensor;
    });
    expectClose(wasm, cpu);
  });
});

describe("tile", () => {
  it.each([
    { name: "a channel vector to NHWC (batch-norm gradient)", x: [1, 1, 1, 4], reps: [3, 5, 2, 1] },
    { name: "every axis repeated", x: [2, 3, 2], reps: [2, 3, 4] },
    { name: "no repetition", x: [2, 3], reps: [1, 1] },
    { name: "rank 1", x: [5], reps: [3] },
    { name: "inner axis repeated only", x: [2, 3], reps: [1, 4] },
  ])("$name", async ({ x, reps }) => {
    const { cpu, wasm } = await onBoth(() => tf.tile(fill(x, 0.4), reps));
    expectClose(wasm, cpu);
  });
  it("of int32 values", async () => {
    const { cpu, wasm } = await onBoth(() => tf.tile(tf.tensor2d([[1, 2], [3, 4]], [2, 2], "int32"), [2, 3]).toFloat());
    expectClose(wasm, cpu);
  });
});

describe("identity", () => {
  it("shares data: a clone outlives its source and reads the same values", async () => {
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    const x = fill([3, 4], 0.5);
    const y = tf.clone(x);
    const expected = Array.from(await x.data());
    x.dispose();
    expect(Array.from(await y.data())).toEqual(expected);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("cast", () => {
  it("to the tensor's own dtype shares the data (the same dataId), outlives its source and reads the same values", async () => {
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    const x = fill([3, 4], 0.5);
    expect(explainKernel(tf.Cast, { x }, { dtype: "float32" }).path).toBe("shared-data");
    const y = tf.cast(x, "float32");
    expect(y.dataId).toBe(x.dataId);
    const expected = Array.from(await x.data());
    x.dispose();
    expect(Array.from(await y.data())).toEqual(expected);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ["float32", "int32", [1.7, -2.2, 3, 0.4]],
    ["int32", "float32", [1, -2, 3, 7]],
    ["bool", "float32", [1, 0, 0, 1]],
  ] as const)("from %s to %s converts, on tfjs's kernel, as the cpu backend does", async (from, to, values) => {
    await tf.setBackend("wasm");
    const x = tf.tensor(values as unknown as number[], [4], from);
    expect(explainKernel(tf.Cast, { x }, { dtype: to })).toMatchObject({ path: "tfjs", declined: [{ path: "shared-data", why: `converts ${from} to ${to}` }] });
    x.dispose();
    const { cpu, wasm } = await onBoth(() => tf.cast(tf.tensor(values as unknown as number[], [4], from), to));
    expect(Array.from(wasm[0])).toEqual(Array.from(cpu[0]));
  });
});
