/**
 * Projected gradient descent (Madry et al. 2017): FGSM steps of size α, each followed by projection
 * back into the L∞ ball of radius ε around x and into the pixel range, from a random start in the ball:
 *   x⁰ = x + U(−ε, ε),  x^{t+1} = clip_{[x−ε, x+ε] ∩ [min, max]}(x^t + α · sign(∇ L(f(x^t), y))).
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../random";
import { checkModel } from "../evaluate/predict";
import { asBatch, exampleCount, labelTensor, lossGradient, nonNegative, pixelRange } from "./input-gradient";

/** Options of `pgd`. */
export interface PgdArgs {
  /** L∞ radius of the attack, in pixel units. Required, ≥ 0. */
  epsilon: number;
  /** Step size. Default epsilon / 4. */
  alpha?: number;
  /** Steps. Default 10. */
  steps?: number;
  /** Seed of the random start. Default 0. */
  seed?: number;
  /** Start at x itself instead of a random point of the ball. Default false. */
  noRandomStart?: boolean;
  /** Valid pixel range, or null for none. Default [0, 1]. */
  clip?: [number, number] | null;
}

/**
 * Adversarial copies of x (same shape) after `steps` projected steps; x itself is not changed. Async:
 * labels given as a tensor are read with `await` (webgpu cannot read synchronously), so `await pgd(…)`.
 */
export async function pgd(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor | ArrayLike<number>, args: PgdArgs): Promise<tf.Tensor> {
  checkModel(model, "pgd");
  const epsilon = nonNegative(args?.epsilon, "epsilon", "pgd");
  const alpha = nonNegative(args.alpha ?? epsilon / 4, "alpha", "pgd");
  const steps = args.steps ?? 10;
  if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`pgd: steps must be an integer ≥ 0, got ${JSON.stringify(steps)}`);
  const range = pixelRange(args.clip, "pgd");
  const project = (v: tf.Tensor, lo: tf.Tensor, hi: tf.Tensor): tf.Tensor => {
    const inBall = tf.minimum(tf.maximum(v, lo), hi);
    return range ? tf.clipByValue(inBall, range[0], range[1]) : inBall;
  };
  const labels = await labelTensor(y, exampleCount(x, "pgd"), "pgd");
  const batch = asBatch(x, "pgd");
  const lo = tf.sub(batch, epsilon), hi = tf.add(batch, epsilon);
  const r = rng(args.seed ?? 0);
  let current = tf.tidy(() =>
    args.noRandomStart ? project(batch, lo, hi) : project(tf.add(batch, tf.tensor(Float32Array.from({ length: batch.size }, () => epsilon * (2 * r.next() - 1)), batch.shape)), lo, hi));
  for (let s = 0; s < steps; s++) {
    const next = tf.tidy(() => project(tf.add(current, tf.mul(alpha, tf.sign(lossGradient(model, current, labels)))), lo, hi));
    current.dispose();
    current = next;
  }
  tf.dispose([lo, hi, labels]);
  if (batch !== x) batch.dispose();
  if (x.rank !== 3) return current;
  const single = current.squeeze([0]);
  current.dispose();
  return single;
}
