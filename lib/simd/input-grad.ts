// AssemblyScript (compiled to WebAssembly with SIMD by `npm run build:simd`, not by tsc).
//
// The input gradient of a 2-D convolution in NHWC as a matrix product and a scatter, image by
// image ("col2im"):
//
//   cols[p·OW + q, (i·KW + j)·C + c] = Σ_k dY[n, p, q, k] · W[i, j, c, k]          (= dY_n · Wᵀ)
//   dX[n, p·sh + i − padT, q·sw + j − padL, c] += cols[p·OW + q, (i·KW + j)·C + c]   (inside the image)
//
// Only the products that reach dX are computed: the padded-convolution form (wasm-faster-kernels.ts)
// also multiplies the zeros around and between dY's pixels, most of the work when the filter is
// large against dY (LeNet's C3: 10x10 dY, 5x5 filter: half) or the stride is 2 (three quarters).
// The product runs matmul.ts's 4x8 register tiles; wt is W transposed to [K, KH·KW·C].
//
// Threads take whole images from the counter (an image's dX is written by one thread only, so the
// sums are in the same order whichever thread ran it) and a scratch of OH·OW·KH·KW·C floats for
// its cols from `counter + 4`. The module imports its memory (see filter-grad.ts).

import { loadLanes, storeLanes } from "./lanes";
import { rowTiles } from "./matmul";

export function convInputGrad(
  dy: usize, wt: usize, dx: usize, scratch: usize,
  N: i32, OH: i32, OW: i32, K: i32, H: i32, W: i32, C: i32, KH: i32, KW: i32, sh: i32, sw: i32, padT: i32, padL: i32,
  counter: usize,
): void {
  const P = OH * OW, Q = KH * KW * C;
  const cols = scratch + ((<usize>atomic.add<i32>(counter + 4, 1) * P * Q) << 2);
  const C4 = C & ~3, tail = C - C4;
  for (let n = atomic.add<i32>(counter, 1); n < N; n = atomic.add<i32>(counter, 1)) {
    const a = dy + ((<usize>n * P * K) << 2);
    let i = 0;
    for (; i + 4 <= P; i += 4) rowTiles(a, wt, cols, 0, 4, i, Q, K, K, 1, 0, 0);
    for (; i < P; i++) rowTiles(a, wt, cols, 0, 1, i, Q, K, K, 1, 0, 0);
    const image = dx + ((<usize>n * H * W * C) << 2);
    memory.fill(image, 0, <usize>(H * W * C) << 2);
    for (let p = 0; p < OH; p++) {
      for (let q = 0; q < OW; q++) {
        let from = cols + ((<usize>(p * OW + q) * Q) << 2);
        for (let ki = 0; ki < KH; ki++) {
          const h = p * sh + ki - padT;
          if (h < 0 || h >= H) { from += <usize>(KW * C) << 2; continue; }
          for (let kj = 0; kj < KW; kj++) {
            const w = q * sw + kj - padL;
            if (w >= 0 && w < W) {
              const to = image + ((<usize>(h * W + w) * C) << 2);
              for (let c = 0; c < C4; c += 4) {
                const at = to + (<usize>c << 2);
                v128.store(at, f32x4.add(v128.load(at), v128.load(from + (<usize>c << 2))));
              }
              if (tail) {
                const at = to + (<usize>C4 << 2);
                storeLanes(at, f32x4.add(loadLanes(at, tail), loadLanes(from + (<usize>C4 << 2), tail)), tail);
              }
            }
            from += <usize>C << 2;
          }
        }
      }
    }
  }
}
