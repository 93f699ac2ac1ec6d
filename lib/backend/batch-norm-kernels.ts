/**
 * Batch normalisation in training mode as one kernel and one gradient kernel, for the wasm
 * backend (used by cnnlab's `batchNormalization` layer, lib/layers/batch-norm.ts).
 *
 * tfjs-layers computes it from ~6 ops forward (moments, then batchNorm) and ~20 backward
 * (the gradients of each, broadcasting and reducing over N, H, W): about 40% of a
 * ResNet-20 training step on wasm. Over the M = N·H·W positions of each channel c:
 *
 *   forward   μ = Σ x / M,  σ² = Σ (x − μ)² / M  (biased, as tf.moments),  r = 1 / √(σ² + ε)
 *             y = γ·r·(x − μ) + β
 *   backward  dβ = Σ dy,   dγ = Σ dy·x̂  with x̂ = r·(x − μ)
 *             dx = γ·r/M · (M·dy − dβ − x̂·dγ)
 *
 * The variance takes a second pass over x, centred on the first pass's mean rounded to float32 (μ₃₂):
 * Σ x² / M − μ² in float32 loses every digit of σ² when |μ| ≫ σ (μ = 1e4, σ = 1: ulp(μ²) is 8).
 * The second pass also sums x − μ₃₂, which corrects the mean (the corrected two-pass algorithm),
 * and x − μ₃₂ is exact in float32 for x near μ. The affine passes centre x the same way before
 * scaling it (y = A·(x − μ₃₂) + D; A·x + D would cancel likewise), and the gradient's sums read
 * dy·(x − μ). Three passes forward (sums, centred sums, affine), two backward, per-channel sums in
 * float64. The passes run in cnnlab's SIMD module on the backend's threads (simd-channel-passes.ts),
 * or as the JavaScript loops below where that module cannot run.
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { ChannelShifts, poolChannelAffine, poolChannelSums } from "./simd-channel-passes";
import { always, path } from "./kernel-paths";
import { HeapBackend, KernelArgs } from "./wasm-heap";

/** Forward kernel: inputs {x, scale, offset}, attrs {epsilon}; outputs [y, mean, variance]. */
export const BATCH_NORM_TRAINING = "CnnlabBatchNormTraining";
/** Gradient kernel: inputs {dy, x, scale, mean, variance}, attrs {epsilon}; outputs [dx, dScale, dOffset]. */
export const BATCH_NORM_TRAINING_GRAD = "CnnlabBatchNormTrainingGrad";

/** Both kernels' attributes. */
export interface BatchNormTrainingAttrs {
  /** Added to the variance before its square root. */
  epsilon: number;
}

interface Layout {
  /** Channels: the last axis. */
  C: number;
  /** Positions per channel: the product of the other axes. */
  M: number;
}

function layoutOf(x: tf.TensorInfo, scale: tf.TensorInfo, kernel: string): Layout {
  const C = x.shape[x.shape.length - 1];
  if (x.shape.length < 2 || scale.shape.length !== 1 || scale.shape[0] !== C) {
    throw new Error(`${kernel}: expected x of rank >= 2 with its last axis equal to the ${scale.shape} parameters; got x [${x.shape}]`);
  }
  return { C, M: tf.util.sizeFromShape(x.shape) / C };
}

// The loops below walk the [M, C] data once per group of 4 channels, keeping that group's sums
// and coefficients in locals: ~3x faster in V8 than one pass that updates per-channel arrays
// for every element (a store per element). Channels beyond a multiple of 4 get a pass each.

/** The shift of channel c (0 without one). */
const shiftOf = (shift: ArrayLike<number> | undefined, c: number) => (shift ? shift[c] : 0);

/** Per-channel Σ (a − Sa) and Σ (a − Sa)·(b − Sb) over the rows of [M, C] arrays (b omitted: Σ (a − Sa)²). */
function channelSums(a: Float32Array, b: Float32Array | undefined, { C, M }: Layout, shifts: ChannelShifts = {}): { sum: Float64Array; dot: Float64Array } {
  const sum = new Float64Array(C);
  const dot = new Float64Array(C);
  const o = b ?? a;
  const so = b ? shifts.b : shifts.a;
  const n = M * C;
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const [p0, p1, p2, p3] = [0, 1, 2, 3].map((k) => shiftOf(shifts.a, c + k));
    const [q0, q1, q2, q3] = [0, 1, 2, 3].map((k) => shiftOf(so, c + k));
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
    for (let i = c; i < n; i += C) {
      const a0 = a[i] - p0, a1 = a[i + 1] - p1, a2 = a[i + 2] - p2, a3 = a[i + 3] - p3;
      s0 += a0; s1 += a1; s2 += a2; s3 += a3;
      d0 += a0 * (o[i] - q0); d1 += a1 * (o[i + 1] - q1); d2 += a2 * (o[i + 2] - q2); d3 += a3 * (o[i + 3] - q3);
    }
    sum[c] = s0; sum[c + 1] = s1; sum[c + 2] = s2; sum[c + 3] = s3;
    dot[c] = d0; dot[c + 1] = d1; dot[c + 2] = d2; dot[c + 3] = d3;
  }
  for (; c < C; c++) {
    const p = shiftOf(shifts.a, c), q = shiftOf(so, c);
    let s = 0, d = 0;
    for (let i = c; i < n; i += C) {
      s += a[i] - p;
      d += (a[i] - p) * (o[i] - q);
    }
    sum[c] = s;
    dot[c] = d;
  }
  return { sum, dot };
}

/** out[i, c] = A[c]·(a[i, c] − Sa[c]) + B[c]·(b[i, c] − Sb[c]) + D[c] over the rows of [M, C] arrays (b omitted: no B term). */
function channelAffine(
  out: Float32Array, a: Float32Array, A: Float64Array, b: Float32Array | undefined, B: Float64Array | undefined, D: Float64Array,
  { C, M }: Layout, shifts: ChannelShifts = {},
): void {
  const o = b ?? a;
  const Bc = B ?? new Float64Array(C); // no b: B = 0 (o is then a itself, multiplied by 0)
  const sb = b ? shifts.b : undefined;
  const n = M * C;
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const A0 = A[c], A1 = A[c + 1], A2 = A[c + 2], A3 = A[c + 3];
    const B0 = Bc[c], B1 = Bc[c + 1], B2 = Bc[c + 2], B3 = Bc[c + 3];
    const D0 = D[c], D1 = D[c + 1], D2 = D[c + 2], D3 = D[c + 3];
    const [p0, p1, p2, p3] = [0, 1, 2, 3].map((k) => shiftOf(shifts.a, c + k));
    const [q0, q1, q2, q3] = [0, 1, 2, 3].map((k) => shiftOf(sb, c + k));
    for (let i = c; i < n; i += C) {
      out[i] = A0 * (a[i] - p0) + B0 * (o[i] - q0) + D0;
      out[i + 1] = A1 * (a[i + 1] - p1) + B1 * (o[i + 1] - q1) + D1;
      out[i + 2] = A2 * (a[i + 2] - p2) + B2 * (o[i + 2] - q2) + D2;
      out[i + 3] = A3 * (a[i + 3] - p3) + B3 * (o[i + 3] - q3) + D3;
    }
  }
  for (; c < C; c++) {
    const Ac = A[c], Bcc = Bc[c], Dc = D[c], p = shiftOf(shifts.a, c), q = shiftOf(sb, c);
    for (let i = c; i < n; i += C) out[i] = Ac * (a[i] - p) + Bcc * (o[i] - q) + Dc;
  }
}

/** channelSums of heap tensors: on the SIMD pool when there is one, else in JavaScript. */
function sumsOf(
  backend: HeapBackend, a: tf.TensorInfo, b: tf.TensorInfo | undefined, layout: Layout, shifts: ChannelShifts = {},
): { sum: Float64Array; dot: Float64Array } {
  return poolChannelSums(backend, a, b, layout.C, layout.M, shifts)
    ?? channelSums(backend.typedArrayFromHeap(a) as Float32Array, b && (backend.typedArrayFromHeap(b) as Float32Array), layout, shifts);
}

/** channelAffine of heap tensors: on the SIMD pool when there is one, else in JavaScript. */
function affineOf(
  backend: HeapBackend, out: tf.TensorInfo, a: tf.TensorInfo, A: Float64Array, b: tf.TensorInfo | undefined, B: Float64Array | undefined,
  D: Float64Array, layout: Layout, shifts: ChannelShifts = {},
): void {
  if (poolChannelAffine(backend, out, a, A, b, B, D, layout.C, layout.M, shifts)) return;
  const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
  channelAffine(view(out), view(a), A, b && view(b), B, D, layout, shifts);
}

function batchNormTraining(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as HeapBackend;
  const { x, scale, offset } = args.inputs as { x: tf.TensorInfo; scale: tf.TensorInfo; offset: tf.TensorInfo };
  const { epsilon } = attrsOf<BatchNormTrainingAttrs>(args);
  const layout = layoutOf(x, scale, BATCH_NORM_TRAINING);
  const { C, M } = layout;
  // Pass 1: the mean, rounded to float32 (the centre of pass 2). Pass 2: Σ (x − μ₃₂) and Σ (x − μ₃₂)².
  const centre = Float32Array.from(sumsOf(backend, x, undefined, layout).sum, (s) => s / M);
  const { sum: dev, dot: squares } = sumsOf(backend, x, x, layout, { a: centre, b: centre });
  const gamma = backend.typedArrayFromHeap(scale) as Float32Array;
  const beta = backend.typedArrayFromHeap(offset) as Float32Array;
  const mean = new Float32Array(C);
  const variance = new Float32Array(C);
  const A = new Float64Array(C); // γ·r
  const D = new Float64Array(C); // β − γ·r·(μ − μ₃₂)
  for (let c = 0; c < C; c++) {
    const delta = dev[c] / M; // μ − μ₃₂
    const v = Math.max(squares[c] / M - delta * delta, 0);
    mean[c] = centre[c] + delta;
    variance[c] = v;
    A[c] = gamma[c] / Math.sqrt(v + epsilon);
    D[c] = beta[c] - A[c] * delta;
  }
  const y = backend.makeOutput(x.shape, "float32");
  affineOf(backend, y, x, A, undefined, undefined, D, layout, { a: centre });
  return [y, backend.makeOutput([C], "float32", undefined, mean), backend.makeOutput([C], "float32", undefined, variance)];
}

function batchNormTrainingGrad(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as HeapBackend;
  const { dy, x, scale, mean, variance } = args.inputs as Record<"dy" | "x" | "scale" | "mean" | "variance", tf.TensorInfo>;
  const { epsilon } = attrsOf<BatchNormTrainingAttrs>(args);
  const layout = layoutOf(x, scale, BATCH_NORM_TRAINING_GRAD);
  const { C, M } = layout;
  // A copy: a view of the heap goes stale when an allocation grows it.
  const centre = Float32Array.from(backend.typedArrayFromHeap(mean) as Float32Array);
  // Σ dy and Σ dy·(x − μ): centred, as in the forward pass.
  const { sum: sumDy, dot: sumDyXc } = sumsOf(backend, dy, x, layout, { b: centre });
  const gamma = backend.typedArrayFromHeap(scale) as Float32Array;
  const sigma2 = backend.typedArrayFromHeap(variance) as Float32Array;
  const dGamma = new Float32Array(C);
  const dBeta = new Float32Array(C);
  // dx = A·dy + B·(x − μ) + D with A = γ·r, B = −γ·r²·dγ/M, D = −γ·r·dβ/M.
  const A = new Float64Array(C);
  const B = new Float64Array(C);
  const D = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const r = 1 / Math.sqrt(sigma2[c] + epsilon);
    const dg = r * sumDyXc[c]; // Σ dy·x̂
    dGamma[c] = dg;
    dBeta[c] = sumDy[c];
    A[c] = gamma[c] * r;
    B[c] = -gamma[c] * r * r * dg / M;
    D[c] = -gamma[c] * r * sumDy[c] / M;
  }
  const dx = backend.makeOutput(x.shape, "float32");
  affineOf(backend, dx, dy, A, x, B, D, layout, { b: centre });
  return [dx, backend.makeOutput([C], "float32", undefined, dGamma), backend.makeOutput([C], "float32", undefined, dBeta)];
}

/** The forward kernel's gradient: only y carries one (mean and variance feed the running averages, which the loss does not see). */
export const BATCH_NORM_TRAINING_GRADIENT: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ["x", "scale"],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    const [x, scale, mean, variance] = saved;
    const [dx, dScale, dOffset] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, { dy, x, scale, mean, variance }, attrs) as tf.Tensor[];
    return { x: () => dx, scale: () => dScale, offset: () => dOffset };
  },
};

export const batchNormTrainingFused = path("fused", always, (args) => batchNormTraining(args));
export const batchNormTrainingGradFused = path("fused", always, (args) => batchNormTrainingGrad(args));
