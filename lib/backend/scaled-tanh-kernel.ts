/**
 * LeNet-5's squashing function f(a) = A·tanh(S·a) (LeCun et al. 1998, appendix A) as one kernel,
 * and its gradient as one more. Written with tfjs ops it is Mul, Tanh, Mul forward and five
 * kernels backward (the two products' gradients, and Tanh's dy·(1 − y²) as Square, Sub, Mul);
 * LeNet-5 squashes six times per step. The derivative is read from the output:
 *
 *   f'(a) = A·S·(1 − tanh²(S·a)) = S·(A − y²/A),  y = f(a)
 *
 * tanh itself is the rational approximation Eigen and TensorFlow use for float32 (`tanhRational`):
 * V8's Math.tanh took ~30 ns per element, a sixth of LeNet-5's whole training step.
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

// Eigen's generic_fast_tanh_float: tanh(x) ≈ x·P(x²)/Q(x²) on |x| ≤ 7.9053 (beyond, tanh is ±1 in
// float32), P of degree 6 and Q of degree 3 in x², within a few float32 ulps of tanh everywhere.
const TANH_CLAMP = 7.90531110763549805;
const [A1, A3, A5, A7, A9, A11, A13] = [
  4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8,
  -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16,
];
const [B0, B2, B4, B6] = [4.89352518554385e-3, 2.268434632439e-3, 1.18534705686654e-4, 1.19825839466702e-6];

/** tanh(x) by Eigen's rational approximation (see above); below |x| = 4e-4, tanh(x) = x to float32 precision. */
export function tanhRational(x: number): number {
  if (Math.abs(x) < 4e-4) return x;
  const c = x > TANH_CLAMP ? TANH_CLAMP : x < -TANH_CLAMP ? -TANH_CLAMP : x;
  const x2 = c * c;
  const p = c * (A1 + x2 * (A3 + x2 * (A5 + x2 * (A7 + x2 * (A9 + x2 * (A11 + x2 * A13))))));
  const q = B0 + x2 * (B2 + x2 * (B4 + x2 * B6));
  return p / q;
}

const isFloat = (t: tf.TensorInfo) => t.dtype === "float32";

export const scaledTanhLoop = path("loop", orWhy((args) => isFloat(args.inputs.x as tf.TensorInfo), "needs a float32 x"), (args) => {
  const backend = args.backend as HeapBackend;
  const x = args.inputs.x as tf.TensorInfo;
  const { amplitude, slope } = attrsOf<ScaledTanhAttrs>(args);
  const y = backend.makeOutput(x.shape, "float32");
  const X = backend.typedArrayFromHeap(x) as Float32Array;
  const Y = backend.typedArrayFromHeap(y) as Float32Array;
  for (let i = 0; i < X.length; i++) Y[i] = amplitude * tanhRational(slope * X[i]);
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
