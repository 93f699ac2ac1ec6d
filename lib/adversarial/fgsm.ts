/**
 * The fast gradient sign method (Goodfellow, Shlens & Szegedy 2014): one step of size ε in the direction
 * that raises the loss fastest under an L∞ budget,
 *   x_adv = clip(x + ε · sign(∇_x L(f(x), y)), min, max).
 */
import * as tf from "@tensorflow/tfjs";
import { checkModel } from "../evaluate/predict";
import { asBatch, exampleCount, labelTensor, lossGradient, nonNegative, pixelRange } from "./input-gradient";

/** Options of `fgsm`. */
export interface FgsmArgs {
  /** L∞ size of the step, in pixel units. Required, ≥ 0. */
  epsilon: number;
  /** Valid pixel range the result is clipped to, or null for none. Default [0, 1]. */
  clip?: [number, number] | null;
}

/**
 * Adversarial copies of x (same shape); x itself is not changed. Async: labels given as a tensor are
 * read with `await` (the webgpu backend cannot read synchronously), so `const adv = await fgsm(…)`.
 */
export async function fgsm(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor | ArrayLike<number>, args: FgsmArgs): Promise<tf.Tensor> {
  checkModel(model, "fgsm");
  const epsilon = nonNegative(args?.epsilon, "epsilon", "fgsm");
  const range = pixelRange(args.clip, "fgsm");
  const labels = await labelTensor(y, exampleCount(x, "fgsm"), "fgsm");
  try {
    return tf.tidy(() => {
      const batch = asBatch(x, "fgsm");
      const moved = tf.add(batch, tf.mul(epsilon, tf.sign(lossGradient(model, batch, labels))));
      const out = range ? tf.clipByValue(moved, range[0], range[1]) : moved;
      return x.rank === 3 ? out.squeeze([0]) : out;
    });
  } finally {
    labels.dispose();
  }
}
