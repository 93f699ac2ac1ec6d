/** MaxPoolGrad: cnnlab's SIMD kernel, then the same routing in JavaScript, then tfjs's kernel. */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { maxPoolGradArgMax } from "../wasm-faster-kernels";
import { simdMaxPoolGrad } from "../wasm-simd-max-pool";

export const maxPoolGrad: KernelModule = {
  kernelName: tf.MaxPoolGrad,
  paths: [simdMaxPoolGrad, maxPoolGradArgMax],
};
