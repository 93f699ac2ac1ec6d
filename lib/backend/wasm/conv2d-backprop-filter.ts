/**
 * Conv2DBackpropFilter (a convolution's filter gradient; tfjs-backend-wasm 4.22 has none): 3x3 and 5x5
 * stride-1 layers by the transposed Winograd algorithm, others by cnnlab's direct SIMD kernel, and
 * without the SIMD module a convolution on XNNPACK.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelModule, always, path } from "../kernel-paths";
import { simdFilterGrad } from "../wasm-simd-filter-grad";
import { winogradFilterGrad } from "../wasm-simd-winograd";
import { conv2DBackpropFilterVia } from "../conv2d-backprop-filter";

/** Built from wasm's own Slice, Transpose and Conv2D (XNNPACK): any geometry. */
const filterGradAsConv = path("transpose-then-xnnpack-conv", always, conv2DBackpropFilterVia("wasm"));

export const conv2dBackpropFilter: KernelModule = {
  kernelName: tf.Conv2DBackpropFilter,
  paths: [winogradFilterGrad, simdFilterGrad, filterGradAsConv],
};
