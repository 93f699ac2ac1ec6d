import { dtypeOf, expectRank, NdArray, resultDtype, zeros } from "./ndarray";

/** Aᵀ for A [m, n]: T[j, i] = A[i, j]. */
export function transpose(a: NdArray): NdArray {
  expectRank("transpose", "a", a, "[m, n]");
  const [m, n] = a.shape;
  const t = zeros([n, m], dtypeOf(a));
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t.data[j * m + i] = a.data[i * n + j];
  return t;
}

/**
 * C = A·B for A [m, k], B [k, n]: C[i, j] = Σ_t A[i, t] · B[t, j].
 * The loop order i, t, j walks B and C row by row (contiguous memory), which is what makes it fast.
 * transposeA/transposeB multiply by Aᵀ or Bᵀ (copied first, so one loop serves every case).
 */
export function matmul(a: NdArray, b: NdArray, { transposeA = false, transposeB = false } = {}): NdArray {
  const fn = "matmul";
  expectRank(fn, "a", a, "[m, k]");
  expectRank(fn, "b", b, "[k, n]");
  const A = transposeA ? transpose(a) : a;
  const B = transposeB ? transpose(b) : b;
  const [m, k] = A.shape;
  const [k2, n] = B.shape;
  if (k !== k2) {
    throw new Error(`${fn}: inner sizes differ: a gives k = ${k} (shape ${JSON.stringify(a.shape)}${transposeA ? ", transposed" : ""}) but b gives ${k2} (shape ${JSON.stringify(b.shape)}${transposeB ? ", transposed" : ""})`);
  }
  const c = zeros([m, n], resultDtype(a, b));
  const Ad = A.data, Bd = B.data, C = c.data;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let t = 0; t < k; t++) {
      const aval = Ad[i * k + t];
      if (aval === 0) continue; // padded taps of im2col are zero
      const bRow = t * n;
      for (let j = 0; j < n; j++) C[row + j] += aval * Bd[bRow + j];
    }
  }
  return c;
}
