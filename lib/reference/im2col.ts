/**
 * Convolution as one matrix multiply: unfold every receptive field of X into a row
 * ("im2col"), reshape K [kh, kw, Cin, Cout] to [kh·kw·Cin, Cout], and Y = cols · K.
 * Row (n, i, j) of cols holds X[n, i·sh − top + p·dh, j·sw − left + q·dw, c] at column (p, q, c).
 */
import { pair } from "../arith/validate";
import { Conv2dArgs, Conv2dGrads, convGeometry } from "./conv2d";
import { geometry, Geometry } from "./geometry";
import { matmul } from "./matmul";
import { dtypeOf, expectRank, NdArray, resultDtype, zeros } from "./ndarray";

/** Unfolds x [N, H, W, C] into [N·outH·outW, kh·kw·C] for a kernel of size `kernel`. */
export function im2col(x: NdArray, kernel: number | [number, number], args: Conv2dArgs = {}): NdArray {
  const fn = "im2col";
  expectRank(fn, "x", x, "[N, H, W, C]");
  const g = geometry(fn, x.shape[1], x.shape[2], pair(fn, "kernel", kernel), args, [1, 1]);
  return unfold(x, g);
}

function unfold(x: NdArray, g: Geometry): NdArray {
  const [N, , , C] = x.shape;
  const cols = g.kh * g.kw * C;
  const out = zeros([N * g.outH * g.outW, cols], dtypeOf(x));
  forEachTap(x.shape, g, (row, col, xi) => {
    out.data.set(x.data.subarray(xi, xi + C), row * cols + col);
  });
  return out;
}

/** The inverse scatter of im2col: sums each column entry back onto the pixel it came from. */
export function col2im(cols: NdArray, xShape: number[], kernel: number | [number, number], args: Conv2dArgs = {}): NdArray {
  const fn = "col2im";
  expectRank(fn, "cols", cols, "[N·outH·outW, kh·kw·C]");
  const g = geometry(fn, xShape[1], xShape[2], pair(fn, "kernel", kernel), args, [1, 1]);
  const [N, , , C] = xShape;
  const width = g.kh * g.kw * C;
  if (cols.shape[0] !== N * g.outH * g.outW || cols.shape[1] !== width) {
    throw new Error(`${fn}: cols must have shape ${JSON.stringify([N * g.outH * g.outW, width])} for x shape ${JSON.stringify(xShape)}, got ${JSON.stringify(cols.shape)}`);
  }
  const x = zeros(xShape, dtypeOf(cols));
  forEachTap(xShape, g, (row, col, xi) => {
    for (let c = 0; c < C; c++) x.data[xi + c] += cols.data[row * width + col + c];
  });
  return x;
}

/**
 * Calls visit(row, first column, first x index) for every in-image tap (p, q); the tap's C channels
 * are contiguous both in x (NHWC) and in the row, so callers move them as a block. Padded taps stay zero.
 */
function forEachTap(xShape: number[], g: Geometry, visit: (row: number, col: number, xi: number) => void): void {
  const [N, H, W, C] = xShape;
  for (let n = 0; n < N; n++)
    for (let i = 0; i < g.outH; i++)
      for (let j = 0; j < g.outW; j++) {
        const row = (n * g.outH + i) * g.outW + j;
        for (let p = 0; p < g.kh; p++) {
          const r = i * g.sh - g.top + p * g.dh;
          if (r < 0 || r >= H) continue;
          for (let q = 0; q < g.kw; q++) {
            const s = j * g.sw - g.left + q * g.dw;
            if (s < 0 || s >= W) continue;
            visit(row, (p * g.kw + q) * C, ((n * H + r) * W + s) * C);
          }
        }
      }
}

/** K [kh, kw, Cin, Cout] viewed as the matrix [kh·kw·Cin, Cout] (same data, row-major). */
function weightMatrix(w: NdArray): NdArray {
  return { shape: [w.shape[0] * w.shape[1] * w.shape[2], w.shape[3]], data: w.data };
}

/** conv2d forward as im2col + matmul; agrees with conv2dForward. */
export function conv2dForwardIm2col(x: NdArray, w: NdArray, b: NdArray | null = null, args: Conv2dArgs = {}): NdArray {
  const g = convGeometry("conv2dForwardIm2col", x, w, args, b);
  const y = matmul(unfold(x, g), weightMatrix(w));
  const O = w.shape[3];
  const out = zeros([x.shape[0], g.outH, g.outW, O], resultDtype(x, w, b ?? undefined));
  for (let k = 0; k < y.data.length; k++) out.data[k] = y.data[k] + (b ? b.data[k % O] : 0);
  return out;
}

/** conv2d backward with matrices: dK = colsᵀ·dY, dcols = dY·Kᵀ folded back by col2im, db = Σ rows of dY. */
export function conv2dBackwardIm2col(dy: NdArray, x: NdArray, w: NdArray, args: Conv2dArgs = {}): Conv2dGrads {
  const fn = "conv2dBackwardIm2col";
  const g = convGeometry(fn, x, w, args);
  const O = w.shape[3];
  const M = x.shape[0] * g.outH * g.outW;
  expectRank(fn, "dy", dy, "[N, outH, outW, Cout]");
  if (dy.data.length !== M * O || dy.shape[3] !== O) {
    throw new Error(`${fn}: dy must have the output shape ${JSON.stringify([x.shape[0], g.outH, g.outW, O])}, got ${JSON.stringify(dy.shape)}`);
  }
  const dtype = resultDtype(dy, x, w);
  const dY: NdArray = { shape: [M, O], data: dy.data };
  const dwMatrix = matmul(unfold(x, g), dY, { transposeA: true });
  const dcols = matmul(dY, weightMatrix(w), { transposeB: true });
  const dx = col2im(dcols, x.shape, [g.kh, g.kw], args);
  const dw = zeros(w.shape, dtype);
  dw.data.set(dwMatrix.data);
  const db = zeros([O], dtype);
  for (let k = 0; k < dy.data.length; k++) db.data[k % O] += dy.data[k];
  return { dx: dtype === dtypeOf(dx) ? dx : { shape: dx.shape, data: Float64Array.from(dx.data) }, dw, db };
}
