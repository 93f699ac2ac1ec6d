/**
 * Gradients on the accelerated backends against the cpu backend (an independent implementation):
 * conv2d and depthwiseConv2d gradients agree within 1e-4 relative error (max |b − cpu| / max |cpu|
 * over the tensor). Every case runs on wasm (with cnnlab's training kernels) and, where
 * `initBackend({ force: "webgpu" })` works (a machine with a hardware GPU), on webgpu too.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { initBackend, registerWasmTrainingKernels } from "../../lib/backend";

type Pad = "valid" | "same" | number;
interface Case { name: string; x: [number, number, number, number]; k: [number, number]; cin?: number; cout: number; stride: number | [number, number]; pad: Pad }

const TOLERANCE = 1e-4;

/** Deterministic, non-trivial values (no RNG needed to reproduce a failure). */
const fill = (shape: number[], phase: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)), shape);

async function gradsOn(backend: string, c: Case, depthwise: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const [n, h, w, cin] = c.x;
  const filterShape = depthwise ? [c.k[0], c.k[1], cin, c.cout] : [c.k[0], c.k[1], cin, c.cout];
  const x = fill([n, h, w, cin], 0.1);
  const filter = fill(filterShape, 0.7);
  const f = (xs: tf.Tensor, ws: tf.Tensor) => {
    const y = depthwise
      ? tf.depthwiseConv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.stride, c.pad as "valid")
      : tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.stride, c.pad as "valid");
    // A non-uniform upstream gradient: d(loss)/dy = y·cos-weights.
    return y.mul(fill(y.shape, 1.3)).sum();
  };
  const [dx, dw] = tf.grads(f)([x, filter]);
  const out = [await dx.data() as Float32Array, await dw.data() as Float32Array];
  tf.dispose([x, filter, dx, dw]);
  return out;
}

function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

const CONV_CASES: Case[] = [
  { name: "3x3 stride 1 valid", x: [1, 7, 7, 1], k: [3, 3], cout: 1, stride: 1, pad: "valid" },
  { name: "3x3 stride 1 same, 3→8 channels", x: [2, 9, 9, 3], k: [3, 3], cout: 8, stride: 1, pad: "same" },
  { name: "3x3 stride 2 same", x: [2, 11, 11, 4], k: [3, 3], cout: 6, stride: 2, pad: "same" },
  { name: "3x3 stride 2 valid (skips last row)", x: [2, 10, 10, 4], k: [3, 3], cout: 6, stride: 2, pad: "valid" },
  { name: "3x3 stride 3 valid", x: [1, 10, 10, 2], k: [3, 3], cout: 5, stride: 3, pad: "valid" },
  { name: "3x3 stride 3 same", x: [1, 10, 10, 2], k: [3, 3], cout: 5, stride: 3, pad: "same" },
  { name: "2x2 stride 3 same (window shorter than stride)", x: [1, 9, 9, 1], k: [2, 2], cout: 3, stride: 3, pad: "same" },
  { name: "5x5 explicit padding 2 (CS231n 32→32)", x: [2, 12, 12, 3], k: [5, 5], cout: 10, stride: 1, pad: 2 },
  { name: "5x5 explicit padding 1, stride 2", x: [1, 13, 13, 3], k: [5, 5], cout: 4, stride: 2, pad: 1 },
  { name: "non-square kernel 3x2, non-square input 10x7", x: [2, 10, 7, 3], k: [3, 2], cout: 5, stride: 1, pad: "valid" },
  { name: "non-square kernel 1x5 stride [2,1] same", x: [2, 8, 11, 2], k: [1, 5], cout: 3, stride: [2, 1], pad: "same" },
  { name: "1x1 kernel stride 1 (NiN / bottleneck)", x: [4, 6, 6, 16], k: [1, 1], cout: 8, stride: 1, pad: "valid" },
  { name: "1x1 kernel stride 2 projection shortcut", x: [4, 8, 8, 16], k: [1, 1], cout: 32, stride: 2, pad: "valid" },
  { name: "1x1 kernel stride 2 same, odd input", x: [2, 7, 7, 4], k: [1, 1], cout: 4, stride: 2, pad: "same" },
  { name: "batch 16, 1 channel (LeNet C1)", x: [16, 28, 28, 1], k: [5, 5], cout: 6, stride: 1, pad: "same" },
  { name: "batch 16, 64 channels", x: [16, 8, 8, 64], k: [3, 3], cout: 64, stride: 1, pad: "same" },
  { name: "batch 1, 64 → 32 channels stride 2", x: [1, 9, 9, 64], k: [3, 3], cout: 32, stride: 2, pad: "same" },
  { name: "12 output channels (a tile of 8 and one of 4), 6 input channels, same", x: [2, 9, 9, 6], k: [3, 3], cout: 12, stride: 1, pad: "same" },
  { name: "batch 4, 40x40: chunks of rows that cross images, threads' shares that split one", x: [4, 40, 40, 4], k: [3, 3], cout: 8, stride: 1, pad: "same" },
  { name: "11x11 stride 4 (AlexNet C1 shape)", x: [1, 35, 35, 3], k: [11, 11], cout: 8, stride: 4, pad: "valid" },
];

const DEPTHWISE_CASES: Case[] = [
  { name: "depthwise 3x3 stride 1 same, multiplier 1", x: [2, 7, 7, 3], k: [3, 3], cout: 1, stride: 1, pad: "same" },
  { name: "depthwise 3x3 stride 2 valid, multiplier 2", x: [2, 9, 9, 4], k: [3, 3], cout: 2, stride: 2, pad: "valid" },
  { name: "depthwise 2x3 stride 1 valid", x: [1, 6, 8, 2], k: [2, 3], cout: 1, stride: 1, pad: "valid" },
];

/** The backends under test: wasm always, webgpu where this machine can run it. */
const BACKENDS = ["wasm"];

beforeAll(async () => {
  registerWasmTrainingKernels();
  try {
    await initBackend({ force: "webgpu", verbose: false });
    BACKENDS.push("webgpu");
  } catch (err) {
    console.log(`webgpu gradient checks skipped: ${(err as Error).message}`);
  }
}, 30_000);

/** "webgpu dw: 0.003" for each backend and gradient beyond the tolerance (so a failure names them). */
async function gradientErrors(c: Case, depthwise: boolean): Promise<string[]> {
  const cpu = await gradsOn("cpu", c, depthwise);
  const errors: string[] = [];
  for (const backend of BACKENDS) {
    const [dx, dw] = await gradsOn(backend, c, depthwise);
    for (const [which, error] of [["dx", relativeError(dx, cpu[0])], ["dw", relativeError(dw, cpu[1])]] as const) {
      if (!(error < TOLERANCE)) errors.push(`${backend} ${which}: ${error}`);
    }
  }
  return errors;
}

describe("conv2d gradients equal the cpu backend's", () => {
  // On wasm dx comes from wasm's own Conv2DBackpropInput (or cnnlab's faster path), dw from cnnlab's SIMD
  // Conv2DBackpropFilter (here on the single-threaded build; simd-filter-grad.test.ts runs it on threads).
  it.each(CONV_CASES)("$name", async (c) => {
    expect(await gradientErrors(c, false)).toEqual([]);
  });
});

describe("depthwiseConv2d gradients equal the cpu backend's", () => {
  it.each(DEPTHWISE_CASES)("$name", async (c) => {
    expect(await gradientErrors(c, true)).toEqual([]);
  });
});

describe("forward convolutions with 'same' padding equal the cpu backend's", () => {
  // XNNPACK's own SAME mode returns zeros when the windows cover fewer rows than the input.
  it.each([
    { name: "conv2d 9x9, 2x2, stride 3", f: (x: tf.Tensor4D) => tf.conv2d(x, fill([2, 2, 2, 3], 0.2) as tf.Tensor4D, 3, "same") },
    { name: "fused conv2d + bias + relu 9x9, 2x2, stride 3", f: (x: tf.Tensor4D) => tf.fused.conv2d({ x, filter: fill([2, 2, 2, 3], 0.2) as tf.Tensor4D, strides: 3, pad: "same", bias: fill([3], 1), activation: "relu" }) },
    { name: "depthwise 9x9, 2x2, stride 3", f: (x: tf.Tensor4D) => tf.depthwiseConv2d(x, fill([2, 2, 2, 1], 0.2) as tf.Tensor4D, 3, "same") },
  ])("$name", async ({ f }) => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => f(fill([1, 9, 9, 2], 0.5) as tf.Tensor4D)).data() as Promise<Float32Array>;
    };
    const cpu = await run("cpu");
    for (const backend of BACKENDS) expect([backend, relativeError(await run(backend), cpu) < TOLERANCE]).toEqual([backend, true]);
  });
});

describe("dense layer gradients equal the cpu backend's", () => {
  // While gradients are recorded tfjs runs fused.matMul as X·W, + b, ReLU; X·W and the gradients dY·Wᵀ and
  // Xᵀ·dY are small products that take cnnlab's SIMD matmul (here on the single-threaded build;
  // simd-matmul.test.ts runs it, and its fused bias and ReLU, on threads).
  it("128x84 · 84x10 + bias, ReLU (LeNet's output layer shape)", async () => {
    const grads = async (backend: string) => {
      await tf.setBackend(backend);
      const [x, w, b] = [fill([128, 84], 0.1), fill([84, 10], 0.7), fill([10], 1.9)];
      const f = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
        tf.fused.matMul({ a: xs as tf.Tensor2D, b: ws as tf.Tensor2D, bias: bs, activation: "relu" }).mul(fill([128, 10], 1.3)).sum();
      const gs = tf.grads(f)([x, w, b]);
      const out = await Promise.all(gs.map((g) => g.data() as Promise<Float32Array>));
      tf.dispose([x, w, b, ...gs]);
      return out;
    };
    const cpu = await grads("cpu");
    for (const backend of BACKENDS) {
      const got = await grads(backend);
      expect([backend, got.map((g, i) => relativeError(g, cpu[i]) < TOLERANCE)]).toEqual([backend, [true, true, true]]);
    }
  });
});

it("registering the wasm kernels twice adds nothing and keeps them working", () => {
  expect(registerWasmTrainingKernels()).toEqual([]);
  expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeDefined();
});
