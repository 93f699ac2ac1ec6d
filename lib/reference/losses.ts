/**
 * Softmax and the losses of seed 001, each returning the mean loss over the batch and its
 * gradient with respect to the predictions. Predictions are [N, K] (N examples, K classes or outputs).
 * Labels are class indices (one per example) or an [N, K] array of target probabilities (one-hot).
 */
import { dtypeOf, expectRank, expectSameShape, NdArray, zeros } from "./ndarray";

/** A loss value (mean over the batch) and its gradient wrt the predictions. */
export interface Loss {
  loss: number;
  grad: NdArray;
}

/** Class indices or target probabilities [N, K]. */
export type Labels = ArrayLike<number> | NdArray;

function isNdArray(v: unknown): v is NdArray {
  return typeof v === "object" && v !== null && "shape" in v && "data" in v;
}

/** Labels as an [N, K] array of target probabilities (indices become one-hot rows). */
function targets(fn: string, labels: Labels, pred: NdArray): NdArray {
  const [N, K] = pred.shape;
  if (isNdArray(labels)) {
    expectSameShape(fn, "predictions", pred, "labels", labels);
    return labels;
  }
  if (labels.length !== N) throw new Error(`${fn}: labels has ${labels.length} class indices but there are ${N} examples (shape ${JSON.stringify(pred.shape)})`);
  const p = zeros([N, K], dtypeOf(pred));
  for (let n = 0; n < N; n++) {
    const y = labels[n];
    if (!Number.isInteger(y) || y < 0 || y >= K) throw new Error(`${fn}: labels[${n}] = ${y} is not a class index in 0..${K - 1}`);
    p.data[n * K + y] = 1;
  }
  return p;
}

/** Softmax of each row, shifted by the row maximum so exp never overflows: σ(z)_k = e^{z_k − max} / Σ e^{z_j − max}. */
export function softmax(z: NdArray): NdArray {
  expectRank("softmax", "z", z, "[N, K]");
  const [N, K] = z.shape;
  const y = zeros(z.shape, dtypeOf(z));
  for (let n = 0; n < N; n++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, z.data[n * K + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(z.data[n * K + k] - max);
    for (let k = 0; k < K; k++) y.data[n * K + k] = Math.exp(z.data[n * K + k] - max) / sum;
  }
  return y;
}

/** Backward of softmax: dz_k = y_k · (dy_k − Σ_j dy_j y_j), with y = softmax(z). */
export function softmaxBackward(dy: NdArray, z: NdArray): NdArray {
  expectSameShape("softmaxBackward", "z", z, "dy", dy);
  const y = softmax(z);
  const [N, K] = z.shape;
  const dz = zeros(z.shape, dtypeOf(y));
  for (let n = 0; n < N; n++) {
    let dot = 0;
    for (let k = 0; k < K; k++) dot += dy.data[n * K + k] * y.data[n * K + k];
    for (let k = 0; k < K; k++) dz.data[n * K + k] = y.data[n * K + k] * (dy.data[n * K + k] - dot);
  }
  return dz;
}

/**
 * Cross-entropy from logits: L = (1/N) Σ_n [logΣ_k e^{z_k} − Σ_k p_k z_k] (log-sum-exp, stable);
 * dL/dz = (softmax(z) − p)/N.
 */
export function softmaxCrossEntropy(logits: NdArray, labels: Labels): Loss {
  const fn = "softmaxCrossEntropy";
  expectRank(fn, "logits", logits, "[N, K]");
  const p = targets(fn, labels, logits);
  const [N, K] = logits.shape;
  const q = softmax(logits);
  let loss = 0;
  for (let n = 0; n < N; n++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, logits.data[n * K + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(logits.data[n * K + k] - max);
    const logSumExp = max + Math.log(sum);
    for (let k = 0; k < K; k++) loss += p.data[n * K + k] * (logSumExp - logits.data[n * K + k]);
  }
  const grad = zeros(logits.shape, dtypeOf(logits));
  for (let k = 0; k < grad.data.length; k++) grad.data[k] = (q.data[k] - p.data[k]) / N;
  return { loss: loss / N, grad };
}

/** Cross-entropy from probabilities: L = −(1/N) Σ p log q; dL/dq = −p/(N·q). */
export function crossEntropy(probs: NdArray, labels: Labels): Loss {
  const fn = "crossEntropy";
  expectRank(fn, "probs", probs, "[N, K]");
  const p = targets(fn, labels, probs);
  const N = probs.shape[0];
  const grad = zeros(probs.shape, dtypeOf(probs));
  let loss = 0;
  for (let k = 0; k < probs.data.length; k++) {
    if (p.data[k] === 0) continue; // 0·log q = 0 even where q = 0
    const q = probs.data[k];
    if (!(q > 0)) {
      throw new Error(`${fn}: probs[${Math.floor(k / probs.shape[1])}, ${k % probs.shape[1]}] = ${q} where the target is ${p.data[k]}: the loss is infinite (use softmaxCrossEntropy on logits)`);
    }
    loss -= p.data[k] * Math.log(q);
    grad.data[k] = -p.data[k] / (N * q);
  }
  return { loss: loss / N, grad };
}

/** Element-wise loss ℓ(prediction, target) with derivative wrt the prediction; averaged over all elements. */
function elementwiseLoss(fn: string, pred: NdArray, target: NdArray, l: (a: number, t: number) => number, dl: (a: number, t: number) => number): Loss {
  expectSameShape(fn, "pred", pred, "target", target);
  const M = pred.data.length;
  const grad = zeros(pred.shape, dtypeOf(pred));
  let loss = 0;
  for (let k = 0; k < M; k++) {
    loss += l(pred.data[k], target.data[k]);
    grad.data[k] = dl(pred.data[k], target.data[k]) / M;
  }
  return { loss: loss / M, grad };
}

/** Mean squared error (1/M) Σ (ŷ − y)²; gradient 2(ŷ − y)/M. */
export function mse(pred: NdArray, target: NdArray): Loss {
  return elementwiseLoss("mse", pred, target, (a, t) => (a - t) ** 2, (a, t) => 2 * (a - t));
}

/** Mean absolute error (1/M) Σ |ŷ − y|; gradient sign(ŷ − y)/M (0 where equal). */
export function mae(pred: NdArray, target: NdArray): Loss {
  return elementwiseLoss("mae", pred, target, (a, t) => Math.abs(a - t), (a, t) => Math.sign(a - t));
}

/** Binary hinge (seed 001, eq. 12): (1/M) Σ max(1 − y·ŷ, 0) with targets y ∈ {−1, +1}. */
export function binaryHinge(pred: NdArray, target: NdArray): Loss {
  return elementwiseLoss("binaryHinge", pred, target, (a, t) => Math.max(1 - t * a, 0), (a, t) => (1 - t * a > 0 ? -t : 0));
}

/** Options of hinge. */
export interface HingeArgs {
  /** Δ, the margin the true class must win by. Default 1. */
  margin?: number;
}

/**
 * Multi-class SVM hinge (CS231n): L = (1/N) Σ_n Σ_{j ≠ y_n} max(0, s_j − s_{y_n} + Δ).
 * Each violated margin adds +1/N to ds_j and −1/N to ds_{y_n}.
 */
export function hinge(scores: NdArray, labels: ArrayLike<number>, args: HingeArgs = {}): Loss {
  const fn = "hinge";
  expectRank(fn, "scores", scores, "[N, K]");
  const [N, K] = scores.shape;
  const margin = args.margin ?? 1;
  if (isNdArray(labels) || labels.length !== N) {
    throw new Error(`${fn}: labels must be ${N} class indices (one per row of scores ${JSON.stringify(scores.shape)}), got ${isNdArray(labels) ? `an array of shape ${JSON.stringify(labels.shape)}` : `${labels.length} labels`}`);
  }
  const grad = zeros(scores.shape, dtypeOf(scores));
  let loss = 0;
  for (let n = 0; n < N; n++) {
    const y = labels[n];
    if (!Number.isInteger(y) || y < 0 || y >= K) throw new Error(`${fn}: labels[${n}] = ${y} is not a class index in 0..${K - 1}`);
    for (let j = 0; j < K; j++) {
      if (j === y) continue;
      const violation = scores.data[n * K + j] - scores.data[n * K + y] + margin;
      if (violation > 0) {
        loss += violation;
        grad.data[n * K + j] += 1 / N;
        grad.data[n * K + y] -= 1 / N;
      }
    }
  }
  return { loss: loss / N, grad };
}
