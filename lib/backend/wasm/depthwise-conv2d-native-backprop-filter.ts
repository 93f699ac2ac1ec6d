/**
 * DepthwiseConv2dNativeBackpropFilter (tfjs-backend-wasm 4.22 has none): loops over typed arrays,
 * exact, not fast.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { depthwiseBackpropFilterLoops } from "../wasm-training-kernels";

export const depthwiseConv2dNativeBackpropFilter: KernelModule = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  paths: [depthwiseBackpropFilterLoops],
};
