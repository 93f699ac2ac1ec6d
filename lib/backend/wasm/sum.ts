/**
 * Sum: a bias gradient (over every axis but the last) on cnnlab's SIMD channel pass, then tfjs's
 * reduction.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { simdBiasGradient } from "../wasm-simd-channel-ops";

export const sum: KernelModule = {
  kernelName: tf.Sum,
  paths: [simdBiasGradient],
};
