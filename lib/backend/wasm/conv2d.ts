/**
 * Conv2D: 3x3 and 5x5 stride-1 layers on cnnlab's Winograd kernel, then XNNPACK (tfjs's kernel), with
 * explicit padding for the 'same' shapes XNNPACK gets wrong.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { winogradConv2D } from "../wasm-simd-winograd";
import { samePadding } from "../wasm-training-kernels";

export const conv2d: KernelModule = {
  kernelName: tf.Conv2D,
  paths: [winogradConv2D, samePadding(tf.Conv2D)],
};
