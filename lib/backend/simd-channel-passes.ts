/**
 * Per-channel passes over [M, C] heap tensors (channels last) in cnnlab's SIMD module
 * (lib/simd/batch-norm.ts), the pool's threads taking the work from a shared counter (the sums
 * in fixed shares added in order, so the result does not depend on which thread ran which):
 *
 *   sums     Σ_m (a[m, c] − Sa[c]) and Σ_m (a[m, c] − Sa[c])·(b[m, c] − Sb[c])   (float32 within blocks of 64 rows, float64 totals)
 *   affine   out[m, c] = A[c]·(a[m, c] − Sa[c]) + B[c]·(b[m, c] − Sb[c]) + D[c]
 *
 * with per-channel shifts Sa, Sb (none: 0, which changes no value): batch norm centres x on its mean.
 *
 * Used by the batch-norm kernels and by the bias gradient and bias add (wasm-simd-channel-ops.ts).
 * Each returns undefined / false when the pool cannot run here (the caller has another way).
 */
import * as tf from "@tensorflow/tfjs";
import { runOnCounter, simdPoolOf } from "./simd-pool";
import { HeapBackend, heapOffset, withTemps } from "./wasm-heap";

/** Per-channel shifts of the two operands (absent: none). */
export type ChannelShifts = { a?: ArrayLike<number>; b?: ArrayLike<number> };

/** Σ (a − Sa) and (with b) Σ (a − Sa)·(b − Sb) per channel of [M, C] float32 heap tensors; undefined without the pool. */
export function poolChannelSums(
  backend: HeapBackend, a: tf.TensorInfo, b: tf.TensorInfo | undefined, C: number, M: number, shifts: ChannelShifts = {},
): { sum: Float64Array; dot: Float64Array } | undefined {
  const pool = simdPoolOf(backend);
  if (pool instanceof Error) return undefined;
  const T = pool.threads;
  return withTemps(backend, (keep) => {
    const parts = keep(backend.makeOutput([T, 4 * C], "float32")); // 2C float64 per share, one share per thread
    const shift = shifts.a || shifts.b ? keep(backend.makeOutput([2 * C], "float32", undefined, shiftVector(C, shifts))) : undefined;
    runOnCounter(backend, pool, "channelSums", (counterAt) => [
      heapOffset(backend, a), b ? heapOffset(backend, b) : 0, shift ? heapOffset(backend, shift) : 0, M, C, heapOffset(backend, parts), T, counterAt,
    ]);
    // Every share was summed (by one thread or another): add them in share order.
    const totals = new Float64Array(backend.typedArrayFromHeap(parts).buffer, heapOffset(backend, parts), T * 2 * C);
    const sum = new Float64Array(C);
    const dot = new Float64Array(C);
    for (let t = 0; t < T; t++) {
      for (let c = 0; c < C; c++) {
        sum[c] += totals[2 * C * t + c];
        dot[c] += totals[2 * C * t + C + c];
      }
    }
    return { sum, dot };
  });
}

/** [Sa | Sb], zeros for an absent shift. */
function shiftVector(C: number, { a, b }: ChannelShifts): Float32Array {
  const v = new Float32Array(2 * C);
  if (a) v.set(a);
  if (b) v.set(b, C);
  return v;
}

/** Rows per chunk of the affine pass: ~64 KiB of each operand. */
const affineRows = (C: number) => Math.max(1, Math.floor(16384 / C));

/** out = A·(a − Sa) + B·(b − Sb) + D per channel (b omitted: no B term) over [M, C] float32 heap tensors; false without the pool. */
export function poolChannelAffine(
  backend: HeapBackend, out: tf.TensorInfo, a: tf.TensorInfo, A: ArrayLike<number>, b: tf.TensorInfo | undefined,
  B: ArrayLike<number> | undefined, D: ArrayLike<number>, C: number, M: number, shifts: ChannelShifts = {},
): boolean {
  const pool = simdPoolOf(backend);
  if (pool instanceof Error) return false;
  withTemps(backend, (keep) => {
    const coef = new Float32Array(5 * C); // [A | B | D | Sa | Sb]
    coef.set(A);
    if (B) coef.set(B, C);
    coef.set(D, 2 * C);
    coef.set(shiftVector(C, shifts), 3 * C);
    const coefficients = keep(backend.makeOutput([5 * C], "float32", undefined, coef));
    runOnCounter(backend, pool, "channelAffine", (counterAt) => [
      heapOffset(backend, out), heapOffset(backend, a), b ? heapOffset(backend, b) : 0, M, C, heapOffset(backend, coefficients), affineRows(C), counterAt,
    ]);
  });
  return true;
}
