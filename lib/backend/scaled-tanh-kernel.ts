/**
 * LeNet-5's squashing function f(a) = A·tanh(S·a) (LeCun et al. 1998, appendix A) as one kernel,
 * and its gradient as one more. Written with tfjs ops it is Mul, Tanh, Mul forward and five
 * kernels backward (the two products' gradients, and Tanh's dy·(1 − y²) as Square, Sub, Mul);
 * LeNet-5 squashes six times per step. The derivative is read from the output:
 *
 *   f'(a) = A·S·(1 − tanh²(S·a)) = S·(A − y²/A),  y = f(a)
 *
 * Registered on wasm (lib/backend/wasm/), where a path loops over the heap; other backends keep
 * the ops (lib/layers/activations.ts asks `hasKernel`).
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { orWhy, path } from "./kernel-paths";
import { HeapBackend } from "./wasm-heap";

export const SCALED_TANH = "CnnlabScaledTanh";
export const SCALED_TANH_GRAD = "CnnlabScaledTanhGrad";

/** The two constants: f(a) = amplitude · tanh(slope · a). */
export interface ScaledTanhAttrs {
  amplitude: number;
  slope: number;
}

const isFloat = (t: tf.TensorInfo) => t.dtype === "float32";

export const scaledTanhLoop = path("loop", orWhy((args) => isFloat(args.inputs.x as tf.TensorInfo), "needs a float32 x"), (args) => {
  const backend = args.backend as HeapBackend;
  const x = args.inputs.x as tf.TensorInfo;
  const { amplitude, slope } = attrsOf<ScaledTanhAttrs>(args);
  const y = backend.makeOutput(x.shape, "float32");
  const X = backend.typedArrayFromHeap(x) as Float32Array;
  const Y = backend.typedArrayFromHeap(y) as Float32Array;
  for (let i = 0; i < X.length; i++) Y[i] = amplitude * Math.tanh(slope * X[i]);
  return y;
});

export const scaledTanhGradLoop = path("loop", orWhy((args) => {
  const { dy, y } = args.inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  return isFloat(dy) && isFloat(y) && tf.util.arraysEqual(dy.shape, y.shape);
}, "needs float32 dy and y of one shape"), (args) => {
  const backend = args.backend as HeapBackend;
  const { dy, y } = args.inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const { amplitude, slope } = attrsOf<ScaledTanhAttrs>(args);
  const dx = backend.makeOutput(y.shape, "float32");
  const [DY, Y, DX] = [dy, y, dx].map((t) => backend.typedArrayFromHeap(t) as Float32Array);
  const inv = 1 / amplitude;
  for (let i = 0; i < Y.length; i++) DX[i] = DY[i] * slope * (amplitude - Y[i] * Y[i] * inv);
  return dx;
});

/** The forward kernel's gradient: one CnnlabScaledTanhGrad call on the saved output. */
export const SCALED_TANH_GRADIENT: tf.GradConfig = {
  kernelName: SCALED_TANH,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [y] = saved;
    return { x: () => tf.engine().runKernel(SCALED_TANH_GRAD, { dy: dy as tf.Tensor, y }, attrs) as tf.Tensor };
  },
};
