/**
 * LeNet-5's scaled tanh f(a) = 1.7159·tanh(2a/3) as one kernel on wasm, and its gradient from the
 * output (scaled-tanh-kernel.ts), against the composed tfjs ops (Mul, Tanh, Mul and their
 * gradients) on the cpu backend. Tolerance 1e-5 of the largest |expected| value: the kernel
 * computes in double precision and rounds once, the ops round after each of 3 (forward) and ~5
 * (gradient) float32 steps, each off by at most 2^-24 relative (~6e-8), so they agree to well
 * under 1e-6; a wrong constant or derivative would be off by 1e-2 or more.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { explainKernel } from "../../lib/backend/kernel-paths";
import { SCALED_TANH, SCALED_TANH_GRAD } from "../../lib/backend/scaled-tanh-kernel";
import { scaledTanh } from "../../lib/layers/activations";
import { expectClose } from "./close";

const TOLERANCE = 1e-5;
const fill = (shape: number[], phase: number, scale: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => scale * Math.sin(0.37 * i + phase)), shape);

/** f(x) and d(Σ f(x)·r)/dx on `backend`, and the kernels that ran. */
async function valueAndGrad(backend: string, shape: number[]): Promise<{ values: Float32Array[]; kernels: string[] }> {
  await tf.setBackend(backend);
  let out: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    out = tf.tidy(() => {
      const x = fill(shape, 0.3, 3); // |a| up to 3: the saturating part of the curve too
      const r = fill(shape, 1.1, 1);
      const y = scaledTanh(x);
      const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(scaledTanh(xi), r)))(x);
      return [y, dx];
    });
  });
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(out);
  return { values, kernels: profile.kernels.map((k) => k.name) };
}

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
}, 60_000);

describe("the scaled tanh in one kernel on wasm, within 1e-5 of the composed ops on cpu", () => {
  it.each([
    ["LeNet-5's C1 output", [2, 28, 28, 6]],
    ["F6 (a matrix)", [3, 84]],
    ["7 elements (no multiple of 4)", [7]],
  ])("%s", async (_name, shape) => {
    const before = tf.memory().numTensors;
    const cpu = await valueAndGrad("cpu", shape as number[]);
    const wasm = await valueAndGrad("wasm", shape as number[]);
    expectClose(wasm.values, cpu.values, TOLERANCE);
    expect(wasm.kernels).toEqual(expect.arrayContaining([SCALED_TANH, SCALED_TANH_GRAD]));
    expect(wasm.kernels).not.toContain(tf.Tanh);
    expect(cpu.kernels).not.toContain(SCALED_TANH); // registered on wasm only: cpu keeps the ops
    expect(cpu.kernels).toContain(tf.Tanh);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("says which path it takes, and declines what it cannot run", async () => {
    await tf.setBackend("wasm");
    const x = tf.ones([4]);
    const i = tf.ones([4], "int32");
    expect(explainKernel(SCALED_TANH, { x }, { amplitude: 1.7159, slope: 2 / 3 }).path).toBe("loop");
    expect(explainKernel(SCALED_TANH, { x: i }).text).toMatch(/runs on none \(not loop: needs a float32 x\)/);
    expect(explainKernel(SCALED_TANH_GRAD, { dy: x, y: tf.ones([5]) }).path).toBe("none");
    tf.dispose([x, i]);
  });
});
