/**
 * installWasmKernels puts one dispatcher per kernel module in the registry and `uninstall()` puts
 * back exactly what tfjs-backend-wasm registered (the same kernel objects; nothing for the kernels
 * it lacks) and removes the gradients cnnlab added. Its own file: it changes the global registry.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { explainKernel, installWasmKernels, WASM_KERNEL_MODULES } from "../../lib/backend";
import { CONV2D_BIAS_RELU } from "../../lib/backend/conv-bias-relu-kernel";
import { BATCH_NORM_TRAINING } from "../../lib/backend/batch-norm-kernels";
import { ADAM_STEP, MOMENTUM_STEP } from "../../lib/backend/optimizer-step-kernels";
import { SCALED_TANH, SCALED_TANH_GRAD } from "../../lib/backend/scaled-tanh-kernel";
import { SUBSAMPLING, SUBSAMPLING_GRAD } from "../../lib/backend/subsampling-kernel";

const names = WASM_KERNEL_MODULES.map((m) => m.kernelName);

it("uninstall() restores tfjs's kernels and gradients; installing again works", async () => {
  const tfjs = new Map(names.map((name) => [name, tf.getKernel(name, "wasm")]));
  // tfjs-backend-wasm 4.22 has none of these twelve (cnnlab adds them), and has the other sixteen.
  expect(names.filter((name) => !tfjs.get(name))).toEqual([
    tf.Conv2DBackpropFilter, tf.DepthwiseConv2dNativeBackpropFilter, tf.DepthwiseConv2dNativeBackpropInput,
    BATCH_NORM_TRAINING, "CnnlabBatchNormTrainingGrad", CONV2D_BIAS_RELU,
    SCALED_TANH, SCALED_TANH_GRAD, ADAM_STEP, MOMENTUM_STEP, SUBSAMPLING, SUBSAMPLING_GRAD,
  ].filter((name) => names.includes(name)));

  const installation = installWasmKernels();
  expect(installWasmKernels()).toBe(installation);
  expect([...installation.kernels]).toEqual(names);
  for (const name of names) {
    const kernel = tf.getKernel(name, "wasm");
    expect(kernel).toBeDefined();
    expect(kernel).not.toBe(tfjs.get(name));
    // tfjs's setup and disposal of its kernel still run (they bind its wasm functions).
    expect(kernel?.setupFunc).toBe(tfjs.get(name)?.setupFunc);
  }
  expect(tf.getGradient(CONV2D_BIAS_RELU)).toBeDefined();
  expect(tf.getGradient(BATCH_NORM_TRAINING)).toBeDefined();
  expect(tf.getGradient(SCALED_TANH)).toBeDefined();

  installation.uninstall();
  for (const name of names) expect(tf.getKernel(name, "wasm")).toBe(tfjs.get(name));
  expect(tf.getGradient(CONV2D_BIAS_RELU)).toBeUndefined();
  expect(tf.getGradient(BATCH_NORM_TRAINING)).toBeUndefined();
  expect(tf.getGradient(SCALED_TANH)).toBeUndefined();
  expect(() => explainKernel(tf.Conv2D, {})).toThrow(/no kernel module for Conv2D/);

  // Installed again, the kernels train: a convolution's filter gradient on the wasm backend.
  const again = installWasmKernels();
  expect(again).not.toBe(installation);
  await tf.setBackend("wasm");
  const dw = tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, "valid")))(tf.ones([3, 3, 1, 2])));
  expect([...(await dw.data())]).toEqual(Array(18).fill(4));
  dw.dispose();
});
