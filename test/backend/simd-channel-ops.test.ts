/**
 * The bias add and bias-gradient sum on wasm's SIMD pool (wasm-simd-channel-ops.ts) against the
 * cpu backend, within 1e-5 relative error (the add is exact up to float32 rounding; the sums are
 * float64 totals of float32 block sums, the cpu backend's are float32). Each case also says
 * whether the pool ran it or the original kernel did (a spy on the pool's `runShared`).
 */
import * as tf from "@tensorflow/tfjs";
import { SimdPool } from "../../lib/backend/simd-pool";
import { MIN_CHANNEL_OP_SIZE } from "../../lib/backend/wasm-simd-channel-ops";
import { expectClose } from "./close";
import { threadedSimdPool } from "./threaded-pool";

const TOLERANCE = 1e-5;
const fill = (shape: number[], phase: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)), shape);

let pool: SimdPool;

beforeAll(async () => {
  pool = await threadedSimdPool();
}, 60_000);

/** f's result on cpu and on wasm, and whether wasm ran it on the pool. */
async function onBoth(f: () => tf.Tensor): Promise<{ cpu: Float32Array; wasm: Float32Array; pooled: boolean }> {
  await tf.setBackend("cpu");
  const cpu = (await tf.tidy(f).data()) as Float32Array;
  await tf.setBackend("wasm");
  const spies = [jest.spyOn(pool, "runShared")];
  try {
    const wasm = (await tf.tidy(f).data()) as Float32Array;
    return { cpu, wasm, pooled: spies.some((spy) => spy.mock.calls.length > 0) };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe("x + bias", () => {
  it.each([
    { name: "LeNet C1's 6 channels (a partial vector per row)", x: [8, 20, 20, 6], bias: [6], pooled: true },
    { name: "16 channels, the bias as [1, 1, 1, 16]", x: [4, 16, 16, 16], bias: [1, 1, 1, 16], pooled: true },
    { name: "a dense layer's [batch, 4096]", x: [8, 4096], bias: [4096], pooled: true },
    { name: "small: the original kernel", x: [2, 5, 5, 6], bias: [6], pooled: false },
    { name: "a bias along another axis: the original kernel", x: [8, 20, 20, 6], bias: [20, 1], pooled: false },
  ])("$name", async ({ x, bias, pooled }) => {
    const got = await onBoth(() => tf.add(fill(x, 0.1), fill(bias, 0.7)));
    expectClose([got.wasm], [got.cpu], TOLERANCE);
    expect(got.pooled).toBe(pooled);
  });

  it("bias + x (operands the other way round)", async () => {
    const got = await onBoth(() => tf.add(fill([6], 0.7), fill([8, 20, 20, 6], 0.1)));
    expectClose([got.wasm], [got.cpu], TOLERANCE);
    expect(got.pooled).toBe(true);
  });
});

describe("Σ over every axis but the last (a bias gradient)", () => {
  it.each([
    { name: "[8, 20, 20, 6] over [0, 1, 2]", x: [8, 20, 20, 6], axis: [0, 1, 2], keepDims: false, pooled: true },
    { name: "[4, 16, 16, 16] over [2, 0, 1], keeping dims", x: [4, 16, 16, 16], axis: [2, 0, 1], keepDims: true, pooled: true },
    { name: "[512, 33] over 0 (a dense layer, 33 = 8 vectors and a lane)", x: [512, 33], axis: [0], keepDims: false, pooled: true },
    { name: "over [1, 2] only: the original kernel", x: [8, 20, 20, 6], axis: [1, 2], keepDims: false, pooled: false },
    { name: "small: the original kernel", x: [2, 5, 5, 6], axis: [0, 1, 2], keepDims: false, pooled: false },
  ])("$name", async ({ x, axis, keepDims, pooled }) => {
    const got = await onBoth(() => tf.sum(fill(x, 0.2), axis, keepDims));
    expectClose([got.wasm], [got.cpu], TOLERANCE);
    expect(got.pooled).toBe(pooled);
  });

  it("int32 sums take the original kernel", async () => {
    const x = [8, 20, 20, 6];
    const got = await onBoth(() => tf.sum(tf.range(0, x.reduce((a, b) => a * b), 1, "int32").reshape(x), [0, 1, 2]));
    expect(Array.from(got.wasm)).toEqual(Array.from(got.cpu));
    expect(got.pooled).toBe(false);
  });
});

it(`the threshold: ${MIN_CHANNEL_OP_SIZE} elements`, async () => {
  const C = 8;
  const justBelow = await onBoth(() => tf.sum(fill([MIN_CHANNEL_OP_SIZE / C - 1, C], 0.3), 0));
  const atIt = await onBoth(() => tf.sum(fill([MIN_CHANNEL_OP_SIZE / C, C], 0.3), 0));
  expect([justBelow.pooled, atIt.pooled]).toEqual([false, true]);
  expectClose([atIt.wasm], [atIt.cpu], TOLERANCE);
});
