/** The ladder's smoke test: passes on a working backend without leaking, and catches a broken gradient kernel. */
import * as tf from "@tensorflow/tfjs";
import { convGradientSmokeTest } from "../../lib/backend";

beforeAll(async () => {
  await tf.setBackend("cpu");
  (tf.backend() as tf.KernelBackend & { firstUse?: boolean }).firstUse = false; // no "install tfjs-node" banner
});

it("passes on the cpu backend and leaks no tensors", async () => {
  const before = tf.memory().numTensors;
  await expect(convGradientSmokeTest()).resolves.toBeUndefined();
  expect(tf.memory().numTensors).toBe(before);
});

it.each([
  { name: "NaN filter gradient", fill: Number.NaN, error: "filter gradient is not finite" },
  { name: "zero filter gradient", fill: 0, error: "one gradient step did not lower the loss" },
])("fails on a backend whose Conv2DBackpropFilter gives a $name, and leaks nothing", async ({ fill, error }) => {
  const own = tf.getKernel(tf.Conv2DBackpropFilter, "cpu") as tf.KernelConfig;
  tf.unregisterKernel(tf.Conv2DBackpropFilter, "cpu");
  tf.registerKernel({
    kernelName: tf.Conv2DBackpropFilter, backendName: "cpu",
    kernelFunc: ({ attrs, backend }) => {
      const shape = (attrs as unknown as { filterShape: number[] }).filterShape;
      const cpu = backend as tf.KernelBackend & { makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo };
      return cpu.makeTensorInfo(shape, "float32", new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill));
    },
  });
  const before = tf.memory().numTensors;
  try {
    await expect(convGradientSmokeTest()).rejects.toThrow(error);
    expect(tf.memory().numTensors).toBe(before);
  } finally {
    tf.unregisterKernel(tf.Conv2DBackpropFilter, "cpu");
    tf.registerKernel(own);
  }
});
