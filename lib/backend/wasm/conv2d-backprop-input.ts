/**
 * Conv2DBackpropInput (a convolution's input gradient): 3x3 and 5x5 stride-1 layers on the Winograd
 * kernel; where the padded convolution would mostly multiply zeros (stride 2, large 'valid' filters) a
 * product and a scatter; else a convolution of the dilated dY on XNNPACK; last tfjs's naive loop.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { inputGradAsConv } from "../wasm-faster-kernels";
import { colsInputGrad } from "../wasm-simd-input-grad";
import { winogradInputGrad } from "../wasm-simd-winograd";
import { samePadding } from "../wasm-training-kernels";

export const conv2dBackpropInput: KernelModule = {
  kernelName: tf.Conv2DBackpropInput,
  paths: [winogradInputGrad, colsInputGrad, inputGradAsConv, samePadding(tf.Conv2DBackpropInput)],
};
