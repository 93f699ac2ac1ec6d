/**
 * Training kernels the wasm backend lacks, so that CNNs can train on it, and the fix of its 'same'
 * padding: paths of the kernel modules in lib/backend/wasm/ (installed by installWasmKernels).
 *
 * tfjs-backend-wasm 4.22 registers Conv2D and Conv2DBackpropInput but not
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter or
 * DepthwiseConv2dNativeBackpropInput, so `tf.grad` through any convolution fails
 * there. Conv2DBackpropFilter is built from wasm's own (XNNPACK) kernels (conv2d-backprop-filter.ts,
 * shared with any backend that lacks it), behind cnnlab's SIMD kernels (lib/backend/wasm/conv2d-backprop-filter.ts).
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
import { KernelPath, always, path } from "./kernel-paths";
import { attrsOf } from "./kernel-run";
import { KernelArgs, WasmBackend } from "./wasm-heap";

/** The depthwise gradients' shared attributes. */
type DepthwiseAttrs = tf.DepthwiseConv2dNativeBackpropFilterAttrs | tf.DepthwiseConv2dNativeBackpropInputAttrs;

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

/** One of the two depthwise gradients, of shape `outShape`: `add(out, A, B, …)` at every tap, A and B the data of `a` and `b`. */
function depthwiseGradient(
  args: KernelArgs, outShape: number[], xShape: number[], filterShape: number[], a: tf.TensorInfo, b: tf.TensorInfo,
  add: (out: Float32Array, A: Float32Array, B: Float32Array, xIndex: number, wIndex: number, yIndex: number) => void,
): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const A = backend.readSync(a.dataId) as Float32Array;
  const B = backend.readSync(b.dataId) as Float32Array;
  const out = new Float32Array(tf.util.sizeFromShape(outShape));
  forEachDepthwiseTap(depthwiseInfo(xShape, filterShape, attrsOf<DepthwiseAttrs>(args)), (xi, wi, yi) => add(out, A, B, xi, wi, yi));
  return backend.makeOutput(outShape, "float32", undefined, out);
}

/** dW[i, j, c, m] = Σ X[…, c] · dY[…, c·M + m] */
function depthwiseBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { filterShape } = attrsOf<tf.DepthwiseConv2dNativeBackpropFilterAttrs>(args);
  return depthwiseGradient(args, filterShape, x.shape, filterShape, x, dy, (dW, X, dY, xi, wi, yi) => {
    dW[wi] += X[xi] * dY[yi];
  });
}

/** dX[…, c] = Σ W[i, j, c, m] · dY[…, c·M + m] */
function depthwiseBackpropInput(args: KernelArgs): tf.TensorInfo {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { inputShape } = attrsOf<tf.DepthwiseConv2dNativeBackpropInputAttrs>(args);
  return depthwiseGradient(args, inputShape, inputShape, filter.shape, filter, dy, (dX, W, dY, xi, wi, yi) => {
    dX[xi] += W[wi] * dY[yi];
  });
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
/** How each convolution kernel's geometry is computed, for the same-padding fix. */
export const SAME_PADDING_INFO: Readonly<Record<string, InfoOf>> = {
  [tf.Conv2D]: (i, a) => conv2dInfo(shapeOf(i, "x"), shapeOf(i, "filter"), a, false),
  [tf.FusedConv2D]: (i, a) => conv2dInfo(shapeOf(i, "x"), shapeOf(i, "filter"), a, false),
  [tf.DepthwiseConv2dNative]: (i, a) => conv2dInfo(shapeOf(i, "x"), shapeOf(i, "filter"), a, true),
  [tf.FusedDepthwiseConv2D]: (i, a) => conv2dInfo(shapeOf(i, "x"), shapeOf(i, "filter"), a, true),
  [tf.Conv2DBackpropInput]: (i, a) => conv2dInfo(a.inputShape as number[], shapeOf(i, "filter"), a, false),
};

/** The path that hands a wasm convolution kernel explicit padding for the 'same' shapes XNNPACK mishandles (then the kernel's next path, tfjs's). */
export function samePadding(kernelName: string): KernelPath {
  const infoOf = SAME_PADDING_INFO[kernelName];
  return path("same-padding-fix", (args: KernelArgs) => {
    if (args.attrs?.pad !== "same") return "pad is not 'same'";
    return explicitSamePadding(infoOf(args.inputs, args.attrs)) ?? "XNNPACK's own 'same' padding is right for this geometry";
  }, (args, explicit, next) => next({ ...args, attrs: { ...args.attrs, pad: explicit } as tf.NamedAttrMap }));
}

export const depthwiseBackpropFilterLoops = path("loops", always, depthwiseBackpropFilter);
export const depthwiseBackpropInputLoops = path("loops", always, depthwiseBackpropInput);
