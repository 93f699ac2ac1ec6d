// AssemblyScript: per-channel passes over the rows of [M, C] arrays (channels last):
// the two passes of batch normalisation in training (lib/backend/batch-norm-kernels.ts), and a
// bias gradient (a sum over all axes but the last) and a bias add (lib/backend/wasm-simd-channel-ops.ts).

import { loadLanes, storeLanes } from "./lanes";

// Rows summed in float32 before the block's sums go into the float64 totals: 64 rows of up to
// 64 channels stay in L1 while each group of 4 channels walks them, and a float32 sum of 64 terms
// loses nothing that matters to a float64 total of M / 64 such sums.
const BLOCK = 64;

// Threads take their work from a shared counter until none is left, so a late thread's part is
// taken by another. The sums are split into `shares` fixed row ranges, each summed into its own
// totals, which the caller adds in share order: the same result whichever thread ran which.

// sums[c] = Σ_m (a[m, c] − Sa[c]) and, unless b = 0, sums[C + c] = Σ_m (a[m, c] − Sa[c])·(b[m, c] − Sb[c])
// (float64; b = a gives a sum of squares), with shift = [Sa | Sb] (2C float32), or 0 for no shift,
// for each share of the M rows, into parts + share·2C float64 (overwriting them). Batch norm's variance
// is the sum of squares of x − μ (the second of two passes): with x itself, Σx² − M·μ² cancels when
// |μ| ≫ σ. Subtracting 0 changes no value: without a shift the sums are those of a and a·b.
export function channelSums(a: usize, b: usize, shift: usize, M: i32, C: i32, parts: usize, shares: i32, counter: usize): void {
  const rowBytes = <usize>C << 2;
  for (let share = atomic.add<i32>(counter, 1); share < shares; share = atomic.add<i32>(counter, 1)) {
    const sums = parts + ((<usize>(2 * C * share)) << 3);
    memory.fill(sums, 0, <usize>(2 * C) << 3);
    const end = <i32>((<i64>M * (share + 1)) / shares);
    for (let r0 = <i32>((<i64>M * share) / shares); r0 < end; r0 += BLOCK) {
      const r1 = min(end, r0 + BLOCK);
      for (let c = 0; c < C; c += 4) {
        const lanes = min(4, C - c);
        const sa = shift == 0 ? f32x4.splat(0) : loadLanes(shift + (<usize>c << 2), lanes);
        const sb = shift == 0 ? f32x4.splat(0) : loadLanes(shift + rowBytes + (<usize>c << 2), lanes);
        let s = f32x4.splat(0), d = f32x4.splat(0);
        let pa = a + ((<usize>(r0 * C + c)) << 2), pb = b + ((<usize>(r0 * C + c)) << 2);
        if (b == 0) {
          for (let m = r0; m < r1; m++) {
            s = f32x4.add(s, f32x4.sub(loadLanes(pa, lanes), sa));
            pa += rowBytes;
          }
        } else {
          for (let m = r0; m < r1; m++) {
            const va = f32x4.sub(loadLanes(pa, lanes), sa);
            s = f32x4.add(s, va);
            d = f32x4.add(d, f32x4.mul(va, f32x4.sub(loadLanes(pb, lanes), sb)));
            pa += rowBytes;
            pb += rowBytes;
          }
        }
        addToDoubles(sums + (<usize>c << 3), s, lanes);
        if (b != 0) addToDoubles(sums + (<usize>(C + c) << 3), d, lanes);
      }
    }
  }
}

// p[0..lanes) (float64) += the first `lanes` floats of v; nothing past them is touched.
@inline function addToDoubles(p: usize, v: v128, lanes: i32): void {
  if (lanes >= 2) v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
  else store<f64>(p, load<f64>(p) + <f64>f32x4.extract_lane(v, 0));
  if (lanes == 4) v128.store(p, f64x2.add(v128.load(p, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
  else if (lanes == 3) store<f64>(p, load<f64>(p, 16) + <f64>f32x4.extract_lane(v, 2), 16);
}

// out[m, c] = A[c]·(a[m, c] − Sa[c]) + B[c]·(b[m, c] − Sb[c]) + D[c], with coef = [A | B | D | Sa | Sb]
// (float32, 5C); b = 0: no B term; rowsPerChunk rows at a time. Batch norm centres x before it scales
// it (A·x + D would cancel when |μ| ≫ σ); a zero shift changes no value.
export function channelAffine(out: usize, a: usize, b: usize, M: i32, C: i32, coef: usize, rowsPerChunk: i32, counter: usize): void {
  for (let r0 = atomic.add<i32>(counter, rowsPerChunk); r0 < M; r0 = atomic.add<i32>(counter, rowsPerChunk)) {
    affineRows(out, a, b, r0, min(M, r0 + rowsPerChunk), C, coef);
  }
}

@inline function affineRows(out: usize, a: usize, b: usize, m0: i32, m1: i32, C: i32, coef: usize): void {
  const rowBytes = <usize>C << 2;
  const cA = coef, cB = coef + rowBytes, cD = coef + 2 * rowBytes, cSa = coef + 3 * rowBytes, cSb = coef + 4 * rowBytes;
  const full = <usize>(C & ~3) << 2;
  const tail = C & 3;
  let po = out + <usize>m0 * rowBytes, pa = a + <usize>m0 * rowBytes, pb = b + <usize>m0 * rowBytes;
  for (let m = m0; m < m1; m++) {
    for (let k: usize = 0; k < full; k += 16) {
      let y = f32x4.add(f32x4.mul(v128.load(cA + k), f32x4.sub(v128.load(pa + k), v128.load(cSa + k))), v128.load(cD + k));
      if (b != 0) y = f32x4.add(y, f32x4.mul(v128.load(cB + k), f32x4.sub(v128.load(pb + k), v128.load(cSb + k))));
      v128.store(po + k, y);
    }
    if (tail) {
      let y = f32x4.add(f32x4.mul(loadLanes(cA + full, tail), f32x4.sub(loadLanes(pa + full, tail), loadLanes(cSa + full, tail))), loadLanes(cD + full, tail));
      if (b != 0) y = f32x4.add(y, f32x4.mul(loadLanes(cB + full, tail), f32x4.sub(loadLanes(pb + full, tail), loadLanes(cSb + full, tail))));
      storeLanes(po + full, y, tail);
    }
    po += rowBytes;
    pa += rowBytes;
    pb += rowBytes;
  }
}
