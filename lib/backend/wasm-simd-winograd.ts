/**
 * 3x3, stride-1 convolutions on wasm by Winograd's F(2x2, 3x3) (lib/simd/winograd.ts), on all the
 * backend's threads: the forward pass (Conv2D, and FusedConv2D with a per-channel bias and no
 * activation or ReLU), the filter gradient (Conv2DBackpropFilter, by the transposed algorithm; see
 * the kernel) and the input gradient (Conv2DBackpropInput), which is itself a 3x3 stride-1
 * convolution of dY with the filter rotated by 180° and its channel axes swapped:
 *
 *   dX[n, h, w, c] = Σ_{i, j, k} dY[n, h + i − (2 − top), w + j − (2 − left), k] · W[2 − i, 2 − j, c, k]
 *
 * The kernel multiplies 16 instead of 36 times per 2x2 output tile, channel pair; XNNPACK's
 * direct convolution is already near the peak of 128-bit WebAssembly SIMD, so fewer
 * multiplications is what is left to gain. Measured on 2 threads against XNNPACK's forward pass
 * (same machine, medians of 10): ResNet-20's 128x32x32x16 layer 12.7 → 6.3 ms, 128x8x8x64 9.6 →
 * 5.0 ms; AlexNet's 32x12x12x384 → 384 202 → 86 ms. The filter gradient, against cnnlab's direct SIMD
 * kernel (wasm-simd-filter-grad.ts): ResNet-20's 16 channels about even, 64 channels ~16 → ~8 ms,
 * AlexNet's 384 → 384 ~360 → ~125 ms. The error is that of float32 Winograd: about
 * 1e-6 of the output's largest value (the tests compare with the cpu backend's direct sums). A NaN
 * or ±∞ in X reaches every output of its 2x2 tiles (the transforms mix the whole 4x4 patch), where
 * a direct convolution keeps it to the outputs whose window holds it; training is lost either way.
 *
 * The filter is transformed once per call (U = G g Gᵀ, read in place, rotated or not, through
 * strides), then the tiles go a block at a time through each thread's scratch. Every output is
 * written by one thread only, so results do not depend on the threads' timing.
 *
 * Handled: NHWC float32, 3x3 filters, stride 1, dilation 1, any padding, input channels a multiple
 * of 4 and output channels a multiple of 8 (every 3x3 layer of the course's ResNets, VGG and
 * AlexNet; not a first layer on 1 or 3 channels). Anything else goes to the kernel this replaces.
 */
import * as tf from "@tensorflow/tfjs";
import { patchWithSimd } from "./simd-patch";
import { SimdPool, runOnCounter } from "./simd-pool";
import { HeapBackend, KernelArgs, heapOffset, withTemps } from "./wasm-kernel-patch";

type ConvAttrs = {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat?: "NHWC" | "NCHW" | "channelsLast";
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
  activation?: string;
  inputShape?: [number, number, number, number];
};

/** Where the kernel reads the 3x3 filter of channel pair (a, b): W[base + i·si + j·sj + a·sa + b·sb], in floats. */
type FilterView = { base: number; si: number; sj: number; sa: number; sb: number };

/** Tiles per block: the scratch (16·block·(Ci + Co) floats) stays in L1/L2 for few channels; large ones need more tiles per read of U (measured). */
function tilesPerBlock(Ci: number, Co: number): number {
  return Ci + Co <= 128 ? 16 : Math.max(16, Math.floor(16384 / (Ci + Co)) & ~3);
}

type WinogradCall = {
  x: tf.TensorInfo; filter: tf.TensorInfo; view: FilterView; bias?: tf.TensorInfo; relu: boolean;
  outShape: number[]; padT: number; padL: number;
};

function winograd(backend: HeapBackend, pool: SimdPool, call: WinogradCall): tf.TensorInfo {
  const { x, filter, view, bias, relu, outShape, padT, padL } = call;
  const [N, H, W, Ci] = x.shape;
  const [, OH, OW, Co] = outShape;
  const block = tilesPerBlock(Ci, Co);
  return withTemps(backend, (keep) => {
    const y = backend.makeOutput(outShape, "float32");
    const u = keep(backend.makeOutput([16, Ci, Co], "float32"));
    const scratch = keep(backend.makeOutput([pool.threads, 16 * block * (Ci + Co)], "float32"));
    runOnCounter(backend, pool, "winogradFilter", (counterAt) => [
      heapOffset(backend, filter) + 4 * view.base, heapOffset(backend, u), Ci, Co, view.si, view.sj, view.sa, view.sb, counterAt,
    ]);
    runOnCounter(backend, pool, "winogradConv", (counterAt) => [
      heapOffset(backend, x), heapOffset(backend, u), heapOffset(backend, y), bias ? heapOffset(backend, bias) : 0, relu ? 1 : 0,
      heapOffset(backend, scratch), N, H, W, Ci, OH, OW, Co, padT, padL, block, counterAt,
    ]);
    return y;
  });
}

/** The forward convolution's geometry, if the kernel handles it. */
function forwardInfo(args: KernelArgs): tf.backend_util.Conv2DInfo | undefined {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as ConvAttrs;
  if (dataFormat === "NCHW" || x.dtype !== "float32" || filter.dtype !== "float32" || x.shape.length !== 4) return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number], strides, dilations ?? 1, pad, dimRoundingMode);
  const fits = info.filterHeight === 3 && info.filterWidth === 3 && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 && info.inChannels % 4 === 0 && info.outChannels % 8 === 0;
  return fits ? info : undefined;
}

/** W[i, j, ci, co] as stored: [3, 3, Ci, Co]. */
const plainView = (Ci: number, Co: number): FilterView => ({ base: 0, si: 3 * Ci * Co, sj: Ci * Co, sa: Co, sb: 1 });

function conv2dWinograd(args: KernelArgs, pool: SimdPool): tf.TensorInfo {
  const { x, filter, bias } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
  const info = forwardInfo(args) as tf.backend_util.Conv2DInfo;
  return winograd(args.backend as HeapBackend, pool, {
    x, filter, view: plainView(info.inChannels, info.outChannels), bias, relu: (args.attrs as ConvAttrs).activation === "relu",
    outShape: info.outShape, padT: info.padInfo.top, padL: info.padInfo.left,
  });
}

const handlesConv2D = (args: KernelArgs) => forwardInfo(args) !== undefined;

/** FusedConv2D: a bias of one value per output channel (or none), and no activation or ReLU. */
function handlesFusedConv2D(args: KernelArgs): boolean {
  const { bias, preluActivationWeights } = args.inputs as { bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
  const { activation } = args.attrs as ConvAttrs;
  const info = forwardInfo(args);
  if (!info || preluActivationWeights || !(activation === undefined || activation === "linear" || activation === "relu")) return false;
  return bias === undefined || (bias.dtype === "float32" && tf.util.sizeFromShape(bias.shape) === info.outChannels);
}

/** The input gradient's geometry (of the forward convolution), if the kernel handles it. */
function backpropInputInfo(args: KernelArgs): tf.backend_util.Conv2DInfo | undefined {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as ConvAttrs;
  if (dataFormat === "NCHW" || dy.dtype !== "float32" || filter.dtype !== "float32" || dy.shape.length !== 4 || !inputShape) return undefined;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
  // The convolution that computes dX reads dY's channels (the forward output channels) as its input.
  const fits = info.filterHeight === 3 && info.filterWidth === 3 && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.outChannels % 4 === 0 && info.inChannels % 8 === 0 && info.outHeight === dy.shape[1] && info.outWidth === dy.shape[2];
  return fits ? info : undefined;
}

function backpropInputWinograd(args: KernelArgs, pool: SimdPool): tf.TensorInfo {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const info = backpropInputInfo(args) as tf.backend_util.Conv2DInfo;
  const { inChannels: C, outChannels: K } = info;
  // Pair (a = k, b = c) reads W[2 − i, 2 − j, c, k]: start at W[2, 2, 0, 0] and walk backwards over i and j.
  const view = { base: 8 * C * K, si: -3 * C * K, sj: -C * K, sa: 1, sb: K };
  return winograd(args.backend as HeapBackend, pool, {
    x: dy, filter, view, relu: false, outShape: info.inShape, padT: 2 - info.padInfo.top, padL: 2 - info.padInfo.left,
  });
}

/** Tiles per block for the filter gradient, whose sums are loaded and stored once per block: more tiles than the forward pass (measured). */
function gradTilesPerBlock(Ci: number, Co: number): number {
  return Ci + Co <= 128 ? 32 : Math.max(32, Math.floor(32768 / (Ci + Co)) & ~3);
}

/** The filter gradient's geometry, if the kernel handles it. */
function backpropFilterInfo(args: KernelArgs): tf.backend_util.Conv2DInfo | undefined {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  if (dataFormat === "NCHW" || x.dtype !== "float32" || dy.dtype !== "float32" || x.shape.length !== 4 || dy.shape.length !== 4) return undefined;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
  const fits = info.filterHeight === 3 && info.filterWidth === 3 && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.inChannels % 4 === 0 && info.outChannels % 8 === 0 && info.outHeight === dy.shape[1] && info.outWidth === dy.shape[2];
  return fits ? info : undefined;
}

/**
 * dW by the transposed F(2x2, 3x3) (see winogradFilterGrad): the tiles are split into one fixed
 * share per thread, each summed into its own 16 planes, and the planes are added in share order
 * before the output transform: the same numbers whichever thread ran which, as for the direct kernel.
 */
function backpropFilterWinograd(args: KernelArgs, pool: SimdPool): tf.TensorInfo {
  const backend = args.backend as HeapBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const info = backpropFilterInfo(args) as tf.backend_util.Conv2DInfo;
  const [N, H, W, Ci] = x.shape;
  const { outHeight: OH, outWidth: OW, outChannels: Co } = info;
  const block = gradTilesPerBlock(Ci, Co);
  const shares = pool.threads;
  return withTemps(backend, (keep) => {
    const dw = backend.makeOutput(info.filterShape, "float32");
    const sums = keep(backend.makeOutput([shares, 16, Ci, Co], "float32"));
    const scratch = keep(backend.makeOutput([pool.threads, 16 * block * (Ci + Co)], "float32"));
    runOnCounter(backend, pool, "winogradFilterGrad", (counterAt) => [
      heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, sums), heapOffset(backend, scratch),
      N, H, W, Ci, OH, OW, Co, info.padInfo.top, info.padInfo.left, block, shares, counterAt,
    ]);
    runOnCounter(backend, pool, "winogradFilterGradOut", (counterAt) => [heapOffset(backend, sums), shares, heapOffset(backend, dw), Ci, Co, counterAt]);
    return dw;
  });
}

/** Puts the Winograd kernels in front of wasm's Conv2D, FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter; returns the names of the kernels patched now. */
export function registerWasmSimdWinograd(): string[] {
  return [
    ...(patchWithSimd(tf.Conv2D, handlesConv2D, conv2dWinograd, "winograd") ? [tf.Conv2D] : []),
    ...(patchWithSimd(tf.FusedConv2D, handlesFusedConv2D, conv2dWinograd, "winograd") ? [tf.FusedConv2D] : []),
    ...(patchWithSimd(tf.Conv2DBackpropInput, (args) => backpropInputInfo(args) !== undefined, backpropInputWinograd, "winograd")
      ? [tf.Conv2DBackpropInput] : []),
    ...(patchWithSimd(tf.Conv2DBackpropFilter, (args) => backpropFilterInfo(args) !== undefined, backpropFilterWinograd, "winograd")
      ? [tf.Conv2DBackpropFilter] : []),
  ];
}
