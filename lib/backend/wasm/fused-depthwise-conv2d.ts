/**
 * FusedDepthwiseConv2D: XNNPACK (tfjs's kernel), with explicit padding for the 'same' shapes it gets
 * wrong.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { samePadding } from "../wasm-training-kernels";

export const fusedDepthwiseConv2d: KernelModule = {
  kernelName: tf.FusedDepthwiseConv2D,
  paths: [samePadding(tf.FusedDepthwiseConv2D)],
};
