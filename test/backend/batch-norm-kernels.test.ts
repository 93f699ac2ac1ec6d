/**
 * cnnlab's batchNormalization layer in training mode: on wasm it runs the fused kernels of
 * lib/backend/batch-norm-kernels.ts; on cpu (no such kernel) tfjs-layers' own composition of
 * moments and batchNorm. With channels a multiple of 4 the fused kernels' two passes run in
 * cnnlab's SIMD module on the backend's threads, else in JavaScript. Both must give the same outputs, gradients and running averages
 * (relative tolerance 1e-4: float64 sums against float32 ops).
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { initBackend } from "../../lib/backend";
import { expectClose as expectCloseWithin } from "./close";
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from "../../lib/backend/batch-norm-kernels";
import { batchNormalization } from "../../lib/layers/batch-norm";

const TOLERANCE = 1e-4;
const wave = (shape: number[], phase: number, scale = 1, shift = 0) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => shift + scale * Math.sin(0.37 * i + phase)), shape);

interface Run {
  values: Float32Array[];
  kernels: string[];
}

/**
 * One training-mode call, its gradients for x, gamma and beta (with `gradients`), then the
 * running averages; and the kernels the backend ran for the call and the gradient.
 */
async function trainingStep(backend: string, shape: number[], axis: number, gradients = true): Promise<Run> {
  await tf.setBackend(backend);
  const channels = shape[axis < 0 ? shape.length + axis : axis];
  const layer = batchNormalization({ axis, momentum: 0.9, epsilon: 1e-3 });
  const x = wave(shape, 0.3, 2, 0.5);
  layer.apply(x, { training: false }); // builds the weights
  layer.setWeights([wave([channels], 1, 0.5, 1), wave([channels], 2, 0.3), wave([channels], 3, 0.1), wave([channels], 4, 0.2, 1)]);
  const upstream = wave(shape, 5);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, upstream)) as tf.Scalar;
  const outputs: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    outputs.push(tf.keep(y));
    if (gradients) {
      outputs.push(tf.keep(tf.grad(loss)(x)));
      const { grads } = tf.variableGrads(() => loss(x), [gamma, beta]);
      outputs.push(tf.keep(grads[gamma.name]), tf.keep(grads[beta.name]));
    }
    return y;
  });
  // getWeights returns the variables themselves: read them, do not dispose them.
  const running = layer.getWeights().slice(2);
  const values = await Promise.all([...outputs, ...running].map((t) => t.data() as Promise<Float32Array>));
  tf.dispose([...outputs, x, upstream]);
  layer.dispose();
  return { values, kernels: profile.kernels.map((k) => k.name) };
}

const expectClose = (actual: Float32Array[], expected: Float32Array[]) => expectCloseWithin(actual, expected, TOLERANCE);

beforeAll(async () => {
  // The threaded build, as users get it: the SIMD passes (C a multiple of 4) run on its threads.
  await initBackend({ force: "wasm", verbose: false });
}, 60_000);

describe("batchNormalization in training mode, fused on wasm vs composed on cpu", () => {
  it.each([
    { name: "NHWC activations (conv layers)", shape: [4, 5, 6, 3] },
    { name: "a dense layer's [batch, features]", shape: [16, 10] },
    { name: "one position per channel and image (1x1 maps)", shape: [8, 1, 1, 4] },
    { name: "16 channels (ResNet's first stage: the SIMD passes), 400 rows (several blocks, split between threads)", shape: [4, 10, 10, 16] },
    { name: "8 channels, 147 rows (a block and a threads' share that end mid-way)", shape: [3, 7, 7, 8] },
  ])("$name: output, gradients of x, gamma and beta, running averages", async ({ shape }) => {
    const cpu = await trainingStep("cpu", shape, -1);
    const wasm = await trainingStep("wasm", shape, -1);
    expect(wasm.kernels).toEqual(expect.arrayContaining([BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD]));
    expect(cpu.kernels).not.toContain(BATCH_NORM_TRAINING);
    expectClose(wasm.values, cpu.values);
  });

  // Forward only: tfjs-layers' own gradient for channels-first batch norm fails on every backend
  // ("Size(300) must match the product of shape 1,4,1,1" in the mean's gradient, tfjs 4.22).
  it("channels first (axis 1) takes tfjs-layers' own path on wasm, with the same output and running averages", async () => {
    const cpu = await trainingStep("cpu", [3, 4, 5, 5], 1, false);
    const wasm = await trainingStep("wasm", [3, 4, 5, 5], 1, false);
    expect(wasm.kernels).not.toContain(BATCH_NORM_TRAINING);
    expectClose(wasm.values, cpu.values);
  });

  it("gives bit for bit the same values on every run (sums added in a fixed order, whichever thread ran which)", async () => {
    const first = await trainingStep("wasm", [8, 16, 16, 16], -1);
    for (let i = 0; i < 5; i++) expect((await trainingStep("wasm", [8, 16, 16, 16], -1)).values).toEqual(first.values);
  });

  it("leaves no tensors behind over repeated training calls", async () => {
    await tf.setBackend("wasm");
    const layer = batchNormalization({ axis: -1 });
    const x = wave([2, 3, 3, 4], 0.1);
    const step = () => tf.tidy(() => tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { training: true }) as tf.Tensor))(x)).dispose();
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    layer.dispose();
  });
});
