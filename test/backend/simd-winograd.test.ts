/**
 * cnnlab's Winograd F(2x2, 3x3) kernels on the wasm backend's threads (wasm-simd-winograd.ts), for
 * 3x3 filters and 5x5 ones (four 3x3 parts):
 * Conv2D, FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter against the cpu backend's
 * direct sums.
 *
 * Tolerance 1e-5 of the largest |expected| value: F(2x2, 3x3) in float32 differs from a direct sum
 * by the rounding of its transforms (measured ~1e-6 at 384 channels; halves of sums, no large
 * coefficients), while a wrong tap, tile or padding offset is off by ~1e-1.
 * Each case also checks that the kernel ran (or, for a fallback case, that it did not).
 * The stock single-threaded build runs the same kernel in gradients.test.ts.
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
type Case = {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  pad: Pad;
  stride?: number;
  dilation?: number;
  /** FusedConv2D with these (else Conv2D). */
  fused?: { bias: boolean; activation: "linear" | "relu" | "elu" };
  /** The Winograd calls expected, when not those of the channel counts (a fallback case). */
  calls?: string[];
};

let pool: SimdPool;
let runs: jest.SpyInstance;

/** Y of the case's forward convolution, and dX and dW of its gradients (the Conv2DBackpropInput and Conv2DBackpropFilter kernels for a given dY), on `backend`. */
async function convAndInputGradOn(backend: string, c: Case): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const { x, filter, pad, stride = 1, dilation = 1, fused } = c;
  const [y, dx, dw] = tf.tidy(() => {
    const X = fill(x, 0.2) as tf.Tensor4D;
    const W = fill(filter, 1.3) as tf.Tensor4D;
    const Y = fused
      ? tf.fused.conv2d({ x: X, filter: W, strides: stride, pad, dilations: dilation, bias: fused.bias ? fill([filter[3]], 0.5) : undefined, activation: fused.activation })
      : tf.conv2d(X, W, stride, pad, "NHWC", dilation);
    const dY = fill(Y.shape, 2.1) as tf.Tensor4D;
    if (dilation !== 1) return [Y, tf.zeros(x), tf.zeros(filter)]; // neither gradient kernel takes a dilation
    const dX = tf.conv2dTranspose(dY, W, x, stride, pad);
    const dW = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: X, dy: dY }, { strides: stride, pad, dataFormat: "NHWC", filterShape: filter }) as tf.Tensor;
    return [Y, dX, dW];
  });
  const data = await Promise.all([y, dx, dw].map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([y, dx, dw]);
  return data;
}

beforeAll(async () => {
  pool = await threadedSimdPool();
  runs = jest.spyOn(pool, "runShared");
}, 60_000);

const FORWARD = ["winogradFilter", "winogradConv"];
const FILTER_GRADIENT = ["winogradFilterGrad", "winogradFilterGradOut"];
/**
 * The Winograd calls of a stride-1 case: forward, input gradient, filter gradient, each where its
 * channel counts suit the kernel (input channels a multiple of 4, output channels of 8), once per
 * 3x3 part of the filter (a 5x5 filter has four).
 */
const callsFor = ({ x, filter }: Case) => {
  const parts = (calls: string[]) => Array<string[]>(filter[0] === 5 ? 4 : 1).fill(calls).flat();
  return [
    ...(x[3] % 4 === 0 && filter[3] % 8 === 0 ? parts(FORWARD) : []),
    ...(filter[3] % 4 === 0 && x[3] % 8 === 0 ? parts(FORWARD) : []), // the input gradient convolves dY (filter[3] channels) into dX (x[3])
    ...(x[3] % 4 === 0 && filter[3] % 8 === 0 ? parts(FILTER_GRADIENT) : []),
  ];
};

const cases: Case[] = [
  { name: "ResNet-20 stage 1: 'same', 16 → 16 channels", x: [3, 8, 8, 16], filter: [3, 3, 16, 16], pad: "same" },
  { name: "odd output height and width (the last tiles are cut to 1 row or column), 8 → 8", x: [2, 7, 9, 8], filter: [3, 3, 8, 8], pad: "same" },
  { name: "'valid' (no padding: the input gradient pads 2 on every side), 4 → 16", x: [2, 9, 7, 4], filter: [3, 3, 4, 16], pad: "valid" },
  { name: "explicit, uneven padding (2 top, 0 bottom, 1 left, 2 right), 8 → 8", x: [2, 6, 7, 8], filter: [3, 3, 8, 8], pad: [[0, 0], [2, 0], [1, 2], [0, 0]] },
  { name: "125 tiles: several blocks of 16 tiles and a partial last block, 8 → 16", x: [5, 10, 10, 8], filter: [3, 3, 8, 16], pad: "same" },
  { name: "64 → 128 channels (blocks of 84 tiles; several 8-channel column groups)", x: [2, 4, 4, 64], filter: [3, 3, 64, 128], pad: "same" },
  { name: "a 1x1 image, 'same' (every tap but the centre in padding)", x: [2, 1, 1, 8], filter: [3, 3, 8, 8], pad: "same" },
  { name: "FusedConv2D, bias and ReLU", x: [2, 6, 6, 8], filter: [3, 3, 8, 16], pad: "same", fused: { bias: true, activation: "relu" } },
  { name: "FusedConv2D, bias, no activation", x: [2, 5, 6, 4], filter: [3, 3, 4, 8], pad: "valid", fused: { bias: true, activation: "linear" } },
  { name: "FusedConv2D, no bias, no activation (ResNet's convolutions)", x: [2, 6, 6, 16], filter: [3, 3, 16, 16], pad: "same", fused: { bias: false, activation: "linear" } },
  { name: "fallback: 3 input channels (not a multiple of 4)", x: [2, 6, 6, 3], filter: [3, 3, 3, 8], pad: "same", calls: [] },
  { name: "fallback: stride 2", x: [2, 8, 8, 8], filter: [3, 3, 8, 8], pad: "same", stride: 2, calls: [] },
  { name: "5x5 'same' as four 3x3 parts (AlexNet's second layer), 8 → 16", x: [2, 8, 8, 8], filter: [5, 5, 8, 16], pad: "same" },
  { name: "5x5 'valid', odd output (the parts' tiles cut at the edge), 16 → 8", x: [2, 11, 9, 16], filter: [5, 5, 16, 8], pad: "valid" },
  { name: "5x5 FusedConv2D with bias and ReLU (applied once, to the sum of the parts)", x: [2, 7, 7, 8], filter: [5, 5, 8, 8], pad: "same", fused: { bias: true, activation: "relu" } },
  { name: "fallback: a 7x7 filter", x: [2, 8, 8, 8], filter: [7, 7, 8, 8], pad: "same", calls: [] },
  { name: "fallback: dilation 2", x: [2, 8, 8, 8], filter: [3, 3, 8, 8], pad: "same", dilation: 2, calls: [] },
  {
    name: "fallback: FusedConv2D with an ELU (XNNPACK's; the gradients still run on Winograd)",
    x: [2, 6, 6, 8], filter: [3, 3, 8, 8], pad: "same", fused: { bias: true, activation: "elu" }, calls: [...FORWARD, ...FILTER_GRADIENT],
  },
];

describe("on the wasm backend's threads, within 1e-5 of the cpu backend's direct convolutions", () => {
  it.each(cases)("$name", async (c) => {
    const cpu = await convAndInputGradOn("cpu", c);
    runs.mockClear();
    const wasm = await convAndInputGradOn("wasm", c);
    expectClose(wasm, cpu, TOLERANCE);
    const fns = runs.mock.calls.map(([shares]) => shares[0].fn).filter((fn) => fn.startsWith("winograd"));
    expect(fns).toEqual(c.calls ?? callsFor(c));
  });

  it("every thread takes blocks of tiles (or shares of them) from the counter, each with its own scratch", async () => {
    await convAndInputGradOn("cpu", cases[4]);
    runs.mockClear();
    await convAndInputGradOn("wasm", cases[4]);
    const calls = runs.mock.calls as Array<[Array<{ fn: string; args: number[] }>]>;
    for (const fn of ["winogradConv", "winogradFilterGrad"]) {
      expect(calls.find(([shares]) => shares[0].fn === fn)?.[0].map((share) => share.fn)).toEqual([fn, fn]);
    }
  });

  it("gives the same numbers at every run (each output is written by one thread; the filter gradient's shares are added in order)", async () => {
    const c = cases[5];
    const first = await convAndInputGradOn("wasm", c);
    for (let run = 0; run < 3; run++) expect(await convAndInputGradOn("wasm", c)).toEqual(first);
  });
});

describe("when the SIMD module cannot run (simdPoolOf gives an Error): XNNPACK's convolutions, within 1e-5 of the cpu backend's", () => {
  let unavailable: jest.SpyInstance;
  beforeAll(() => {
    unavailable = jest.spyOn(simdPoolModule, "simdPoolOf").mockReturnValue(new Error("no SIMD module (test)"));
  });
  afterAll(() => unavailable.mockRestore());

  it.each(cases.filter((c) => /ResNet-20 stage 1|uneven padding|bias and ReLU/.test(c.name)))("$name", async (c) => {
    const cpu = await convAndInputGradOn("cpu", c);
    runs.mockClear();
    const wasm = await convAndInputGradOn("wasm", c);
    expectClose(wasm, cpu, TOLERANCE);
    expect(unavailable).toHaveBeenCalled();
    expect(runs).not.toHaveBeenCalled();
  });
});
