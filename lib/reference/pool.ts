/**
 * Pooling, written as loops over output indices (n, i, j, c):
 *
 *   max:  Y[n, i, j, c] = max_{p, q} X[n, i·sh − top + p, j·sw − left + q, c]
 *   avg:  Y[n, i, j, c] = mean of the same window, counting only pixels inside the image
 *         (padding is excluded from the mean, as in TensorFlow).
 *
 * Overlapping windows (size 3, stride 2 as in AlexNet) are fine: backward adds up.
 * Max-pool ties: the gradient goes to the FIRST maximum in row-major window order (p, then q),
 * the rule of tfjs's cpu backend (its `pixel > maxValue` keeps the first), checked in the tests.
 */
import { pair, positiveInt } from "../arith/validate";
import { Padding } from "../arith/size";
import { geometry, Geometry } from "./geometry";
import { dtypeOf, expectRank, expectSameShape, NdArray, resultDtype, zeros } from "./ndarray";

/** Options of the pooling ops. */
export interface PoolArgs {
  /** Window size, a number or [h, w]. Required. */
  size: number | [number, number];
  /** Stride, a number or [sh, sw]. Default: the window size (non-overlapping). */
  stride?: number | [number, number];
  /** 'valid' (default), 'same' or zeros per side (padded pixels never win a max nor enter a mean). */
  pad?: Padding;
}

function poolGeometry(fn: string, x: NdArray, args: PoolArgs): Geometry {
  expectRank(fn, "x", x, "[N, H, W, C]");
  if (!args || args.size === undefined) {
    throw new Error(`${fn}: args.size (the window size) is required, got ${JSON.stringify(args)}`);
  }
  const size = pair(fn, "size", args.size);
  return geometry(fn, x.shape[1], x.shape[2], size, { stride: args.stride, pad: args.pad }, size);
}

function checkDy(fn: string, dy: NdArray, x: NdArray, g: Geometry): void {
  const expected = [x.shape[0], g.outH, g.outW, x.shape[3]];
  expectRank(fn, "dy", dy, "[N, outH, outW, C]");
  if (dy.shape.some((d, k) => d !== expected[k])) {
    throw new Error(`${fn}: dy must have the output shape ${JSON.stringify(expected)}, got ${JSON.stringify(dy.shape)}`);
  }
}

/**
 * Visits every output (n, i, j, c) with the flat indices of the in-image pixels of its window,
 * in row-major window order.
 */
function forEachWindow(x: NdArray, g: Geometry, visit: (out: number, taps: number[]) => void): void {
  const [N, H, W, C] = x.shape;
  const taps: number[] = [];
  for (let n = 0; n < N; n++)
    for (let i = 0; i < g.outH; i++)
      for (let j = 0; j < g.outW; j++)
        for (let c = 0; c < C; c++) {
          taps.length = 0;
          for (let p = 0; p < g.kh; p++) {
            const r = i * g.sh - g.top + p;
            if (r < 0 || r >= H) continue;
            for (let q = 0; q < g.kw; q++) {
              const s = j * g.sw - g.left + q;
              if (s >= 0 && s < W) taps.push(((n * H + r) * W + s) * C + c);
            }
          }
          visit(((n * g.outH + i) * g.outW + j) * C + c, taps);
        }
}

/** Index of the first maximum among taps (strict > keeps the first on ties). */
function argMax(X: ArrayLike<number>, taps: number[]): number {
  let best = taps[0];
  for (const t of taps) if (X[t] > X[best]) best = t;
  return best;
}

export function maxPoolForward(x: NdArray, args: PoolArgs): NdArray {
  const g = poolGeometry("maxPoolForward", x, args);
  const y = zeros([x.shape[0], g.outH, g.outW, x.shape[3]], dtypeOf(x));
  forEachWindow(x, g, (out, taps) => {
    y.data[out] = x.data[argMax(x.data, taps)];
  });
  return y;
}

/** dX[argmax of each window] += dY; every other pixel of the window gets 0. */
export function maxPoolBackward(dy: NdArray, x: NdArray, args: PoolArgs): NdArray {
  const fn = "maxPoolBackward";
  const g = poolGeometry(fn, x, args);
  checkDy(fn, dy, x, g);
  const dx = zeros(x.shape, resultDtype(dy, x));
  forEachWindow(x, g, (out, taps) => {
    dx.data[argMax(x.data, taps)] += dy.data[out];
  });
  return dx;
}

export function avgPoolForward(x: NdArray, args: PoolArgs): NdArray {
  const g = poolGeometry("avgPoolForward", x, args);
  const y = zeros([x.shape[0], g.outH, g.outW, x.shape[3]], dtypeOf(x));
  forEachWindow(x, g, (out, taps) => {
    let sum = 0;
    for (const t of taps) sum += x.data[t];
    y.data[out] = sum / taps.length;
  });
  return y;
}

/** Each pixel of a window receives dY / (pixels in the window). */
export function avgPoolBackward(dy: NdArray, x: NdArray, args: PoolArgs): NdArray {
  const fn = "avgPoolBackward";
  const g = poolGeometry(fn, x, args);
  checkDy(fn, dy, x, g);
  const dx = zeros(x.shape, resultDtype(dy, x));
  forEachWindow(x, g, (out, taps) => {
    for (const t of taps) dx.data[t] += dy.data[out] / taps.length;
  });
  return dx;
}

/** Global average pooling: [N, H, W, C] → [N, C], the mean of each feature map (0 weights). */
export function globalAvgPool(x: NdArray): NdArray {
  expectRank("globalAvgPool", "x", x, "[N, H, W, C]");
  const [N, H, W, C] = x.shape;
  const y = zeros([N, C], dtypeOf(x));
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let r = 0; r < H * W; r++) sum += x.data[(n * H * W + r) * C + c];
      y.data[n * C + c] = sum / (H * W);
    }
  return y;
}

/** dX[n, r, s, c] = dY[n, c] / (H·W). */
export function globalAvgPoolBackward(dy: NdArray, x: NdArray): NdArray {
  const fn = "globalAvgPoolBackward";
  expectRank(fn, "x", x, "[N, H, W, C]");
  const [N, H, W, C] = x.shape;
  expectSameShape(fn, "[N, C] of x", { shape: [N, C], data: dy.data }, "dy", dy);
  const dx = zeros(x.shape, resultDtype(dy, x));
  for (let k = 0; k < dx.data.length; k++) {
    const n = Math.floor(k / (H * W * C));
    dx.data[k] = dy.data[n * C + (k % C)] / (H * W);
  }
  return dx;
}

/** Options of maxout (pooling across feature maps). */
export interface MaxoutArgs {
  /** Channels per group: output channel o is the max of input channels o·pieces … o·pieces + pieces − 1. */
  pieces: number;
}

function maxoutGroups(fn: string, x: NdArray, args: MaxoutArgs): { C: number; k: number } {
  if (!x || !Array.isArray(x.shape) || x.shape.length === 0) {
    throw new Error(`${fn}: x must be an NdArray with a channel (last) axis, got ${JSON.stringify(x?.shape)}`);
  }
  const k = positiveInt(fn, "pieces", args?.pieces);
  const C = x.shape[x.shape.length - 1];
  if (C % k !== 0) {
    throw new Error(`${fn}: the channel count ${C} (last axis of x.shape ${JSON.stringify(x.shape)}) is not divisible by pieces = ${k}`);
  }
  return { C, k };
}

/** Maxout / pooling across feature maps: max over groups of `pieces` consecutive channels (last axis). */
export function maxoutForward(x: NdArray, args: MaxoutArgs): NdArray {
  const { C, k } = maxoutGroups("maxoutForward", x, args);
  const y = zeros([...x.shape.slice(0, -1), C / k], dtypeOf(x));
  for (let o = 0; o < y.data.length; o++) {
    const first = o * k; // groups are contiguous because channels are the last axis
    let best = x.data[first];
    for (let t = 1; t < k; t++) best = Math.max(best, x.data[first + t]);
    y.data[o] = best;
  }
  return y;
}

/** The gradient goes to the first maximum of each group. */
export function maxoutBackward(dy: NdArray, x: NdArray, args: MaxoutArgs): NdArray {
  const fn = "maxoutBackward";
  const { C, k } = maxoutGroups(fn, x, args);
  expectSameShape(fn, "maxoutForward(x)", { shape: [...x.shape.slice(0, -1), C / k], data: dy.data }, "dy", dy);
  const dx = zeros(x.shape, resultDtype(dy, x));
  for (let o = 0; o < dy.data.length; o++) {
    let best = o * k;
    for (let t = 1; t < k; t++) if (x.data[o * k + t] > x.data[best]) best = o * k + t;
    dx.data[best] += dy.data[o];
  }
  return dx;
}
