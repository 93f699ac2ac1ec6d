/**
 * Grad-CAM (Selvaraju et al. 2017): which regions of a conv layer's maps the class score relies on.
 *   α_k = (1 / hw) Σ_{i,j} ∂y_c/∂A[i, j, k]          (one weight per channel: the averaged gradient)
 *   L   = ReLU(Σ_k α_k A[:, :, k])                    (only what raises the score)
 * then L is resized (bilinear) to the input's height and width and divided by its maximum, so it lies in
 * [0, 1] (an all-zero map stays zero).
 */
import * as tf from "@tensorflow/tfjs";
import { checkModel } from "../evaluate/predict";
import { asImageBatch, classIndices, layerByName, layerOutput, pickedScores, runWithLayerOutput } from "./model-graph";

/** Options of `gradCam`. */
export interface GradCamArgs {
  /** Name of the layer whose maps are weighted: its output must be [N, h, w, channels] (a conv, pooling or activation layer). Required. */
  layer: string;
  /** Class whose score is explained: one index, or one per example. Default: the predicted class. */
  classIndex?: number | readonly number[];
}

/**
 * The Grad-CAM map [H, W] in [0, 1] for an image [H, W, C], or [N, H, W] for a batch. Async (the predicted
 * class, when no classIndex is given, is read with `await`, as webgpu needs): `await gradCam(…)`.
 */
export async function gradCam(model: tf.LayersModel, x: tf.Tensor, args: GradCamArgs): Promise<tf.Tensor> {
  checkModel(model, "gradCam");
  if (args === undefined || args === null || typeof args !== "object") throw new Error(`gradCam: args must be an object like { layer: "conv2" }, got ${JSON.stringify(args)}`);
  const layer = layerByName(model, args.layer, "gradCam");
  const outShape = (layer.outputShape as (number | null)[]);
  if (!Array.isArray(outShape) || outShape.length !== 4) {
    throw new Error(`gradCam: layer ${JSON.stringify(args.layer)} (${layer.getClassName()}) has output shape [${outShape}], but Grad-CAM needs a layer with feature maps [N, h, w, channels] (a conv or pooling layer)`);
  }
  const { batch, batched } = asImageBatch(x, "gradCam");
  try {
    return camOf(model, batch, batched, layer, await classIndices(model, batch, args.classIndex, "gradCam"));
  } finally {
    if (batch !== x) batch.dispose();
  }
}

/** The map for a batch whose classes are known (no tensor read): [N, H, W], or [H, W] when x was one image. */
function camOf(model: tf.LayersModel, batch: tf.Tensor4D, batched: boolean, layer: tf.layers.Layer, classes: number[]): tf.Tensor {
  const [, H, W] = batch.shape;
  const map = tf.tidy(() => {
    const A = layerOutput(model, batch, layer) as tf.Tensor4D;
    const dA = tf.grad((a: tf.Tensor) => pickedScores(runWithLayerOutput(model, batch, layer, a), classes))(A);
    const alpha = tf.mean(dA, [1, 2], true); // [N, 1, 1, K]
    const cam = tf.relu(tf.sum(tf.mul(alpha, A), 3, true)) as tf.Tensor4D; // [N, h, w, 1]
    const resized = cam.shape[1] === H && cam.shape[2] === W ? cam : tf.image.resizeBilinear(cam, [H, W], true);
    const peak = tf.max(resized, [1, 2, 3], true);
    const normalised = tf.divNoNan(resized, peak);
    return normalised.squeeze([3]);
  });
  if (batched) return map;
  const single = map.squeeze([0]);
  map.dispose();
  return single;
}
