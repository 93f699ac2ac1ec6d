/**
 * DepthwiseConv2dNative: XNNPACK (tfjs's kernel), with explicit padding for the 'same' shapes it gets
 * wrong.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { samePadding } from "../wasm-training-kernels";

export const depthwiseConv2dNative: KernelModule = {
  kernelName: tf.DepthwiseConv2dNative,
  paths: [samePadding(tf.DepthwiseConv2dNative)],
};
