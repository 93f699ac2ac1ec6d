/**
 * 2D convolution (really cross-correlation, as in every deep-learning library) written as the formula:
 *
 *   Y[n, i, j, o] = b[o] + Σ_{p, q, c} X[n, i·sh − top + p·dh, j·sw − left + q·dw, c] · K[p, q, c, o]
 *
 * with X zero outside the image. Shapes: X [N, H, W, Cin], K [kh, kw, Cin, Cout], b [Cout], Y [N, outH, outW, Cout].
 */
import { geometry, Geometry, WindowArgs } from "./geometry";
import { expectRank, NdArray, resultDtype, zeros } from "./ndarray";

/** Options of conv2dForward/conv2dBackward: stride (default 1), pad (default 'valid'), dilation (default 1). */
export type Conv2dArgs = WindowArgs;

/** Validates X, K (and b) and returns the geometry. */
export function convGeometry(fn: string, x: NdArray, w: NdArray, args: Conv2dArgs, b?: NdArray | null): Geometry {
  expectRank(fn, "x", x, "[N, H, W, Cin]");
  expectRank(fn, "w", w, "[kh, kw, Cin, Cout]");
  if (w.shape[2] !== x.shape[3]) {
    throw new Error(`${fn}: w has Cin = w.shape[2] = ${w.shape[2]} but x has ${x.shape[3]} channels (x.shape ${JSON.stringify(x.shape)}, w.shape ${JSON.stringify(w.shape)})`);
  }
  if (b) {
    expectRank(fn, "b", b, "[Cout]");
    if (b.shape[0] !== w.shape[3]) {
      throw new Error(`${fn}: b must have Cout = ${w.shape[3]} values, got shape ${JSON.stringify(b.shape)}`);
    }
  }
  return geometry(fn, x.shape[1], x.shape[2], [w.shape[0], w.shape[1]], args, [1, 1]);
}

/** Naive conv2d forward: seven nested loops, one per index of the formula. `b` may be null (no bias). */
export function conv2dForward(x: NdArray, w: NdArray, b: NdArray | null = null, args: Conv2dArgs = {}): NdArray {
  const g = convGeometry("conv2dForward", x, w, args, b);
  const [N, H, W, C] = x.shape;
  const O = w.shape[3];
  const X = x.data;
  const K = w.data;
  const y = zeros([N, g.outH, g.outW, O], resultDtype(x, w, b ?? undefined));
  const Y = y.data;
  for (let n = 0; n < N; n++)
    for (let i = 0; i < g.outH; i++)
      for (let j = 0; j < g.outW; j++)
        for (let o = 0; o < O; o++) {
          let sum = b ? b.data[o] : 0;
          for (let p = 0; p < g.kh; p++) {
            const r = i * g.sh - g.top + p * g.dh;
            if (r < 0 || r >= H) continue; // zero padding
            for (let q = 0; q < g.kw; q++) {
              const s = j * g.sw - g.left + q * g.dw;
              if (s < 0 || s >= W) continue;
              for (let c = 0; c < C; c++) {
                sum += X[((n * H + r) * W + s) * C + c] * K[((p * g.kw + q) * C + c) * O + o];
              }
            }
          }
          Y[((n * g.outH + i) * g.outW + j) * O + o] = sum;
        }
  return y;
}

/** Gradients of conv2d with respect to its input, weights and bias. */
export interface Conv2dGrads {
  dx: NdArray;
  dw: NdArray;
  db: NdArray;
}

/**
 * Naive conv2d backward. Each weight is shared by every output position, so its gradient
 * is the sum over its uses: dK[p, q, c, o] = Σ_{n, i, j} dY[n, i, j, o] · X[n, r, s, c].
 */
export function conv2dBackward(dy: NdArray, x: NdArray, w: NdArray, args: Conv2dArgs = {}): Conv2dGrads {
  const fn = "conv2dBackward";
  const g = convGeometry(fn, x, w, args);
  const [N, H, W, C] = x.shape;
  const O = w.shape[3];
  expectRank(fn, "dy", dy, "[N, outH, outW, Cout]");
  const expected = [N, g.outH, g.outW, O];
  if (dy.shape.some((d, k) => d !== expected[k])) {
    throw new Error(`${fn}: dy must have the output shape ${JSON.stringify(expected)}, got ${JSON.stringify(dy.shape)}`);
  }
  const dtype = resultDtype(dy, x, w);
  const dx = zeros(x.shape, dtype);
  const dw = zeros(w.shape, dtype);
  const db = zeros([O], dtype);
  const X = x.data, K = w.data, dY = dy.data, dX = dx.data, dK = dw.data;
  for (let n = 0; n < N; n++)
    for (let i = 0; i < g.outH; i++)
      for (let j = 0; j < g.outW; j++)
        for (let o = 0; o < O; o++) {
          const grad = dY[((n * g.outH + i) * g.outW + j) * O + o];
          db.data[o] += grad;
          for (let p = 0; p < g.kh; p++) {
            const r = i * g.sh - g.top + p * g.dh;
            if (r < 0 || r >= H) continue;
            for (let q = 0; q < g.kw; q++) {
              const s = j * g.sw - g.left + q * g.dw;
              if (s < 0 || s >= W) continue;
              for (let c = 0; c < C; c++) {
                const xi = ((n * H + r) * W + s) * C + c;
                const ki = ((p * g.kw + q) * C + c) * O + o;
                dX[xi] += grad * K[ki];
                dK[ki] += grad * X[xi];
              }
            }
          }
        }
  return { dx, dw, db };
}
