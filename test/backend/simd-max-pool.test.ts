/**
 * cnnlab's SIMD max pool and max-pool gradient on the wasm backend's threads
 * (wasm-simd-max-pool.ts) against the cpu backend.
 *
 * Forward: each Y is one of X's values, picked by the same comparison as the cpu backend's, so
 * the results are equal exactly (NaN for NaN, ±0 as equal).
 * Gradient: each dX element is a sum of the dY values routed to it (one per window whose arg-max
 * it is, several only where windows overlap); the two backends pick the same arg-max, so they
 * agree to the float32 rounding of those few additions: tolerance 1e-6 relative. A different
 * arg-max would move a whole dY value (error ~1).
 * Each case also checks whether the SIMD pool ran, or the previous kernel (fallback cases).
 * The stock single-threaded build runs the same kernels in gradients.test.ts and wasm-faster-kernels.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import * as simdPoolModule from "../../lib/backend/simd-pool";
import { SimdPool } from "../../lib/backend/simd-pool";
import { expectClose } from "./close";
import { threadedSimdPool } from "./threaded-pool";

const TOLERANCE = 1e-6;
const fill = (shape: number[], phase: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)), shape);

type Geometry = { x: number[]; size: number | [number, number]; stride: number | [number, number]; pad: "valid" | "same" | number };
type Case = Geometry & {
  name: string;
  /** The input (default: fill(x, 0.2)). */
  input?: (shape: number[]) => tf.Tensor;
  /** The gradient kernel's inputs (default: dy = fill(Y.shape, 1.1), input X, output Y). */
  gradInputs?: (x: tf.Tensor4D, y: tf.Tensor4D) => { dy: tf.Tensor; input: tf.Tensor; output?: tf.Tensor };
  /** Whether the SIMD pool runs it (false: a fallback case). */
  simd?: boolean;
};

let pool: SimdPool;
let runs: jest.SpyInstance;

/** [Y, dX] of the case on `backend`: maxPool(X) and the MaxPoolGrad kernel for it. */
async function poolAndGradOn(backend: string, { x, size, stride, pad, input, gradInputs }: Case): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const [y, dx] = tf.tidy(() => {
    const X = (input ? input(x) : fill(x, 0.2)) as tf.Tensor4D;
    const Y = tf.maxPool(X, size, stride, pad);
    const given = gradInputs ? gradInputs(X, Y) : { dy: fill(Y.shape, 1.1), input: X, output: Y };
    return [Y, tf.engine().runKernel(tf.MaxPoolGrad, given, { filterSize: size, strides: stride, pad }) as tf.Tensor];
  });
  const data = [(await y.data()) as Float32Array, (await dx.data()) as Float32Array];
  tf.dispose([y, dx]);
  return data;
}

/** Indices where a and b differ (NaN equals NaN; +0 equals −0). */
const mismatches = (a: Float32Array, b: Float32Array) =>
  [...a.keys()].filter((i) => !(a[i] === b[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i]))));

beforeAll(async () => {
  pool = await threadedSimdPool();
  runs = jest.spyOn(pool, "runShared");
}, 60_000);

it("runs on the backend's threads (2 here: the threaded build)", () => {
  expect(pool.threads).toBe(2);
});

const withNaNs = (shape: number[]) => fill(shape, 0.2).where(fill(shape, 0.9).greater(0.8), NaN);

const cases: Case[] = [
  { name: "LeNet pool 1: 2x2/2 windows tiling the image (dX stored once), C = 6 (a vector and a 2-lane tail)", x: [4, 28, 28, 6], size: 2, stride: 2, pad: "valid" },
  { name: "LeNet pool 2: 2x2/2, C = 16", x: [4, 10, 10, 16], size: 2, stride: 2, pad: "valid" },
  { name: "AlexNet-like 3x3/2, overlapping windows, C = 8", x: [3, 13, 13, 8], size: 3, stride: 2, pad: "valid" },
  { name: "3x3/2 same padding (clipped windows), C = 4", x: [2, 12, 12, 4], size: 3, stride: 2, pad: "same" },
  { name: "3x3/1 same, C = 7 (vector, 2-lane and 1-lane tails)", x: [2, 7, 7, 7], size: 3, stride: 1, pad: "same" },
  { name: "2x2/2 on an odd input (last row and column in no window: dX zeroed, then added to), C = 3", x: [3, 7, 9, 3], size: 2, stride: 2, pad: "valid" },
  { name: "C = 1 (1-lane only), a 2x3 window at strides 1x2, same padding", x: [2, 6, 7, 1], size: [2, 3], stride: [1, 2], pad: "same" },
  { name: "explicit padding 1, 3x3/2, C = 5", x: [2, 6, 7, 5], size: 3, stride: 2, pad: 1 },
  { name: "one image with a 1x1 output (a single unit of work for the threads), C = 5", x: [1, 3, 3, 5], size: 3, stride: 2, pad: "valid" },
  {
    name: "ties (constant input): the first pixel of each window gets the gradient, overlapping 3x3/2",
    x: [2, 9, 9, 6], size: 3, stride: 2, pad: "valid", input: (shape) => tf.ones(shape),
  },
  {
    name: "NaN pixels: skipped by the maximum, as by the cpu backend (C = 7)",
    x: [2, 9, 9, 7], size: 3, stride: 2, pad: "valid", input: withNaNs,
  },
  {
    name: "a NaN maximum given to the gradient: the running arg-max, on 4-, 2- and 1-lane channels (C = 7)",
    x: [2, 9, 9, 7], size: 3, stride: 2, pad: "valid",
    // The cpu kernel recomputes the arg-max from the input; wasm's searches for `output` first.
    gradInputs: (x, y) => ({ dy: fill(y.shape, 0.7), input: x, output: tf.fill(y.shape, NaN) }),
  },
  { name: "2x2/2 tiling windows, C = 5 (a vector and a 1-lane tail)", x: [2, 6, 8, 5], size: 2, stride: 2, pad: "valid" },
  {
    name: "a NaN maximum given to the gradient, 2x2/2 tiling windows (the running arg-max adds to stored dX), C = 7",
    x: [2, 8, 8, 7], size: 2, stride: 2, pad: "valid",
    gradInputs: (x, y) => ({ dy: fill(y.shape, 0.7), input: x, output: tf.fill(y.shape, NaN) }),
  },
  {
    name: "fallback: the gradient without the forward output (the previous kernels recompute the maximum)",
    x: [2, 8, 8, 6], size: 2, stride: 2, pad: "valid", simd: false,
    gradInputs: (x, y) => ({ dy: fill(y.shape, 0.7), input: x }),
  },
];

describe("on the wasm backend's threads, equal to the cpu backend's", () => {
  it.each(cases)("$name", async (c) => {
    const [cpuY, cpuDx] = await poolAndGradOn("cpu", c);
    runs.mockClear();
    const [wasmY, wasmDx] = await poolAndGradOn("wasm", c);
    expect(mismatches(wasmY, cpuY)).toEqual([]);
    expectClose([wasmDx], [cpuDx], TOLERANCE);
    // The forward pass always runs on the pool; the gradient too unless it falls back.
    expect(runs.mock.calls.map(([shares]) => shares[0].fn)).toEqual(c.simd === false ? ["maxPool"] : ["maxPool", "maxPoolGrad"]);
  });

  it("ties: exactly the first pixel of each 2x2 window, on two images", async () => {
    const [, dx] = await poolAndGradOn("wasm", {
      name: "", x: [2, 4, 4, 1], size: 2, stride: 2, pad: "valid", input: (shape) => tf.ones(shape),
      gradInputs: (x, y) => ({ dy: tf.onesLike(y), input: x, output: y }),
    });
    const image = [1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0];
    expect(Array.from(dx)).toEqual([...image, ...image]);
  });

  it("every thread gets a share of each call: the threads take images (gradient) or chunks of rows (forward) from a counter", async () => {
    runs.mockClear();
    await poolAndGradOn("wasm", { name: "", x: [3, 8, 8, 4], size: 2, stride: 2, pad: "valid" });
    const calls = runs.mock.calls as Array<[Array<{ fn: string; args: number[] }>]>;
    expect(calls.map(([shares]) => shares.map((share) => share.fn))).toEqual([["maxPool", "maxPool"], ["maxPoolGrad", "maxPoolGrad"]]);
    expect(calls[1][0][0].args[4]).toBe(3); // the gradient's units: the 3 images
  });
});

describe("when the SIMD module cannot run (simdPoolOf gives an Error): the previous kernels, equal to the cpu backend's", () => {
  // XNNPACK's MaxPool and the JavaScript arg-max MaxPoolGrad (wasm-faster-kernels.ts), which the
  // SIMD kernels otherwise hide from every other test.
  let unavailable: jest.SpyInstance;
  beforeAll(() => {
    unavailable = jest.spyOn(simdPoolModule, "simdPoolOf").mockReturnValue(new Error("no SIMD module (test)"));
  });
  afterAll(() => unavailable.mockRestore());

  it.each(cases.filter((c) => /LeNet pool 1|overlapping windows|same padding \(clipped|odd input|NaN maximum/.test(c.name)))("$name", async (c) => {
    const [cpuY, cpuDx] = await poolAndGradOn("cpu", c);
    runs.mockClear();
    const [wasmY, wasmDx] = await poolAndGradOn("wasm", c);
    expect(mismatches(wasmY, cpuY)).toEqual([]);
    expectClose([wasmDx], [cpuDx], TOLERANCE);
    expect(unavailable).toHaveBeenCalled();
    expect(runs).not.toHaveBeenCalled();
  });
});
