/**
 * Numerical gradient check by centred differences, in float64:
 *   n_k = (f(x + ε e_k) − f(x − ε e_k)) / 2ε,   rel_k = |a_k − n_k| / max(|a_k|, |n_k|, tiny).
 * With ε = 1e-5 a correct float64 gradient gives rel ≲ 1e-8; a wrong one gives ≳ 1e-2.
 */
import { NdArray, zeros } from "./ndarray";
import { show } from "../arith/validate";

/** Options of gradCheck. */
export interface GradCheckArgs {
  /** Step ε. Default 1e-5 (balances truncation error ε²·f‴ against round-off 1e-16·|f|/ε). */
  eps?: number;
  /** Floor of the denominator, so that two zero gradients agree. Default 1e-12. */
  tiny?: number;
}

export interface GradCheckResult {
  /** The largest relative error over all elements. */
  maxRelError: number;
  analytic: NdArray;
  numeric: NdArray;
  relError: NdArray;
}

/**
 * f returns the scalar loss and its analytic gradient wrt x (the shape of every loss in this module).
 * x is copied to float64 first.
 */
export function gradCheck(f: (x: NdArray) => { loss: number; grad: NdArray }, x: NdArray, args: GradCheckArgs = {}): GradCheckResult {
  const eps = args.eps ?? 1e-5;
  const tiny = args.tiny ?? 1e-12;
  if (!(eps > 0)) throw new Error(`gradCheck: eps must be a positive number, got ${show(eps)}`);
  const x64: NdArray = { shape: [...x.shape], data: Float64Array.from(x.data) };
  const analytic = f(x64).grad;
  if (analytic.data.length !== x64.data.length) {
    throw new Error(`gradCheck: f's grad has shape ${JSON.stringify(analytic.shape)} but x has ${JSON.stringify(x.shape)}`);
  }
  const numeric = zeros(x.shape, "float64");
  const relError = zeros(x.shape, "float64");
  let maxRelError = 0;
  for (let k = 0; k < x64.data.length; k++) {
    const saved = x64.data[k];
    x64.data[k] = saved + eps;
    const plus = f(x64).loss;
    x64.data[k] = saved - eps;
    const minus = f(x64).loss;
    x64.data[k] = saved;
    const n = (plus - minus) / (2 * eps);
    const a = analytic.data[k];
    numeric.data[k] = n;
    relError.data[k] = Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), tiny);
    maxRelError = Math.max(maxRelError, relError.data[k]);
  }
  return { maxRelError, analytic, numeric, relError };
}
