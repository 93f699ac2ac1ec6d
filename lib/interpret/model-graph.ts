/**
 * What the interpretation methods need from a model: a layer by name (the error lists the names),
 * the class scores, and the model run with one layer's output replaced by a tensor of our own —
 * the function whose gradient Grad-CAM and activation maximisation take. tfjs-layers exposes no
 * public way to feed an inner layer, so `runWithLayerOutput` walks the graph itself, layer by layer
 * in the model's (topological) order, which also covers skip connections that bypass the layer.
 */
import * as tf from "@tensorflow/tfjs";
import { checkModel } from "../evaluate/predict";
import { readData } from "../read";

/** The layer called `name`; the error names the argument and lists the model's layers. */
export function layerByName(model: tf.LayersModel, name: unknown, fn: string, argument = "layer"): tf.layers.Layer {
  if (typeof name !== "string") {
    throw new Error(`${fn}: ${argument} must be a layer name (a string), got ${JSON.stringify(name)}; the layers are: ${layerNames(model)}`);
  }
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) throw new Error(`${fn}: ${argument} ${JSON.stringify(name)} is not a layer of this model; the layers are: ${layerNames(model)}`);
  return layer;
}

export const layerNames = (model: tf.LayersModel): string => model.layers.map((l) => l.name).join(", ");

/** A batch [N, H, W, C] from an image [H, W, C] or a batch; `batched` says which the caller gave. */
export function asImageBatch(x: unknown, fn: string, argument = "x"): { batch: tf.Tensor4D; batched: boolean } {
  if (!(x instanceof tf.Tensor) || (x.rank !== 3 && x.rank !== 4)) {
    const got = x instanceof tf.Tensor ? `a tensor of shape [${x.shape}]` : x === null ? "null" : typeof x;
    throw new Error(`${fn}: ${argument} must be an image tensor [H, W, C] or a batch [N, H, W, C], got ${got}`);
  }
  return x.rank === 4 ? { batch: x as tf.Tensor4D, batched: true } : { batch: x.expandDims(0) as tf.Tensor4D, batched: false };
}

/**
 * The class index of every example: `classIndex` (one number, or one per example) or, when absent, the
 * predicted class, read with `await` (webgpu cannot read synchronously).
 */
export async function classIndices(model: tf.LayersModel, batch: tf.Tensor4D, classIndex: number | readonly number[] | undefined, fn: string): Promise<number[]> {
  const n = batch.shape[0];
  const classes = (model.outputs[0].shape[1] ?? 0) as number;
  if (classIndex === undefined) {
    return readData(() => (model.predict(batch) as tf.Tensor).argMax(1));
  }
  const list = typeof classIndex === "number" ? new Array<number>(n).fill(classIndex) : Array.from(classIndex);
  if (list.length !== n) throw new Error(`${fn}: classIndex must be one class or one per example (${n}), got ${list.length} values`);
  for (const c of list) {
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new Error(`${fn}: classIndex must be an integer in [0, ${classes - 1}], got ${JSON.stringify(c)}`);
    }
  }
  return list;
}

/** Σ_n scores[n, c_n]: the sum of each example's class score, so one gradient gives every example's own. */
export function pickedScores(scores: tf.Tensor, classes: readonly number[]): tf.Scalar {
  return tf.sum(tf.mul(scores, tf.oneHot(tf.tensor1d(Array.from(classes), "int32"), scores.shape[1] as number))) as tf.Scalar;
}

/**
 * The model's outputs for input `x` with `layer`'s output replaced by `replacement` (same shape as
 * the layer's output for x). Inference mode (dropout off, batch norm on its running statistics).
 */
export function runWithLayerOutput(model: tf.LayersModel, x: tf.Tensor, layer: tf.layers.Layer, replacement: tf.Tensor): tf.Tensor {
  checkModel(model, "runWithLayerOutput");
  const values = new Map<number, tf.Tensor>();
  model.inputs.forEach((input) => values.set(input.id, x));
  for (const l of model.layers) {
    if (l.getClassName() === "InputLayer") continue;
    const node = l.inboundNodes.find((n) => n.inputTensors.every((t) => values.has(t.id)));
    if (!node) throw new Error(`runWithLayerOutput: cannot follow the graph at layer ${JSON.stringify(l.name)} (a layer shared between models is not supported)`);
    const out = l === layer ? replacement : (l.apply(node.inputTensors.length === 1 ? values.get(node.inputTensors[0].id)! : node.inputTensors.map((t) => values.get(t.id)!), { training: false }) as tf.Tensor);
    values.set(node.outputTensors[0].id, out);
  }
  return values.get(model.outputs[0].id)!;
}

/** The output of `layer` for x (inference mode). */
export function layerOutput(model: tf.LayersModel, x: tf.Tensor, layer: tf.layers.Layer): tf.Tensor {
  const sub = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
  return sub.apply(x, { training: false }) as tf.Tensor;
}
