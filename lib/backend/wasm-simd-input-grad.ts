/**
 * Conv2DBackpropInput on wasm as a matrix product and a scatter, image by image, with cnnlab's SIMD
 * kernel (lib/simd/input-grad.ts), on all the backend's threads:
 *
 *   cols = dY_n · Wᵀ  ([OH·OW, K] · [K, KH·KW·C]),   dX[n, p·sh + i − padT, q·sw + j − padL, :] += cols[p·OW + q, (i, j, :)]
 *
 * The path it stands in front of (wasm-faster-kernels.ts) convolves dY, dilated by the stride and
 * padded by the filter's size, with the rotated filter on XNNPACK: it multiplies every zero of the
 * dilation and padding too. The share of its work that reaches dX is OH·OW / (H·W): about 1/s² at
 * stride s, and less than one for 'valid' filters that are large against the image. This path
 * computes only that share, so it takes the cases where the share is at most 0.6 (measured on 2
 * threads against the path it replaces: LeNet's C3 input gradient, 10x10x16 → 14x14x6, 3.3 → 2.1 ms;
 * ResNet-20's stride-2 layers: 3x3 16 → 32 18 → 5.6 ms, 3x3 32 → 64 14 → 5.7 ms, the 1x1 shortcut
 * 6.6 → 0.9 ms; a 'same' stride-1 layer, share ~1, was slower and stays where it was). 3x3 stride-1
 * layers go to the Winograd kernel before this one.
 *
 * Each image's dX is written by one thread, in the same order whichever thread it is. Handled:
 * NHWC float32 and a per-image scratch of at most 2^20 floats (4 MiB per thread); anything else
 * goes to the kernel this replaces.
 */
import * as tf from "@tensorflow/tfjs";
import { orWhy, simdPath } from "./kernel-paths";
import { attrsOf } from "./kernel-run";
import { SimdPool, runOnCounter } from "./simd-pool";
import { HeapBackend, KernelArgs, heapOffset, runWasm, withTemps } from "./wasm-heap";

/** Take the case when at most this share of the padded convolution's work reaches dX. */
const MAX_USEFUL_SHARE = 0.6;
/** At most this many floats of cols per image (each thread has one such scratch). */
const MAX_COLS_FLOATS = 1 << 20;

function geometry(args: KernelArgs): tf.backend_util.Conv2DInfo | undefined {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrsOf<tf.Conv2DBackpropInputAttrs>(args);
  if (dataFormat === "NCHW" || dy.dtype !== "float32" || filter.dtype !== "float32" || dy.shape.length !== 4 || !inputShape) return undefined;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
  const { outHeight: OH, outWidth: OW, inHeight: H, inWidth: W, filterHeight: KH, filterWidth: KW, inChannels: C } = info;
  const fits = OH === dy.shape[1] && OW === dy.shape[2] && OH * OW <= MAX_USEFUL_SHARE * H * W && OH * OW * KH * KW * C <= MAX_COLS_FLOATS;
  return fits ? info : undefined;
}

function inputGradByCols(args: KernelArgs, pool: SimdPool, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const backend = args.backend as HeapBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { batchSize: N, outHeight: OH, outWidth: OW, outChannels: K, inHeight: H, inWidth: W, inChannels: C } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info;
  return withTemps(backend, (keep) => {
    const dx = backend.makeOutput(info.inShape, "float32");
    // W [KH, KW, C, K] is the matrix [KH·KW·C, K]; the product reads its transpose row by row.
    const rows = keep(runWasm(tf.Reshape, backend, { x: filter }, { shape: [KH * KW * C, K] }));
    const wt = keep(runWasm(tf.Transpose, backend, { x: rows }, { perm: [1, 0] }));
    const scratch = keep(backend.makeOutput([pool.threads, OH * OW * KH * KW * C], "float32"));
    runOnCounter(backend, pool, "convInputGrad", (counterAt) => [
      heapOffset(backend, dy), heapOffset(backend, wt), heapOffset(backend, dx), heapOffset(backend, scratch),
      N, OH, OW, K, H, W, C, KH, KW, sh, sw, info.padInfo.top, info.padInfo.left, counterAt,
    ]);
    return dx;
  });
}

export const colsInputGrad = simdPath("simd-product-scatter", orWhy(geometry,
  `needs NHWC float32, OH·OW at most ${MAX_USEFUL_SHARE} of H·W (else the padded convolution wastes little) and at most ${MAX_COLS_FLOATS} floats of cols per image`),
inputGradByCols);
