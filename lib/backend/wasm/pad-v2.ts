/** PadV2: a fill and contiguous runs (tfjs goes element by element). */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { padHeapView } from "../wasm-faster-kernels";

export const padV2: KernelModule = {
  kernelName: tf.PadV2,
  paths: [padHeapView],
};
