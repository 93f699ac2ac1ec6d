/**
 * One kernel per variable for an optimiser's update, instead of the dozen tfjs ops each update is
 * written with (lib/train/optimizers.ts). A small network updates its variables with more kernel
 * calls than its forward and backward passes make: LeNet-5 (1998) with Adam, 14 variables, ran
 * ~180 of its ~450 kernels per step in Adam's mul/add/square/div/sqrt (each call ~20 µs of tfjs
 * bookkeeping, whatever its size). These kernels compute the same formulas element by element:
 *
 *   Adam:      g' = g + β·w;  m ← β1·m + (1 − β1)·g';  s ← β2·s + (1 − β2)·g'²;
 *              w ← w − ε · (m / (1 − β1^t)) / (√(s / (1 − β2^t)) + eps)
 *   Momentum:  v ← α·v − β·ε·w − ε·g;  w ← w + v       (lecture 08, eqs. 15–16)
 *
 * and return the new values as new tensors (tfjs kernels never write their inputs); the optimiser
 * assigns them. Registered on wasm only (lib/backend/wasm/), where a path reads the heap; on other
 * backends the optimisers keep their tfjs ops (`hasKernel`).
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { orWhy, path } from "./kernel-paths";
import { HeapBackend } from "./wasm-heap";

export const ADAM_STEP = "CnnlabAdamStep";
export const MOMENTUM_STEP = "CnnlabMomentumStep";

/** CnnlabAdamStep's attributes: the step size and Adam's constants, `t` the 1-based step count. */
export interface AdamStepAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  t: number;
}

/** CnnlabMomentumStep's attributes. */
export interface MomentumStepAttrs {
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

/** Every input float32 and of one shape: the kernels walk them element by element. */
function sameFloatShapes(args: { inputs: tf.NamedTensorInfoMap }): boolean {
  const ts = Object.values(args.inputs) as tf.TensorInfo[];
  return ts.every((t) => t.dtype === "float32" && tf.util.arraysEqual(t.shape, ts[0].shape));
}

export const adamStepLoop = path("loop", orWhy(sameFloatShapes, "needs float32 w, g, m, s of one shape"), (args) => {
  const backend = args.backend as HeapBackend;
  const { w, g, m, s } = args.inputs as Record<"w" | "g" | "m" | "s", tf.TensorInfo>;
  const { learningRate, beta1, beta2, epsilon, weightDecay, t } = attrsOf<AdamStepAttrs>(args);
  const outs = [w, m, s].map((x) => backend.makeOutput(x.shape, "float32"));
  // Views after every makeOutput: an allocation may grow the heap and detach older views.
  const [W, G, M, S, W2, M2, S2] = [w, g, m, s, ...outs].map((x) => backend.typedArrayFromHeap(x) as Float32Array);
  const c1 = 1 / (1 - Math.pow(beta1, t));
  const c2 = 1 / (1 - Math.pow(beta2, t));
  for (let i = 0; i < W.length; i++) {
    const gi = weightDecay > 0 ? G[i] + weightDecay * W[i] : G[i];
    const mi = beta1 * M[i] + (1 - beta1) * gi;
    const si = beta2 * S[i] + (1 - beta2) * gi * gi;
    M2[i] = mi;
    S2[i] = si;
    W2[i] = W[i] - learningRate * ((mi * c1) / (Math.sqrt(si * c2) + epsilon));
  }
  return outs;
});

export const momentumStepLoop = path("loop", orWhy(sameFloatShapes, "needs float32 w, g, v of one shape"), (args) => {
  const backend = args.backend as HeapBackend;
  const { w, g, v } = args.inputs as Record<"w" | "g" | "v", tf.TensorInfo>;
  const { learningRate, momentum, weightDecay } = attrsOf<MomentumStepAttrs>(args);
  const outs = [w, v].map((x) => backend.makeOutput(x.shape, "float32"));
  const [W, G, V, W2, V2] = [w, g, v, ...outs].map((x) => backend.typedArrayFromHeap(x) as Float32Array);
  for (let i = 0; i < W.length; i++) {
    const vi = momentum * V[i] - weightDecay * learningRate * W[i] - learningRate * G[i];
    V2[i] = vi;
    W2[i] = W[i] + vi;
  }
  return outs;
});
