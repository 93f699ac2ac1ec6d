/**
 * Small matrix products (dense layers such as LeNet's 400→120→84→10) on wasm with cnnlab's own
 * SIMD kernel (lib/simd/matmul.ts), on the backend's threads (one thread for the smallest).
 *
 * tfjs-backend-wasm hands every BatchMatMul and _FusedMatMul to XNNPACK, which builds an operator
 * and repacks the weights operand at every call; in training that operand is new at every step
 * (W after the optimiser, dY in Xᵀ·dY), so for products of 1–6 MFLOP the setup costs as much as
 * the product. The SIMD kernel reads the operands where they lie:
 *
 *   C[i, j] = act(bias[j] + Σ_k A(i, k) · B[k, j])
 *
 * with A or Aᵀ read through strides (the weight gradient Xᵀ·dY needs no copy) and B row-major,
 * or, for A·Bᵀ (the input gradient dY·Wᵀ), as dot products of rows of A and of B (a second entry:
 * transposing W first cost ~1/3 of the product, and one more round trip to the worker). Each
 * thread computes whole rows of C. LeNet's nine dense products (batch 128, fresh operands, busy
 * 2-core machine): 1.8 ms per step instead of 9.1 ms; a profiled step's BatchMatMul 2.5 ms instead of 8.9.
 *
 * Products with a large B or much work (AlexNet's 9216x4096 layer) keep the XNNPACK paths
 * (wasm-faster-matmul.ts, wasm-faster-kernels.ts), as do batched products (more than one matrix), Aᵀ·Bᵀ,
 * other dtypes, a bias other than one value per column, and activations other than linear and ReLU.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelArgs, attrsOf } from "./kernel-run";
import { simdPath } from "./kernel-paths";
import { SimdPool, runOnCounter } from "./simd-pool";
import { HeapBackend, heapOffset } from "./wasm-heap";

/*
 * Which products are small, measured with a fresh B at every call (2 threads, medians; SIMD vs XNNPACK):
 * LeNet's 128x400x120 0.40 vs 1.6 ms, 128x256x256 0.49 vs 2.0 ms, 128x512x512 (33M multiply-adds)
 * 3.8 vs 5.8 ms, but 32x1024x1024 (B of 1M floats, out of cache for every 4-row tile) 6.5 vs 8.5 ms
 * and 1024x32x1024 as Aᵀ·B (K = 32: short tiles) 7.9 vs 6.0 ms. Within both limits below every
 * product measured was faster; AlexNet's fc6 and fc7 (9216x4096, 4096x4096) stay with XNNPACK.
 */
/** At most this many floats in B (K·N): B stays in cache while every tile of rows streams over it. */
export const SMALL_B_FLOATS = 1 << 18;
/** At most this many multiply-adds (M·N·K). */
export const SMALL_PRODUCT = 1 << 24;
/**
 * From this many multiply-adds on, the product is shared with the pool's workers. Below it the call
 * to a worker costs more than it saves: 128x120x84 (1.3M) 0.08–0.11 ms on one thread, 0.13 ms
 * shared; 128x84x10 0.02 vs 0.02–0.03 ms. LeNet's 128x400x120 (6.1M, 0.37 ms on one thread) is shared.
 */
export const THREADED_PRODUCT = 1 << 21;
/** Chunks of rows per thread that the threads take from a shared counter (any late thread's chunks go to the others). */
const CHUNKS_PER_THREAD = 4;

/** A product's sizes (C is [M, N], K the summed dimension) and which operands are read transposed. */
export type Product = { M: number; N: number; K: number; transposeA: boolean; transposeB: boolean };

const batchOf = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape.slice(0, -2));

/** The product a·b (with the given transposes) if the SIMD kernel should compute it: float32, one matrix each, small. */
export function smallProduct(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): Product | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return undefined;
  if (batchOf(a) !== 1 || batchOf(b) !== 1) return undefined;
  const [ra, ca] = a.shape.slice(-2);
  const [rb, cb] = b.shape.slice(-2);
  const [M, K] = transposeA ? [ca, ra] : [ra, ca];
  const N = transposeB ? rb : cb;
  if ((transposeB ? cb : rb) !== K) return undefined; // the original kernel reports the mismatch
  if (transposeA && transposeB) return undefined; // Aᵀ·Bᵀ: no kernel reads both transposed (no dense layer needs it)
  if (K * N > SMALL_B_FLOATS || M * N * K > SMALL_PRODUCT) return undefined;
  return { M, N, K, transposeA, transposeB };
}

/** The output's shape: the broadcast batch dimensions (all 1 here), then [M, N], as wasm's kernels return it. */
function outShapeOf(a: tf.TensorInfo, b: tf.TensorInfo, { M, N }: Product): number[] {
  return [...tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)), M, N];
}

/** C = act(a·b + bias) on the pool's threads; `bias` has N values (or is absent). */
function matMulSimd(backend: HeapBackend, pool: SimdPool, a: tf.TensorInfo, b: tf.TensorInfo, p: Product,
  outShape: number[], bias: tf.TensorInfo | undefined, relu: boolean): tf.TensorInfo {
  const { M, N, K, transposeA, transposeB } = p;
  const out = backend.makeOutput(outShape, "float32");
  if (M * N === 0) return out;
  const threads = M * N * K < THREADED_PRODUCT ? 1 : pool.threads;
  // Chunks of whole 4-row tiles, CHUNKS_PER_THREAD per thread, so that a thread that starts late leaves its chunks to the others.
  const rowsPerChunk = 4 * Math.max(1, Math.ceil(M / (4 * CHUNKS_PER_THREAD * threads)));
  // A(i, k) = a[i·sAi + k·sAk]: a is [M, K], or [K, M] when transposed.
  const [sAi, sAk] = transposeA ? [1, M] : [K, 1];
  runOnCounter(backend, pool, transposeB ? "matmulTransposedB" : "matmul", (counterAt) => {
    const head = [heapOffset(backend, a), heapOffset(backend, b), heapOffset(backend, out), bias ? heapOffset(backend, bias) : 0, M, N, K];
    const tail = [bias ? 1 : 0, relu ? 1 : 0, rowsPerChunk, counterAt];
    return transposeB ? [...head, ...tail] : [...head, sAi, sAk, ...tail];
  }, threads);
  return out;
}

function matMulPlan(args: KernelArgs): Product | string {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = attrsOf<tf.BatchMatMulAttrs>(args);
  return smallProduct(a, b, !!transposeA, !!transposeB) ?? SMALL;
}
const SMALL = `needs one float32 matrix each, not both transposed, B of at most ${SMALL_B_FLOATS} floats and at most ${SMALL_PRODUCT} multiply-adds`;

export const simdMatMul = simdPath("simd-small", matMulPlan, (args, pool, p) => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  return matMulSimd(args.backend as HeapBackend, pool, a, b, p, outShapeOf(a, b, p), undefined, false);
});

function fusedMatMulPlan(args: KernelArgs): Product | string {
  const { a, b, bias, preluActivationWeights } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
  const { transposeA, transposeB, activation = "linear" } = attrsOf<tf._FusedMatMulAttrs>(args);
  if (preluActivationWeights || (activation !== "linear" && activation !== "relu")) return `activation ${activation}`;
  const p = smallProduct(a, b, !!transposeA, !!transposeB);
  if (!p) return SMALL;
  // One bias value per output column (wasm's kernel takes only rank-1 biases; a single value broadcast falls back).
  return !bias || (bias.dtype === "float32" && bias.shape.length === 1 && bias.shape[0] === p.N) ? p : "the bias is not one float32 value per column";
}

export const simdFusedMatMul = simdPath("simd-small", fusedMatMulPlan, (args, pool, p) => {
  const { a, b, bias } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo };
  return matMulSimd(args.backend as HeapBackend, pool, a, b, p, outShapeOf(a, b, p), bias, attrsOf<tf._FusedMatMulAttrs>(args).activation === "relu");
});
