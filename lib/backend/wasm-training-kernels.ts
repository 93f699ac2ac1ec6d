/**
 * Training kernels the wasm backend lacks, so that CNNs can train on it.
 *
 * tfjs-backend-wasm 4.22 registers Conv2D and Conv2DBackpropInput but not
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter or
 * DepthwiseConv2dNativeBackpropInput, so `tf.grad` through any convolution fails
 * there. We register them here.
 *
 * Conv2DBackpropFilter is built from wasm's own (XNNPACK) kernels: see
 * conv2d-backprop-filter.ts, shared with any backend that lacks it. In front of it runs
 * cnnlab's own SIMD kernel (wasm-simd-filter-grad.ts), which is several times faster; MaxPool and
 * MaxPoolGrad also run on cnnlab's SIMD kernels (wasm-simd-max-pool.ts). Small matrix products
 * (dense layers) take cnnlab's SIMD matmul (wasm-simd-matmul.ts) before XNNPACK, 3x3 stride-1
 * convolutions and their gradients cnnlab's Winograd kernels (wasm-simd-winograd.ts), and input
 * gradients at stride 2 or of large 'valid' filters a product and a scatter (wasm-simd-input-grad.ts).
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
import { registerWasmFasterMatMul } from "./wasm-faster-matmul";
import { registerWasmSimdFilterGrad } from "./wasm-simd-filter-grad";
import { registerWasmSimdChannelOps } from "./wasm-simd-channel-ops";
import { registerWasmSimdMaxPool } from "./wasm-simd-max-pool";
import { registerWasmSimdMatMul } from "./wasm-simd-matmul";
import { registerWasmSimdWinograd } from "./wasm-simd-winograd";
import { registerWasmSimdInputGrad } from "./wasm-simd-input-grad";
import { BATCH_NORM_TRAINING, registerBatchNormKernels } from "./batch-norm-kernels";
import { CONV2D_BIAS_RELU, registerConv2DBiasReluKernel } from "./conv-bias-relu-kernel";
import { portableTrainingKernels, registerMissingKernels } from "./training-kernels";
import { KernelArgs, WasmBackend, patchWasmKernel } from "./wasm-kernel-patch";

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
  ...portableTrainingKernels("wasm"),
  [tf.DepthwiseConv2dNativeBackpropFilter]: depthwiseBackpropFilter as unknown as tf.KernelFunc,
  [tf.DepthwiseConv2dNativeBackpropInput]: depthwiseBackpropInput as unknown as tf.KernelFunc,
};

/**
 * Registers the missing training kernels for the wasm backend (and the same-padding fix). Idempotent; a kernel that
 * wasm already provides (a future tfjs version) is left alone.
 */
export function registerWasmTrainingKernels(): string[] {
  const added = registerMissingKernels("wasm", WASM_TRAINING_KERNELS);
  for (const [kernelName, infoOf] of Object.entries(SAME_PADDING_KERNELS)) {
    if (patchSamePadding(kernelName, infoOf)) added.push(`${kernelName} (same-padding fix)`);
  }
  added.push(...[...registerWasmFasterKernels(), ...registerWasmFasterTile(), ...registerWasmFasterMatMul()].map((name) => `${name} (faster path)`));
  if (registerWasmSimdFilterGrad()) added.push(`${tf.Conv2DBackpropFilter} (cnnlab's SIMD kernel on the backend's threads)`);
  if (registerWasmSimdInputGrad()) added.push(`${tf.Conv2DBackpropInput} (cnnlab's SIMD product-and-scatter kernel where the padded convolution would waste most of its work)`);
  // After the same-padding fix and the faster Conv2DBackpropInput paths: 3x3 stride-1 convolutions reach Winograd first.
  added.push(...registerWasmSimdWinograd().map((name) => `${name} (cnnlab's SIMD Winograd kernel for 3x3 stride-1 convolutions)`));
  added.push(...registerWasmSimdChannelOps().map((name) => `${name} (cnnlab's SIMD kernel for a bias and its gradient)`));
  // After registerWasmFasterKernels: the SIMD MaxPoolGrad runs first and falls back to its JavaScript arg-max path.
  added.push(...registerWasmSimdMaxPool().map((name) => `${name} (cnnlab's SIMD kernel on the backend's threads)`));
  // After the faster matmul paths, so that small products reach the SIMD kernel first and large ones fall through to them.
  added.push(...registerWasmSimdMatMul().map((name) => `${name} (cnnlab's SIMD kernel for small products)`));
  if (registerBatchNormKernels()) added.push(`${BATCH_NORM_TRAINING} (fused batch norm for cnnlab's batchNormalization layer)`);
  if (registerConv2DBiasReluKernel()) added.push(`${CONV2D_BIAS_RELU} (convolution, bias and ReLU in one kernel for cnnlab's conv2d layer)`);
  return added;
}
