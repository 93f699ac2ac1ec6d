/**
 * Conv2DBackpropFilter on wasm with cnnlab's own SIMD kernel (lib/simd/filter-grad.ts), on all
 * the backend's threads.
 *
 * The first version (conv2d-backprop-filter.ts) hands the filter gradient to XNNPACK as a
 * convolution of X with dY as the filter. dY is new at every step, so tfjs transposes it and
 * XNNPACK repacks it at every call, and the "convolution" has a 32x32 filter and a 3x3 output:
 * 2–4x the time of the forward convolution. The SIMD kernel computes
 *
 *   dW[kh, kw, ci, c] = Σ_{n, oh, ow} X[n, oh·sh + kh − padT, ow·sw + kw − padL, ci] · dY[n, oh, ow, c]
 *
 * directly on the tensors in the heap, as 4x8 outer products in registers (see the kernel's
 * comment). The (n, oh) rows are split into one fixed share per thread, each summed into its
 * own copy of dW; a thread takes shares until none are left (so one that starts late leaves its
 * share to another), and the copies are added here in share order: the same numbers whichever
 * thread ran which, so seeded training reproduces. ResNet-20's 128x32x32x16 layer: ~40 ms → ~9 ms on 2 threads.
 *
 * One case needs a copy first: X with padding and Ci not a multiple of 4 (a tile of 4 taps then
 * spans two kw, which the kernel cannot clip separately) is zero-padded spatially (LeNet's C1 and
 * ResNet's first layer: 1 and 3 channels, small). Anything else (NCHW, other dtypes) goes to the
 * previous kernel.
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { orWhy, simdPath } from "./kernel-paths";
import { SimdPool, runOnCounter } from "./simd-pool";
import { HeapBackend, KernelArgs, expectShape, heapOffset, runWasm, withTemps } from "./wasm-heap";

/** Floats of dY per chunk of rows that every tile of the kernel streams over (measured: 16K floats = 64 KiB). */
const CHUNK_FLOATS = 16384;

function filterGradSimd(args: KernelArgs, pool: SimdPool, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const backend = args.backend as HeapBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { filterShape } = attrsOf<tf.Conv2DBackpropFilterAttrs>(args);
  const [N, H, W, Ci] = x.shape;
  const { outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info;
  const Co = info.outChannels;
  const { top, left } = info.padInfo;
  const J = KW * Ci;
  return withTemps(backend, (keep) => {
    let X = x, Hx = H, Wx = W, padT = top, padL = left;
    if ((top > 0 || left > 0 || info.padInfo.bottom > 0 || info.padInfo.right > 0) && Ci % 4 !== 0) {
      const bottom = Math.max(0, (OH - 1) * sh + KH - H - top);
      const right = Math.max(0, (OW - 1) * sw + KW - W - left);
      X = keep(runWasm(tf.PadV2, backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 }));
      [Hx, Wx, padT, padL] = [H + top + bottom, W + left + right, 0, 0];
    }
    const size = KH * J * Co;
    // Share 0 is written straight into the result, the others into scratch.
    const dw = backend.makeOutput(filterShape, "float32");
    const scratch = pool.threads > 1 ? keep(backend.makeOutput([pool.threads - 1, size], "float32")) : undefined;
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_FLOATS / (OW * Co)));
    runOnCounter(backend, pool, "filterGrad", (counterAt) => [
      heapOffset(backend, X), heapOffset(backend, dy), heapOffset(backend, dw), scratch ? heapOffset(backend, scratch) : 0,
      Hx, Wx, Ci, OH, OW, Co, sh, sw, KH, KW, padT, padL, N * OH, pool.threads, rowsPerChunk, counterAt,
    ]);
    // Every share was computed (by one thread or another): add them in share order.
    if (scratch) {
      const out = backend.typedArrayFromHeap(dw) as Float32Array;
      const parts = backend.typedArrayFromHeap(scratch) as Float32Array;
      for (let p = 0; p < parts.length; p += size) for (let i = 0; i < size; i++) out[i] += parts[p + i];
    }
    return dw;
  });
}

/**
 * The convolution's geometry if the SIMD kernel handles this call (else the previous kernel does).
 * The kernel reads dY unchecked, as [N, OH, OW, Co]: a dY of another shape is an error here.
 */
function handles(args: KernelArgs): tf.backend_util.Conv2DInfo | undefined {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrsOf<tf.Conv2DBackpropFilterAttrs>(args);
  if (dataFormat === "NCHW" || x.dtype !== "float32" || dy.dtype !== "float32" || x.shape.length !== 4) return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, "channelsLast");
  expectShape(tf.Conv2DBackpropFilter, "dy", dy, [info.batchSize, info.outHeight, info.outWidth, info.outChannels], "the convolution's output");
  return info;
}

/** cnnlab's direct SIMD filter gradient: NHWC float32. */
export const simdFilterGrad = simdPath("simd-direct", orWhy(handles, "needs NHWC float32 x and dy of rank 4"), filterGradSimd);
