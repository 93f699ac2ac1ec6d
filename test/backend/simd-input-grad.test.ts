/**
 * cnnlab's product-and-scatter Conv2DBackpropInput on the wasm backend's threads
 * (wasm-simd-input-grad.ts) against the cpu backend.
 *
 * Tolerance 1e-5 of the largest |expected| value: each dX value is the same sum of products as on
 * the cpu backend, in another order (float32 rounding); a wrong tap, stride or padding offset moves
 * whole products (errors ~1e-1). Each case also checks whether the kernel ran (fallback cases: not).
 */
import * as tf from "@tensorflow/tfjs";
import * as simdPoolModule from "../../lib/backend/simd-pool";
import { SimdPool } from "../../lib/backend/simd-pool";
import { expectClose } from "./close";
import { threadedSimdPool } from "./threaded-pool";

const TOLERANCE = 1e-5;
const fill = (shape: number[], phase: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)), shape);

type Pad = "valid" | "same" | [[0, 0], [number, number], [number, number], [0, 0]];
type Case = { name: string; x: [number, number, number, number]; filter: [number, number, number, number]; stride: number | [number, number]; pad: Pad; cols: boolean };

let pool: SimdPool;
let runs: jest.SpyInstance;

/** dX of the case's convolution for a fixed dY, on `backend`. */
async function inputGradOn(backend: string, c: Case): Promise<Float32Array> {
  await tf.setBackend(backend);
  const dx = tf.tidy(() => {
    const W = fill(c.filter, 1.3) as tf.Tensor4D;
    const yShape = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.stride, 1, c.pad).outShape;
    return tf.conv2dTranspose(fill(yShape, 0.4) as tf.Tensor4D, W, c.x, c.stride, c.pad);
  });
  const data = (await dx.data()) as Float32Array;
  dx.dispose();
  return data;
}

beforeAll(async () => {
  pool = await threadedSimdPool();
  runs = jest.spyOn(pool, "runShared");
}, 60_000);

const cases: Case[] = [
  { name: "LeNet's C3: 5x5 'valid', 14x14x6 ← 10x10x16 (6 channels: a vector and a 2-lane tail)", x: [3, 14, 14, 6], filter: [5, 5, 6, 16], stride: 1, pad: "valid", cols: true },
  { name: "ResNet's stride-2 3x3 'same', 16 → 32 channels", x: [2, 8, 8, 16], filter: [3, 3, 16, 32], stride: 2, pad: "same", cols: true },
  { name: "ResNet's 1x1 stride-2 shortcut (odd input: the last row and column get nothing)", x: [2, 9, 9, 16], filter: [1, 1, 16, 32], stride: 2, pad: "same", cols: true },
  { name: "stride 3x2, 4x3 filter, 3 channels (3-lane tail only)", x: [2, 11, 9, 3], filter: [4, 3, 3, 5], stride: [3, 2], pad: "valid", cols: true },
  { name: "explicit uneven padding at stride 2, 1 channel", x: [2, 10, 9, 1], filter: [3, 3, 1, 4], stride: 2, pad: [[0, 0], [2, 0], [1, 2], [0, 0]], cols: true },
  { name: "overlapping windows (5x5 at stride 2), 7 channels", x: [2, 12, 12, 7], filter: [5, 5, 7, 8], stride: 2, pad: "same", cols: true },
  { name: "fallback: 'same' at stride 1 (nearly all the padded convolution's work reaches dX)", x: [2, 10, 10, 6], filter: [5, 5, 6, 16], stride: 1, pad: "same", cols: false },
];

describe("on the wasm backend's threads, within 1e-5 of the cpu backend's", () => {
  it.each(cases)("$name", async (c) => {
    const cpu = await inputGradOn("cpu", c);
    runs.mockClear();
    const wasm = await inputGradOn("wasm", c);
    expectClose([wasm], [cpu], TOLERANCE);
    const fns = runs.mock.calls.map(([shares]) => shares[0].fn);
    expect(fns.includes("convInputGrad")).toBe(c.cols);
  });

  it("every thread takes whole images from the counter, and the numbers are the same at every run", async () => {
    runs.mockClear();
    const first = await inputGradOn("wasm", cases[0]);
    const call = (runs.mock.calls as Array<[Array<{ fn: string }>]>).find(([shares]) => shares[0].fn === "convInputGrad");
    expect(call?.[0].map((share) => share.fn)).toEqual(["convInputGrad", "convInputGrad"]);
    for (let run = 0; run < 3; run++) expect(await inputGradOn("wasm", cases[0])).toEqual(first);
  });
});

describe("when the SIMD module cannot run (simdPoolOf gives an Error): the previous path, within 1e-5 of the cpu backend's", () => {
  let unavailable: jest.SpyInstance;
  beforeAll(() => {
    unavailable = jest.spyOn(simdPoolModule, "simdPoolOf").mockReturnValue(new Error("no SIMD module (test)"));
  });
  afterAll(() => unavailable.mockRestore());

  it.each(cases.slice(0, 3))("$name", async (c) => {
    const cpu = await inputGradOn("cpu", c);
    runs.mockClear();
    const wasm = await inputGradOn("wasm", c);
    expectClose([wasm], [cpu], TOLERANCE);
    expect(unavailable).toHaveBeenCalled();
    expect(runs).not.toHaveBeenCalled();
  });
});
