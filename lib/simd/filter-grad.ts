// AssemblyScript (compiled to WebAssembly with SIMD by `npm run build:simd`, not by tsc).
//
// The filter gradient of a 2-D convolution in NHWC, for the output rows [row0, row1) of the
// flattened (n, oh) rows of dY:
//
//   dW[kh, kw·Ci + ci, c] = Σ_{n, oh, ow} X[n, oh·sh + kh − padT, ow·sw + kw − padL, ci] · dY[n, oh, ow, c]
//
// dW is [KH, KW·Ci, Co] row-major, which is tfjs' filter layout [KH, KW, Ci, Co]. For each kh,
// the row index j = kw·Ci + ci is also the offset of the tap in X from the window's first pixel
// (X[n, ih, iw0 + kw, ci] = X[n, ih, iw0, 0] + j), so a tile of dW rows j..j+3 reads four
// consecutive floats of X and eight of dY per output pixel: a 4x8 outer product, eight SIMD
// multiply-adds, kept in registers while it streams over the pixels.
//
// The module imports its memory: it is the wasm backend's own heap, so X, dY and dW are read
// and written where tfjs keeps them, and several threads can each run a share of the rows.
// It has no data segment and allocates nothing (it must not write outside dW).

import { loadLanes, storeLanes } from "./lanes";

// Accumulates the tile dW[kh, j..j+R−1, c..c+4V−1] (R = 1 or 4 rows, V = 1 or 2 vectors of 4) over
// rows [rowFirst, rowEnd); its last vector has `lanes` columns (1–4: the tail of Co). R and V are
// constants at every call, so each call inlines to its own loop (and lanes too where it is 4).
@inline function tile(
  x: usize, dy: usize, out: usize, R: i32, V: i32, lanes: i32,
  rowFirst: i32, rowEnd: i32, H: i32, W: i32, Ci: i32, OH: i32, OW: i32, Co: i32,
  sh: i32, sw: i32, kh: i32, j: i32, c: i32, padT: i32, padL: i32,
): void {
  // The ow for which every tap of the tile (kw = j / Ci … (j + R − 1) / Ci) lies inside the image:
  // 0 ≤ ow·sw + kw − padL ≤ W − 1.
  const kwLo = j / Ci, kwHi = (j + R - 1) / Ci;
  const owLo = max(0, (padL - kwLo + sw - 1) / sw);
  const owHi = min(OW, (W - 1 + padL - kwHi) / sw + 1);
  if (owLo >= owHi) return;
  const rowBytes = <usize>Co << 2;
  const xStep = <usize>(sw * Ci) << 2;
  // Accumulators: a<row><vector>; the last vector (a?0 when V = 1, a?1 when V = 2) has `lanes` columns.
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  const xFirst = (owLo * sw - padL) * Ci + j; // offset of the tile's first tap at ow = owLo in its image row
  let n = rowFirst / OH, oh = rowFirst - n * OH;
  for (let row = rowFirst; row < rowEnd; row++) {
    const ih = oh * sh + kh - padT;
    if (ih >= 0 && ih < H) {
      let xp = x + ((<usize>((n * H + ih) * W * Ci + xFirst)) << 2);
      let dp = dy + ((<usize>((row * OW + owLo) * Co + c)) << 2);
      for (let ow = owLo; ow < owHi; ow++) {
        const d0 = V == 2 ? v128.load(dp) : loadLanes(dp, lanes);
        const d1 = V == 2 ? loadLanes(dp + 16, lanes) : d0;
        const x0 = v128.load32_splat(xp);
        a00 = f32x4.add(a00, f32x4.mul(x0, d0));
        if (V == 2) {
          a01 = f32x4.add(a01, f32x4.mul(x0, d1));
          if (R == 4) {
            const x1 = v128.load32_splat(xp, 4), x2 = v128.load32_splat(xp, 8), x3 = v128.load32_splat(xp, 12);
            a10 = f32x4.add(a10, f32x4.mul(x1, d0)); a11 = f32x4.add(a11, f32x4.mul(x1, d1));
            a20 = f32x4.add(a20, f32x4.mul(x2, d0)); a21 = f32x4.add(a21, f32x4.mul(x2, d1));
            a30 = f32x4.add(a30, f32x4.mul(x3, d0)); a31 = f32x4.add(a31, f32x4.mul(x3, d1));
          }
        } else if (R == 4) {
          const x1 = v128.load32_splat(xp, 4), x2 = v128.load32_splat(xp, 8), x3 = v128.load32_splat(xp, 12);
          a10 = f32x4.add(a10, f32x4.mul(x1, d0));
          a20 = f32x4.add(a20, f32x4.mul(x2, d0));
          a30 = f32x4.add(a30, f32x4.mul(x3, d0));
        }
        xp += xStep;
        dp += rowBytes;
      }
    }
    if (++oh == OH) { oh = 0; n++; }
  }
  // dW += the tile's sums (the chunks before this one have left theirs there).
  for (let r = 0; r < R; r++) {
    const p = out + <usize>r * rowBytes;
    const v0 = r == 0 ? a00 : r == 1 ? a10 : r == 2 ? a20 : a30;
    if (V == 2) {
      const v1 = r == 0 ? a01 : r == 1 ? a11 : r == 2 ? a21 : a31;
      v128.store(p, f32x4.add(v128.load(p), v0));
      storeLanes(p + 16, f32x4.add(loadLanes(p + 16, lanes), v1), lanes);
    } else {
      storeLanes(p, f32x4.add(loadLanes(p, lanes), v0), lanes);
    }
  }
}

// Splits the `rows` flattened (n, oh) rows into `shares` fixed ranges, each summed into its own
// dW (share 0 into dw, share s into the s-th dW of `parts` after it, overwriting them); threads take
// shares from the shared counter until none are left, so a late thread's share is taken by another,
// and the caller adds the shares' dW in share order: the same result whichever thread ran which.
// Within a share, rows go rowsPerChunk at a time so that the chunk of X and dY that every tile
// streams over stays in cache.
// A tile of 4 rows j that spans two kw (Ci not a multiple of 4) must never meet padding: the
// caller passes a zero-padded X then, with padT = padL = 0.
export function filterGrad(
  x: usize, dy: usize, dw: usize, parts: usize,
  H: i32, W: i32, Ci: i32, OH: i32, OW: i32, Co: i32,
  sh: i32, sw: i32, KH: i32, KW: i32, padT: i32, padL: i32,
  rows: i32, shares: i32, rowsPerChunk: i32, counter: usize,
): void {
  const J = KW * Ci;
  const J4 = J & ~3;
  const size = <usize>(KH * J * Co) << 2;
  for (let share = atomic.add<i32>(counter, 1); share < shares; share = atomic.add<i32>(counter, 1)) {
    const out0 = share == 0 ? dw : parts + <usize>(share - 1) * size;
    memory.fill(out0, 0, size);
    const end = <i32>((<i64>rows * (share + 1)) / shares);
    for (let r0 = <i32>((<i64>rows * share) / shares); r0 < end; r0 += rowsPerChunk) {
      const r1 = min(end, r0 + rowsPerChunk);
      for (let kh = 0; kh < KH; kh++) {
        for (let j = 0; j < J; ) {
          const four = j < J4;
          for (let c = 0; c < Co; ) {
            const out = out0 + ((<usize>((kh * J + j) * Co + c)) << 2);
            if (c + 8 <= Co) { // 8 columns
              if (four) tile(x, dy, out, 4, 2, 4, r0, r1, H, W, Ci, OH, OW, Co, sh, sw, kh, j, c, padT, padL);
              else tile(x, dy, out, 1, 2, 4, r0, r1, H, W, Ci, OH, OW, Co, sh, sw, kh, j, c, padT, padL);
              c += 8;
            } else if (c + 4 < Co) { // 5 to 7 columns: a full vector and a partial one
              if (four) tile(x, dy, out, 4, 2, Co - c - 4, r0, r1, H, W, Ci, OH, OW, Co, sh, sw, kh, j, c, padT, padL);
              else tile(x, dy, out, 1, 2, Co - c - 4, r0, r1, H, W, Ci, OH, OW, Co, sh, sw, kh, j, c, padT, padL);
              c = Co;
            } else { // 1 to 4 columns
              if (four) tile(x, dy, out, 4, 1, Co - c, r0, r1, H, W, Ci, OH, OW, Co, sh, sw, kh, j, c, padT, padL);
              else tile(x, dy, out, 1, 1, Co - c, r0, r1, H, W, Ci, OH, OW, Co, sh, sw, kh, j, c, padT, padL);
              c = Co;
            }
          }
          j += four ? 4 : 1;
        }
      }
    }
  }
}
