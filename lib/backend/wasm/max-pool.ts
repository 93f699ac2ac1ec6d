/** MaxPool: cnnlab's SIMD kernel, then XNNPACK. */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { simdMaxPool } from "../wasm-simd-max-pool";

export const maxPool: KernelModule = {
  kernelName: tf.MaxPool,
  paths: [simdMaxPool],
};
