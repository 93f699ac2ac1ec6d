/**
 * Squashing functions the custom layers accept by name. tfjs-layers' own
 * activation registry has no LeNet-5 scaled tanh, so the few we need live here.
 */
import * as tf from "@tensorflow/tfjs";
import { hasKernel } from "../backend/kernel-run";
import { SCALED_TANH, ScaledTanhAttrs } from "../backend/scaled-tanh-kernel";
import { oneOf } from "./validate";

/** LeCun et al. 1998, appendix A: f(a) = A tanh(S a) with A = 1.7159, S = 2/3, so f(±1) = ±1. */
export const SCALED_TANH_A = 1.7159;
export const SCALED_TANH_S = 2 / 3;

export const SQUASH_NAMES = ["linear", "tanh", "scaledTanh", "sigmoid", "relu"] as const;
export type SquashName = (typeof SQUASH_NAMES)[number];

export function scaledTanh(x: tf.Tensor): tf.Tensor {
  // One kernel (and one for its gradient) where cnnlab registers it (wasm): see scaled-tanh-kernel.ts.
  if (x.dtype === "float32" && hasKernel(SCALED_TANH)) {
    const attrs: ScaledTanhAttrs = { amplitude: SCALED_TANH_A, slope: SCALED_TANH_S };
    return tf.engine().runKernel(SCALED_TANH, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  return tf.tidy(() => tf.mul(SCALED_TANH_A, tf.tanh(tf.mul(SCALED_TANH_S, x))));
}

export function squash(name: SquashName, x: tf.Tensor): tf.Tensor {
  switch (name) {
    case "linear":
      return x;
    case "tanh":
      return tf.tanh(x);
    case "scaledTanh":
      return scaledTanh(x);
    case "sigmoid":
      return tf.sigmoid(x);
    case "relu":
      return tf.relu(x);
  }
}

export function checkSquash(owner: string, arg: string, value: unknown): SquashName {
  return oneOf(owner, arg, value, SQUASH_NAMES);
}
