/**
 * Training kernels the wasm backend lacks, so that CNNs can train on it.
 *
 * tfjs-backend-wasm 4.22 registers Conv2D and Conv2DBackpropInput but not
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter or
 * DepthwiseConv2dNativeBackpropInput, so `tf.grad` through any convolution fails
 * there. We register them here.
 *
 * Conv2DBackpropFilter is built from wasm's own (XNNPACK) kernels: the filter
 * gradient is itself a convolution of the input with the output gradient,
 *
 *   dW[i, j, c, k] = Σ_{n, p, q} X[n, p·s + i·d − padTop, q·s + j·d − padLeft, c] · dY[n, p, q, k]
 *
 * which is a convolution of X' = transpose(X, [3, 1, 2, 0])   ([C, H, W, N]: channels become the batch)
 * with the "filter" dY' = transpose(dY, [1, 2, 0, 3])        ([OH, OW, N, K])
 * at stride d (the forward dilation) and dilation s (the forward stride), giving
 * [C, KH, KW, K], transposed back to the tfjs filter layout [KH, KW, C, K].
 *
 * wasm's XNNPACK convolutions also return zeros for 'same' padding when the
 * window fits fewer rows than the input has (e.g. 9x9 input, 2x2 kernel,
 * stride 3: (3−1)·3 + 2 < 9). For those shapes we hand them the equivalent
 * explicit padding instead (see `explicitSamePadding`).
 *
 * The depthwise kernels (used by no model of the course, but needed so that no
 * convolution is untrainable on wasm) are plain loops over typed arrays: exact,
 * not fast.
 */
import * as tf from "@tensorflow/tfjs";
import { registerWasmFasterKernels } from "./wasm-faster-kernels";
import { registerWasmFasterTile } from "./wasm-faster-tile";
import { KernelArgs, WasmBackend, patchWasmKernel, runWasm, withTemps } from "./wasm-kernel-patch";

type Conv2DBackpropFilterAttrs = {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
};

function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat === "NCHW") throw new Error("cnnlab wasm Conv2DBackpropFilter supports only dataFormat 'NHWC'");
  // tfjs' conv2d gradient passes no dilations here (it asserts dilation 1 when training); keep d = 1.
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, "channelsLast");
  const [N, H, W, C] = x.shape;
  const { outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info;
  const K = info.outChannels;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Rows the forward pass actually read: the last output row starts at (OH−1)·sh − top and spans KH rows.
  // Pad the bottom (or crop, when the forward pass skipped trailing rows) so the gradient conv yields exactly KH rows.
  const bottom = (OH - 1) * sh + KH - H - top;
  const right = (OW - 1) * sw + KW - W - left;
  return withTemps(backend, (keep) => {
    const input = bottom < 0 || right < 0
      ? keep(runWasm(tf.Slice, backend, { x }, { begin: [0, 0, 0, 0], size: [N, H + Math.min(bottom, 0), W + Math.min(right, 0), C] }))
      : x;
    const xT = keep(runWasm(tf.Transpose, backend, { x: input }, { perm: [3, 1, 2, 0] })); // [C, H', W', N]
    const dyT = keep(runWasm(tf.Transpose, backend, { x: dy }, { perm: [1, 2, 0, 3] })); // [OH, OW, N, K]
    const padding: tf.backend_util.ExplicitPadding = [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]];
    const dwT = keep(runWasm(tf.Conv2D, backend, { x: xT, filter: dyT }, {
      strides: [1, 1], pad: padding, dataFormat: "NHWC", dilations: [sh, sw], dimRoundingMode: undefined,
    })); // [C, KH, KW, K]
    if (dwT.shape[1] !== KH || dwT.shape[2] !== KW || dwT.shape[3] !== K) {
      throw new Error(`cnnlab wasm Conv2DBackpropFilter: internal shape ${dwT.shape} does not match filter ${filterShape}`);
    }
    return runWasm(tf.Transpose, backend, { x: dwT }, { perm: [1, 2, 0, 3] }); // [KH, KW, C, K]
  });
}

type DepthwiseAttrs = {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
};

/**
 * Visits every (input pixel, filter tap, output pixel) triple of a depthwise convolution:
 *   Y[n, p, q, c·M + m] += X[n, p·sh + i·dh − top, q·sw + j·dw − left, c] · W[i, j, c, m]
 */
function forEachDepthwiseTap(
  info: tf.backend_util.Conv2DInfo,
  visit: (xIndex: number, wIndex: number, yIndex: number) => void,
): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels } = info;
  const M = outChannels / C;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  for (let n = 0; n < N; n++)
    for (let p = 0; p < OH; p++)
      for (let q = 0; q < OW; q++)
        for (let i = 0; i < KH; i++) {
          const r = p * sh + i * dh - top;
          if (r < 0 || r >= H) continue;
          for (let j = 0; j < KW; j++) {
            const s = q * sw + j * dw - left;
            if (s < 0 || s >= W) continue;
            for (let c = 0; c < C; c++)
              for (let m = 0; m < M; m++)
                visit(((n * H + r) * W + s) * C + c, ((i * KW + j) * C + c) * M + m, ((n * OH + p) * OW + q) * outChannels + c * M + m);
          }
        }
}

function depthwiseInfo(xShape: number[], filterShape: number[], attrs: DepthwiseAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
}

function depthwiseBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as DepthwiseAttrs;
  const filterShape = attrs.filterShape as number[];
  const X = backend.readSync(x.dataId) as Float32Array;
  const dY = backend.readSync(dy.dataId) as Float32Array;
  const dW = new Float32Array(filterShape.reduce((a, b) => a * b, 1));
  forEachDepthwiseTap(depthwiseInfo(x.shape, filterShape, attrs), (xi, wi, yi) => { dW[wi] += X[xi] * dY[yi]; });
  return backend.makeOutput(filterShape, "float32", undefined, dW);
}

function depthwiseBackpropInput(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as DepthwiseAttrs;
  const inputShape = attrs.inputShape as number[];
  const Wt = backend.readSync(filter.dataId) as Float32Array;
  const dY = backend.readSync(dy.dataId) as Float32Array;
  const dX = new Float32Array(inputShape.reduce((a, b) => a * b, 1));
  forEachDepthwiseTap(depthwiseInfo(inputShape, filter.shape, attrs), (xi, wi, yi) => { dX[xi] += Wt[wi] * dY[yi]; });
  return backend.makeOutput(inputShape, "float32", undefined, dX);
}

/**
 * tfjs' 'same' padding as explicit padding, when the total padding (OH−1)·S + (K−1)·D + 1 − H
 * is negative in some dimension (the case XNNPACK's own SAME mode gets wrong); otherwise undefined.
 */
function explicitSamePadding(info: tf.backend_util.Conv2DInfo): tf.backend_util.ExplicitPadding | undefined {
  const rows = (info.outHeight - 1) * info.strideHeight + info.effectiveFilterHeight - info.inHeight;
  const cols = (info.outWidth - 1) * info.strideWidth + info.effectiveFilterWidth - info.inWidth;
  if (rows >= 0 && cols >= 0) return undefined;
  const { top, bottom, left, right } = info.padInfo;
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

/** The Conv2DInfo a convolution-family kernel will compute, from its inputs and attributes. */
type InfoOf = (inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) => tf.backend_util.Conv2DInfo;
const conv2dInfo = (xShape: number[], filterShape: number[], attrs: tf.NamedAttrMap, depthwise: boolean) =>
  tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides as number | [number, number], (attrs.dilations ?? 1) as number | [number, number], "same",
    attrs.dimRoundingMode as "floor" | undefined, depthwise);
const shapeOf = (inputs: tf.NamedTensorInfoMap, name: string): number[] => (inputs[name] as tf.TensorInfo).shape;
const SAME_PADDING_KERNELS: Readonly<Record<string, InfoOf>> = {
  [tf.Conv2D]: (i, a) => conv2dInfo(shapeOf(i, "x"), shapeOf(i, "filter"), a, false),
  [tf.FusedConv2D]: (i, a) => conv2dInfo(shapeOf(i, "x"), shapeOf(i, "filter"), a, false),
  [tf.DepthwiseConv2dNative]: (i, a) => conv2dInfo(shapeOf(i, "x"), shapeOf(i, "filter"), a, true),
  [tf.FusedDepthwiseConv2D]: (i, a) => conv2dInfo(shapeOf(i, "x"), shapeOf(i, "filter"), a, true),
  [tf.Conv2DBackpropInput]: (i, a) => conv2dInfo(a.inputShape as number[], shapeOf(i, "filter"), a, false),
};

/** Wraps a wasm convolution kernel so that the 'same' shapes XNNPACK mishandles get explicit padding. */
function patchSamePadding(kernelName: string, infoOf: InfoOf): boolean {
  return patchWasmKernel(kernelName, "same-padding", (original) => (args) => {
    if (args.attrs?.pad === "same") {
      const explicit = explicitSamePadding(infoOf(args.inputs, args.attrs));
      if (explicit) return original({ ...args, attrs: { ...args.attrs, pad: explicit } as unknown as tf.NamedAttrMap });
    }
    return original(args);
  });
}

/** Kernels this module adds to the wasm backend, by name. */
export const WASM_TRAINING_KERNELS: Readonly<Record<string, tf.KernelFunc>> = {
  [tf.Conv2DBackpropFilter]: conv2DBackpropFilter as unknown as tf.KernelFunc,
  [tf.DepthwiseConv2dNativeBackpropFilter]: depthwiseBackpropFilter as unknown as tf.KernelFunc,
  [tf.DepthwiseConv2dNativeBackpropInput]: depthwiseBackpropInput as unknown as tf.KernelFunc,
};

/**
 * Registers the missing training kernels for the wasm backend (and the same-padding fix). Idempotent; a kernel that
 * wasm already provides (a future tfjs version) is left alone.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const [kernelName, kernelFunc] of Object.entries(WASM_TRAINING_KERNELS)) {
    if (tf.getKernel(kernelName, "wasm")) continue;
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc });
    added.push(kernelName);
  }
  for (const [kernelName, infoOf] of Object.entries(SAME_PADDING_KERNELS)) {
    if (patchSamePadding(kernelName, infoOf)) added.push(`${kernelName} (same-padding fix)`);
  }
  added.push(...[...registerWasmFasterKernels(), ...registerWasmFasterTile()].map((name) => `${name} (faster path)`));
  return added;
}
