/**
 * FusedConv2D (a convolution with its bias and activation): as Conv2D, the Winograd kernel taking a
 * per-channel bias and a ReLU.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { winogradFusedConv2D } from "../wasm-simd-winograd";
import { samePadding } from "../wasm-training-kernels";

export const fusedConv2d: KernelModule = {
  kernelName: tf.FusedConv2D,
  paths: [winogradFusedConv2D, samePadding(tf.FusedConv2D)],
};
