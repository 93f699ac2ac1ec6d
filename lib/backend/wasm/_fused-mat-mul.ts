/**
 * _FusedMatMul (a dense layer's product, bias and activation): small products on cnnlab's SIMD matmul,
 * a large W through transposes, then XNNPACK.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule } from "../kernel-paths";
import { fusedMatMulLargeWeights } from "../wasm-faster-matmul";
import { simdFusedMatMul } from "../wasm-simd-matmul";

export const fusedMatMul: KernelModule = {
  kernelName: tf._FusedMatMul,
  paths: [simdFusedMatMul, fusedMatMulLargeWeights],
};
