/**
 * One kernel for a convolution, its bias and a ReLU while training, y = max(0, conv(x, W) + b), for
 * cnnlab's conv2d layers (lib/layers/factories.ts).
 *
 * While gradients are recorded, tfjs fuses no activation into a convolution (tfjs-core's
 * `shouldFuse`), so a conv2d layer with a bias and a ReLU trains as Conv2D, Add and Relu, and its
 * gradient adds a Cast; LeNet spends ~1.4 ms of a ~22 ms step in those. The ReLU's derivative can
 * be read from the output (y > 0 exactly where conv(x, W) + b > 0), so the fused forward kernel
 * loses nothing the gradient needs:
 *
 *   dZ = dY ⊙ step(y),  dx = Conv2DBackpropInput(dZ, W),  dW = Conv2DBackpropFilter(x, dZ),  db = Σ_{n, h, w} dZ
 *
 * Each input's gradient is computed only when asked for (never for a model's input image).
 * A dilated convolution is the undilated one with the filter's taps spread apart by zeros, so with
 * dilations d its gradients are those of that spread filter (tfjs's Conv2DBackpropInput and
 * Conv2DBackpropFilter take no dilations), dW being the spread filter's gradient at every d-th tap.
 * Registered on wasm, where the forward pass is wasm's FusedConv2D (XNNPACK, or cnnlab's Winograd
 * kernel for 3x3 stride-1 layers); other backends keep tfjs-layers' own path.
 *
 * With `activation: "linear"` it is the same kernel without the ReLU (dZ = dY): a layer with a bias
 * and no activation (LeNet-5's C1 and C5, squashed by a layer of their own) trains through
 * tfjs's fused op otherwise, whose gradient computes dx even for a model's input image (LeNet-5's
 * C1: a third of the step's Conv2DBackpropInput time, for a gradient nobody uses).
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { always, path } from "./kernel-paths";
import { WasmBackend, runWasm } from "./wasm-heap";

export const CONV2D_BIAS_RELU = "CnnlabConv2DBiasRelu";

/** The kernel's attributes: tfjs's Conv2D attributes, channels last, and the activation (absent: "relu"). */
export type Conv2DBiasReluAttrs = Pick<tf.Conv2DAttrs, "strides" | "pad" | "dilations"> & { activation?: "relu" | "linear" };

/** The forward pass: wasm's FusedConv2D (its own paths: XNNPACK, or cnnlab's Winograd kernel). */
export const conv2dBiasReluFused = path("fused-conv2d", always, (args) => {
  const { x, filter, bias } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias: tf.TensorInfo };
  const { strides, pad, dilations, activation } = attrsOf<Conv2DBiasReluAttrs>(args);
  return runWasm(tf.FusedConv2D, args.backend as WasmBackend, { x, filter, bias }, {
    strides, pad, dilations, dataFormat: "NHWC", activation: activation ?? "relu",
  });
});

/** W [KH, KW, C, K] with dh − 1 zero rows and dw − 1 zero columns between its taps: [(KH−1)·dh + 1, (KW−1)·dw + 1, C, K]. */
export function spreadTaps(filter: tf.Tensor4D, dh: number, dw: number): tf.Tensor4D {
  const [KH, KW, C, K] = filter.shape;
  return tf.tidy(() => {
    const padded = tf.pad(tf.reshape(filter, [KH, 1, KW, 1, C, K]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
    return tf.slice(tf.reshape<tf.Rank.R4>(padded, [KH * dh, KW * dw, C, K]), [0, 0, 0, 0], [(KH - 1) * dh + 1, (KW - 1) * dw + 1, C, K]);
  });
}

/** Its gradient: the ReLU's mask from the output, then the convolution's gradients (see the file's comment). */
export const CONV2D_BIAS_RELU_GRADIENT: tf.GradConfig = {
  kernelName: CONV2D_BIAS_RELU,
  inputsToSave: ["x", "filter"],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as tf.Tensor4D[];
    const { strides, pad, dilations, activation } = attrsOf<Conv2DBiasReluAttrs>({ attrs });
    const [dh, dw] = typeof dilations === "number" ? [dilations, dilations] : dilations ?? [1, 1];
    const dz = activation === "linear" ? (dy as tf.Tensor) : tf.mul(dy as tf.Tensor, tf.step(y));
    const conv = { strides, pad, dataFormat: "NHWC" };
    const spread = dh === 1 && dw === 1 ? filter : spreadTaps(filter, dh, dw);
    return {
      x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: dz, filter: spread }, { ...conv, inputShape: x.shape }) as tf.Tensor,
      filter: () => {
        const dSpread = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: dz }, { ...conv, filterShape: spread.shape }) as tf.Tensor4D;
        return spread === filter ? dSpread : tf.stridedSlice(dSpread, [0, 0, 0, 0], dSpread.shape, [dh, dw, 1, 1]);
      },
      bias: () => tf.sum(dz, [0, 1, 2]),
    };
  },
};
