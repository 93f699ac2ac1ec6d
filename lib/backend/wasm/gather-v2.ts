/** GatherV2: contiguous runs through heap views (tfjs goes element by element). */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { gatherHeapView } from "../wasm-faster-kernels";

export const gatherV2: KernelModule = {
  kernelName: tf.GatherV2,
  paths: [gatherHeapView],
};
