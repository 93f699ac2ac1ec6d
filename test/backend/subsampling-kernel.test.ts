/**
 * LeNet-5's trainable subsampling layer on wasm, where the mean, coefficient and bias are one
 * kernel and their gradients another (subsampling-kernel.ts), against the same layer on the cpu
 * backend, where it runs as tfjs ops (AvgPool, Mul, Add and their gradients): output and the
 * gradients for x, the coefficients and the biases. Tolerance 1e-5 of the largest |expected|
 * value: the kernels sum in double precision and round once, the ops round after each float32
 * step, and the coefficient's and bias's gradients are sums of N·OH·OW terms (~2^-24·√terms
 * relative apart); a dropped window row or a wrong 1/p² would be off by 0.1 or more.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { explainKernel } from "../../lib/backend/kernel-paths";
import { SUBSAMPLING, SUBSAMPLING_GRAD } from "../../lib/backend/subsampling-kernel";
import { SquashName } from "../../lib/layers/activations";
import { trainableSubsampling } from "../../lib/layers/subsampling";
import { expectClose } from "./close";

const TOLERANCE = 1e-5;
const fill = (shape: number[], phase: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)), shape);

/** y, dL/dx, dL/dcoefficient, dL/dbias (L = Σ y ⊙ r) on `backend`, and the kernels that ran. */
async function forwardAndGradients(backend: string, shape: number[], poolSize: number, activation: SquashName) {
  await tf.setBackend(backend);
  const layer = trainableSubsampling({ poolSize, activation });
  const x = fill(shape, 0.3);
  layer.apply(x); // builds the weights
  const C = shape[3];
  layer.setWeights([fill([C], 1.9).add(1.2), fill([C], 2.6).mul(0.5)]); // coefficients away from 1, biases away from 0
  const [coefficient, bias] = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  let out: tf.Tensor[] = [];
  const before = tf.memory().numTensors;
  const profile = await tf.profile(() => {
    out = tf.tidy(() => {
      const y = layer.apply(x) as tf.Tensor;
      const r = fill(y.shape, 1.7);
      const loss = () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)) as tf.Scalar;
      const { grads } = tf.variableGrads(loss, [coefficient, bias]);
      const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(layer.apply(xi) as tf.Tensor, r)))(x);
      return [y, dx, grads[coefficient.name], grads[bias.name]];
    });
  });
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(out);
  expect(tf.memory().numTensors).toBe(before); // nothing left behind, the gradient outputs nobody asked for included
  x.dispose();
  layer.dispose();
  return { values, kernels: profile.kernels.map((k) => k.name) };
}

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
}, 60_000);

describe("trainable subsampling on wasm, within 1e-5 of the ops on cpu", () => {
  it.each<[string, number[], number, SquashName]>([
    ["LeNet-5's S2: 28x28x6, 2x2, scaled tanh", [2, 28, 28, 6], 2, "scaledTanh"],
    ["S4: 10x10x16, 2x2, linear", [3, 10, 10, 16], 2, "linear"],
    ["odd sides (the last row and column in no window), 3x3 windows, sigmoid", [2, 10, 11, 3], 3, "sigmoid"],
  ])("%s", async (_name, shape, poolSize, activation) => {
    const cpu = await forwardAndGradients("cpu", shape, poolSize, activation);
    const wasm = await forwardAndGradients("wasm", shape, poolSize, activation);
    expectClose(wasm.values, cpu.values, TOLERANCE);
    expect(wasm.kernels).toEqual(expect.arrayContaining([SUBSAMPLING, SUBSAMPLING_GRAD]));
    expect(wasm.kernels).not.toContain(tf.AvgPool);
    expect(cpu.kernels).not.toContain(SUBSAMPLING); // registered on wasm only: cpu keeps the ops
    expect(cpu.kernels).toContain(tf.AvgPool);
  });

  it("says which path it takes, and declines what it cannot run", async () => {
    await tf.setBackend("wasm");
    const [x, c, c5] = [tf.ones([1, 4, 4, 6]), tf.ones([6]), tf.ones([5])];
    expect(explainKernel(SUBSAMPLING, { x, coefficient: c, bias: c }, { poolSize: 2 }).path).toBe("loop");
    expect(explainKernel(SUBSAMPLING, { x, coefficient: c5, bias: c }, { poolSize: 2 }).text).toMatch(/runs on none \(not loop: needs a float32 x \[N, H, W, C\]/);
    expect(explainKernel(SUBSAMPLING_GRAD, { dy: tf.ones([1, 3, 3, 6]), x, coefficient: c }, { poolSize: 2 }).path).toBe("none");
    tf.dispose([x, c, c5]);
  });
});
