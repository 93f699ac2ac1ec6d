/**
 * Per-channel passes over [M, C] heap tensors (channels last) in cnnlab's SIMD module
 * (lib/simd/batch-norm.ts), each thread of the pool taking a share of the M rows:
 *
 *   sums     Σ_m a[m, c] and Σ_m a[m, c]·b[m, c]   (float32 within blocks of 64 rows, float64 totals)
 *   affine   out[m, c] = A[c]·a[m, c] + B[c]·b[m, c] + D[c]
 *
 * Used by the batch-norm kernels and by the bias gradient and bias add (wasm-simd-channel-ops.ts).
 * Each returns undefined / false when the pool cannot run here (the caller has another way).
 */
import * as tf from "@tensorflow/tfjs";
import { simdPoolOf } from "./simd-pool";
import { shareRows } from "./wasm-simd-filter-grad";
import { HeapBackend, withTemps } from "./wasm-kernel-patch";

const offsetOf = (backend: HeapBackend, t: tf.TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;

/** Σ a and (with b) Σ a·b per channel of [M, C] float32 heap tensors; undefined without the pool. */
export function poolChannelSums(backend: HeapBackend, a: tf.TensorInfo, b: tf.TensorInfo | undefined, C: number, M: number): { sum: Float64Array; dot: Float64Array } | undefined {
  const pool = simdPoolOf(backend);
  if (pool instanceof Error) return undefined;
  const shares = shareRows(M, pool.threads);
  return withTemps(backend, (keep) => {
    const parts = keep(backend.makeOutput([shares.length, 4 * C], "float32")); // 2C float64 per share
    const [aAt, bAt, partsAt] = [offsetOf(backend, a), b ? offsetOf(backend, b) : 0, offsetOf(backend, parts)];
    pool.run(shares.map(([m0, m1], t) => ({ fn: "channelSums", args: [aAt, bAt, m0, m1, C, partsAt + 16 * C * t] })));
    const totals = new Float64Array(backend.typedArrayFromHeap(parts).buffer, partsAt, shares.length * 2 * C);
    const sum = new Float64Array(C);
    const dot = new Float64Array(C);
    for (let t = 0; t < shares.length; t++) {
      for (let c = 0; c < C; c++) {
        sum[c] += totals[2 * C * t + c];
        dot[c] += totals[2 * C * t + C + c];
      }
    }
    return { sum, dot };
  });
}

/** out = A·a + B·b + D per channel (b omitted: no B term) over [M, C] float32 heap tensors; false without the pool. */
export function poolChannelAffine(
  backend: HeapBackend, out: tf.TensorInfo, a: tf.TensorInfo, A: ArrayLike<number>, b: tf.TensorInfo | undefined,
  B: ArrayLike<number> | undefined, D: ArrayLike<number>, C: number, M: number,
): boolean {
  const pool = simdPoolOf(backend);
  if (pool instanceof Error) return false;
  withTemps(backend, (keep) => {
    const coef = new Float32Array(3 * C); // [A | B | D]
    coef.set(A);
    if (B) coef.set(B, C);
    coef.set(D, 2 * C);
    const coefAt = offsetOf(backend, keep(backend.makeOutput([3 * C], "float32", undefined, coef)));
    const [outAt, aAt, bAt] = [offsetOf(backend, out), offsetOf(backend, a), b ? offsetOf(backend, b) : 0];
    pool.run(shareRows(M, pool.threads).map(([m0, m1]) => ({ fn: "channelAffine", args: [outAt, aAt, bAt, m0, m1, C, coefAt] })));
  });
  return true;
}
