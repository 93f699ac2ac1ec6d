// AssemblyScript: the two passes of batch normalisation in training (lib/backend/batch-norm-kernels.ts),
// over the rows [m0, m1) of [M, C] arrays (channels last), C a multiple of 4.

// Rows summed in float32 before the block's sums go into the float64 totals: 64 rows of up to
// 64 channels stay in L1 while each group of 4 channels walks them, and a float32 sum of 64 terms
// loses nothing that matters to a float64 total of M / 64 such sums.
const BLOCK = 64;

// sums[c] += Σ_m a[m, c] and sums[C + c] += Σ_m a[m, c]·b[m, c] (float64 sums; b = a gives Σ a²).
export function channelSums(a: usize, b: usize, m0: i32, m1: i32, C: i32, sums: usize): void {
  memory.fill(sums, 0, <usize>(2 * C) << 3);
  const rowBytes = <usize>C << 2;
  for (let r0 = m0; r0 < m1; r0 += BLOCK) {
    const r1 = min(m1, r0 + BLOCK);
    for (let c = 0; c < C; c += 4) {
      let s = f32x4.splat(0), d = f32x4.splat(0);
      let pa = a + ((<usize>(r0 * C + c)) << 2), pb = b + ((<usize>(r0 * C + c)) << 2);
      for (let m = r0; m < r1; m++) {
        const va = v128.load(pa);
        s = f32x4.add(s, va);
        d = f32x4.add(d, f32x4.mul(va, v128.load(pb)));
        pa += rowBytes;
        pb += rowBytes;
      }
      const ps = sums + (<usize>c << 3), pd = sums + (<usize>(C + c) << 3);
      v128.store(ps, f64x2.add(v128.load(ps), f64x2.promote_low_f32x4(s)));
      v128.store(ps, f64x2.add(v128.load(ps, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(s, s, 2, 3, 0, 1))), 16);
      v128.store(pd, f64x2.add(v128.load(pd), f64x2.promote_low_f32x4(d)));
      v128.store(pd, f64x2.add(v128.load(pd, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(d, d, 2, 3, 0, 1))), 16);
    }
  }
}

// out[m, c] = A[c]·a[m, c] + B[c]·b[m, c] + D[c], with coef = [A | B | D] (float32, 3C); b = 0: no B term.
export function channelAffine(out: usize, a: usize, b: usize, m0: i32, m1: i32, C: i32, coef: usize): void {
  const rowBytes = <usize>C << 2;
  const cA = coef, cB = coef + rowBytes, cD = coef + 2 * rowBytes;
  let po = out + <usize>m0 * rowBytes, pa = a + <usize>m0 * rowBytes, pb = b + <usize>m0 * rowBytes;
  for (let m = m0; m < m1; m++) {
    for (let k: usize = 0; k < rowBytes; k += 16) {
      let y = f32x4.add(f32x4.mul(v128.load(cA + k), v128.load(pa + k)), v128.load(cD + k));
      if (b != 0) y = f32x4.add(y, f32x4.mul(v128.load(cB + k), v128.load(pb + k)));
      v128.store(po + k, y);
    }
    po += rowBytes;
    pa += rowBytes;
    pb += rowBytes;
  }
}
