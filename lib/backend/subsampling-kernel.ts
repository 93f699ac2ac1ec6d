/**
 * LeNet-5's trainable subsampling before its squashing function (lib/layers/subsampling.ts) as one
 * kernel, and its three gradients as one more:
 *
 *   Y[n, i, j, c] = w[c] · mean(X[n, p·i .. p·i+p−1, p·j .. p·j+p−1, c]) + b[c]
 *   dX[n, h, w, c] = dY[n, ⌊h/p⌋, ⌊w/p⌋, c] · w[c] / p²   (0 in rows and columns no window covers)
 *   dw[c] = Σ_{n,i,j} dY · mean,   db[c] = Σ_{n,i,j} dY
 *
 * With tfjs ops it is AvgPool, Mul, Add forward and AvgPoolGrad, two Muls, two Sums (with their
 * reshapes) backward; on LeNet-5's batches of 16 each of those calls costs more in tfjs's
 * bookkeeping (and XNNPACK's operator set-up for AvgPool) than its arithmetic. The sums over
 * (n, i, j) run in one fixed order, so results do not depend on threads.
 * Registered on wasm (lib/backend/wasm/), where a path loops over the heap; other backends keep
 * the ops (the layer asks `hasKernel`).
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { orWhy, path } from "./kernel-paths";
import { HeapBackend } from "./wasm-heap";

export const SUBSAMPLING = "CnnlabSubsampling";
export const SUBSAMPLING_GRAD = "CnnlabSubsamplingGrad";

/** The window's side, which is also its stride. */
export interface SubsamplingAttrs {
  poolSize: number;
}

type Inputs = { x: tf.TensorInfo; coefficient: tf.TensorInfo; bias: tf.TensorInfo };
type GradInputs = { dy: tf.TensorInfo; x: tf.TensorInfo; coefficient: tf.TensorInfo };

/** The output's shape for x [N, H, W, C] and windows of p x p: [N, ⌊H/p⌋, ⌊W/p⌋, C]. */
function outShape(x: tf.TensorInfo, p: number): number[] {
  const [N, H, W, C] = x.shape;
  return [N, Math.floor(H / p), Math.floor(W / p), C];
}

const handles = (args: { inputs: tf.NamedTensorInfoMap }): boolean => {
  const { x, coefficient, bias } = args.inputs as Inputs;
  const C = x.shape[3];
  return x.shape.length === 4 && [x, coefficient, bias].every((t) => t.dtype === "float32") &&
    tf.util.arraysEqual(coefficient.shape, [C]) && tf.util.arraysEqual(bias.shape, [C]);
};

const handlesGrad = (args: KernelCall): boolean => {
  const { dy, x, coefficient } = args.inputs as GradInputs;
  return x.shape.length === 4 && [dy, x, coefficient].every((t) => t.dtype === "float32") &&
    tf.util.arraysEqual(coefficient.shape, [x.shape[3]]) && tf.util.arraysEqual(dy.shape, outShape(x, attrsOf<SubsamplingAttrs>(args).poolSize));
};
type KernelCall = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap };

export const subsamplingLoop = path("loop", orWhy(handles, "needs a float32 x [N, H, W, C] and float32 coefficient and bias [C]"), (args) => {
  const backend = args.backend as HeapBackend;
  const { x, coefficient, bias } = args.inputs as Inputs;
  const p = attrsOf<SubsamplingAttrs>(args).poolSize;
  const shape = outShape(x, p);
  const [N, OH, OW, C] = shape;
  const [, H, W] = x.shape;
  const y = backend.makeOutput(shape, "float32");
  const [X, K, B, Y] = [x, coefficient, bias, y].map((t) => backend.typedArrayFromHeap(t) as Float32Array);
  const scale = Float64Array.from(K, (k) => k / (p * p));
  let at = 0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        const corner = ((n * H + i * p) * W + j * p) * C;
        for (let c = 0; c < C; c++) {
          let sum = 0;
          for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) sum += X[corner + (a * W + b) * C + c];
          Y[at++] = scale[c] * sum + B[c];
        }
      }
    }
  }
  return y;
});

export const subsamplingGradLoop = path("loop", orWhy(handlesGrad, "needs float32 dy, x [N, H, W, C] and coefficient [C], dy of the output's shape"), (args) => {
  const backend = args.backend as HeapBackend;
  const { dy, x, coefficient } = args.inputs as GradInputs;
  const p = attrsOf<SubsamplingAttrs>(args).poolSize;
  const [N, OH, OW, C] = dy.shape;
  const [, H, W] = x.shape;
  const outs = [backend.makeOutput(x.shape, "float32"), backend.makeOutput([C], "float32"), backend.makeOutput([C], "float32")];
  const [DY, X, K, DX, DK, DB] = [dy, x, coefficient, ...outs].map((t) => backend.typedArrayFromHeap(t) as Float32Array);
  DX.fill(0); // rows and columns that no window covers
  const area = p * p;
  const dk = new Float64Array(C), db = new Float64Array(C);
  let at = 0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        const corner = ((n * H + i * p) * W + j * p) * C;
        for (let c = 0; c < C; c++) {
          const g = DY[at++];
          const share = (g * K[c]) / area;
          let sum = 0;
          for (let a = 0; a < p; a++) {
            for (let b = 0; b < p; b++) {
              const k = corner + (a * W + b) * C + c;
              sum += X[k];
              DX[k] = share;
            }
          }
          dk[c] += (g * sum) / area;
          db[c] += g;
        }
      }
    }
  }
  DK.set(dk);
  DB.set(db);
  return outs;
});

/**
 * The forward kernel's gradient: one CnnlabSubsamplingGrad call gives all three. It runs here, not
 * in the per-input functions: the engine calls each of those inside a tidy of its own, which would
 * free the other two outputs. Outputs nobody asks for are freed by the tidy around the whole backward pass.
 */
export const SUBSAMPLING_GRADIENT: tf.GradConfig = {
  kernelName: SUBSAMPLING,
  inputsToSave: ["x", "coefficient"],
  gradFunc: (dy, saved, attrs) => {
    const [x, coefficient] = saved;
    const [dx, dCoefficient, dBias] = tf.engine().runKernel(SUBSAMPLING_GRAD, { dy: dy as tf.Tensor, x, coefficient }, attrs) as tf.Tensor[];
    return { x: () => dx, coefficient: () => dCoefficient, bias: () => dBias };
  },
};
