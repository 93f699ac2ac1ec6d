// AssemblyScript (compiled to WebAssembly with SIMD by `npm run build:simd`, not by tsc).
//
// A 3x3, stride-1 convolution in NHWC by Winograd's minimal filtering F(2x2, 3x3) (Lavin & Gray,
// "Fast Algorithms for Convolutional Neural Networks", 2016):
//
//   Y[n, 2p..2p+1, 2q..2q+1, :] = Aᵀ [ Σ_ci (Bᵀ d_ci B) ⊙ (G g_ci,co Gᵀ) ] A
//
// where d_ci is the 4x4 patch of X at rows 2p − padT … 2p − padT + 3 (zeros outside the image),
// g_ci,co the 3x3 filter, and
//
//   Bᵀ = [1  0 −1  0]    G = [1    0    0  ]    Aᵀ = [1  1  1  0]
//        [0  1  1  0]        [1/2  1/2  1/2]         [0  1 −1 −1]
//        [0 −1  1  0]        [1/2 −1/2  1/2]
//        [0  1  0 −1]        [0    0    1  ]
//
// Each 2x2 output tile costs 16 multiply-adds per (ci, co) instead of 36: 2.25x fewer. The 16
// positions ξ of the 4x4 transforms make 16 independent matrix products
//
//   M[ξ][t, co] = Σ_ci V[ξ][t, ci] · U[ξ][ci, co],   V = Bᵀ d B (per tile t), U = G g Gᵀ
//
// computed for a block of tiles at a time in a thread's scratch (V, then M), with the same 4x8
// register tile as matmul.ts, then transformed back to the output, with an optional bias and ReLU.
// Every output pixel is written by exactly one block, so the result does not depend on which
// thread ran which block.
//
// The module imports its memory (the wasm backend's heap; see filter-grad.ts): no data segment, no
// allocation; nothing is written outside U, Y and the threads' scratch.

// U[ξ][a, b] = (G g Gᵀ)[ξ] for every (a, b) of A x B channel pairs, where the 3x3 filter g of the
// pair is read at w + (i·si + j·sj + a·sa + b·sb) floats, i, j = 0..2 (strides may be negative,
// so a rotated filter, as the input gradient needs, is read in place). U is [16][A][B] row-major.
// Threads take rows a from the counter.
const HALF: f32 = 0.5;
export function winogradFilter(
  w: usize, u: usize, A: i32, B: i32, si: i32, sj: i32, sa: i32, sb: i32, counter: usize,
): void {
  const plane = <usize>(A * B) << 2; // bytes from U[ξ] to U[ξ + 1]
  for (let a = atomic.add<i32>(counter, 1); a < A; a = atomic.add<i32>(counter, 1)) {
    for (let b = 0; b < B; b++) {
      const g = w + (<usize>(a * sa + b * sb) << 2);
      // Gg: 4 rows of 3 (rows 0 and 3 are g's first and last rows).
      const g00 = load<f32>(g), g01 = load<f32>(g + (<usize>sj << 2)), g02 = load<f32>(g + (<usize>(2 * sj) << 2));
      const g10 = load<f32>(g + (<usize>si << 2)), g11 = load<f32>(g + (<usize>(si + sj) << 2)), g12 = load<f32>(g + (<usize>(si + 2 * sj) << 2));
      const g20 = load<f32>(g + (<usize>(2 * si) << 2)), g21 = load<f32>(g + (<usize>(2 * si + sj) << 2)), g22 = load<f32>(g + (<usize>(2 * si + 2 * sj) << 2));
      const r10 = HALF * (g00 + g10 + g20), r11 = HALF * (g01 + g11 + g21), r12 = HALF * (g02 + g12 + g22);
      const r20 = HALF * (g00 - g10 + g20), r21 = HALF * (g01 - g11 + g21), r22 = HALF * (g02 - g12 + g22);
      let p = u + (<usize>(a * B + b) << 2);
      // (Gg)Gᵀ: each row [r0, r1, r2] becomes [r0, (r0 + r1 + r2)/2, (r0 − r1 + r2)/2, r2].
      store<f32>(p, g00); p += plane;
      store<f32>(p, HALF * (g00 + g01 + g02)); p += plane;
      store<f32>(p, HALF * (g00 - g01 + g02)); p += plane;
      store<f32>(p, g02); p += plane;
      store<f32>(p, r10); p += plane;
      store<f32>(p, HALF * (r10 + r11 + r12)); p += plane;
      store<f32>(p, HALF * (r10 - r11 + r12)); p += plane;
      store<f32>(p, r12); p += plane;
      store<f32>(p, r20); p += plane;
      store<f32>(p, HALF * (r20 + r21 + r22)); p += plane;
      store<f32>(p, HALF * (r20 - r21 + r22)); p += plane;
      store<f32>(p, r22); p += plane;
      store<f32>(p, g20); p += plane;
      store<f32>(p, HALF * (g20 + g21 + g22)); p += plane;
      store<f32>(p, HALF * (g20 - g21 + g22)); p += plane;
      store<f32>(p, g22);
    }
  }
}

// X's 4 channels at (n, r, s), or zeros outside the image.
@inline function pixel(x: usize, n: i32, r: i32, s: i32, H: i32, W: i32, Ci: i32, ci: i32): v128 {
  if (r < 0 || r >= H || s < 0 || s >= W) return f32x4.splat(0);
  return v128.load(x + (<usize>(((n * H + r) * W + s) * Ci + ci) << 2));
}

// V[ξ][b, ci..ci+3] = (Bᵀ d B)[ξ] for the patch d whose top-left pixel is (n, r, s): rows of d
// become t = Bᵀ d (t0 = d0 − d2, t1 = d1 + d2, t2 = d2 − d1, t3 = d1 − d3), then the same on columns.
@inline function inputTile(x: usize, v: usize, plane: usize, n: i32, r: i32, s: i32, H: i32, W: i32, Ci: i32, ci: i32): void {
  // Column by column: after the row transform, column c of t is stored at ξ = 4·row + c once the
  // column transform has combined columns; we keep t in 16 registers.
  let t00: v128, t01: v128, t02: v128, t03: v128, t10: v128, t11: v128, t12: v128, t13: v128;
  let t20: v128, t21: v128, t22: v128, t23: v128, t30: v128, t31: v128, t32: v128, t33: v128;
  if (r >= 0 && r + 3 < H && s >= 0 && s + 3 < W) { // the whole patch inside: no checks
    const row = <usize>(W * Ci) << 2, col = <usize>Ci << 2;
    const p0 = x + (<usize>(((n * H + r) * W + s) * Ci + ci) << 2), p1 = p0 + row, p2 = p1 + row, p3 = p2 + row;
    let d0 = v128.load(p0), d1 = v128.load(p1), d2 = v128.load(p2), d3 = v128.load(p3);
    t00 = f32x4.sub(d0, d2); t10 = f32x4.add(d1, d2); t20 = f32x4.sub(d2, d1); t30 = f32x4.sub(d1, d3);
    d0 = v128.load(p0 + col); d1 = v128.load(p1 + col); d2 = v128.load(p2 + col); d3 = v128.load(p3 + col);
    t01 = f32x4.sub(d0, d2); t11 = f32x4.add(d1, d2); t21 = f32x4.sub(d2, d1); t31 = f32x4.sub(d1, d3);
    d0 = v128.load(p0 + 2 * col); d1 = v128.load(p1 + 2 * col); d2 = v128.load(p2 + 2 * col); d3 = v128.load(p3 + 2 * col);
    t02 = f32x4.sub(d0, d2); t12 = f32x4.add(d1, d2); t22 = f32x4.sub(d2, d1); t32 = f32x4.sub(d1, d3);
    d0 = v128.load(p0 + 3 * col); d1 = v128.load(p1 + 3 * col); d2 = v128.load(p2 + 3 * col); d3 = v128.load(p3 + 3 * col);
    t03 = f32x4.sub(d0, d2); t13 = f32x4.add(d1, d2); t23 = f32x4.sub(d2, d1); t33 = f32x4.sub(d1, d3);
  } else {
    let d0 = pixel(x, n, r, s, H, W, Ci, ci), d1 = pixel(x, n, r + 1, s, H, W, Ci, ci);
    let d2 = pixel(x, n, r + 2, s, H, W, Ci, ci), d3 = pixel(x, n, r + 3, s, H, W, Ci, ci);
    t00 = f32x4.sub(d0, d2); t10 = f32x4.add(d1, d2); t20 = f32x4.sub(d2, d1); t30 = f32x4.sub(d1, d3);
    d0 = pixel(x, n, r, s + 1, H, W, Ci, ci); d1 = pixel(x, n, r + 1, s + 1, H, W, Ci, ci);
    d2 = pixel(x, n, r + 2, s + 1, H, W, Ci, ci); d3 = pixel(x, n, r + 3, s + 1, H, W, Ci, ci);
    t01 = f32x4.sub(d0, d2); t11 = f32x4.add(d1, d2); t21 = f32x4.sub(d2, d1); t31 = f32x4.sub(d1, d3);
    d0 = pixel(x, n, r, s + 2, H, W, Ci, ci); d1 = pixel(x, n, r + 1, s + 2, H, W, Ci, ci);
    d2 = pixel(x, n, r + 2, s + 2, H, W, Ci, ci); d3 = pixel(x, n, r + 3, s + 2, H, W, Ci, ci);
    t02 = f32x4.sub(d0, d2); t12 = f32x4.add(d1, d2); t22 = f32x4.sub(d2, d1); t32 = f32x4.sub(d1, d3);
    d0 = pixel(x, n, r, s + 3, H, W, Ci, ci); d1 = pixel(x, n, r + 1, s + 3, H, W, Ci, ci);
    d2 = pixel(x, n, r + 2, s + 3, H, W, Ci, ci); d3 = pixel(x, n, r + 3, s + 3, H, W, Ci, ci);
    t03 = f32x4.sub(d0, d2); t13 = f32x4.add(d1, d2); t23 = f32x4.sub(d2, d1); t33 = f32x4.sub(d1, d3);
  }
  // Columns: V[4k + 0] = tk0 − tk2, V[4k + 1] = tk1 + tk2, V[4k + 2] = tk2 − tk1, V[4k + 3] = tk1 − tk3.
  let p = v;
  v128.store(p, f32x4.sub(t00, t02)); p += plane; v128.store(p, f32x4.add(t01, t02)); p += plane;
  v128.store(p, f32x4.sub(t02, t01)); p += plane; v128.store(p, f32x4.sub(t01, t03)); p += plane;
  v128.store(p, f32x4.sub(t10, t12)); p += plane; v128.store(p, f32x4.add(t11, t12)); p += plane;
  v128.store(p, f32x4.sub(t12, t11)); p += plane; v128.store(p, f32x4.sub(t11, t13)); p += plane;
  v128.store(p, f32x4.sub(t20, t22)); p += plane; v128.store(p, f32x4.add(t21, t22)); p += plane;
  v128.store(p, f32x4.sub(t22, t21)); p += plane; v128.store(p, f32x4.sub(t21, t23)); p += plane;
  v128.store(p, f32x4.sub(t30, t32)); p += plane; v128.store(p, f32x4.add(t31, t32)); p += plane;
  v128.store(p, f32x4.sub(t32, t31)); p += plane; v128.store(p, f32x4.sub(t31, t33));
}

// M[b0..b0+3, co..co+7] = V[b0..b0+3, :] · U[:, co..co+7] for one ξ: 8 accumulators over ci.
@inline function product4x8(v: usize, u: usize, m: usize, Ci: i32, Co: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const vRow = <usize>Ci << 2, uRow = <usize>Co << 2;
  let pv = v, pu = u;
  for (let ci = 0; ci < Ci; ci++) {
    const u0 = v128.load(pu), u1 = v128.load(pu, 16);
    const x0 = v128.load32_splat(pv), x1 = v128.load32_splat(pv + vRow);
    const x2 = v128.load32_splat(pv + 2 * vRow), x3 = v128.load32_splat(pv + 3 * vRow);
    c00 = f32x4.add(c00, f32x4.mul(x0, u0)); c01 = f32x4.add(c01, f32x4.mul(x0, u1));
    c10 = f32x4.add(c10, f32x4.mul(x1, u0)); c11 = f32x4.add(c11, f32x4.mul(x1, u1));
    c20 = f32x4.add(c20, f32x4.mul(x2, u0)); c21 = f32x4.add(c21, f32x4.mul(x2, u1));
    c30 = f32x4.add(c30, f32x4.mul(x3, u0)); c31 = f32x4.add(c31, f32x4.mul(x3, u1));
    pv += 4;
    pu += uRow;
  }
  v128.store(m, c00); v128.store(m, c01, 16); m += uRow;
  v128.store(m, c10); v128.store(m, c11, 16); m += uRow;
  v128.store(m, c20); v128.store(m, c21, 16); m += uRow;
  v128.store(m, c30); v128.store(m, c31, 16);
}

// Y's 2x2 tile at (n, r, s), channels co..co+3, from M[ξ][b, co..co+3]: rows t = Aᵀ m
// (t0 = m0 + m1 + m2, t1 = m1 − m2 − m3), then the same on columns; plus bias, then ReLU.
@inline function outputTile(
  m: usize, plane: usize, y: usize, bias: v128, relu: i32, accumulate: i32, n: i32, r: i32, s: i32, OH: i32, OW: i32, Co: i32, co: i32,
): void {
  let p = m;
  const m00 = v128.load(p); p += plane; const m01 = v128.load(p); p += plane;
  const m02 = v128.load(p); p += plane; const m03 = v128.load(p); p += plane;
  const m10 = v128.load(p); p += plane; const m11 = v128.load(p); p += plane;
  const m12 = v128.load(p); p += plane; const m13 = v128.load(p); p += plane;
  const m20 = v128.load(p); p += plane; const m21 = v128.load(p); p += plane;
  const m22 = v128.load(p); p += plane; const m23 = v128.load(p); p += plane;
  const m30 = v128.load(p); p += plane; const m31 = v128.load(p); p += plane;
  const m32 = v128.load(p); p += plane; const m33 = v128.load(p);
  // Rows: t0c = m0c + m1c + m2c, t1c = m1c − m2c − m3c.
  const t00 = f32x4.add(f32x4.add(m00, m10), m20), t10 = f32x4.sub(f32x4.sub(m10, m20), m30);
  const t01 = f32x4.add(f32x4.add(m01, m11), m21), t11 = f32x4.sub(f32x4.sub(m11, m21), m31);
  const t02 = f32x4.add(f32x4.add(m02, m12), m22), t12 = f32x4.sub(f32x4.sub(m12, m22), m32);
  const t03 = f32x4.add(f32x4.add(m03, m13), m23), t13 = f32x4.sub(f32x4.sub(m13, m23), m33);
  // Columns: yk0 = tk0 + tk1 + tk2, yk1 = tk1 − tk2 − tk3.
  let y00 = f32x4.add(f32x4.add(f32x4.add(t00, t01), t02), bias), y01 = f32x4.add(f32x4.sub(f32x4.sub(t01, t02), t03), bias);
  let y10 = f32x4.add(f32x4.add(f32x4.add(t10, t11), t12), bias), y11 = f32x4.add(f32x4.sub(f32x4.sub(t11, t12), t13), bias);
  const at = y + (<usize>(((n * OH + r) * OW + s) * Co + co) << 2);
  const right = s + 1 < OW, below = r + 1 < OH;
  const col = <usize>Co << 2, row = <usize>(OW * Co) << 2;
  if (accumulate) { // add what earlier calls left in Y (one 3x3 part of a larger filter each)
    y00 = f32x4.add(y00, v128.load(at));
    if (right) y01 = f32x4.add(y01, v128.load(at + col));
    if (below) {
      y10 = f32x4.add(y10, v128.load(at + row));
      if (right) y11 = f32x4.add(y11, v128.load(at + row + col));
    }
  }
  if (relu) { // x < 0 ? 0 : x keeps NaN, as tfjs's relu does
    const zero = f32x4.splat(0);
    y00 = v128.bitselect(zero, y00, f32x4.lt(y00, zero)); y01 = v128.bitselect(zero, y01, f32x4.lt(y01, zero));
    y10 = v128.bitselect(zero, y10, f32x4.lt(y10, zero)); y11 = v128.bitselect(zero, y11, f32x4.lt(y11, zero));
  }
  v128.store(at, y00);
  if (right) v128.store(at + col, y01);
  if (below) {
    v128.store(at + row, y10);
    if (right) v128.store(at + row + col, y11);
  }
}

// Y = act(conv3x3(X, W) + bias) for X [N, H, W, Ci], Y [N, OH, OW, Co], U = winogradFilter's [16][Ci][Co],
// padding padT rows on top and padL columns on the left (the rest of the window's overhang reads
// zeros); with `accumulate`, Y += instead (bias and ReLU then apply to the sum). Ci must be a multiple of 4 and Co of 8. Tiles (n, p, q), p < ⌈OH/2⌉, q < ⌈OW/2⌉, go
// `block` at a time (a multiple of 4); each thread takes blocks from `counter` and a scratch area
// of 16·block·(Ci + Co) floats from `counter + 4` (its slot among `scratch`'s).
export function winogradConv(
  x: usize, u: usize, y: usize, bias: usize, relu: i32, accumulate: i32, scratch: usize,
  N: i32, H: i32, W: i32, Ci: i32, OH: i32, OW: i32, Co: i32, padT: i32, padL: i32, block: i32, counter: usize,
): void {
  const TH = (OH + 1) >> 1, TW = (OW + 1) >> 1;
  const tiles = N * TH * TW;
  const blocks = (tiles + block - 1) / block;
  const vPlane = <usize>(block * Ci) << 2, mPlane = <usize>(block * Co) << 2;
  const uPlane = <usize>(Ci * Co) << 2;
  const slot = atomic.add<i32>(counter + 4, 1);
  const v = scratch + <usize>slot * 16 * (vPlane + mPlane);
  const m = v + 16 * vPlane;
  for (let blk = atomic.add<i32>(counter, 1); blk < blocks; blk = atomic.add<i32>(counter, 1)) {
    const t0 = blk * block;
    const count = min(block, tiles - t0);
    // Input transform: V[ξ][b, :] for the block's tiles; rows past `count` are zeros.
    let n = t0 / (TH * TW), p = (t0 / TW) % TH, q = t0 % TW;
    for (let b = 0; b < count; b++) {
      for (let ci = 0; ci < Ci; ci += 4) {
        inputTile(x, v + (<usize>(b * Ci + ci) << 2), vPlane, n, 2 * p - padT, 2 * q - padL, H, W, Ci, ci);
      }
      if (++q == TW) { q = 0; if (++p == TH) { p = 0; n++; } }
    }
    const rows = (count + 3) & ~3;
    for (let xi = 0; xi < 16; xi++) memory.fill(v + <usize>xi * vPlane + (<usize>(count * Ci) << 2), 0, <usize>((rows - count) * Ci) << 2);
    // The 16 products, 4 tiles x 8 channels at a time.
    for (let xi = 0; xi < 16; xi++) {
      const vx = v + <usize>xi * vPlane, ux = u + <usize>xi * uPlane, mx = m + <usize>xi * mPlane;
      for (let co = 0; co < Co; co += 8) {
        for (let b = 0; b < rows; b += 4) {
          product4x8(vx + (<usize>(b * Ci) << 2), ux + (<usize>co << 2), mx + (<usize>(b * Co + co) << 2), Ci, Co);
        }
      }
    }
    // Output transform.
    n = t0 / (TH * TW); p = (t0 / TW) % TH; q = t0 % TW;
    for (let b = 0; b < count; b++) {
      for (let co = 0; co < Co; co += 4) {
        const bv = bias ? v128.load(bias + (<usize>co << 2)) : f32x4.splat(0);
        outputTile(m + (<usize>(b * Co + co) << 2), mPlane, y, bv, relu, accumulate, n, 2 * p, 2 * q, OH, OW, Co, co);
      }
      if (++q == TW) { q = 0; if (++p == TH) { p = 0; n++; } }
    }
  }
}

// The filter gradient of the same convolution, by the transpose of F(2x2, 3x3) (Lavin & Gray's
// F(3x3, 2x2) with dY as the filter): for every 2x2 tile of dY and the 4x4 patch of X under it,
//
//   dW[:, :, ci, co] = Gᵀ [ Σ_tiles (Bᵀ d_ci B) ⊙ (A dy_co Aᵀ) ] G,   A = [1 0; 1 1; 1 −1; 0 −1]
//
// (since y = Aᵀ[(G g) ⊙ (Bᵀ d)] in one dimension, Σ_p dy_p y_p = gᵀ Gᵀ[(A dy) ⊙ (Bᵀ d)] for every
// g). The sum over tiles is 16 products S[ξ][ci, co] = Σ_t V[ξ][t, ci] · D[ξ][t, co], kept in
// registers 4 ci x 8 co at a time.

// D[ξ][b, co..co+3] = (A dy Aᵀ)[ξ] for the 2x2 tile of dY at (n, r, s) (zeros outside dY): rows
// a0 = y0, a1 = y0 + y1, a2 = y0 − y1, a3 = −y1, then the same on columns.
@inline function gradTile(dy: usize, d: usize, plane: usize, n: i32, r: i32, s: i32, OH: i32, OW: i32, Co: i32, co: i32): void {
  const y00 = pixel(dy, n, r, s, OH, OW, Co, co), y01 = pixel(dy, n, r, s + 1, OH, OW, Co, co);
  const y10 = pixel(dy, n, r + 1, s, OH, OW, Co, co), y11 = pixel(dy, n, r + 1, s + 1, OH, OW, Co, co);
  const zero = f32x4.splat(0);
  // Rows (k = 0..3) of A dy, for columns 0 and 1.
  const a10 = f32x4.add(y00, y10), a11 = f32x4.add(y01, y11);
  const a20 = f32x4.sub(y00, y10), a21 = f32x4.sub(y01, y11);
  const a30 = f32x4.sub(zero, y10), a31 = f32x4.sub(zero, y11);
  let p = d;
  v128.store(p, y00); p += plane; v128.store(p, f32x4.add(y00, y01)); p += plane;
  v128.store(p, f32x4.sub(y00, y01)); p += plane; v128.store(p, f32x4.sub(zero, y01)); p += plane;
  v128.store(p, a10); p += plane; v128.store(p, f32x4.add(a10, a11)); p += plane;
  v128.store(p, f32x4.sub(a10, a11)); p += plane; v128.store(p, f32x4.sub(zero, a11)); p += plane;
  v128.store(p, a20); p += plane; v128.store(p, f32x4.add(a20, a21)); p += plane;
  v128.store(p, f32x4.sub(a20, a21)); p += plane; v128.store(p, f32x4.sub(zero, a21)); p += plane;
  v128.store(p, a30); p += plane; v128.store(p, f32x4.add(a30, a31)); p += plane;
  v128.store(p, f32x4.sub(a30, a31)); p += plane; v128.store(p, f32x4.sub(zero, a31));
}

// S[ci..ci+3, co..co+7] += Σ_b V[b, ci..ci+3] ⊗ D[b, co..co+7] over `rows` tiles, for one ξ.
@inline function accumulate4x8(v: usize, d: usize, s: usize, rows: i32, Ci: i32, Co: i32): void {
  const sRow = <usize>Co << 2;
  let c00 = v128.load(s), c01 = v128.load(s, 16);
  let c10 = v128.load(s + sRow), c11 = v128.load(s + sRow, 16);
  let c20 = v128.load(s + 2 * sRow), c21 = v128.load(s + 2 * sRow, 16);
  let c30 = v128.load(s + 3 * sRow), c31 = v128.load(s + 3 * sRow, 16);
  const vRow = <usize>Ci << 2;
  let pv = v, pd = d;
  for (let b = 0; b < rows; b++) {
    const d0 = v128.load(pd), d1 = v128.load(pd, 16);
    const x0 = v128.load32_splat(pv), x1 = v128.load32_splat(pv, 4), x2 = v128.load32_splat(pv, 8), x3 = v128.load32_splat(pv, 12);
    c00 = f32x4.add(c00, f32x4.mul(x0, d0)); c01 = f32x4.add(c01, f32x4.mul(x0, d1));
    c10 = f32x4.add(c10, f32x4.mul(x1, d0)); c11 = f32x4.add(c11, f32x4.mul(x1, d1));
    c20 = f32x4.add(c20, f32x4.mul(x2, d0)); c21 = f32x4.add(c21, f32x4.mul(x2, d1));
    c30 = f32x4.add(c30, f32x4.mul(x3, d0)); c31 = f32x4.add(c31, f32x4.mul(x3, d1));
    pv += vRow;
    pd += sRow;
  }
  v128.store(s, c00); v128.store(s, c01, 16);
  v128.store(s + sRow, c10); v128.store(s + sRow, c11, 16);
  v128.store(s + 2 * sRow, c20); v128.store(s + 2 * sRow, c21, 16);
  v128.store(s + 3 * sRow, c30); v128.store(s + 3 * sRow, c31, 16);
}

// The 16 sums S[ξ][ci, co] of the filter gradient for X [N, H, W, Ci] and dY [N, OH, OW, Co] (padT,
// padL as in winogradConv), the tiles split into `shares` fixed ranges, each summed into its own S
// ([16][Ci][Co] floats at sums + share·16·Ci·Co·4 bytes; overwritten): threads take shares from
// `counter` and a scratch area of 16·block·(Ci + Co) floats from `counter + 4`. The caller adds the
// shares in share order (winogradFilterGradOut): the same result whichever thread ran which.
export function winogradFilterGrad(
  x: usize, dy: usize, sums: usize, scratch: usize,
  N: i32, H: i32, W: i32, Ci: i32, OH: i32, OW: i32, Co: i32, padT: i32, padL: i32, block: i32, shares: i32, counter: usize,
): void {
  const TH = (OH + 1) >> 1, TW = (OW + 1) >> 1;
  const tiles = N * TH * TW;
  const vPlane = <usize>(block * Ci) << 2, dPlane = <usize>(block * Co) << 2;
  const sPlane = <usize>(Ci * Co) << 2;
  const slot = atomic.add<i32>(counter + 4, 1);
  const v = scratch + <usize>slot * 16 * (vPlane + dPlane);
  const d = v + 16 * vPlane;
  for (let share = atomic.add<i32>(counter, 1); share < shares; share = atomic.add<i32>(counter, 1)) {
    const s = sums + <usize>share * 16 * sPlane;
    memory.fill(s, 0, 16 * sPlane);
    const end = <i32>((<i64>tiles * (share + 1)) / shares);
    for (let t0 = <i32>((<i64>tiles * share) / shares); t0 < end; t0 += block) {
      const count = min(block, end - t0);
      let n = t0 / (TH * TW), p = (t0 / TW) % TH, q = t0 % TW;
      for (let b = 0; b < count; b++) {
        for (let ci = 0; ci < Ci; ci += 4) {
          inputTile(x, v + (<usize>(b * Ci + ci) << 2), vPlane, n, 2 * p - padT, 2 * q - padL, H, W, Ci, ci);
        }
        for (let co = 0; co < Co; co += 4) {
          gradTile(dy, d + (<usize>(b * Co + co) << 2), dPlane, n, 2 * p, 2 * q, OH, OW, Co, co);
        }
        if (++q == TW) { q = 0; if (++p == TH) { p = 0; n++; } }
      }
      for (let xi = 0; xi < 16; xi++) {
        const vx = v + <usize>xi * vPlane, dx = d + <usize>xi * dPlane, sx = s + <usize>xi * sPlane;
        for (let ci = 0; ci < Ci; ci += 4) {
          for (let co = 0; co < Co; co += 8) {
            accumulate4x8(vx + (<usize>ci << 2), dx + (<usize>co << 2), sx + (<usize>(ci * Co + co) << 2), count, Ci, Co);
          }
        }
      }
    }
  }
}

// dW [3, 3, Ci, Co] = Gᵀ S G with S the sum of the `shares` partial sums in share order; rows of
// Gᵀ S: u0 = S0 + (S1 + S2)/2, u1 = (S1 − S2)/2, u2 = (S1 + S2)/2 + S3, then the same on columns.
// The 3x3 block goes to dw with `KW` taps per filter row (3, or 5 for a 3x3 part of a 5x5 filter),
// its first `rows` rows and `cols` columns only (the rest lies outside a 5x5 filter). Threads take
// rows ci from the counter.
export function winogradFilterGradOut(
  sums: usize, shares: i32, dw: usize, Ci: i32, Co: i32, KW: i32, rows: i32, cols: i32, counter: usize,
): void {
  const sPlane = <usize>(Ci * Co) << 2;
  const half = f32x4.splat(0.5);
  for (let ci = atomic.add<i32>(counter, 1); ci < Ci; ci = atomic.add<i32>(counter, 1)) {
    for (let co = 0; co < Co; co += 4) {
      const at = sums + (<usize>(ci * Co + co) << 2);
      // S[ξ] summed over the shares, ξ = 4k + l.
      let s00 = v128.load(at), s01 = v128.load(at + sPlane), s02 = v128.load(at + 2 * sPlane), s03 = v128.load(at + 3 * sPlane);
      let s10 = v128.load(at + 4 * sPlane), s11 = v128.load(at + 5 * sPlane), s12 = v128.load(at + 6 * sPlane), s13 = v128.load(at + 7 * sPlane);
      let s20 = v128.load(at + 8 * sPlane), s21 = v128.load(at + 9 * sPlane), s22 = v128.load(at + 10 * sPlane), s23 = v128.load(at + 11 * sPlane);
      let s30 = v128.load(at + 12 * sPlane), s31 = v128.load(at + 13 * sPlane), s32 = v128.load(at + 14 * sPlane), s33 = v128.load(at + 15 * sPlane);
      for (let share = 1; share < shares; share++) {
        const p = at + <usize>share * 16 * sPlane;
        s00 = f32x4.add(s00, v128.load(p)); s01 = f32x4.add(s01, v128.load(p + sPlane));
        s02 = f32x4.add(s02, v128.load(p + 2 * sPlane)); s03 = f32x4.add(s03, v128.load(p + 3 * sPlane));
        s10 = f32x4.add(s10, v128.load(p + 4 * sPlane)); s11 = f32x4.add(s11, v128.load(p + 5 * sPlane));
        s12 = f32x4.add(s12, v128.load(p + 6 * sPlane)); s13 = f32x4.add(s13, v128.load(p + 7 * sPlane));
        s20 = f32x4.add(s20, v128.load(p + 8 * sPlane)); s21 = f32x4.add(s21, v128.load(p + 9 * sPlane));
        s22 = f32x4.add(s22, v128.load(p + 10 * sPlane)); s23 = f32x4.add(s23, v128.load(p + 11 * sPlane));
        s30 = f32x4.add(s30, v128.load(p + 12 * sPlane)); s31 = f32x4.add(s31, v128.load(p + 13 * sPlane));
        s32 = f32x4.add(s32, v128.load(p + 14 * sPlane)); s33 = f32x4.add(s33, v128.load(p + 15 * sPlane));
      }
      // Rows: u_i,l for i = 0..2 and columns l = 0..3.
      const h0 = f32x4.mul(half, f32x4.add(s10, s20)), h1 = f32x4.mul(half, f32x4.add(s11, s21));
      const h2 = f32x4.mul(half, f32x4.add(s12, s22)), h3 = f32x4.mul(half, f32x4.add(s13, s23));
      const u00 = f32x4.add(s00, h0), u01 = f32x4.add(s01, h1), u02 = f32x4.add(s02, h2), u03 = f32x4.add(s03, h3);
      const u10 = f32x4.mul(half, f32x4.sub(s10, s20)), u11 = f32x4.mul(half, f32x4.sub(s11, s21));
      const u12 = f32x4.mul(half, f32x4.sub(s12, s22)), u13 = f32x4.mul(half, f32x4.sub(s13, s23));
      const u20 = f32x4.add(h0, s30), u21 = f32x4.add(h1, s31), u22 = f32x4.add(h2, s32), u23 = f32x4.add(h3, s33);
      // Columns, into dW[i, j, ci, co..co+3].
      const tap = <usize>(Ci * Co) << 2;
      const out = dw + (<usize>(ci * Co + co) << 2);
      const filterRow = <usize>KW * tap;
      columns(out, tap, u00, u01, u02, u03, half, cols);
      if (rows > 1) columns(out + filterRow, tap, u10, u11, u12, u13, half, cols);
      if (rows > 2) columns(out + 2 * filterRow, tap, u20, u21, u22, u23, half, cols);
    }
  }
}

// Stores one row of dW (j < cols of 0..2, `tap` bytes apart) from a row u0..u3 of Gᵀ S: u0 + (u1 + u2)/2, (u1 − u2)/2, (u1 + u2)/2 + u3.
@inline function columns(out: usize, tap: usize, u0: v128, u1: v128, u2: v128, u3: v128, half: v128, cols: i32): void {
  const h = f32x4.mul(half, f32x4.add(u1, u2));
  v128.store(out, f32x4.add(u0, h));
  if (cols > 1) v128.store(out + tap, f32x4.mul(half, f32x4.sub(u1, u2)));
  if (cols > 2) v128.store(out + 2 * tap, f32x4.add(h, u3));
}
