// AssemblyScript (compiled to WebAssembly with SIMD by `npm run build:simd`, not by tsc).
//
// A small dense matrix product with an optional bias and ReLU:
//
//   C[i, j] = act(bias[j] + Σ_k A(i, k) · B[k, j]),   A(i, k) = a[i·sAi + k·sAk]
//
// B is row-major [K, N] and C row-major [M, N]. A's two strides cover A ([M, K]: sAi = K, sAk = 1)
// and Aᵀ (A stored [K, M]: sAi = 1, sAk = M), so a dense layer's weight gradient Xᵀ·dY reads X
// as it lies. act is the identity or ReLU (x < 0 ? 0 : x, so NaN stays NaN, as tfjs computes it).
//
// A tile of 4 rows and 8 columns of C stays in eight registers while k runs over K: per k, 4
// splat loads of A, 2 vector loads of B, 8 multiply-adds. Rows past the last multiple of 4 take
// 1-row tiles, columns past the last multiple of 8 a 4-column tile, and the last N mod 4 columns
// a tile of partial vectors (loads and stores of 1–3 lanes, lanes.ts): nothing is read or written
// outside A, B, bias and C.
//
// A·Bᵀ with B stored [N, K] (a dense layer's input gradient dY·Wᵀ) has its own entry below,
// matmulTransposedB, which reads both operands along k.
//
// The module imports its memory (the wasm backend's heap; see filter-grad.ts): no data segment,
// no allocation.

import { loadLanes, storeLanes } from "./lanes";

// Writes the tile C[i..i+R−1, j..j+W−1] of R = 1 or 4 rows and W = 8 (V = 2 vectors), or W = T ≤ 4
// (V = 1 vector of which T lanes are read and written). R, V and T are constants at every call,
// so each call inlines to its own loop.
@inline function tile(
  a: usize, b: usize, c: usize, bias: usize, R: i32, V: i32, T: i32,
  i: i32, j: i32, N: i32, K: i32, sAi: i32, sAk: i32, hasBias: i32, relu: i32,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  if (hasBias) {
    c00 = loadLanes(bias + (<usize>j << 2), T);
    if (V == 2) c01 = v128.load(bias + (<usize>j << 2), 16);
  }
  let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
  const aRow = <usize>sAi << 2;      // bytes from A(i, k) to A(i + 1, k)
  const aStep = <usize>sAk << 2;     // bytes from A(i, k) to A(i, k + 1)
  const bStep = <usize>N << 2;       // bytes from B[k, j] to B[k + 1, j]
  let pa = a + (<usize>i * aRow);
  let pb = b + (<usize>j << 2);
  for (let k = 0; k < K; k++) {
    const b0 = loadLanes(pb, T);
    const x0 = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(x0, b0));
    if (V == 2) {
      const b1 = v128.load(pb, 16);
      c01 = f32x4.add(c01, f32x4.mul(x0, b1));
      if (R == 4) {
        const x1 = v128.load32_splat(pa + aRow), x2 = v128.load32_splat(pa + 2 * aRow), x3 = v128.load32_splat(pa + 3 * aRow);
        c10 = f32x4.add(c10, f32x4.mul(x1, b0)); c11 = f32x4.add(c11, f32x4.mul(x1, b1));
        c20 = f32x4.add(c20, f32x4.mul(x2, b0)); c21 = f32x4.add(c21, f32x4.mul(x2, b1));
        c30 = f32x4.add(c30, f32x4.mul(x3, b0)); c31 = f32x4.add(c31, f32x4.mul(x3, b1));
      }
    } else if (R == 4) {
      const x1 = v128.load32_splat(pa + aRow), x2 = v128.load32_splat(pa + 2 * aRow), x3 = v128.load32_splat(pa + 3 * aRow);
      c10 = f32x4.add(c10, f32x4.mul(x1, b0));
      c20 = f32x4.add(c20, f32x4.mul(x2, b0));
      c30 = f32x4.add(c30, f32x4.mul(x3, b0));
    }
    pa += aStep;
    pb += bStep;
  }
  if (relu) {
    // pmax(x, 0) = x < 0 ? 0 : x, which keeps NaN (max would too, but turns −0 into 0 and costs more on x86).
    const zero = f32x4.splat(0);
    c00 = f32x4.pmax(c00, zero); c01 = f32x4.pmax(c01, zero);
    c10 = f32x4.pmax(c10, zero); c11 = f32x4.pmax(c11, zero);
    c20 = f32x4.pmax(c20, zero); c21 = f32x4.pmax(c21, zero);
    c30 = f32x4.pmax(c30, zero); c31 = f32x4.pmax(c31, zero);
  }
  const cRow = <usize>N << 2;
  const out = c + ((<usize>i * cRow) + (<usize>j << 2));
  storeLanes(out, c00, T);
  if (V == 2) v128.store(out, c01, 16);
  if (R == 4) {
    storeLanes(out + cRow, c10, T); storeLanes(out + 2 * cRow, c20, T); storeLanes(out + 3 * cRow, c30, T);
    if (V == 2) { v128.store(out + cRow, c11, 16); v128.store(out + 2 * cRow, c21, 16); v128.store(out + 3 * cRow, c31, 16); }
  }
}

// The tiles of R rows from row i across all N columns (R = 1 or 4, constant at each call).
@inline export function rowTiles(
  a: usize, b: usize, c: usize, bias: usize, R: i32,
  i: i32, N: i32, K: i32, sAi: i32, sAk: i32, hasBias: i32, relu: i32,
): void {
  const N8 = N & ~7, N4 = N & ~3;
  let j = 0;
  for (; j < N8; j += 8) tile(a, b, c, bias, R, 2, 4, i, j, N, K, sAi, sAk, hasBias, relu);
  if (j < N4) {
    tile(a, b, c, bias, R, 1, 4, i, j, N, K, sAi, sAk, hasBias, relu);
    j += 4;
  }
  // The last N mod 4 columns: a vector of which only those lanes are read and written.
  const rest = N - j;
  if (rest == 1) tile(a, b, c, bias, R, 1, 1, i, j, N, K, sAi, sAk, hasBias, relu);
  else if (rest == 2) tile(a, b, c, bias, R, 1, 2, i, j, N, K, sAi, sAk, hasBias, relu);
  else if (rest == 3) tile(a, b, c, bias, R, 1, 3, i, j, N, K, sAi, sAk, hasBias, relu);
}

// Writes C (overwriting it), chunk by chunk: rowsPerChunk rows (a multiple of 4) at a time, the
// threads taking chunks from the shared counter until none are left (so a late thread's rows are
// taken by another; each row is computed by one thread, in the same order whichever it is).
// bias (N floats) is read only when hasBias ≠ 0; relu ≠ 0 applies ReLU.
export function matmul(
  a: usize, b: usize, c: usize, bias: usize, M: i32, N: i32, K: i32, sAi: i32, sAk: i32,
  hasBias: i32, relu: i32, rowsPerChunk: i32, counter: usize,
): void {
  for (let row0 = atomic.add<i32>(counter, 1) * rowsPerChunk; row0 < M; row0 = atomic.add<i32>(counter, 1) * rowsPerChunk) {
    const row1 = min(M, row0 + rowsPerChunk);
    let i = row0;
    for (; i + 4 <= row1; i += 4) rowTiles(a, b, c, bias, 4, i, N, K, sAi, sAk, hasBias, relu);
    for (; i < row1; i++) rowTiles(a, b, c, bias, 1, i, N, K, sAi, sAk, hasBias, relu);
  }
}

// The dot-product form for a B stored transposed (bt = Bᵀ, row-major [N, K]; A row-major [M, K]):
//
//   C[i, j] = act(bias[j] + Σ_k A[i, k] · bt[j, k])
//
// Both operands are then contiguous along k, so a tile of R rows of A and S rows of bt (R = 1 or
// 4, S = 1 or 2) keeps R·S vectors of partial sums (lanes: k mod 4) while k runs over the last
// multiple of 4; each is then summed across its lanes, and the last K mod 4 terms are added one
// by one. Per 4 values of k: R + S loads, R·S multiply-adds (4x2: 6 and 8, as for the 4x8 tile).
@inline function hsum(v: v128): f32 {
  const pairs = f32x4.add(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(pairs, i32x4.shuffle(pairs, pairs, 1, 0, 3, 2)), 0);
}

// C[i + r, j + s] from its partial sums `v` and the terms past K4, with the bias and activation.
@inline function dotOut(
  a: usize, bt: usize, c: usize, bias: usize, v: v128, i: i32, j: i32, r: i32, s: i32,
  N: i32, K: i32, K4: i32, hasBias: i32, relu: i32,
): void {
  let sum = hsum(v);
  const pa = a + ((<usize>(i + r) * K) << 2), pb = bt + ((<usize>(j + s) * K) << 2);
  for (let k = K4; k < K; k++) sum += load<f32>(pa + (<usize>k << 2)) * load<f32>(pb + (<usize>k << 2));
  if (hasBias) sum += load<f32>(bias + (<usize>(j + s) << 2));
  store<f32>(c + ((<usize>(i + r) * N + j + s) << 2), relu && sum < 0 ? 0 : sum);
}

@inline function dotTile(
  a: usize, bt: usize, c: usize, bias: usize, R: i32, S: i32,
  i: i32, j: i32, N: i32, K: i32, hasBias: i32, relu: i32,
): void {
  const row = <usize>K << 2; // bytes from one row of A (or bt) to the next
  const K4 = K & ~3;
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let pa = a + (<usize>i * row), pb = bt + (<usize>j * row);
  for (let k = 0; k < K4; k += 4) {
    const a0 = v128.load(pa), b0 = v128.load(pb);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    if (S == 2) {
      const b1 = v128.load(pb + row);
      c01 = f32x4.add(c01, f32x4.mul(a0, b1));
      if (R == 4) {
        const a1 = v128.load(pa + row), a2 = v128.load(pa + 2 * row), a3 = v128.load(pa + 3 * row);
        c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
        c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
        c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
      }
    } else if (R == 4) {
      const a1 = v128.load(pa + row), a2 = v128.load(pa + 2 * row), a3 = v128.load(pa + 3 * row);
      c10 = f32x4.add(c10, f32x4.mul(a1, b0));
      c20 = f32x4.add(c20, f32x4.mul(a2, b0));
      c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    }
    pa += 16;
    pb += 16;
  }
  dotOut(a, bt, c, bias, c00, i, j, 0, 0, N, K, K4, hasBias, relu);
  if (S == 2) dotOut(a, bt, c, bias, c01, i, j, 0, 1, N, K, K4, hasBias, relu);
  if (R == 4) {
    dotOut(a, bt, c, bias, c10, i, j, 1, 0, N, K, K4, hasBias, relu);
    dotOut(a, bt, c, bias, c20, i, j, 2, 0, N, K, K4, hasBias, relu);
    dotOut(a, bt, c, bias, c30, i, j, 3, 0, N, K, K4, hasBias, relu);
    if (S == 2) {
      dotOut(a, bt, c, bias, c11, i, j, 1, 1, N, K, K4, hasBias, relu);
      dotOut(a, bt, c, bias, c21, i, j, 2, 1, N, K, K4, hasBias, relu);
      dotOut(a, bt, c, bias, c31, i, j, 3, 1, N, K, K4, hasBias, relu);
    }
  }
}

@inline function dotRowTiles(
  a: usize, bt: usize, c: usize, bias: usize, R: i32,
  i: i32, N: i32, K: i32, hasBias: i32, relu: i32,
): void {
  let j = 0;
  for (; j + 2 <= N; j += 2) dotTile(a, bt, c, bias, R, 2, i, j, N, K, hasBias, relu);
  if (j < N) dotTile(a, bt, c, bias, R, 1, i, j, N, K, hasBias, relu);
}

// Writes C = A·btᵀ (overwriting it), chunk by chunk as matmul does; bias and relu as there.
export function matmulTransposedB(
  a: usize, bt: usize, c: usize, bias: usize, M: i32, N: i32, K: i32,
  hasBias: i32, relu: i32, rowsPerChunk: i32, counter: usize,
): void {
  for (let row0 = atomic.add<i32>(counter, 1) * rowsPerChunk; row0 < M; row0 = atomic.add<i32>(counter, 1) * rowsPerChunk) {
    const row1 = min(M, row0 + rowsPerChunk);
    let i = row0;
    for (; i + 4 <= row1; i += 4) dotRowTiles(a, bt, c, bias, 4, i, N, K, hasBias, relu);
    for (; i < row1; i++) dotRowTiles(a, bt, c, bias, 1, i, N, K, hasBias, relu);
  }
}
