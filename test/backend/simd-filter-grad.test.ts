/**
 * cnnlab's SIMD filter-gradient kernel on the wasm backend's threads (wasm-simd-filter-grad.ts,
 * simd-pool.ts): against the cpu backend (an independent implementation) within 1e-4 relative
 * error, as in gradients.test.ts: the kernel sums thousands of products in float32 (as XNNPACK
 * and PyTorch do), the cpu backend in float64, and these sums cancel (LeNet C1 here: terms up
 * to 1, result 0.16, float32 error 4e-6); the pool's shares, errors and lifetime. The table of conv2d gradient cases in
 * gradients.test.ts runs through the same kernel on the single-threaded build.
 */
import * as tf from "@tensorflow/tfjs";
import { SimdPool, createSimdPool, simdPoolOf } from "../../lib/backend/simd-pool";
import { expectClose } from "./close";
import { threadedSimdPool } from "./threaded-pool";

const TOLERANCE = 1e-4;
const fill = (shape: number[], phase: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)), shape);

/** dW of conv2d(x, w) for the upstream gradient fill(y.shape, 1.3), on `backend`. */
async function filterGradOn(backend: string, x: number[], k: number[], stride: number, pad: "same" | "valid"): Promise<Float32Array> {
  await tf.setBackend(backend);
  const dw = tf.tidy(() => {
    const X = fill(x, 0.1) as tf.Tensor4D;
    const dy = fill(tf.conv2d(X, fill(k, 0.7) as tf.Tensor4D, stride, pad).shape, 1.3) as tf.Tensor4D;
    return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: X, dy }, { strides: [stride, stride], pad, dataFormat: "NHWC", filterShape: k }) as tf.Tensor;
  });
  const data = (await dw.data()) as Float32Array;
  dw.dispose();
  return data;
}

let pool: SimdPool;

beforeAll(async () => {
  pool = await threadedSimdPool();
}, 60_000);

it("the pool has as many threads as the backend's XNNPACK pool", () => {
  const wasm = (tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } }).wasm;
  expect(pool.threads).toBe(wasm.tfjs.getThreadsCount());
  expect(simdPoolOf(tf.backend())).toBe(pool);
});

describe("filter gradients on the wasm backend's threads equal the cpu backend's", () => {
  it.each([
    { name: "ResNet-20 stage 1 (16 → 16, 3x3 same)", x: [8, 16, 16, 16], k: [3, 3, 16, 16], stride: 1, pad: "same" as const },
    { name: "ResNet-20 downsampling (16 → 32, stride 2 same)", x: [8, 16, 16, 16], k: [3, 3, 16, 32], stride: 2, pad: "same" as const },
    { name: "LeNet C1 (1 → 6, 5x5 valid: padded channels)", x: [8, 28, 28, 1], k: [5, 5, 1, 6], stride: 1, pad: "valid" as const },
    { name: "LeNet C3 (6 → 16, 5x5 valid: a tail of rows)", x: [8, 12, 12, 6], k: [5, 5, 6, 16], stride: 1, pad: "valid" as const },
    { name: "3 → 16 same (padded input, ResNet's first layer)", x: [4, 10, 10, 3], k: [3, 3, 3, 16], stride: 1, pad: "same" as const },
    { name: "one image, fewer rows than threads", x: [1, 3, 3, 4], k: [3, 3, 4, 8], stride: 2, pad: "valid" as const },
  ])("$name", async ({ x, k, stride, pad }) => {
    const cpu = await filterGradOn("cpu", x, k, stride, pad);
    const wasm = await filterGradOn("wasm", x, k, stride, pad);
    expectClose([wasm], [cpu], TOLERANCE);
  });
});

it("repeated calls give bit for bit the same filter gradient, whichever thread ran which share (seeded training reproduces)", async () => {
  const shape = { x: [32, 16, 16, 8], k: [3, 3, 8, 8] }; // 512 rows: many chunks in each share
  const cpu = await filterGradOn("cpu", shape.x, shape.k, 1, "same");
  const first = await filterGradOn("wasm", shape.x, shape.k, 1, "same");
  expectClose([first], [cpu], TOLERANCE);
  for (let i = 0; i < 20; i++) expect(await filterGradOn("wasm", shape.x, shape.k, 1, "same")).toEqual(first);
});

describe("the pool refuses bad calls with a message", () => {
  it("an unknown function", () => {
    expect(() => pool.runShared([{ fn: "noSuchKernel", args: [] }])).toThrow(/has no function "noSuchKernel"/);
  });
  it("a module that was not built", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    expect(() => createSimdPool("no-such-module", memory, 1)).toThrow(/no-such-module-unshared\.wasm is missing: build the package with "npm run build"/);
  });
  it("more shares than threads", () => {
    const shares = Array.from({ length: pool.threads + 1 }, () => ({ fn: "filterGrad", args: [] }));
    expect(() => pool.runShared(shares)).toThrow(new RegExp(`needs 1 to ${pool.threads} shares; got ${pool.threads + 1}`));
  });
});

it("disposing the backend closes its pool", async () => {
  tf.removeBackend("wasm");
  expect(() => pool.runShared([{ fn: "filterGrad", args: [] }])).toThrow(/closed with its backend/);
});
