// AssemblyScript (compiled to WebAssembly with SIMD by `npm run build:simd`, not by tsc).
//
// The gradient of a 2-D max pool in NHWC:
//
//   dX[n, h, w, c] = Σ_{p, q : (h, w) = argmax(n, p, q, c)} dY[n, p, q, c]
//
// where argmax(n, p, q, c) is the first pixel, in row-major order over the window of output
// pixel (p, q) clipped to the image (rows p·sh − top …, columns q·sw − left …), whose
// X[n, ·, ·, c] equals the forward pass's maximum Y[n, p, q, c]: the first maximum, as tfjs's
// cpu backend takes it. A lane whose maximum is found nowhere in its window (Y is NaN, or not
// this X's pool) gets a running arg-max instead (the first strictly largest X, starting from
// the window's first pixel), as cnnlab's JavaScript kernel does.
//
// Four channels at a time: each window pixel's X is compared with Y (f32x4.eq); the lanes that
// match and have not matched before receive dY (a masked add into dX), so no lane branches.
// The last C % 4 channels use the same code on 2 and/or 1 lanes (lanes.ts): nothing is read or
// written past a pixel's channels.
//
// The module imports its memory: it is the wasm backend's own heap. Threads take whole images
// (zeroing and writing only that image's dX), so no two write the same element, however the
// windows overlap. It has no data segment and allocates nothing.

import { loadLanes, storeLanes } from "./lanes";

// Routes dY of one output pixel's channels c..c+L−1 to their arg-max in a window of `rows` x
// `cols` pixels whose first channel-c float is at float index `win`. `yAt` is the float index of
// Y[n, p, q, c] (and of dY's). `rowStep` = W·C floats from one image row to the next, C floats
// from one pixel to the next. With TILES (the windows tile the image: each dX element is in exactly
// one window) dX is stored, not added to, and was not zeroed. L and TILES are constants at every
// call, so each call inlines to its own loop.
@inline function route(
  x: usize, y: usize, dy: usize, dx: usize, yAt: i32, win: i32, rows: i32, cols: i32, rowStep: i32, C: i32, L: i32, TILES: bool,
): void {
  const max = loadLanes(y + (<usize>yAt << 2), L);
  const grad = loadLanes(dy + (<usize>yAt << 2), L);
  let found = i32x4.splat(0);
  let rowAt = <usize>win << 2;
  for (let r = 0; r < rows; r++) {
    let at = rowAt;
    for (let s = 0; s < cols; s++) {
      const hit = v128.andnot(f32x4.eq(loadLanes(x + at, L), max), found);
      found = v128.or(found, hit);
      const routed = v128.and(hit, grad);
      storeLanes(dx + at, TILES ? routed : f32x4.add(loadLanes(dx + at, L), routed), L);
      at += <usize>C << 2;
    }
    rowAt += <usize>rowStep << 2;
  }
  // Lanes beyond L loaded zeros from both X and Y, so they count as found.
  const missing = ~i32x4.bitmask(found) & ((1 << L) - 1);
  if (missing != 0) runningArgMax(x, dy, dx, yAt, win, rows, cols, rowStep, C, missing);
}

// For each lane l set in `missing`: dX at the first strictly largest X of the window (starting
// from its first pixel) += dY. Rare (a NaN maximum), so scalar and not inlined.
function runningArgMax(
  x: usize, dy: usize, dx: usize, yAt: i32, win: i32, rows: i32, cols: i32, rowStep: i32, C: i32, missing: i32,
): void {
  for (let l = 0; missing != 0; l++, missing >>= 1) {
    if ((missing & 1) == 0) continue;
    let best = load<f32>(x + (<usize>(win + l) << 2));
    let bestAt = win + l;
    for (let r = 0; r < rows; r++) {
      for (let s = 0; s < cols; s++) {
        const i = win + l + r * rowStep + s * C;
        const v = load<f32>(x + (<usize>i << 2));
        if (v > best) {
          best = v;
          bestAt = i;
        }
      }
    }
    const p = dx + (<usize>bestAt << 2);
    store<f32>(p, load<f32>(p) + load<f32>(dy + (<usize>(yAt + l) << 2)));
  }
}

// Writes dX (overwriting it) image by image: each thread takes the next image n from the shared
// counter (an i32 in the heap, 0 before the call) until none are left, so a thread that starts
// late takes fewer. x, y, dy, dx are byte offsets of X [N, H, W, C], Y and dY [N, OH, OW, C],
// dX [N, H, W, C]; the window is KH x KW at strides sh, sw, its first pixel at (p·sh − top, q·sw − left).
export function maxPoolGrad(
  x: usize, y: usize, dy: usize, dx: usize, N: i32,
  H: i32, W: i32, C: i32, OH: i32, OW: i32, KH: i32, KW: i32, sh: i32, sw: i32, top: i32, left: i32, counter: usize,
): void {
  // Windows that tile the image (LeNet's 2x2/2 on even sizes) write every dX element once: no
  // zeroing and no read-modify-write. Otherwise (overlaps, gaps, padding) dX is zeroed and added to.
  const tiles = KH == sh && KW == sw && top == 0 && left == 0 && OH * sh == H && OW * sw == W;
  const imageBytes = <usize>(H * W * C) << 2;
  for (let n = atomic.add<i32>(counter, 1); n < N; n = atomic.add<i32>(counter, 1)) {
    if (tiles) {
      routeImage(x, y, dy, dx, n, H, W, C, OH, OW, KH, KW, sh, sw, top, left, true);
    } else {
      memory.fill(dx + <usize>n * imageBytes, 0, imageBytes);
      routeImage(x, y, dy, dx, n, H, W, C, OH, OW, KH, KW, sh, sw, top, left, false);
    }
  }
}

// Routes all of image n's dY (see route for TILES).
@inline function routeImage(
  x: usize, y: usize, dy: usize, dx: usize, n: i32,
  H: i32, W: i32, C: i32, OH: i32, OW: i32, KH: i32, KW: i32, sh: i32, sw: i32, top: i32, left: i32, TILES: bool,
): void {
  const C4 = C & ~3;
  const rowStep = W * C;
  for (let p = 0; p < OH; p++) {
    const r0 = max(p * sh - top, 0), r1 = min(p * sh - top + KH, H);
    if (r0 >= r1) continue; // a window entirely in the padding has no arg-max
    for (let q = 0; q < OW; q++) {
      const c0 = max(q * sw - left, 0), c1 = min(q * sw - left + KW, W);
      if (c0 >= c1) continue;
      const yAt = ((n * OH + p) * OW + q) * C;
      const win = ((n * H + r0) * W + c0) * C;
      const rows = r1 - r0, cols = c1 - c0;
      let c = 0;
      for (; c < C4; c += 4) route(x, y, dy, dx, yAt + c, win + c, rows, cols, rowStep, C, 4, TILES);
      if (C - c >= 2) {
        route(x, y, dy, dx, yAt + c, win + c, rows, cols, rowStep, C, 2, TILES);
        c += 2;
      }
      if (c < C) route(x, y, dy, dx, yAt + c, win + c, rows, cols, rowStep, C, 1, TILES);
    }
  }
}
