import { expectRank, NdArray, resultDtype, zeros } from "./ndarray";

/** C = A·B for A [m, k], B [k, n]: C[i, j] = Σ_t A[i, t] · B[t, j]. Optional transposes avoid copying. */
export function matmul(a: NdArray, b: NdArray, { transposeA = false, transposeB = false } = {}): NdArray {
  const fn = "matmul";
  expectRank(fn, "a", a, "[m, k]");
  expectRank(fn, "b", b, "[k, n]");
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const [k2, n] = transposeB ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== k2) {
    throw new Error(`${fn}: inner sizes differ: a gives k = ${k} (shape ${JSON.stringify(a.shape)}${transposeA ? ", transposed" : ""}) but b gives ${k2} (shape ${JSON.stringify(b.shape)}${transposeB ? ", transposed" : ""})`);
  }
  const c = zeros([m, n], resultDtype(a, b));
  const A = a.data, B = b.data, C = c.data;
  // Strides let one loop serve all four transpose combinations.
  const [ai, at] = transposeA ? [1, m] : [k, 1];
  const [bt, bj] = transposeB ? [1, k] : [n, 1];
  for (let i = 0; i < m; i++) {
    for (let t = 0; t < k; t++) {
      const aval = A[i * ai + t * at];
      if (aval === 0) continue;
      const row = i * n;
      for (let j = 0; j < n; j++) C[row + j] += aval * B[t * bt + j * bj];
    }
  }
  return c;
}
