/**
 * BatchMatMul: small products on cnnlab's SIMD matmul; a large W through transposes XNNPACK does not
 * repack; a transposed operand transposed first (tfjs runs those in a naive loop); then XNNPACK.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { matMulWithoutTransposes } from "../wasm-faster-kernels";
import { matMulLargeWeights } from "../wasm-faster-matmul";
import { simdMatMul } from "../wasm-simd-matmul";

export const batchMatMul: KernelModule = {
  kernelName: tf.BatchMatMul,
  paths: [simdMatMul, matMulLargeWeights, matMulWithoutTransposes],
};
