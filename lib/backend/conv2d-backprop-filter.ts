/**
 * Conv2DBackpropFilter (the filter gradient of conv2d) built from a backend's own Slice,
 * Transpose and Conv2D kernels, for a backend that lacks it (tfjs-backend-wasm 4.22).
 *
 * The filter gradient is itself a convolution of the input with the output gradient,
 *
 *   dW[i, j, c, k] = Σ_{n, p, q} X[n, p·s + i·d − padTop, q·s + j·d − padLeft, c] · dY[n, p, q, k]
 *
 * which is a convolution of X' = transpose(X, [3, 1, 2, 0])   ([C, H, W, N]: channels become the batch)
 * with the "filter" dY' = transpose(dY, [1, 2, 0, 3])        ([OH, OW, N, K])
 * at stride d (the forward dilation) and dilation s (the forward stride), giving
 * [C, KH, KW, K], transposed back to the tfjs filter layout [KH, KW, C, K].
 */
import * as tf from "@tensorflow/tfjs";
import { KernelArgs, attrsOf, runKernel, withTemps } from "./kernel-run";

/** A Conv2DBackpropFilter kernel for `backendName`, made of that backend's own kernels. */
export function conv2DBackpropFilterVia(backendName: string): tf.KernelFunc {
  const run = (name: string, backend: tf.KernelBackend, inputs: Record<string, tf.TensorInfo>, attrs: object) =>
    runKernel(name, backendName, backend, inputs, attrs);
  const conv2DBackpropFilter = (args: KernelArgs): tf.TensorInfo => {
    const backend = args.backend;
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrsOf<tf.Conv2DBackpropFilterAttrs>(args);
    if (dataFormat === "NCHW") throw new Error(`cnnlab ${backendName} Conv2DBackpropFilter supports only dataFormat 'NHWC'`);
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
        ? keep(run(tf.Slice, backend, { x }, { begin: [0, 0, 0, 0], size: [N, H + Math.min(bottom, 0), W + Math.min(right, 0), C] }))
        : x;
      const xT = keep(run(tf.Transpose, backend, { x: input }, { perm: [3, 1, 2, 0] })); // [C, H', W', N]
      const dyT = keep(run(tf.Transpose, backend, { x: dy }, { perm: [1, 2, 0, 3] })); // [OH, OW, N, K]
      const padding: tf.backend_util.ExplicitPadding = [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]];
      const dwT = keep(run(tf.Conv2D, backend, { x: xT, filter: dyT }, {
        strides: [1, 1], pad: padding, dataFormat: "NHWC", dilations: [sh, sw], dimRoundingMode: undefined,
      })); // [C, KH, KW, K]
      if (dwT.shape[1] !== KH || dwT.shape[2] !== KW || dwT.shape[3] !== K) {
        throw new Error(`cnnlab ${backendName} Conv2DBackpropFilter: internal shape ${dwT.shape} does not match filter ${filterShape}`);
      }
      return run(tf.Transpose, backend, { x: dwT }, { perm: [1, 2, 0, 3] }); // [KH, KW, C, K]
    });
  };
  // tfjs types the backend a kernel gets as {}: it is the backend the kernel is registered for.
  return (args) => conv2DBackpropFilter(args as KernelArgs);
}
