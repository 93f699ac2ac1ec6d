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
import { attrsOf } from "./kernel-run";
import { simdPath } from "./kernel-paths";
import { HeapBackend, KernelArgs } from "./wasm-heap";

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

/** x + bias or bias + x, with bias broadcast along every axis but the last, when x is large enough for the pool. */
function biasAddPlan(args: KernelArgs): { x: tf.TensorInfo; bias: tf.TensorInfo; M: number; C: number } | string {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const [x, bias] = rowsOf(a) && a.shape.length >= b.shape.length ? [a, b] : [b, a];
  const rows = rowsOf(x);
  if (!rows) return `needs a float32 operand of rank >= 2 with at least ${MIN_CHANNEL_OP_SIZE} elements`;
  return x.shape.length >= bias.shape.length && isChannelVector(bias, rows.C) ? { x, bias, ...rows } : "the other operand is not one float32 value per channel";
}

export const simdBiasAdd = simdPath("simd-bias", biasAddPlan, (args, _pool, { x, bias, M, C }) => {
  const backend = args.backend as HeapBackend;
  const out = backend.makeOutput(x.shape, "float32");
  const D = Float32Array.from(backend.typedArrayFromHeap(bias) as Float32Array);
  poolChannelAffine(backend, out, x, new Float32Array(C).fill(1), undefined, undefined, D, C, M); // the pool is there: see simdPath
  return out;
});

/** A sum over every axis but the last, of a float32 tensor large enough for the pool. */
function biasGradientPlan(args: KernelArgs): { M: number; C: number } | string {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const rows = rowsOf(x);
  if (!rows) return `needs a float32 x of rank >= 2 with at least ${MIN_CHANNEL_OP_SIZE} elements`;
  const axes = tf.util.parseAxisParam(attrsOf<tf.SumAttrs>(args).axis, x.shape).sort((i, j) => i - j);
  return axes.length === x.shape.length - 1 && axes.every((ax, i) => ax === i) ? rows : "not a sum over every axis but the last";
}

export const simdBiasGradient = simdPath("simd-bias-gradient", biasGradientPlan, (args, _pool, { M, C }) => {
  const backend = args.backend as HeapBackend;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const rank = x.shape.length;
  const { sum } = poolChannelSums(backend, x, undefined, C, M) as { sum: Float64Array }; // the pool is there: see simdPath
  const shape = attrsOf<tf.SumAttrs>(args).keepDims ? [...Array(rank - 1).fill(1), C] : [C];
  return backend.makeOutput(shape, "float32", undefined, Float32Array.from(sum));
});
