/**
 * DepthwiseConv2dNativeBackpropInput (tfjs-backend-wasm 4.22 has none): loops over typed arrays,
 * exact, not fast.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { depthwiseBackpropInputLoops } from "../wasm-training-kernels";

export const depthwiseConv2dNativeBackpropInput: KernelModule = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  paths: [depthwiseBackpropInputLoops],
};
