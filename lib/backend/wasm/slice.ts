/** Slice: the slice copied through heap views (tfjs copies the whole input). */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { sliceHeapView } from "../wasm-faster-kernels";

export const slice: KernelModule = {
  kernelName: tf.Slice,
  paths: [sliceHeapView],
};
