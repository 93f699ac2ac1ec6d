/**
 * A faster wasm product X·W for a small X and a large W (a dense layer's forward pass:
 * AlexNet multiplies 32 images by its 6400x4096 and 4096x4096 weights).
 *
 * tfjs-backend-wasm hands W to XNNPACK as the "weights" operand, which XNNPACK repacks,
 * transposing it, whenever W is a new tensor: after every optimiser step. That strided
 * repacking costs ~4x the product itself (~110 ms for 4096x4096). Instead we transpose W
 * in cache-sized tiles (~2x faster) and let XNNPACK read it as the plain operand:
 *
 *   X·W = (Wᵀ·Xᵀ)ᵀ,
 *
 * where only the small Xᵀ is packed and the small result transposed back. The bias and a
 * ReLU of `_FusedMatMul` follow as separate (small) kernels. The input gradient dY·Wᵀ takes
 * the same route without the big transpose, (W·dYᵀ)ᵀ (290 → 38 ms for 4096x4096). Other
 * activations, a transposed X, batches and small W take the original kernels.
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { path } from "./kernel-paths";
import { HeapBackend, runWasm, swapLastTwo, withTemps } from "./wasm-heap";

/** Below this many weights XNNPACK's repacking is cheap enough (and the extra kernels of these paths are not: LeNet's 400x120). */
const LARGE_WEIGHTS = 1 << 20;
/** Square tiles of the transpose: 8x8 floats was fastest in V8 (measured 4096x4096: 60 ms; untiled ~150 ms). */
const TILE = 8;

/** Yᵀ of a [R, C] (or [1, R, C]) float32 matrix, written tile by tile. */
export function transposeMatrix(backend: HeapBackend, x: tf.TensorInfo): tf.TensorInfo {
  const [R, C] = x.shape.slice(-2);
  const out = backend.makeOutput([...x.shape.slice(0, -2), C, R], "float32");
  // Views after makeOutput: an allocation may grow (and move) the wasm heap.
  const X = backend.typedArrayFromHeap(x) as Float32Array;
  const Y = backend.typedArrayFromHeap(out) as Float32Array;
  for (let i0 = 0; i0 < R; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, R);
    for (let j0 = 0; j0 < C; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, C);
      for (let i = i0; i < i1; i++) {
        const row = i * C;
        for (let j = j0; j < j1; j++) Y[j * R + i] = X[row + j];
      }
    }
  }
  return out;
}

/** True when W (`b`) is large and much bigger than X (`a`), neither batched: the case for the paths below. */
function largeWeights(a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  const batch = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape.slice(0, -2));
  const sizeB = tf.util.sizeFromShape(b.shape);
  return batch(a) === 1 && batch(b) === 1 && a.dtype === "float32" && b.dtype === "float32"
    && sizeB >= LARGE_WEIGHTS && sizeB >= 4 * tf.util.sizeFromShape(a.shape);
}

/** X·W as (Wᵀ·Xᵀ)ᵀ through the original BatchMatMul, with the temporaries freed. */
function productViaTranspose(backend: HeapBackend, a: tf.TensorInfo, b: tf.TensorInfo, keep: (t: tf.TensorInfo) => tf.TensorInfo): tf.TensorInfo {
  const bT = keep(transposeMatrix(backend, b));
  const aT = keep(runWasm(tf.Transpose, backend, { x: a }, { perm: swapLastTwo(a) }));
  const outT = keep(runWasm(tf.BatchMatMul, backend, { a: bT, b: aT }, { transposeA: false, transposeB: false }));
  return runWasm(tf.Transpose, backend, { x: outT }, { perm: swapLastTwo(outT) });
}

/**
 * A dense layer's input gradient dY·Wᵀ as (W·dYᵀ)ᵀ: W is read as it is (no transposed copy for
 * XNNPACK to repack, ~10x the product), only the small dY and the small result are transposed.
 */
function productWithTransposedViaTranspose(backend: HeapBackend, a: tf.TensorInfo, b: tf.TensorInfo, keep: (t: tf.TensorInfo) => tf.TensorInfo): tf.TensorInfo {
  const aT = keep(runWasm(tf.Transpose, backend, { x: a }, { perm: swapLastTwo(a) }));
  const outT = keep(runWasm(tf.BatchMatMul, backend, { a: b, b: aT }, { transposeA: false, transposeB: false }));
  return runWasm(tf.Transpose, backend, { x: outT }, { perm: swapLastTwo(outT) });
}

/** Whether W (`b`) is large enough for these paths, or why not. */
const largeOrWhy = (a: tf.TensorInfo, b: tf.TensorInfo) =>
  largeWeights(a, b) ? true : `not a single float32 product with a large W (at least ${LARGE_WEIGHTS} floats, 4x X's)`;

export const matMulLargeWeights = path("large-weights", (args) => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  return attrsOf<tf.BatchMatMulAttrs>(args).transposeA ? "A is transposed" : largeOrWhy(a, b);
}, (args) => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const backend = args.backend as HeapBackend;
  return withTemps(backend, (keep) =>
    attrsOf<tf.BatchMatMulAttrs>(args).transposeB ? productWithTransposedViaTranspose(backend, a, b, keep) : productViaTranspose(backend, a, b, keep));
});

export const fusedMatMulLargeWeights = path("large-weights", (args) => {
  const { a, b, preluActivationWeights } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
  const { transposeA, transposeB, activation = "linear" } = attrsOf<tf._FusedMatMulAttrs>(args);
  if (preluActivationWeights || (activation !== "linear" && activation !== "relu")) return `activation ${activation}`;
  return transposeA || transposeB ? "an operand is transposed" : largeOrWhy(a, b);
}, (args) => {
  const { a, b, bias } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo };
  const backend = args.backend as HeapBackend;
  return withTemps(backend, (keep) => {
    let out = productViaTranspose(backend, a, b, keep);
    if (bias) out = runWasm(tf.Add, backend, { a: keep(out), b: bias });
    if (attrsOf<tf._FusedMatMulAttrs>(args).activation === "relu") out = runWasm(tf.Relu, backend, { x: keep(out) });
    return out;
  });
});
