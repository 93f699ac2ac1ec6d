// AssemblyScript (compiled to WebAssembly with SIMD by `npm run build:simd`, not by tsc).
//
// A 2-D max pool in NHWC:
//
//   Y[n, p, q, c] = max over the window's pixels (h, w) inside the image of X[n, h, w, c]
//
// the window being rows p·sh − top … + KH − 1 and columns q·sw − left … + KW − 1 (the padding
// never wins). The maximum is taken as tfjs's cpu backend does: a running m, replaced by a pixel
// only when m < pixel (f32x4.pmax(m, x)), from m = −∞, so NaN pixels are skipped and a window
// with none inside the image (explicit padding) gives −∞. Every value is one of X's, exactly, so
// the gradient kernel (max-pool-grad.ts) finds it again by equality.
//
// Four channels at a time; the last C % 4 on 2 and/or 1 lanes (lanes.ts), so nothing is read
// or written past a pixel's channels. Threads take disjoint chunks of rows: disjoint parts of Y.
// The module imports its memory (the wasm backend's heap), has no data segment and allocates
// nothing.

import { loadLanes, storeLanes } from "./lanes";

// Y's channels c..c+L−1 of one output pixel (float index `yAt`) from a window of `rows` x `cols`
// pixels whose first channel-c float is at float index `win`; `rowStep` = W·C floats from one
// image row to the next, C from one pixel to the next. L is a constant at every call.
@inline function poolLanes(x: usize, y: usize, yAt: i32, win: i32, rows: i32, cols: i32, rowStep: i32, C: i32, L: i32): void {
  let m = f32x4.splat(-Infinity);
  let rowAt = x + (<usize>win << 2);
  for (let r = 0; r < rows; r++) {
    let at = rowAt;
    for (let s = 0; s < cols; s++) {
      m = f32x4.pmax(m, loadLanes(at, L));
      at += <usize>C << 2;
    }
    rowAt += <usize>rowStep << 2;
  }
  storeLanes(y + (<usize>yAt << 2), m, L);
}

// Writes Y, `rowsPerChunk` rows of the flattened (n, p) at a time: each thread takes the next chunk
// from the shared counter (an i32 in the heap, 0 before the call) until none are left. x and y are
// byte offsets of X [N, H, W, C] and Y [N, OH, OW, C].
export function maxPool(
  x: usize, y: usize, N: i32, rowsPerChunk: i32,
  H: i32, W: i32, C: i32, OH: i32, OW: i32, KH: i32, KW: i32, sh: i32, sw: i32, top: i32, left: i32, counter: usize,
): void {
  const C4 = C & ~3;
  const rowStep = W * C;
  const rowCount = N * OH;
  for (let chunk = atomic.add<i32>(counter, 1); chunk * rowsPerChunk < rowCount; chunk = atomic.add<i32>(counter, 1)) {
    const rowEnd = min(rowCount, (chunk + 1) * rowsPerChunk);
    for (let row = chunk * rowsPerChunk; row < rowEnd; row++) {
      const n = row / OH, p = row - n * OH;
      // An empty range (a window entirely in the padding) leaves m = −∞.
      const r0 = max(p * sh - top, 0), rows = max(min(p * sh - top + KH, H) - r0, 0);
      for (let q = 0; q < OW; q++) {
        const c0 = max(q * sw - left, 0), cols = max(min(q * sw - left + KW, W) - c0, 0);
        const yAt = (row * OW + q) * C;
        const win = ((n * H + r0) * W + c0) * C;
        let c = 0;
        for (; c < C4; c += 4) poolLanes(x, y, yAt + c, win + c, rows, cols, rowStep, C, 4);
        if (C - c >= 2) {
          poolLanes(x, y, yAt + c, win + c, rows, cols, rowStep, C, 2);
          c += 2;
        }
        if (c < C) poolLanes(x, y, yAt + c, win + c, rows, cols, rowStep, C, 1);
      }
    }
  }
}
