/**
 * Activation maximisation (Erhan et al. 2009; with the regularisers of Yosinski et al. 2015): start from
 * a grey image with a little noise and climb the gradient of one channel's mean activation,
 *   g = ∇_x [ mean A_c(shift(x)) − l2 · ‖x − 0.5‖² ],   x ← clip(x + lr · g / rms(g), 0, 1),
 * where shift moves the image by a random offset of up to `jitter` pixels each step (so the picture
 * cannot rely on exact pixel positions) and the L2 term keeps it from saturating. The gradient is
 * divided by its root mean square so that `lr` is a step in pixel units whatever the layer's scale (a
 * deep channel's mean activation has a gradient orders of magnitude smaller than a class score's).
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../random";
import { checkModel } from "../evaluate/predict";
import { layerByName, layerOutput } from "./model-graph";
import { readScalar } from "../read";

/** Options of `activationMaximization`. */
export interface ActivationMaximizationArgs {
  /** Layer whose channel is maximised (feature maps [N, h, w, channels], or [N, units] for a dense layer). Required. */
  layer: string;
  /** Channel (or unit) index. Required. */
  channel: number;
  /** Gradient-ascent steps. Default 100. */
  steps?: number;
  /** Step size in pixel units (the gradient is normalised to unit RMS). Default 0.05. */
  lr?: number;
  /** Weight of the L2 penalty on the distance from grey. Default 0.001. */
  l2?: number;
  /** Largest random shift per step, pixels (0: none). Default 1. */
  jitter?: number;
  /** Seed of the starting noise and the shifts. Default 0. */
  seed?: number;
}

export interface ActivationMaximizationResult {
  /** The input found, [H, W, C] in [0, 1]. */
  image: tf.Tensor3D;
  /** The channel's mean activation before the first step and after each step. */
  history: number[];
}

/** Rolls an image batch by dy rows and dx columns (wrapping around). */
function roll(x: tf.Tensor4D, dy: number, dx: number): tf.Tensor4D {
  const [, H, W] = x.shape;
  const r = ((dy % H) + H) % H, c = ((dx % W) + W) % W;
  const rows = r === 0 ? x : tf.concat([tf.slice(x, [0, H - r, 0, 0], [-1, r, -1, -1]), tf.slice(x, [0, 0, 0, 0], [-1, H - r, -1, -1])], 1);
  return (c === 0 ? rows : tf.concat([tf.slice(rows, [0, 0, W - c, 0], [-1, -1, c, -1]), tf.slice(rows, [0, 0, 0, 0], [-1, -1, W - c, -1])], 2)) as tf.Tensor4D;
}

/**
 * Gradient ascent on one channel's mean activation from a grey image. Async: the history is read with
 * `await` (webgpu cannot read synchronously), so `const { image, history } = await activationMaximization(…)`.
 */
export async function activationMaximization(model: tf.LayersModel, args: ActivationMaximizationArgs): Promise<ActivationMaximizationResult> {
  checkModel(model, "activationMaximization");
  const layer = layerByName(model, args?.layer, "activationMaximization");
  const outShape = layer.outputShape as number[];
  const channels = outShape[outShape.length - 1];
  if (!(Number.isInteger(args.channel) && args.channel >= 0 && args.channel < channels)) {
    throw new Error(`activationMaximization: channel must be an integer in [0, ${channels - 1}], got ${JSON.stringify(args.channel)}`);
  }
  const steps = args.steps ?? 100, lr = args.lr ?? 0.05, l2 = args.l2 ?? 0.001, jitter = args.jitter ?? 1;
  if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`activationMaximization: steps must be an integer ≥ 0, got ${JSON.stringify(steps)}`);
  if (!(typeof lr === "number" && lr > 0)) throw new Error(`activationMaximization: lr must be a number > 0, got ${JSON.stringify(lr)}`);
  if (!(typeof l2 === "number" && l2 >= 0)) throw new Error(`activationMaximization: l2 must be a number ≥ 0, got ${JSON.stringify(l2)}`);
  if (!(Number.isInteger(jitter) && jitter >= 0)) throw new Error(`activationMaximization: jitter must be an integer ≥ 0, got ${JSON.stringify(jitter)}`);
  const inShape = model.inputs[0].shape.slice(1) as number[];
  if (inShape.length !== 3 || inShape.some((d) => !(d > 0))) throw new Error(`activationMaximization: the model's input must be images [H, W, C] of fixed size, got [${inShape}]`);
  const r = rng(args.seed ?? 0);
  const size = inShape[0] * inShape[1] * inShape[2];
  let x = tf.tensor4d(Float32Array.from({ length: size }, () => 0.5 + 0.01 * r.normal()), [1, ...inShape] as [number, number, number, number]);
  const objective = (input: tf.Tensor4D): tf.Scalar => {
    const a = layerOutput(model, input, layer);
    const picked = a.rank === 4 ? tf.slice(a, [0, 0, 0, args.channel], [-1, -1, -1, 1]) : tf.slice(a, [0, args.channel], [-1, 1]);
    return tf.mean(picked) as tf.Scalar;
  };
  const history = [await readScalar(() => objective(x))];
  for (let s = 0; s < steps; s++) {
    const dy = jitter ? r.int(2 * jitter + 1) - jitter : 0;
    const dx = jitter ? r.int(2 * jitter + 1) - jitter : 0;
    const next = tf.tidy(() => {
      const g = tf.grad((input: tf.Tensor) => tf.sub(objective(roll(input as tf.Tensor4D, dy, dx)), tf.mul(l2, tf.sum(tf.square(tf.sub(input, 0.5))))) as tf.Scalar)(x);
      const rms = tf.add(tf.sqrt(tf.mean(tf.square(g))), 1e-12);
      return tf.clipByValue(tf.add(x, tf.mul(lr, tf.div(g, rms))), 0, 1) as tf.Tensor4D;
    });
    x.dispose();
    x = next;
    history.push(await readScalar(() => objective(x)));
  }
  const image = x.squeeze([0]) as tf.Tensor3D;
  x.dispose();
  return { image, history };
}
