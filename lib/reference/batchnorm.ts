/**
 * Batch normalization (Ioffe & Szegedy 2015), channels last. Statistics run over every axis
 * but the last (N, H, W for images), one mean and variance per channel c:
 *
 *   μ_c = (1/m) Σ x,   σ²_c = (1/m) Σ (x − μ_c)²   (biased, as on the slides),
 *   x̂ = (x − μ_c) / √(σ²_c + ε),   y = γ_c · x̂ + β_c.
 */
import { positiveInt } from "../arith/validate";
import { dtypeOf, expectRank, NdArray, resultDtype, zeros } from "./ndarray";

/** Options of batch normalization. */
export interface BatchNormArgs {
  /** ε added to the variance before the square root. Default 0.001 (tf.batchNorm, tf.layers). */
  eps?: number;
}

/** Running statistics used at inference. */
export interface RunningStats {
  mean: NdArray;
  variance: NdArray;
}

function channels(fn: string, x: NdArray, params: Record<string, NdArray>): { C: number; m: number } {
  if (!x || !Array.isArray(x.shape) || x.shape.length < 2) {
    throw new Error(`${fn}: x must have rank ≥ 2 with channels last (e.g. [N, H, W, C]), got shape ${JSON.stringify(x?.shape)}`);
  }
  const C = x.shape[x.shape.length - 1];
  for (const [name, p] of Object.entries(params)) {
    expectRank(fn, name, p, "[C]");
    if (p.shape[0] !== C) {
      throw new Error(`${fn}: ${name} must have shape [${C}] (the channels of x.shape ${JSON.stringify(x.shape)}), got ${JSON.stringify(p.shape)}`);
    }
  }
  return { C, m: x.data.length / C };
}

function epsilon(fn: string, args: BatchNormArgs): number {
  const eps = args.eps ?? 0.001;
  if (typeof eps !== "number" || !(eps >= 0)) throw new Error(`${fn}: eps must be a non-negative number, got ${JSON.stringify(eps)}`);
  return eps;
}

/** Per-channel mean and biased variance over all axes but the last. */
export function moments(x: NdArray): RunningStats {
  const { C, m } = channels("moments", x, {});
  const mean = zeros([C], dtypeOf(x));
  const variance = zeros([C], dtypeOf(x));
  const sum = new Float64Array(C);
  for (let k = 0; k < x.data.length; k++) sum[k % C] += x.data[k];
  for (let c = 0; c < C; c++) mean.data[c] = sum[c] / m;
  const sq = new Float64Array(C);
  for (let k = 0; k < x.data.length; k++) {
    const d = x.data[k] - sum[k % C] / m;
    sq[k % C] += d * d;
  }
  for (let c = 0; c < C; c++) variance.data[c] = sq[c] / m;
  return { mean, variance };
}

/** y = γ (x − mean)/√(variance + ε) + β with given statistics (the inference formula, tf.batchNorm). */
export function batchNormInference(x: NdArray, gamma: NdArray, beta: NdArray, stats: RunningStats, args: BatchNormArgs = {}): NdArray {
  const fn = "batchNormInference";
  const { C } = channels(fn, x, { gamma, beta, "stats.mean": stats?.mean, "stats.variance": stats?.variance });
  const eps = epsilon(fn, args);
  const y = zeros(x.shape, resultDtype(x, gamma, beta));
  for (let k = 0; k < x.data.length; k++) {
    const c = k % C;
    y.data[k] = (gamma.data[c] * (x.data[k] - stats.mean.data[c])) / Math.sqrt(stats.variance.data[c] + eps) + beta.data[c];
  }
  return y;
}

/** Training mode: normalise with the batch's own statistics; returns them for the running averages. */
export function batchNormForward(x: NdArray, gamma: NdArray, beta: NdArray, args: BatchNormArgs = {}): { y: NdArray } & RunningStats {
  channels("batchNormForward", x, { gamma, beta });
  epsilon("batchNormForward", args);
  const stats = moments(x);
  return { y: batchNormInference(x, gamma, beta, stats, args), ...stats };
}

/** Options of updateRunningStats. */
export interface RunningStatsArgs {
  /** Weight of the old value: running ← momentum·running + (1 − momentum)·batch. Default 0.99 (tf.layers). */
  momentum?: number;
}

/** Exponential running averages of the batch statistics (used at inference). Returns new arrays. */
export function updateRunningStats(running: RunningStats, batch: RunningStats, args: RunningStatsArgs = {}): RunningStats {
  const momentum = args.momentum ?? 0.99;
  if (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1)) {
    throw new Error(`updateRunningStats: momentum must be in [0, 1], got ${JSON.stringify(momentum)}`);
  }
  const blend = (old: NdArray, now: NdArray, name: string): NdArray => {
    if (old.data.length !== now.data.length) {
      throw new Error(`updateRunningStats: running.${name} has ${old.data.length} channels but batch.${name} has ${now.data.length}`);
    }
    const out = zeros(old.shape, dtypeOf(old));
    for (let c = 0; c < out.data.length; c++) out.data[c] = momentum * old.data[c] + (1 - momentum) * now.data[c];
    return out;
  };
  return { mean: blend(running.mean, batch.mean, "mean"), variance: blend(running.variance, batch.variance, "variance") };
}

/** Fresh running statistics: mean 0, variance 1 (the tf.layers initialisers). */
export function initRunningStats(channelCount: number, dtype: "float32" | "float64" = "float32"): RunningStats {
  const C = positiveInt("initRunningStats", "channelCount", channelCount);
  const variance = zeros([C], dtype);
  variance.data.fill(1);
  return { mean: zeros([C], dtype), variance };
}

/**
 * Training-mode backward, the batch statistics being functions of x too:
 *   dβ = Σ dy,  dγ = Σ dy·x̂,  dx = γ / (m·√(σ² + ε)) · (m·dy − dβ − x̂·dγ).
 */
export function batchNormBackward(dy: NdArray, x: NdArray, gamma: NdArray, args: BatchNormArgs = {}): { dx: NdArray; dgamma: NdArray; dbeta: NdArray } {
  const fn = "batchNormBackward";
  const { C, m } = channels(fn, x, { gamma });
  if (dy.data.length !== x.data.length) {
    throw new Error(`${fn}: dy must have the shape of x ${JSON.stringify(x.shape)}, got ${JSON.stringify(dy.shape)}`);
  }
  const eps = epsilon(fn, args);
  const { mean, variance } = moments(x);
  const dtype = resultDtype(dy, x, gamma);
  const invStd = new Float64Array(C);
  for (let c = 0; c < C; c++) invStd[c] = 1 / Math.sqrt(variance.data[c] + eps);
  const xHat = (k: number): number => (x.data[k] - mean.data[k % C]) * invStd[k % C];
  const dgamma = zeros([C], dtype);
  const dbeta = zeros([C], dtype);
  const sumDy = new Float64Array(C);
  const sumDyXhat = new Float64Array(C);
  for (let k = 0; k < x.data.length; k++) {
    sumDy[k % C] += dy.data[k];
    sumDyXhat[k % C] += dy.data[k] * xHat(k);
  }
  dbeta.data.set(sumDy);
  dgamma.data.set(sumDyXhat);
  const dx = zeros(x.shape, dtype);
  for (let k = 0; k < x.data.length; k++) {
    const c = k % C;
    dx.data[k] = ((gamma.data[c] * invStd[c]) / m) * (m * dy.data[k] - sumDy[c] - xHat(k) * sumDyXhat[c]);
  }
  return { dx, dgamma, dbeta };
}
