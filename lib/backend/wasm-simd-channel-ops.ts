/**
 * A layer's bias on wasm, in cnnlab's SIMD module on the backend's threads:
 *
 *   Add   x[..., c] + bias[c]                 (the forward pass of a conv or dense layer whose
 *                                              activation keeps tfjs from fusing the bias)
 *   Sum   Σ over every axis but the last       (the bias gradient: Σ_{n, h, w} dY[n, h, w, c])
 *
 * tfjs-backend-wasm runs both as generic broadcasting / reduction loops: ~1 ms each for LeNet's
 * first layer (128x28x28x6), against ~0.1 ms here. Other shapes and dtypes, and small tensors
 * (where a call on the pool costs more than it saves), go to the original kernels.
 */
import * as tf from "@tensorflow/tfjs";
import { poolChannelAffine, poolChannelSums } from "./simd-channel-passes";
import { HeapBackend, KernelArgs, patchWasmKernel } from "./wasm-kernel-patch";

/** Below this many elements the original kernels are as fast (measured: a pool call costs ~20–50 µs). */
export const MIN_CHANNEL_OP_SIZE = 1 << 14;

/** [M, C] when `x` is a float32 tensor of rank ≥ 2 large enough for the pool, else undefined. */
function rowsOf(x: tf.TensorInfo): { M: number; C: number } | undefined {
  const size = tf.util.sizeFromShape(x.shape);
  if (x.dtype !== "float32" || x.shape.length < 2 || size < MIN_CHANNEL_OP_SIZE) return undefined;
  const C = x.shape[x.shape.length - 1];
  return C > 0 ? { M: size / C, C } : undefined;
}

/** Whether `b` is a per-channel vector for `x`: C values, every other axis of length 1. */
function isChannelVector(b: tf.TensorInfo, C: number): boolean {
  return b.dtype === "float32" && b.shape[b.shape.length - 1] === C && tf.util.sizeFromShape(b.shape) === C;
}

function addBias(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as HeapBackend;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    // x + bias or bias + x, with bias broadcast along every axis but the last
    const [x, bias] = rowsOf(a) && a.shape.length >= b.shape.length ? [a, b] : [b, a];
    const rows = rowsOf(x);
    if (!rows || x.shape.length < bias.shape.length || !isChannelVector(bias, rows.C)) return original(args);
    const out = backend.makeOutput(x.shape, "float32");
    const D = Float32Array.from(backend.typedArrayFromHeap(bias) as Float32Array);
    if (!poolChannelAffine(backend, out, x, new Float32Array(rows.C).fill(1), undefined, undefined, D, rows.C, rows.M)) {
      backend.disposeData(out.dataId);
      return original(args);
    }
    return out;
  };
}

function sumOverLeadingAxes(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as HeapBackend;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rows = rowsOf(x);
    const rank = x.shape.length;
    const axes = rows ? tf.util.parseAxisParam(axis, x.shape).sort((i, j) => i - j) : [];
    if (!rows || axes.length !== rank - 1 || axes.some((ax, i) => ax !== i)) return original(args);
    const sums = poolChannelSums(backend, x, undefined, rows.C, rows.M);
    if (!sums) return original(args);
    const shape = keepDims ? [...Array(rank - 1).fill(1), rows.C] : [rows.C];
    return backend.makeOutput(shape, "float32", undefined, Float32Array.from(sums.sum));
  };
}

/** Puts the SIMD bias add and bias-gradient sum in front of wasm's Add and Sum; the kernels patched. */
export function registerWasmSimdChannelOps(): string[] {
  const patched: string[] = [];
  if (patchWasmKernel(tf.Add, "simd-bias", addBias)) patched.push(tf.Add);
  if (patchWasmKernel(tf.Sum, "simd-bias-gradient", sumOverLeadingAxes)) patched.push(tf.Sum);
  return patched;
}
