/**
 * Local response normalization across channels, with tfjs's definition
 * (tf.localResponseNormalization(x, depthRadius, bias, alpha, beta)):
 *
 *   sqr_sum[n, i, j, c] = Σ_{c' = max(0, c − r)}^{min(C − 1, c + r)} x[n, i, j, c']²
 *   y = x / (bias + alpha · sqr_sum)^beta
 *
 * AlexNet (seed 000: k = 2, n = 5, α = 1e-4, β = 0.75) writes b = a / (k + α Σ a²)^β over n
 * neighbouring maps, n = 2r + 1, so it is depthRadius = 2, bias = k = 2, alpha = α = 1e-4, beta = 0.75.
 * PyTorch's nn.LocalResponseNorm(size = n, alpha, beta, k) divides alpha by n (an average of squares):
 * PyTorch alpha = tfjs alpha · n. Caffe does the same as PyTorch.
 */
import { expectRank, expectSameShape, NdArray, resultDtype, zeros } from "./ndarray";

/** Options of LRN; the defaults are tfjs's. */
export interface LrnArgs {
  /** r: channels on each side in the sum. Default 5. */
  depthRadius?: number;
  /** Added to the sum (k in AlexNet). Default 1. */
  bias?: number;
  /** Scale of the sum. Default 1. */
  alpha?: number;
  /** Exponent. Default 0.5. */
  beta?: number;
}

function settings(fn: string, x: NdArray, args: LrnArgs) {
  expectRank(fn, "x", x, "[N, H, W, C]");
  const r = args.depthRadius ?? 5;
  if (!Number.isInteger(r) || r < 0) throw new Error(`${fn}: depthRadius must be a non-negative integer, got ${JSON.stringify(r)}`);
  const s = { r, bias: args.bias ?? 1, alpha: args.alpha ?? 1, beta: args.beta ?? 0.5 };
  for (const name of ["bias", "alpha", "beta"] as const) {
    if (typeof s[name] !== "number" || !Number.isFinite(s[name])) throw new Error(`${fn}: ${name} must be a finite number, got ${JSON.stringify(s[name])}`);
  }
  return s;
}

/** D[k] = bias + alpha · Σ_{c' near c} x², for every element k = (pixel, c). */
function denominators(x: NdArray, r: number, bias: number, alpha: number): Float64Array {
  const C = x.shape[3];
  const D = new Float64Array(x.data.length);
  for (let base = 0; base < x.data.length; base += C)
    for (let c = 0; c < C; c++) {
      let sqrSum = 0;
      for (let cc = Math.max(0, c - r); cc <= Math.min(C - 1, c + r); cc++) sqrSum += x.data[base + cc] ** 2;
      D[base + c] = bias + alpha * sqrSum;
    }
  return D;
}

export function lrnForward(x: NdArray, args: LrnArgs = {}): NdArray {
  const { r, bias, alpha, beta } = settings("lrnForward", x, args);
  const D = denominators(x, r, bias, alpha);
  const y = zeros(x.shape, resultDtype(x));
  for (let k = 0; k < y.data.length; k++) y.data[k] = x.data[k] * D[k] ** -beta;
  return y;
}

/**
 * dx[c] = dy[c]·D[c]^(−β) − 2αβ·x[c] · Σ_{c' : |c' − c| ≤ r} dy[c']·x[c']·D[c']^(−β−1)
 * (x[c] enters its own numerator and the denominators of its neighbours).
 */
export function lrnBackward(dy: NdArray, x: NdArray, args: LrnArgs = {}): NdArray {
  const fn = "lrnBackward";
  const { r, bias, alpha, beta } = settings(fn, x, args);
  expectSameShape(fn, "x", x, "dy", dy);
  const C = x.shape[3];
  const D = denominators(x, r, bias, alpha);
  const dx = zeros(x.shape, resultDtype(dy, x));
  for (let base = 0; base < x.data.length; base += C)
    for (let c = 0; c < C; c++) {
      let neighbours = 0;
      for (let cc = Math.max(0, c - r); cc <= Math.min(C - 1, c + r); cc++) {
        neighbours += dy.data[base + cc] * x.data[base + cc] * D[base + cc] ** (-beta - 1);
      }
      const k = base + c;
      dx.data[k] = dy.data[k] * D[k] ** -beta - 2 * alpha * beta * x.data[k] * neighbours;
    }
  return dx;
}
