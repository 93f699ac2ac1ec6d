/**
 * 3x3 and 5x5 stride-1 convolutions on wasm by Winograd's F(2x2, 3x3) (lib/simd/winograd.ts), on
 * all the backend's threads: the forward pass (Conv2D, and FusedConv2D with a per-channel bias and
 * no activation or ReLU), the filter gradient (Conv2DBackpropFilter, by the transposed algorithm;
 * see the kernel) and the input gradient (Conv2DBackpropInput), which is itself a stride-1
 * convolution of dY with the filter rotated by 180° and its channel axes swapped (K x K filter):
 *
 *   dX[n, h, w, c] = Σ_{i, j, k} dY[n, h + i − (K − 1 − top), w + j − (K − 1 − left), k] · W[K − 1 − i, K − 1 − j, c, k]
 *
 * The kernel multiplies 16 instead of 36 times per 2x2 output tile and channel pair; XNNPACK's
 * direct convolution is already near the peak of 128-bit WebAssembly SIMD, so fewer
 * multiplications is what is left to gain. A 5x5 filter is run as four 3x3 parts (see PARTS):
 * 64 instead of 100 multiplications. Measured on 2 threads (same machine, medians):
 * - forward, against XNNPACK: ResNet-20's 128x32x32x16 layer 12.7 → 6.3 ms, 128x8x8x64 9.6 →
 *   5.0 ms; AlexNet's 32x12x12x384 → 384 202 → 86 ms, its 5x5 32x26x26x96 → 256 ~440 → ~290 ms;
 * - input gradient: that 5x5 layer ~455 → ~295 ms;
 * - filter gradient, against cnnlab's direct SIMD kernel (wasm-simd-filter-grad.ts): ResNet-20's 16
 *   channels about even, 64 channels ~16 → ~8 ms, AlexNet's 384 → 384 ~360 → ~125 ms, the 5x5
 *   layer ~500 → ~330–440 ms.
 *
 * The error is that of float32 Winograd: about 1e-6 of the output's largest value (the tests
 * compare with the cpu backend's direct sums). A NaN or ±∞ in X reaches every output of its 2x2
 * tiles (the transforms mix the whole 4x4 patch), where a direct convolution keeps it to the
 * outputs whose window holds it; training is lost either way.
 *
 * The filter is transformed once per call and part (U = G g Gᵀ, read in place, rotated or not,
 * through strides), then the tiles go a block at a time through each thread's scratch. Every
 * output is written by one thread only, so results do not depend on the threads' timing.
 *
 * Handled: NHWC float32, 3x3 and 5x5 filters, stride 1, dilation 1, any padding, input channels a
 * multiple of 4 and output channels a multiple of 8 (every 3x3 layer of the course's ResNets, VGG
 * and AlexNet, and AlexNet's 5x5; not a first layer on 1 or 3 channels, nor LeNet's 6 → 16).
 * Anything else goes to the kernel this replaces.
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { orWhy, simdPath } from "./kernel-paths";
import { SimdPool, runOnCounter } from "./simd-pool";
import { HeapBackend, KernelArgs, heapOffset, runWasm, withTemps } from "./wasm-heap";

/** Where the kernel reads the 3x3 filter of channel pair (a, b): W[base + i·si + j·sj + a·sa + b·sb], in floats. */
type FilterView = { base: number; si: number; sj: number; sa: number; sb: number };

/**
 * The 3x3 parts of a K x K filter (K = 3: itself; K = 5: the four 3x3 blocks of the filter padded
 * to 6x6 with zeros, at tap offsets (3a, 3b)), and how many of each part's rows and columns lie in
 * the K x K filter. A 5x5 convolution is the sum of four 3x3 ones, each reading the input 3a rows
 * and 3b columns further: 4·16 = 64 multiplications per 2x2 tile and channel pair instead of 100.
 */
type Part = { a: number; b: number; rows: number; cols: number };
const PARTS: Readonly<Record<number, readonly Part[]>> = {
  3: [{ a: 0, b: 0, rows: 3, cols: 3 }],
  5: [{ a: 0, b: 0, rows: 3, cols: 3 }, { a: 0, b: 1, rows: 3, cols: 2 }, { a: 1, b: 0, rows: 2, cols: 3 }, { a: 1, b: 1, rows: 2, cols: 2 }],
};
/** The filter's size as the parts read it: 3, or 6 for a 5x5 filter padded with a row and a column of zeros. */
const paddedSize = (K: number) => (K === 3 ? 3 : 6);

/** Tiles per block: the scratch (16·block·(Ci + Co) floats) stays in L1/L2 for few channels; large ones need more tiles per read of U (measured). */
function tilesPerBlock(Ci: number, Co: number): number {
  return Ci + Co <= 128 ? 16 : Math.max(16, Math.floor(16384 / (Ci + Co)) & ~3);
}

/** A filter of K x K taps padded to paddedSize(K): zeros after (`lead` false) or before (true) the taps. */
function padFilter(backend: HeapBackend, keep: (t: tf.TensorInfo) => tf.TensorInfo, filter: tf.TensorInfo, lead: boolean): tf.TensorInfo {
  const K = filter.shape[0];
  if (K === 3) return filter;
  const pad: [number, number] = lead ? [1, 0] : [0, 1];
  return keep(runWasm(tf.PadV2, backend, { x: filter }, { paddings: [pad, pad, [0, 0], [0, 0]], constantValue: 0 }));
}

type WinogradCall = {
  x: tf.TensorInfo; filter: tf.TensorInfo; K: number; view: (part: Part) => FilterView; bias?: tf.TensorInfo; relu: boolean;
  outShape: number[]; padT: number; padL: number;
};

/** Y = act(Σ_parts conv3x3(X shifted by the part's offset, the part's filter) + bias): one filter transform and one convolution per part. */
function winograd(backend: HeapBackend, pool: SimdPool, call: WinogradCall): tf.TensorInfo {
  const { x, filter, K, view, bias, relu, outShape, padT, padL } = call;
  const [N, H, W, Ci] = x.shape;
  const [, OH, OW, Co] = outShape;
  const block = tilesPerBlock(Ci, Co);
  const parts = PARTS[K];
  return withTemps(backend, (keep) => {
    const y = backend.makeOutput(outShape, "float32");
    const u = keep(backend.makeOutput([16, Ci, Co], "float32"));
    const scratch = keep(backend.makeOutput([pool.threads, 16 * block * (Ci + Co)], "float32"));
    parts.forEach((part, k) => {
      const v = view(part);
      const last = k === parts.length - 1;
      runOnCounter(backend, pool, "winogradFilter", (counterAt) => [
        heapOffset(backend, filter) + 4 * v.base, heapOffset(backend, u), Ci, Co, v.si, v.sj, v.sa, v.sb, counterAt,
      ]);
      runOnCounter(backend, pool, "winogradConv", (counterAt) => [
        heapOffset(backend, x), heapOffset(backend, u), heapOffset(backend, y), bias && last ? heapOffset(backend, bias) : 0,
        relu && last ? 1 : 0, k > 0 ? 1 : 0, heapOffset(backend, scratch), N, H, W, Ci, OH, OW, Co, padT - 3 * part.a, padL - 3 * part.b, block, counterAt,
      ]);
    });
    return y;
  });
}

/** Whether the kernels take a convolution of this geometry: a 3x3 or 5x5 filter at stride 1, no dilation, channel counts that fill its vectors. */
function fits(info: tf.backend_util.Conv2DInfo, inChannels: number, outChannels: number): boolean {
  return info.filterHeight === info.filterWidth && PARTS[info.filterHeight] !== undefined && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 && inChannels % 4 === 0 && outChannels % 8 === 0;
}

/** The forward convolution's geometry, if the kernel handles it. */
function forwardInfo(args: KernelArgs): tf.backend_util.Conv2DInfo | undefined {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrsOf<tf.Conv2DAttrs>(args);
  if (dataFormat === "NCHW" || x.dtype !== "float32" || filter.dtype !== "float32" || x.shape.length !== 4) return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number], strides, dilations ?? 1, pad, dimRoundingMode);
  return fits(info, info.inChannels, info.outChannels) ? info : undefined;
}

function conv2dWinograd(args: KernelArgs, pool: SimdPool, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const backend = args.backend as HeapBackend;
  const { x, filter, bias } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
  const { inChannels: Ci, outChannels: Co, filterHeight: K } = info;
  const Kp = paddedSize(K);
  return withTemps(backend, (keep) => winograd(backend, pool, {
    // Part (a, b) of W [Kp, Kp, Ci, Co] starts at tap (3a, 3b).
    x, filter: padFilter(backend, keep, filter, false), K, view: ({ a, b }) => ({ base: (3 * a * Kp + 3 * b) * Ci * Co, si: Kp * Ci * Co, sj: Ci * Co, sa: Co, sb: 1 }),
    bias, relu: attrsOf<Partial<tf.FusedConv2DAttrs>>(args).activation === "relu", outShape: info.outShape, padT: info.padInfo.top, padL: info.padInfo.left,
  }));
}

/** FusedConv2D's geometry, if the kernel handles it: a bias of one value per output channel (or none), and no activation or ReLU. */
function fusedForwardInfo(args: KernelArgs): tf.backend_util.Conv2DInfo | undefined {
  const { bias, preluActivationWeights } = args.inputs as { bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
  const { activation } = attrsOf<tf.FusedConv2DAttrs>(args);
  const info = forwardInfo(args);
  if (!info || preluActivationWeights || !(activation === undefined || activation === "linear" || activation === "relu")) return undefined;
  return bias === undefined || (bias.dtype === "float32" && tf.util.sizeFromShape(bias.shape) === info.outChannels) ? info : undefined;
}

/** The input gradient's geometry (of the forward convolution), if the kernel handles it. */
function backpropInputInfo(args: KernelArgs): tf.backend_util.Conv2DInfo | undefined {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrsOf<tf.Conv2DBackpropInputAttrs>(args);
  if (dataFormat === "NCHW" || dy.dtype !== "float32" || filter.dtype !== "float32" || dy.shape.length !== 4 || !inputShape) return undefined;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
  // The convolution that computes dX reads dY's channels (the forward output channels) as its input.
  return fits(info, info.outChannels, info.inChannels) && info.outHeight === dy.shape[1] && info.outWidth === dy.shape[2] ? info : undefined;
}

function backpropInputWinograd(args: KernelArgs, pool: SimdPool, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const backend = args.backend as HeapBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { inChannels: C, outChannels: K, filterHeight: KH } = info;
  const Kp = paddedSize(KH);
  // The rotated filter W'[i, j, k, c] = W[KH − 1 − i, KH − 1 − j, c, k]. With W padded by a leading
  // row and column of zeros (5x5 → 6x6), W' padded after its taps is read backwards from tap
  // (Kp − 1, Kp − 1): part (a, b) pair (k, c) starts at W[Kp − 1 − 3a, Kp − 1 − 3b, c, k].
  const view = ({ a, b }: Part) => ({ base: ((Kp - 1 - 3 * a) * Kp + (Kp - 1 - 3 * b)) * C * K, si: -Kp * C * K, sj: -C * K, sa: 1, sb: K });
  return withTemps(backend, (keep) => winograd(backend, pool, {
    x: dy, filter: padFilter(backend, keep, filter, true), K: KH, view, relu: false, outShape: info.inShape,
    padT: KH - 1 - info.padInfo.top, padL: KH - 1 - info.padInfo.left,
  }));
}

/** Tiles per block for the filter gradient, whose sums are loaded and stored once per block: more tiles than the forward pass (measured). */
function gradTilesPerBlock(Ci: number, Co: number): number {
  return Ci + Co <= 128 ? 32 : Math.max(32, Math.floor(32768 / (Ci + Co)) & ~3);
}

/** The filter gradient's geometry, if the kernel handles it. */
function backpropFilterInfo(args: KernelArgs): tf.backend_util.Conv2DInfo | undefined {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrsOf<tf.Conv2DBackpropFilterAttrs>(args);
  if (dataFormat === "NCHW" || x.dtype !== "float32" || dy.dtype !== "float32" || x.shape.length !== 4 || dy.shape.length !== 4) return undefined;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
  return fits(info, info.inChannels, info.outChannels) && info.outHeight === dy.shape[1] && info.outWidth === dy.shape[2] ? info : undefined;
}

/**
 * dW by the transposed F(2x2, 3x3) (see winogradFilterGrad), one 3x3 block of dW per part: the
 * tiles are split into one fixed share per thread, each summed into its own 16 planes, and the planes
 * are added in share order before the output transform: the same numbers whichever thread ran
 * which, as for the direct kernel.
 */
function backpropFilterWinograd(args: KernelArgs, pool: SimdPool, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const backend = args.backend as HeapBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const [N, H, W, Ci] = x.shape;
  const { outHeight: OH, outWidth: OW, outChannels: Co, filterWidth: KW } = info;
  const block = gradTilesPerBlock(Ci, Co);
  const shares = pool.threads;
  return withTemps(backend, (keep) => {
    const dw = backend.makeOutput(info.filterShape, "float32");
    const sums = keep(backend.makeOutput([shares, 16, Ci, Co], "float32"));
    const scratch = keep(backend.makeOutput([pool.threads, 16 * block * (Ci + Co)], "float32"));
    for (const { a, b, rows, cols } of PARTS[KW]) {
      runOnCounter(backend, pool, "winogradFilterGrad", (counterAt) => [
        heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, sums), heapOffset(backend, scratch),
        N, H, W, Ci, OH, OW, Co, info.padInfo.top - 3 * a, info.padInfo.left - 3 * b, block, shares, counterAt,
      ]);
      runOnCounter(backend, pool, "winogradFilterGradOut", (counterAt) => [
        heapOffset(backend, sums), shares, heapOffset(backend, dw) + 4 * (3 * a * KW + 3 * b) * Ci * Co, Ci, Co, KW, rows, cols, counterAt,
      ]);
    }
    return dw;
  });
}

/** The geometry the Winograd kernels take. */
const FITS = "needs NHWC float32, a 3x3 or 5x5 filter, stride 1, no dilation, input channels a multiple of 4 and output channels a multiple of 8";

export const winogradConv2D = simdPath("simd-winograd", orWhy(forwardInfo, FITS), conv2dWinograd);
export const winogradFusedConv2D = simdPath("simd-winograd", orWhy(fusedForwardInfo, `${FITS}, a per-channel bias or none, and no activation or ReLU`), conv2dWinograd);
export const winogradInputGrad = simdPath("simd-winograd", orWhy(backpropInputInfo, FITS), backpropInputWinograd);
export const winogradFilterGrad = simdPath("simd-winograd", orWhy(backpropFilterInfo, FITS), backpropFilterWinograd);
