/**
 * Saliency maps: how much each pixel moves the class score.
 *   "gradient" (Simonyan et al. 2013):  S[h, w] = max_c |∂y_k/∂x[h, w, c]|
 *   "gradient-x-input":                 S[h, w] = Σ_c ∂y_k/∂x[h, w, c] · x[h, w, c]   (signed)
 *   "smoothgrad" (Smilkov et al. 2017):  the "gradient" map averaged over `samples` copies of x
 *                                        with Gaussian noise of standard deviation `sigma`
 * where y_k is the score of class k (the model's output before any softmax it ends with).
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../random";
import { checkModel } from "../evaluate/predict";
import { asImageBatch, classIndices, pickedScores } from "./model-graph";

/** Options of `saliency`. */
export interface SaliencyArgs {
  /** Class whose score is explained: one index, or one per example. Default: the predicted class. */
  classIndex?: number | readonly number[];
  /** "gradient", "gradient-x-input" or "smoothgrad". Default "gradient". */
  method?: "gradient" | "gradient-x-input" | "smoothgrad";
  /** SmoothGrad: noisy copies averaged. Default 25. */
  samples?: number;
  /** SmoothGrad: noise standard deviation, in the input's units. Default 0.15. */
  sigma?: number;
  /** SmoothGrad: seed of the noise. Default 0. */
  seed?: number;
}

const METHODS = ["gradient", "gradient-x-input", "smoothgrad"];

/** ∂(Σ_n y_{c_n}(x_n))/∂x: each example's gradient of its own class score, [N, H, W, C]. */
function scoreGradient(model: tf.LayersModel, x: tf.Tensor4D, classes: readonly number[]): tf.Tensor4D {
  return tf.grad((input: tf.Tensor) => pickedScores(model.apply(input, { training: false }) as tf.Tensor, classes))(x) as tf.Tensor4D;
}

/**
 * Per-pixel saliency [H, W] for an image [H, W, C], or [N, H, W] for a batch. Async (the predicted class,
 * when no classIndex is given, is read with `await`, as webgpu needs): `const map = await saliency(…)`.
 */
export async function saliency(model: tf.LayersModel, x: tf.Tensor, args: SaliencyArgs = {}): Promise<tf.Tensor> {
  checkModel(model, "saliency");
  const method = args.method ?? "gradient";
  if (!METHODS.includes(method)) throw new Error(`saliency: method must be one of ${METHODS.join(", ")}, got ${JSON.stringify(method)}`);
  const samples = args.samples ?? 25;
  const sigma = args.sigma ?? 0.15;
  if (!(Number.isInteger(samples) && samples >= 1)) throw new Error(`saliency: samples must be an integer ≥ 1, got ${JSON.stringify(samples)}`);
  if (!(typeof sigma === "number" && sigma >= 0)) throw new Error(`saliency: sigma must be a number ≥ 0, got ${JSON.stringify(sigma)}`);
  const { batch, batched } = asImageBatch(x, "saliency");
  try {
    return saliencyOf(model, batch, batched, await classIndices(model, batch, args.classIndex, "saliency"), method, samples, sigma, args.seed ?? 0);
  } finally {
    if (batch !== x) batch.dispose();
  }
}

/** The map for a batch whose classes are known (no tensor read): [N, H, W], or [H, W] when x was one image. */
function saliencyOf(model: tf.LayersModel, batch: tf.Tensor4D, batched: boolean, classes: number[], method: string, samples: number, sigma: number, seed: number): tf.Tensor {
  const map = tf.tidy(() => {
    if (method === "gradient-x-input") return tf.sum(tf.mul(scoreGradient(model, batch, classes), batch), 3);
    if (method === "gradient") return tf.max(tf.abs(scoreGradient(model, batch, classes)), 3);
    const r = rng(seed);
    let total: tf.Tensor = tf.zeros(batch.shape.slice(0, 3));
    for (let s = 0; s < samples; s++) {
      const noise = tf.tensor(Float32Array.from({ length: batch.size }, () => sigma * r.normal()), batch.shape);
      const g = tf.max(tf.abs(scoreGradient(model, tf.add(batch, noise) as tf.Tensor4D, classes)), 3);
      const next = tf.add(total, g);
      tf.dispose([total, noise, g]);
      total = tf.keep(next);
    }
    const mean = tf.div(total, samples);
    total.dispose();
    return mean;
  });
  if (batched) return map;
  const single = map.squeeze([0]);
  map.dispose();
  return single;
}
