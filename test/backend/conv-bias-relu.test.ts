/**
 * cnnlab's conv2d layer with a bias and a ReLU: one kernel on wasm (conv-bias-relu-kernel.ts),
 * forward and gradients, against tfjs-layers' composed path (Conv2D, Add, Relu) on the cpu backend.
 * Tolerance 1e-5 of the largest |expected| value: the fused kernel adds the bias inside the
 * convolution's sums rather than after them (float32 rounding); a wrong mask or a missing bias
 * would be off by far more.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { CONV2D_BIAS_RELU, spreadTaps } from "../../lib/backend/conv-bias-relu-kernel";
import { conv2d, withSeed } from "../../lib/layers/factories";
import { expectClose } from "./close";

const TOLERANCE = 1e-5;
const fill = (shape: number[], phase: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)), shape);

type Case = {
  name: string;
  x: number[];
  layer: Parameters<typeof conv2d>[0];
  /** Whether the fused kernel runs (false: tfjs-layers' own path). */
  fused: boolean;
};

/** y, dL/dx, dL/dW, dL/db (L = Σ y ⊙ r for a fixed r) for the case on `backend`, and the kernels that ran. */
async function forwardAndGradients(backend: string, c: Case): Promise<{ values: Float32Array[]; kernels: string[] }> {
  await tf.setBackend(backend);
  const layer = withSeed(7, () => conv2d(c.layer));
  const x = fill(c.x, 0.3);
  layer.apply(x); // builds the weights
  const [kernel, bias] = layer.getWeights();
  let out: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    out = tf.tidy(() => {
      const y = layer.apply(x) as tf.Tensor;
      const r = fill(y.shape, 1.7);
      const loss = (xi: tf.Tensor) => tf.sum(tf.mul(layer.apply(xi) as tf.Tensor, r)) as tf.Scalar;
      const { grads } = tf.variableGrads(() => loss(x));
      const dx = tf.grad(loss)(x);
      return [y, dx, grads[(kernel as unknown as tf.Variable).name], ...(bias ? [grads[(bias as unknown as tf.Variable).name]] : [])];
    });
  });
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([...out, x]);
  layer.dispose();
  return { values, kernels: profile.kernels.map((k) => k.name) };
}

beforeAll(async () => {
  await initBackend({ force: "wasm", verbose: false });
}, 60_000);

const cases: Case[] = [
  { name: "LeNet's C1: 5x5 'same', 1 → 6 channels", x: [2, 12, 12, 1], layer: { filters: 6, kernelSize: 5, padding: "same", activation: "relu" }, fused: true },
  { name: "3x3 'valid' (Winograd underneath), 8 → 16 channels", x: [2, 7, 8, 8], layer: { filters: 16, kernelSize: 3, activation: "relu" }, fused: true },
  { name: "stride 2, 'same', 3 → 8 channels", x: [2, 9, 9, 3], layer: { filters: 8, kernelSize: 3, strides: 2, padding: "same", activation: "relu" }, fused: true },
  { name: "no activation (LeNet-5's C1: its tanh is a layer of its own), 5x5 'valid', 1 → 6 channels", x: [2, 12, 12, 1], layer: { filters: 6, kernelSize: 5 }, fused: true },
  { name: "fallback: no bias", x: [2, 6, 6, 4], layer: { filters: 8, kernelSize: 3, useBias: false, activation: "relu" }, fused: false },
  { name: "fallback: tanh", x: [2, 6, 6, 4], layer: { filters: 8, kernelSize: 3, activation: "tanh" }, fused: false },
  { name: "fallback: channels first", x: [2, 4, 6, 6], layer: { filters: 8, kernelSize: 3, dataFormat: "channelsFirst", activation: "relu" }, fused: false },
];

describe("conv2d with a bias and a ReLU on wasm, within 1e-5 of the composed path on the cpu backend", () => {
  it.each(cases)("$name", async (c) => {
    const cpu = await forwardAndGradients("cpu", c);
    const wasm = await forwardAndGradients("wasm", c);
    expectClose(wasm.values, cpu.values, TOLERANCE);
    expect(cpu.kernels).not.toContain(CONV2D_BIAS_RELU); // registered on wasm only
    expect(wasm.kernels.includes(CONV2D_BIAS_RELU)).toBe(c.fused);
    if (c.fused) expect(wasm.kernels).not.toContain(tf.Relu);
  });

  it.each(["relu", "linear"] as const)("computes no input gradient for a model's first layer (its input is an image, not a variable), activation %s", async (activation) => {
    await tf.setBackend("wasm");
    const layer = withSeed(3, () => conv2d({ filters: 6, kernelSize: 5, padding: "same", activation }));
    const x = fill([2, 12, 12, 1], 0.1);
    tf.dispose(layer.apply(x) as tf.Tensor); // builds the weights
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
    });
    const names = profile.kernels.map((k) => k.name);
    expect(names).toContain(tf.Conv2DBackpropFilter);
    expect(names).not.toContain(tf.Conv2DBackpropInput);
    tf.dispose(x);
    layer.dispose();
  });
});

describe("the kernel's gradient with dilations", () => {
  /**
   * Against the same function with the dilation written out: an undilated convolution with the
   * filter's taps spread apart by zeros (pad and slice, whose gradients tfjs has), on the cpu
   * backend, whose own conv2d gradient refuses dilations. Tolerance as above.
   */
  it.each([
    { name: "3x3, dilation 2, 'same'", x: [2, 9, 9, 4], filter: [3, 3, 4, 8], dilations: [2, 2] as [number, number], pad: "same" as const },
    { name: "3x2, dilations (2, 3), 'valid'", x: [2, 10, 11, 3], filter: [3, 2, 3, 5], dilations: [2, 3] as [number, number], pad: "valid" as const },
  ])("$name: dx, dW and db equal the spread filter's", async ({ x: xShape, filter: wShape, dilations, pad }) => {
    const gradients = async (backend: string, fused: boolean) => {
      await tf.setBackend(backend);
      const out = tf.tidy(() => {
        const [x, w, b] = [fill(xShape, 0.3), fill(wShape, 0.9), fill([wShape[3]], 2.1)];
        const f = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => {
          const y = fused
            ? (tf.engine().runKernel(CONV2D_BIAS_RELU, { x: xi, filter: wi, bias: bi }, { strides: [1, 1], pad, dilations }) as tf.Tensor)
            : tf.relu(tf.add(tf.conv2d(xi as tf.Tensor4D, spreadTaps(wi as tf.Tensor4D, ...dilations), 1, pad), bi));
          return tf.sum(tf.mul(y, fill(y.shape, 1.7)));
        };
        return tf.grads(f)([x, w, b]);
      });
      const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
      tf.dispose(out);
      return values;
    };
    expectClose(await gradients("wasm", true), await gradients("cpu", false), TOLERANCE);
  });
});
