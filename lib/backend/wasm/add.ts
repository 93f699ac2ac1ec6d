/** Add: a bias (one value per channel) on cnnlab's SIMD channel pass, then tfjs's broadcasting kernel. */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { simdBiasAdd } from "../wasm-simd-channel-ops";

export const add: KernelModule = {
  kernelName: tf.Add,
  paths: [simdBiasAdd],
};
